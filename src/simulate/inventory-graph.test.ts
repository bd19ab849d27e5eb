import { describe, expect, it } from 'vitest'

import type { InventoryResource, ResourceIdentifiers } from '../model/inventory.js'
import { buildInventoryGraph, findResources } from './inventory-graph.js'

function resource(
  id: string,
  identifiers: Partial<ResourceIdentifiers> = {},
  extra: Partial<InventoryResource> = {},
): InventoryResource {
  return {
    id,
    type: 'thing',
    name: id,
    identifiers: { names: [], ...identifiers },
    facts: { stateful: false, recentBackup: false, customerFacing: false },
    source: 'test',
    ...extra,
  }
}

const graph = buildInventoryGraph({
  resources: [
    resource('env:prod', {}, { environment: 'prod' }),
    resource(
      'cfn:app/Db',
      {
        arn: 'arn:aws:rds:eu-west-1:1:db:app-db',
        physicalId: 'app-db',
        stack: 'app',
        logicalId: 'Db',
        database: 'ledger',
        names: ['db.internal'],
      },
      { environment: 'prod', parent: 'env:prod' },
    ),
    resource('tf:web0', { terraformAddress: 'module.site.aws_instance.web[0]' }),
    resource('tf:web1', { terraformAddress: 'module.site.aws_instance.web[1]' }),
    resource('tf:bucket', { terraformAddress: 'aws_s3_bucket.logs' }),
    resource('k8s:ns', { kubernetes: { kind: 'Namespace', name: 'shop' } }),
    resource('k8s:api', { kubernetes: { kind: 'Deployment', namespace: 'shop', name: 'api' } }),
  ],
  dependencies: [
    { from: 'k8s:api', to: 'cfn:app/Db' },
    { from: 'tf:web0', to: 'cfn:app/Db' },
    { from: 'tf:web0', to: 'missing' },
  ],
  objectives: [{ service: 'shop', objective: 0.999, windowDays: 30 }],
  importedAt: 0,
})

function idsOf(indexes: readonly number[] | undefined): string[] {
  return (indexes ?? []).map((index) => graph.resources[index]?.id ?? '?')
}

const numberOf = (id: string): number => graph.indexOf.get(id) ?? -1

describe('buildInventoryGraph', () => {
  it.each([
    ['arn', 'arn:aws:rds:eu-west-1:1:db:app-db', ['cfn:app/Db']],
    ['physical', 'app-db', ['cfn:app/Db']],
    ['stack', 'app', ['cfn:app/Db']],
    ['logical', 'app/Db', ['cfn:app/Db']],
    ['database', 'ledger', ['cfn:app/Db']],
    ['name', 'db.internal', ['cfn:app/Db']],
    ['name', 'tf:bucket', ['tf:bucket']],
    ['kubernetes', 'shop/deployment/api', ['k8s:api']],
    ['namespace', 'shop', ['k8s:ns', 'k8s:api']],
    ['environment', 'prod', ['env:prod', 'cfn:app/Db']],
  ] as const)('finds resources by %s `%s`', (kind, value, ids) => {
    expect(idsOf(findResources(graph, kind, value))).toEqual(ids)
  })

  it.each([
    ['module.site.aws_instance.web[1]', ['tf:web1']],
    ['module.site.aws_instance.web', ['tf:web0', 'tf:web1']],
    ['aws_instance.web[0]', ['tf:web0']],
    ['module.site.aws_instance.web[7]', []],
    ['module.logging.aws_s3_bucket.logs', ['tf:bucket']],
    ['aws_s3_bucket.logs["a"]', ['tf:bucket']],
  ] as const)('finds Terraform address `%s` with keys and modules normalised', (address, ids) => {
    expect(idsOf(findResources(graph, 'terraform', address))).toEqual(ids)
  })

  it('indexes containment and who needs what, ignoring dependencies on unknown ids', () => {
    expect(idsOf(graph.children[numberOf('env:prod')])).toEqual(['cfn:app/Db'])
    expect(idsOf(graph.dependents[numberOf('cfn:app/Db')])).toEqual(['k8s:api', 'tf:web0'])
    expect(idsOf(graph.dependencies[numberOf('tf:web0')])).toEqual(['cfn:app/Db'])
    expect(graph.objectives.get('shop')?.objective).toBe(0.999)
  })

  it('finds nothing for a value no resource carries', () => {
    expect(findResources(graph, 'name', 'nope')).toEqual([])
  })
})
