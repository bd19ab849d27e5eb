import { readFileSync } from 'node:fs'
import { join } from 'node:path'

import { describe, expect, it } from 'vitest'

import type { InventoryResource } from '../../model/inventory.js'
import { importCloudFormation } from './cloudformation-source.js'
import type { InventoryPart } from './inventory-part.js'
import { importKubernetes } from './kubernetes-source.js'
import { type ImportedInventoryPart, mergeInventory } from './merge-inventory.js'
import { importTerraformState } from './terraform-state-source.js'
import { importInventoryYaml } from './yaml-inventory-source.js'

function terraform(
  file: string,
  environment: string | undefined,
  resources: object[],
): ImportedInventoryPart {
  const text = JSON.stringify({ values: { root_module: { resources } } })
  const scope = environment === undefined ? {} : { environment }
  return { part: importTerraformState({ text, file, ...scope }), file, ...scope }
}

function tf(address: string, type: string, values: object = {}, extra: object = {}) {
  return { address, mode: 'managed', type, name: 'x', values, ...extra }
}

function yaml(text: string, environment?: string): ImportedInventoryPart {
  const scope = environment === undefined ? {} : { environment }
  return {
    part: importInventoryYaml({ text, file: 'services.yaml', ...scope }),
    file: 'services.yaml',
    ...scope,
  }
}

function byId(resources: readonly InventoryResource[], id: string): InventoryResource | undefined {
  return resources.find((resource) => resource.id === id)
}

