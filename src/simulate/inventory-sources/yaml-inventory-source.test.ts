import { readFileSync } from 'node:fs'
import { join } from 'node:path'

import { describe, expect, it } from 'vitest'

import { importInventoryYaml } from './yaml-inventory-source.js'

function load(text: string, environment?: string) {
  return importInventoryYaml({
    text,
    file: 'services.yaml',
    ...(environment === undefined ? {} : { environment }),
  })
}

describe('importInventoryYaml', () => {
  it('reads the commented example without issues', () => {
    const text = readFileSync(
      join(import.meta.dirname, '../../../examples/inventory/services.yaml'),
      'utf8',
    )
    const part = load(text, 'prod')
    expect(part.issues).toEqual([])
    expect(part.resources.map((r) => r.id)).toEqual([
      'service:checkout',
      'service:payments',
      'service:reporting',
      'yaml:legacy-ledger',
      'yaml:stripe',
    ])
    expect(part.objectives).toEqual([
      { service: 'checkout', objective: 0.9995, windowDays: 30 },
      { service: 'payments', objective: 0.9999, windowDays: 30 },
      { service: 'payments', objective: 0.999, windowDays: 7 },
    ])
  })

  it('makes a service resource with its exposure, objective and environment', () => {
    const part = load(
      'services:\n  - name: checkout\n    customerFacing: true\n    rebuildMinutes: 20\n    slo: { objective: "99.9%", window: 4w }\n',
      'prod',
    )
    expect(part.resources).toEqual([
      {
        id: 'service:checkout',
        type: 'service',
        name: 'checkout',
        environment: 'prod',
        identifiers: { names: ['checkout'] },
        facts: {
          stateful: false,
          recentBackup: false,
          customerFacing: true,
          service: 'checkout',
          rebuildMinutes: 20,
        },
        source: 'services.yaml',
      },
    ])
    expect(part.objectives).toEqual([{ service: 'checkout', objective: 0.999, windowDays: 28 }])
  })

  it.each([
    [99.99, '30d', 0.9999, 30],
    [0.995, 7, 0.995, 7],
    [99.5, '720h', 0.995, 30],
    [99.5, undefined, 0.995, 30],
  ])('reads objective %s over %s as %s over %s days', (objective, window, fraction, days) => {
    const slo =
      window === undefined
        ? `{ objective: ${objective} }`
        : `{ objective: ${objective}, window: ${window} }`
    expect(load(`services:\n  - name: s\n    slo: ${slo}\n`).objectives).toEqual([
      { service: 's', objective: fraction, windowDays: days },
    ])
  })

  it('turns service members, annotations and dependencies into annotations with their lines', () => {
    const part = load(
      [
        'services:',
        '  - name: checkout',
        '    resources: [tf:aws_db_instance.main]',
        '    dependsOn: [service:payments]',
        'annotations:',
        '  - match: { stack: cost-prod, logicalId: Bucket, environment: prod }',
        '    backup: true',
        '    rebuildMinutes: 30',
        'dependencies:',
        '  - from: k8s:prod/Deployment/api',
        '    to: arn:aws:sqs:eu-west-1:1:orders',
        '',
      ].join('\n'),
    )
    expect(part.issues).toEqual([])
    expect(
      part.annotations.map(({ match, facts, dependsOn, role, line }) => ({
        match: match.text,
        facts,
        to: dependsOn.map((s) => s.text),
        role,
        line,
      })),
    ).toEqual([
      {
        match: 'tf:aws_db_instance.main',
        facts: { service: 'checkout' },
        to: [],
        role: 'service-resource',
        line: 3,
      },
      {
        match: 'service:checkout',
        facts: {},
        to: ['service:payments'],
        role: 'dependency',
        line: 2,
      },
      {
        match: 'cfn:cost-prod/Bucket',
        facts: { recentBackup: true, rebuildMinutes: 30 },
        to: [],
        role: 'annotation',
        line: 6,
      },
      {
        match: 'k8s:prod/Deployment/api',
        facts: {},
        to: ['arn:aws:sqs:eu-west-1:1:orders'],
        role: 'dependency',
        line: 10,
      },
    ])
    expect(part.annotations[2]?.match).toMatchObject({
      by: 'stack',
      stack: 'cost-prod',
      logicalId: 'Bucket',
      environment: 'prod',
    })
  })

  it.each([
    [
      'tf:module.db.aws_db_instance.main',
      { by: 'terraform', address: 'module.db.aws_db_instance.main' },
    ],
    ['cfn:cost-prod', { by: 'stack', stack: 'cost-prod' }],
    [
      'k8s:prod/StatefulSet/pg',
      { by: 'kubernetes', namespace: 'prod', kind: 'StatefulSet', name: 'pg' },
    ],
    ['k8s:Namespace/prod', { by: 'kubernetes', kind: 'Namespace', name: 'prod' }],
    ['arn:aws:s3:::logs', { by: 'arn', arn: 'arn:aws:s3:::logs' }],
    ['yaml:ledger', { by: 'id', id: 'yaml:ledger' }],
    ['orders-prod', { by: 'any', value: 'orders-prod' }],
    ['{ terraform: aws_s3_bucket.logs }', { by: 'terraform', address: 'aws_s3_bucket.logs' }],
    ['{ physicalId: i-0abc }', { by: 'physical-id', physicalId: 'i-0abc' }],
    ['{ name: logs }', { by: 'name', name: 'logs' }],
    ['{ id: "tf:x.y" }', { by: 'id', id: 'tf:x.y' }],
    [
      '{ kubernetes: { kind: Service, namespace: prod, name: api } }',
      { by: 'kubernetes', kind: 'Service', namespace: 'prod', name: 'api' },
    ],
    [
      '{ kubernetes: prod/Service/api }',
      { by: 'kubernetes', kind: 'Service', namespace: 'prod', name: 'api' },
    ],
    ['{ service: checkout }', { by: 'service', service: 'checkout' }],
  ])('reads the selector %s', (written, selector) => {
    const part = load(`annotations:\n  - match: ${written}\n    stateful: true\n`)
    expect(part.issues).toEqual([])
    expect(part.annotations[0]?.match).toMatchObject(selector)
  })

  it('makes a yaml:ID resource with its identifiers and facts', () => {
    const part = load(
      'resources:\n  - id: ledger\n    type: postgres-database\n    name: ledger.db\n    names: [ledger]\n    database: ledger\n    physicalId: vm-12\n    stateful: true\n    backup: true\n    service: payments\n    dependsOn: [yaml:vm]\n',
    )
    expect(part.resources[0]).toMatchObject({
      id: 'yaml:ledger',
      type: 'postgres-database',
      name: 'ledger.db',
      identifiers: { physicalId: 'vm-12', database: 'ledger', names: ['ledger', 'ledger.db'] },
      facts: { stateful: true, recentBackup: true, customerFacing: false, service: 'payments' },
    })
    expect(part.annotations[0]).toMatchObject({ match: { id: 'yaml:ledger' }, role: 'dependency' })
  })

  it.each([
    [
      'invalid YAML',
      'services:\n  - name: a\n    b: c: d\n',
      3,
      /not valid YAML: nested mappings/i,
    ],
    ['an empty file', '', undefined, /the file is empty/],
  ])('reports one unreadable issue for %s', (_, text, line, message) => {
    const part = load(text)
    expect(part.issues).toHaveLength(1)
    expect(part.issues[0]).toMatchObject({
      code: 'inventory_unreadable',
      file: 'services.yaml',
      ...(line === undefined ? {} : { line }),
    })
    expect(part.issues[0]?.message).toMatch(message)
  })

  it.each([
    [
      'a list at the top',
      '- a\n',
      1,
      'expected a mapping with services, resources, annotations, dependencies',
    ],
    ['an unknown section', 'servces: []\n', 1, 'field `servces`: unknown section'],
    ['a section that is not a list', 'services: {}\n', 1, 'field `services`: expected a list'],
    [
      'a service without a name',
      'services:\n  - customerFacing: true\n',
      2,
      'field `services[0].name`',
    ],
    [
      'an unknown service field',
      'services:\n  - name: a\n    owners: x\n',
      2,
      'unknown field `owners`',
    ],
    [
      'a non-boolean fact',
      'services:\n  - name: a\n    customerFacing: yes please\n',
      3,
      'field `services[0].customerFacing`',
    ],
    [
      'an objective over 100',
      'services:\n  - name: a\n    slo:\n      objective: 120\n',
      4,
      'field `services[0].slo.objective`: expected a percentage between 0 and 100',
    ],
    [
      'a window without a unit',
      'services:\n  - name: a\n    slo: { objective: 99, window: 30 days }\n',
      3,
      'field `services[0].slo.window`',
    ],
    [
      'a service declared twice',
      'services:\n  - name: a\n  - name: a\n',
      3,
      '`service:a` is declared twice',
    ],
    ['a resource without a type', 'resources:\n  - id: x\n', 2, 'field `resources[0].type`'],
    [
      'negative rebuild minutes',
      'resources:\n  - id: x\n    type: vm\n    rebuildMinutes: -1\n',
      4,
      'expected minutes',
    ],
    [
      'an annotation without match',
      'annotations:\n  - stateful: true\n',
      2,
      'field `annotations[0].match`: missing',
    ],
    ['an annotation stating nothing', 'annotations:\n  - match: tf:a.b\n', 2, 'states nothing'],
    [
      'a bad kubernetes selector',
      'annotations:\n  - match: k8s:a/b/c/d\n    stateful: true\n',
      2,
      'expected `NAMESPACE/KIND/NAME`',
    ],
    [
      'a selector with two identifiers',
      'annotations:\n  - match: { arn: a, name: b }\n    stateful: true\n',
      2,
      'got arn and name',
    ],
    [
      'a selector with an unknown key',
      'annotations:\n  - match: { address: a }\n    stateful: true\n',
      2,
      'unknown key `address`',
    ],
    [
      'a dependency without to',
      'dependencies:\n  - from: service:a\n',
      2,
      'field `dependencies[0].to`: missing',
    ],
    [
      'a bad dependency target',
      'dependencies:\n  - from: service:a\n    to: [3]\n',
      3,
      'field `dependencies[0].to[0]`',
    ],
  ])('reports %s at its line', (_, text, line, message) => {
    const part = load(text)
    expect(part.issues.length).toBeGreaterThan(0)
    expect(part.issues[0]).toMatchObject({
      code: 'inventory_invalid_entry',
      file: 'services.yaml',
      line,
    })
    expect(part.issues[0]?.message).toContain(`\`services.yaml\` line ${line}: `)
    expect(part.issues[0]?.message).toContain(message)
  })

  it('keeps the valid entries of a file with a bad one', () => {
    const part = load('services:\n  - name: a\n  - {}\n  - name: b\n')
    expect(part.resources.map((r) => r.id)).toEqual(['service:a', 'service:b'])
    expect(part.issues).toHaveLength(1)
  })
})
