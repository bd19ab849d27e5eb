import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

import { describe, expect, it } from 'vitest'

import { importCloudFormation } from './cloudformation-source.js'
import type { InventoryPart, InventorySourceText } from './inventory-part.js'
import { importKubernetes } from './kubernetes-source.js'
import { mergeInventory } from './merge-inventory.js'
import { importTerraformState } from './terraform-state-source.js'

// Real documents live beside the repository (`../shared/fixtures`), as on CI.
const FIXTURES = join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'fixtures')
const available = existsSync(FIXTURES)
if (!available && process.env.CI !== undefined) {
  throw new Error(
    `the fixtures are missing at ${FIXTURES}; CI must have ../shared beside the repository`,
  )
}

function load(
  importer: (source: InventorySourceText) => InventoryPart,
  folder: string,
  file: string,
) {
  const text = readFileSync(join(FIXTURES, folder, file), 'utf8')
  return importer({ text, file, environment: 'prod' })
}

describe.skipIf(!available)('inventory importers on real documents', () => {
  it('reads nested modules, counted and for_each instances and depends_on of a TF 0.14 state', () => {
    const part = load(importTerraformState, 'terraform-state', 'aws-nested-modules-tf0.14.json')
    expect(part.issues).toEqual([])
    expect(part.resources).toHaveLength(14)
    const db = part.resources.find(
      (r) => r.id === 'tf:module.db.module.db_1.module.db_instance.aws_db_instance.this[0]',
    )
    expect(db).toMatchObject({
      type: 'aws_db_instance',
      identifiers: { arn: 'arn:aws:rds:us-east-1:123123123123:db:demodb', physicalId: 'demodb' },
      facts: { stateful: true },
    })
    expect(db?.identifiers.names).toContain('demodb.abcabcabcabc.us-east-1.rds.amazonaws.com')
    expect(part.resources.map((r) => r.id)).toContain('tf:aws_instance.instance_named["test.1"]')
    expect(part.resources.some((r) => r.id.includes('.data.'))).toBe(false)
    expect(part.dependencies).toContainEqual({
      from: db?.id,
      to: 'tf:module.db.module.db_1.module.db_option_group.aws_db_option_group.this[0]',
    })
  })

  it.each([
    ['null-sensitive-outputs-tf1.1.json', 7],
    ['local-module-checks-tf1.5.json', 2],
    ['resource-identity-tf1.12.json', 2],
    ['tofu-modules.json', 2],
  ])('reads %s into %i resources without issues', (file, count) => {
    const part = load(importTerraformState, 'terraform-state', file)
    expect(part.issues).toEqual([])
    expect(part.resources).toHaveLength(count)
  })

  it('reads list-stack-resources, naming the stack after the file', () => {
    const part = load(
      importCloudFormation,
      'cloudformation',
      'list-stack-resources-cdk-sample.json',
    )
    expect(part.issues).toEqual([])
    expect(part.resources.map((r) => [r.id, r.facts.stateful])).toEqual([
      ['cfn:list-stack-resources-cdk-sample', false],
      ['cfn:list-stack-resources-cdk-sample/CdksampleQueue3139C8CD', true],
      [
        'cfn:list-stack-resources-cdk-sample/CdksampleQueueCdksampleStackCdksampleTopicCB3FDFDDC0BCF47C',
        false,
      ],
      ['cfn:list-stack-resources-cdk-sample/CdksampleQueuePolicyFA91005A', false],
      ['cfn:list-stack-resources-cdk-sample/CdksampleTopic7AD235A4', false],
    ])
  })

  it('reads describe-stack-resources with its stack name', () => {
    const part = load(
      importCloudFormation,
      'cloudformation',
      'describe-stack-resources-lambda-permissions.json',
    )
    expect(part.issues).toEqual([])
    expect(part.resources).toHaveLength(6)
    expect(part.resources.every((r) => r.id.startsWith('cfn:<stack-name:1>'))).toBe(true)
  })

  it('refuses a change set as an inventory, with one issue', () => {
    const part = load(
      importCloudFormation,
      'cloudformation',
      'describe-change-set-sns-replacement.json',
    )
    expect(part.issues).toMatchObject([{ code: 'inventory_unreadable' }])
  })

  it('puts pods inside their ReplicaSet and ReplicaSets inside their Deployment across lists', () => {
    const pods = load(importKubernetes, 'kubernetes', 'podlist-owned-by-replicaset.json')
    const sets = load(importKubernetes, 'kubernetes', 'replicasetlist-owned-by-deployment.json')
    const deployments = load(importKubernetes, 'kubernetes', 'deploymentlist-kotsadm.json')
    const { inventory, issues } = mergeInventory(
      [pods, sets, deployments].map((part, index) => ({
        part,
        file: `k${index}.json`,
        environment: 'prod',
      })),
      0,
    )
    expect(issues).toEqual([])
    const parent = (id: string) => inventory.resources.find((r) => r.id === id)?.parent
    expect(parent('k8s:default/Pod/random-pod-75b66db9b9-nqhp8')).toBe(
      'k8s:default/ReplicaSet/random-pod-75b66db9b9',
    )
    expect(parent('k8s:default/ReplicaSet/kotsadm-f98ff7d75')).toBe(
      'k8s:default/Deployment/kotsadm',
    )
    expect(parent('k8s:default/Deployment/kotsadm-postgres-watch')).toBe(
      'k8s:default/Database/kotsadm-postgres',
    )
    expect(parent('k8s:Namespace/default')).toBe('env:prod')
  })

  it('takes the kind of typed-list items from the list and judges StatefulSets stateful', () => {
    const part = load(importKubernetes, 'kubernetes', 'statefulsetlist-owned-by-operator-crs.json')
    expect(part.issues).toEqual([])
    const sets = part.resources.filter((r) => r.type === 'StatefulSet')
    expect(sets.map((r) => [r.id, r.facts.stateful, r.parent])).toEqual([
      [
        'k8s:monitoring/StatefulSet/alertmanager-prometheus-alertmanager',
        true,
        'k8s:monitoring/Alertmanager/prometheus-alertmanager',
      ],
      ['k8s:monitoring/StatefulSet/prometheus-k8s', true, 'k8s:monitoring/Prometheus/k8s'],
    ])
  })

  it('reads raw kubectl output with kinds on the items', () => {
    const part = load(importKubernetes, 'kubernetes', 'list-pods-kubectl-raw.json')
    expect(part.issues).toEqual([])
    expect(part.resources.map((r) => r.id)).toEqual([
      'k8s:Namespace/default',
      'k8s:default/Pod/t1',
      'k8s:default/Pod/t2',
    ])
  })
})