describe('mergeInventory', () => {
  it('roots each environment at an env:NAME resource', () => {
    const { inventory, issues } = mergeInventory(
      [terraform('prod.json', 'prod', [tf('aws_s3_bucket.b', 'aws_s3_bucket')])],
      42,
    )
    expect(issues).toEqual([])
    expect(inventory.importedAt).toBe(42)
    expect(inventory.resources.map((r) => [r.id, r.parent, r.environment])).toEqual([
      ['env:prod', undefined, 'prod'],
      ['tf:aws_s3_bucket.b', 'env:prod', 'prod'],
    ])
    expect(byId(inventory.resources, 'env:prod')).toMatchObject({
      type: 'environment',
      name: 'prod',
    })
  })

  it('keeps a stack or namespace between the environment and its resources', () => {
    const cfn = importCloudFormation({
      text: JSON.stringify({
        StackResources: [
          { StackName: 's', LogicalResourceId: 'Q', ResourceType: 'AWS::SQS::Queue' },
        ],
      }),
      file: 's.json',
      environment: 'prod',
    })
    const { inventory } = mergeInventory([{ part: cfn, file: 's.json', environment: 'prod' }], 0)
    expect(inventory.resources.map((r) => [r.id, r.parent])).toEqual([
      ['env:prod', undefined],
      ['cfn:s', 'env:prod'],
      ['cfn:s/Q', 'cfn:s'],
    ])
  })

  it('qualifies ids two environments share with @ENVIRONMENT, and their dependencies too', () => {
    const resources = [
      tf('aws_db_instance.db', 'aws_db_instance'),
      tf('aws_instance.web', 'aws_instance', {}, { depends_on: ['aws_db_instance.db'] }),
    ]
    const { inventory } = mergeInventory(
      [
        terraform('prod.json', 'prod', resources),
        terraform('staging.json', 'staging', resources),
        terraform('only.json', 'prod', [tf('null_resource.n', 'null_resource')]),
      ],
      0,
    )
    expect(inventory.resources.map((r) => r.id)).toEqual([
      'env:prod',
      'env:staging',
      'tf:aws_db_instance.db@prod',
      'tf:aws_instance.web@prod',
      'tf:aws_db_instance.db@staging',
      'tf:aws_instance.web@staging',
      'tf:null_resource.n',
    ])
    expect(inventory.dependencies).toEqual([
      { from: 'tf:aws_instance.web@prod', to: 'tf:aws_db_instance.db@prod' },
      { from: 'tf:aws_instance.web@staging', to: 'tf:aws_db_instance.db@staging' },
    ])
  })

  it('keeps one resource, with an issue, when two files of one environment list it', () => {
    const { inventory, issues } = mergeInventory(
      [
        terraform('a.json', 'prod', [tf('aws_s3_bucket.b', 'aws_s3_bucket')]),
        terraform('b.json', 'prod', [tf('aws_s3_bucket.b', 'aws_s3_bucket')]),
      ],
      0,
    )
    expect(inventory.resources.filter((r) => r.id === 'tf:aws_s3_bucket.b')).toHaveLength(1)
    expect(issues).toMatchObject([{ code: 'inventory_duplicate', file: 'b.json' }])
    expect(issues[0]?.message).toBe(
      '`b.json`: `tf:aws_s3_bucket.b` is also in `a.json` for environment `prod`: kept as one resource',
    )
  })

  it('lets a listed object replace one implied by another file', () => {
    const pods = importKubernetes({
      text: JSON.stringify({
        kind: 'PodList',
        items: [
          {
            metadata: {
              name: 'p',
              namespace: 'prod',
              ownerReferences: [{ kind: 'ReplicaSet', name: 'rs', controller: true }],
            },
          },
        ],
      }),
      file: 'pods.json',
      environment: 'prod',
    })
    const sets = importKubernetes({
      text: JSON.stringify({
        kind: 'ReplicaSetList',
        items: [{ metadata: { name: 'rs', namespace: 'prod', uid: 'u-rs' } }],
      }),
      file: 'replicasets.json',
      environment: 'prod',
    })
    const { inventory, issues } = mergeInventory(
      [
        { part: pods, file: 'pods.json', environment: 'prod' },
        { part: sets, file: 'replicasets.json', environment: 'prod' },
      ],
      0,
    )
    expect(issues).toEqual([])
    expect(byId(inventory.resources, 'k8s:prod/ReplicaSet/rs')).toMatchObject({
      source: 'replicasets.json',
      identifiers: { physicalId: 'u-rs' },
    })
    expect(byId(inventory.resources, 'k8s:prod/Pod/p')?.parent).toBe('k8s:prod/ReplicaSet/rs')
  })

  it('applies annotations to whatever identifier they name', () => {
    const state = terraform('prod.json', 'prod', [
      tf('module.db.aws_db_instance.main[0]', 'aws_db_instance', {
        arn: 'arn:aws:rds:eu-west-1:1:db:orders',
        identifier: 'orders',
      }),
      tf('aws_sqs_queue.q', 'aws_sqs_queue', { id: 'https://sqs/q' }),
    ])
    const { inventory, issues } = mergeInventory(
      [
        state,
        yaml(
          [
            'annotations:',
            '  - match: tf:module.db.aws_db_instance.main',
            '    backup: true',
            '    rebuildMinutes: 90',
            '  - match: arn:aws:rds:eu-west-1:1:db:orders',
            '    customerFacing: true',
            '  - match: https://sqs/q',
            '    stateful: false',
            '',
          ].join('\n'),
          'prod',
        ),
      ],
      0,
    )
    expect(issues).toEqual([])
    expect(byId(inventory.resources, 'tf:module.db.aws_db_instance.main[0]')?.facts).toEqual({
      stateful: true,
      recentBackup: true,
      customerFacing: true,
      rebuildMinutes: 90,
    })
    expect(byId(inventory.resources, 'tf:aws_sqs_queue.q')?.facts.stateful).toBe(false)
  })

  it('reports an annotation or dependency that matches nothing, with its file and line', () => {
    const { issues } = mergeInventory(
      [
        terraform('prod.json', 'prod', [tf('aws_s3_bucket.b', 'aws_s3_bucket')]),
        yaml(
          'annotations:\n  - match: tf:aws_s3_bucket.typo\n    backup: true\n  - match: tf:aws_s3_bucket.b\n    dependsOn: [k8s:prod/Service/none]\n',
          'prod',
        ),
      ],
      0,
    )
    expect(issues).toEqual([
      {
        code: 'inventory_unmatched',
        message:
          '`services.yaml` line 2: resource `tf:aws_s3_bucket.typo` matches no resource in environment `prod`',
        file: 'services.yaml',
        line: 2,
      },
      {
        code: 'inventory_unmatched',
        message:
          '`services.yaml` line 4: dependency `k8s:prod/Service/none` matches no resource in environment `prod`',
        file: 'services.yaml',
        line: 4,
      },
    ])
  })

  it('scopes annotations of an environment’s YAML to that environment', () => {
    const resources = [tf('aws_s3_bucket.b', 'aws_s3_bucket')]
    const { inventory } = mergeInventory(
      [
        terraform('prod.json', 'prod', resources),
        terraform('staging.json', 'staging', resources),
        yaml('annotations:\n  - match: tf:aws_s3_bucket.b\n    backup: true\n', 'staging'),
      ],
      0,
    )
    expect(byId(inventory.resources, 'tf:aws_s3_bucket.b@prod')?.facts.recentBackup).toBe(false)
    expect(byId(inventory.resources, 'tf:aws_s3_bucket.b@staging')?.facts.recentBackup).toBe(true)
  })

  it('links services to their resources and to what they depend on', () => {
    const { inventory, issues } = mergeInventory(
      [
        terraform('prod.json', 'prod', [
          tf('aws_db_instance.db', 'aws_db_instance'),
          tf('aws_s3_bucket.b', 'aws_s3_bucket', { tags: { service: 'reporting' } }),
        ]),
        yaml(
          'services:\n  - name: checkout\n    customerFacing: true\n    slo: { objective: 99.9 }\n    resources: [tf:aws_db_instance.db]\n    dependsOn: [service:payments]\n  - name: payments\n',
        ),
      ],
      0,
    )
    expect(issues).toEqual([])
    expect(inventory.objectives).toEqual([
      { service: 'checkout', objective: 0.999, windowDays: 30 },
    ])
    expect(byId(inventory.resources, 'tf:aws_db_instance.db')?.facts.service).toBe('checkout')
    expect(byId(inventory.resources, 'service:reporting')).toMatchObject({
      type: 'service',
      source: 'prod.json',
    })
    expect(inventory.dependencies).toEqual(
      expect.arrayContaining([
        { from: 'service:checkout', to: 'service:payments' },
        { from: 'service:checkout', to: 'tf:aws_db_instance.db' },
        { from: 'service:reporting', to: 'tf:aws_s3_bucket.b' },
      ]),
    )
    expect(inventory.dependencies).toHaveLength(3)
  })

  it('keeps dependencies only between resources that exist', () => {
    const part: InventoryPart = {
      resources: [],
      dependencies: [{ from: 'k8s:a', to: 'k8s:b' }],
      objectives: [],
      annotations: [],
      implied: [],
      issues: [],
    }
    expect(mergeInventory([{ part, file: 'x.json' }], 0).inventory.dependencies).toEqual([])
  })

  it('passes on the issues of every source', () => {
    const { issues } = mergeInventory([terraform('prod.json', 'prod', [{ type: 'x' }])], 0)
    expect(issues).toMatchObject([{ code: 'inventory_invalid_entry', file: 'prod.json' }])
  })

  it('applies every statement of the example YAML to a matching environment', () => {
    const example = readFileSync(
      join(import.meta.dirname, '../../../examples/inventory/services.yaml'),
      'utf8',
    )
    const k8s = importKubernetes({
      text: JSON.stringify({
        kind: 'List',
        items: [
          { kind: 'Deployment', metadata: { name: 'checkout-api', namespace: 'prod' } },
          { kind: 'Ingress', metadata: { name: 'checkout', namespace: 'prod' } },
          { kind: 'StatefulSet', metadata: { name: 'postgres', namespace: 'prod' } },
        ],
      }),
      file: 'k8s.json',
      environment: 'prod',
    })
    const cfn = importCloudFormation({
      text: JSON.stringify({
        StackResourceSummaries: [
          { LogicalResourceId: 'InvoiceBucket', ResourceType: 'AWS::S3::Bucket' },
        ],
      }),
      file: 'cost-prod.json',
      environment: 'prod',
    })
    const { inventory, issues } = mergeInventory(
      [
        terraform('prod.json', 'prod', [
          tf('module.db.aws_db_instance.main', 'aws_db_instance'),
          tf('aws_sqs_queue.orders', 'aws_sqs_queue', {
            arn: 'arn:aws:sqs:eu-west-1:111111111111:orders',
          }),
        ]),
        { part: k8s, file: 'k8s.json', environment: 'prod' },
        { part: cfn, file: 'cost-prod.json', environment: 'prod' },
        { ...yaml(example, 'prod') },
      ],
      0,
    )
    expect(issues).toEqual([])
    expect(byId(inventory.resources, 'k8s:prod/StatefulSet/postgres')?.facts).toEqual({
      stateful: true,
      recentBackup: true,
      customerFacing: false,
      service: 'payments',
      rebuildMinutes: 120,
    })
    expect(inventory.dependencies).toContainEqual({
      from: 'service:checkout',
      to: 'k8s:prod/Ingress/checkout',
    })
  })
})
