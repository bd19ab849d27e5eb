import { describe, expect, it } from 'vitest'

import { createEffect, type EffectInit } from '../model/effect.js'
import type { InventoryResource, ResourceIdentifiers } from '../model/inventory.js'
import { buildInventoryGraph } from './inventory-graph.js'
import { resolveEffectTarget } from './resolve-effect-target.js'

function resource(
  id: string,
  identifiers: Partial<ResourceIdentifiers>,
  extra: Partial<InventoryResource> = {},
): InventoryResource {
  return {
    id,
    type: 'thing',
    name: id,
    environment: 'prod',
    identifiers: { names: [], ...identifiers },
    facts: { stateful: false, recentBackup: false, customerFacing: false },
    source: 'test',
    ...extra,
  }
}

const graph = buildInventoryGraph({
  resources: [
    resource('env:prod', {}, { name: 'prod' }),
    resource('stack', { stack: 'shop-prod' }, { parent: 'env:prod' }),
    resource(
      'db',
      {
        stack: 'shop-prod',
        logicalId: 'Db',
        physicalId: 'shop-db',
        database: 'orders',
        terraformAddress: 'aws_db_instance.main',
      },
      { parent: 'stack' },
    ),
    resource(
      'queue',
      {
        physicalId: 'https://sqs.eu-west-1.amazonaws.com/1/shop-jobs',
        names: ['shop-jobs'],
        terraformAddress: 'aws_sqs_queue.jobs',
      },
      { parent: 'stack' },
    ),
    resource('bucket', { arn: 'arn:aws:s3:::shop-exports', names: ['shop-exports'] }),
    resource('ns', { kubernetes: { kind: 'Namespace', name: 'shop' } }),
    resource('api', { kubernetes: { kind: 'Deployment', namespace: 'shop', name: 'api' } }),
    resource('svc', { kubernetes: { kind: 'Service', namespace: 'shop', name: 'api' } }),
    resource('staging-db', { physicalId: 'shared-name' }, { environment: 'staging' }),
    resource('prod-db', { physicalId: 'shared-name' }),
  ],
  dependencies: [],
  objectives: [],
  importedAt: 0,
})

function effect(init: Partial<EffectInit>) {
  return createEffect({
    system: 'cloud',
    verb: 'delete',
    target: '?',
    risk: 'destructive',
    reason: 'test',
    ...init,
  })
}

function idsOf(init: Partial<EffectInit>, environment?: string): readonly string[] | string {
  const resolution = resolveEffectTarget(graph, effect(init), environment)
  return resolution.kind === 'resources'
    ? resolution.indexes.map((index) => graph.resources[index]?.id ?? '?')
    : resolution.kind
}

describe('resolveEffectTarget', () => {
  it.each([
    ['a CloudFormation stack', { target: 'aws:cloudformation:shop-prod' }, ['stack', 'db']],
    ['an RDS instance', { target: 'aws:rds:shop-db' }, ['db']],
    [
      'an SQS queue URL',
      { target: 'aws:sqs:https://sqs.eu-west-1.amazonaws.com/1/shop-jobs' },
      ['queue'],
    ],
    ['a bucket', { target: 's3://shop-exports/' }, ['bucket']],
    ['a database', { system: 'database' as const, target: 'database:orders' }, ['db']],
    ['a Terraform address', { system: 'iac' as const, target: 'aws_sqs_queue.jobs' }, ['queue']],
    ['a Kubernetes object', { system: 'k8s' as const, target: 'k8s:shop/deployment/api' }, ['api']],
    [
      'several Kubernetes objects',
      { system: 'k8s' as const, target: 'k8s:shop/deployment/api,service/api' },
      ['api', 'svc'],
    ],
    [
      'a Kubernetes namespace',
      { system: 'k8s' as const, target: 'k8s:/namespace/shop', scope: 'namespace' as const },
      ['ns', 'api', 'svc'],
    ],
    ['every object of a kind', { system: 'k8s' as const, target: 'k8s:shop/service/*' }, ['svc']],
    [
      'an MCP call on an environment',
      {
        system: 'network' as const,
        target: 'infra/delete_environment prod',
        source: 'infra/delete_environment',
        scope: 'environment' as const,
      },
      ['env:prod', 'stack', 'db', 'queue', 'bucket', 'ns', 'api', 'svc', 'prod-db'],
    ],
    [
      'an MCP call on a named resource',
      {
        system: 'network' as const,
        target: 'infra/delete_resource shop-jobs',
        source: 'infra/delete_resource',
      },
      ['queue'],
    ],
  ])('finds %s', (_, init, ids) => {
    expect(idsOf(init)).toEqual(ids)
  })

  it('finds the Terraform resources of the environment a destroyed directory names', () => {
    const target = { system: 'iac' as const, scope: 'environment' as const }
    expect(idsOf({ ...target, target: 'terraform:/srv/infra/prod' })).toEqual(['db', 'queue'])
    expect(idsOf({ ...target, target: 'terraform:/srv/infra' }, 'prod')).toEqual(['db', 'queue'])
    expect(idsOf({ ...target, target: 'terraform:/srv/infra' })).toBe('unknown')
  })

  it('leaves `terraform destroy -target` unknown, since its effect does not name the address', () => {
    expect(idsOf({ system: 'iac', target: 'terraform:/srv/infra/prod', scope: 'collection' })).toBe(
      'unknown',
    )
  })

  it('keeps the resources of the action environment when a name is ambiguous', () => {
    expect(idsOf({ target: 'aws:rds:shared-name' })).toEqual(['staging-db', 'prod-db'])
    expect(idsOf({ target: 'aws:rds:shared-name' }, 'staging')).toEqual(['staging-db'])
  })

  it.each([
    ['a local path', { system: 'fs' as const, target: '/home/agent/build' }, 'local'],
    ['a git repository', { system: 'git' as const, target: 'origin main' }, 'local'],
    ['a plan summary', { system: 'iac' as const, target: '*' }, 'summary'],
    ['an ECS call without its service', { target: 'aws:ecs' }, 'unknown'],
    [
      'an unknown Kubernetes object',
      { system: 'k8s' as const, target: 'k8s:shop/pod/x' },
      'unknown',
    ],
    ['an unknown table', { system: 'database' as const, target: 'table:users' }, 'unknown'],
    ['an opaque target', { system: 'shell' as const, target: '?' }, 'unknown'],
  ])('calls %s %s', (_, init, kind) => {
    expect(idsOf(init)).toBe(kind)
  })
})
