import { describe, expect, it } from 'vitest'

import { importKubernetes } from './kubernetes-source.js'

function load(document: unknown) {
  return importKubernetes({
    text: JSON.stringify(document),
    file: 'prod-k8s.json',
    environment: 'prod',
  })
}

function object(
  kind: string,
  name: string,
  namespace?: string,
  extra: Record<string, unknown> = {},
) {
  const { metadata, ...rest } = extra
  return {
    kind,
    metadata: { name, ...(namespace === undefined ? {} : { namespace }), ...(metadata as object) },
    ...rest,
  }
}

function list(...items: unknown[]) {
  return { apiVersion: 'v1', kind: 'List', items }
}

describe('importKubernetes', () => {
  it('makes k8s:NAMESPACE/KIND/NAME resources inside an implied namespace', () => {
    const part = load(list(object('Deployment', 'api', 'prod', { metadata: { uid: 'u-1' } })))
    expect(part.issues).toEqual([])
    expect(part.implied).toEqual(['k8s:Namespace/prod'])
    expect(part.resources).toEqual([
      {
        id: 'k8s:Namespace/prod',
        type: 'Namespace',
        name: 'Namespace/prod',
        environment: 'prod',
        identifiers: { kubernetes: { kind: 'Namespace', name: 'prod' }, names: ['prod'] },
        facts: { stateful: false, recentBackup: false, customerFacing: false },
        source: 'prod-k8s.json',
      },
      {
        id: 'k8s:prod/Deployment/api',
        type: 'Deployment',
        name: 'prod/Deployment/api',
        environment: 'prod',
        identifiers: {
          kubernetes: { kind: 'Deployment', namespace: 'prod', name: 'api' },
          physicalId: 'u-1',
          names: ['api'],
        },
        facts: { stateful: false, recentBackup: false, customerFacing: false },
        parent: 'k8s:Namespace/prod',
        source: 'prod-k8s.json',
      },
    ])
  })

  it('replaces an implied namespace with a listed one', () => {
    const part = load(list(object('Pod', 'p', 'prod'), object('Namespace', 'prod')))
    expect(part.implied).toEqual([])
    expect(part.resources.map((r) => r.id)).toEqual(['k8s:Namespace/prod', 'k8s:prod/Pod/p'])
  })

  it('puts an object inside its controlling owner', () => {
    const owners = [
      { kind: 'Other', name: 'o' },
      { kind: 'ReplicaSet', name: 'api-7f', controller: true },
    ]
    const part = load(
      list(object('Pod', 'api-7f-x', 'prod', { metadata: { ownerReferences: owners } })),
    )
    const pod = part.resources.find((r) => r.id === 'k8s:prod/Pod/api-7f-x')
    expect(pod?.parent).toBe('k8s:prod/ReplicaSet/api-7f')
    expect(part.implied).toContain('k8s:prod/ReplicaSet/api-7f')
    expect(part.resources.find((r) => r.id === 'k8s:prod/ReplicaSet/api-7f')?.parent).toBe(
      'k8s:Namespace/prod',
    )
  })

  it('takes the kind of items from a typed list', () => {
    const part = load({
      kind: 'StatefulSetList',
      items: [{ metadata: { name: 'pg', namespace: 'db' } }],
    })
    expect(part.resources.map((r) => [r.id, r.facts.stateful])).toContainEqual([
      'k8s:db/StatefulSet/pg',
      true,
    ])
  })

  it('reads a single object', () => {
    expect(
      load(object('PersistentVolume', 'pv-1')).resources.map((r) => [
        r.id,
        r.parent,
        r.facts.stateful,
      ]),
    ).toEqual([['k8s:PersistentVolume/pv-1', undefined, true]])
  })

  it.each([
    ['StatefulSet', {}, true, false],
    ['PersistentVolumeClaim', {}, true, false],
    ['Deployment', {}, false, false],
    ['Ingress', {}, false, true],
    ['Service', { spec: { type: 'LoadBalancer' } }, false, true],
    ['Service', { spec: { type: 'ClusterIP' } }, false, false],
  ])(
    'judges a %s %j stateful: %s, customer-facing: %s',
    (kind, extra, stateful, customerFacing) => {
      const part = load(list(object(kind, 'x', 'prod', extra)))
      expect(part.resources.at(-1)?.facts).toMatchObject({ stateful, customerFacing })
    },
  )

  it('takes the service from the app.kubernetes.io/part-of label', () => {
    const part = load(
      list(
        object('Deployment', 'api', 'prod', {
          metadata: { labels: { 'app.kubernetes.io/part-of': 'checkout' } },
        }),
      ),
    )
    expect(part.resources.at(-1)?.facts.service).toBe('checkout')
  })

  it('links workloads to claims, claims to volumes, ingresses to services and services to workloads', () => {
    const part = load(
      list(
        object('Deployment', 'api', 'prod', {
          spec: {
            template: {
              metadata: { labels: { app: 'api', tier: 'web' } },
              spec: { volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'uploads' } }] },
            },
          },
        }),
        object('PersistentVolumeClaim', 'uploads', 'prod', { spec: { volumeName: 'pv-9' } }),
        object('StatefulSet', 'pg', 'prod', {
          spec: { volumeClaimTemplates: [{ metadata: { name: 'data' } }] },
        }),
        object('PersistentVolumeClaim', 'data-pg-0', 'prod'),
        object('PersistentVolumeClaim', 'data-pg-old', 'prod'),
        object('Service', 'api', 'prod', { spec: { selector: { app: 'api' } } }),
        object('Pod', 'api-1', 'prod', {
          metadata: {
            labels: { app: 'api' },
            ownerReferences: [{ kind: 'ReplicaSet', name: 'rs', controller: true }],
          },
        }),
        object('Ingress', 'web', 'prod', {
          spec: { rules: [{ http: { paths: [{ backend: { service: { name: 'api' } } }] } }] },
        }),
        object('Ingress', 'legacy', 'prod', { spec: { backend: { serviceName: 'old' } } }),
      ),
    )
    expect(part.dependencies).toEqual([
      { from: 'k8s:prod/Deployment/api', to: 'k8s:prod/PersistentVolumeClaim/uploads' },
      { from: 'k8s:prod/PersistentVolumeClaim/uploads', to: 'k8s:PersistentVolume/pv-9' },
      { from: 'k8s:prod/StatefulSet/pg', to: 'k8s:prod/PersistentVolumeClaim/data-pg-0' },
      { from: 'k8s:prod/Service/api', to: 'k8s:prod/Deployment/api' },
      { from: 'k8s:prod/Ingress/web', to: 'k8s:prod/Service/api' },
      { from: 'k8s:prod/Ingress/legacy', to: 'k8s:prod/Service/old' },
    ])
  })

  it.each([
    ['no items or kind', { metadata: {} }, /not Kubernetes objects/],
    ['an empty file', '', /the file is empty/],
  ])('reports one unreadable issue for %s', (_, document, message) => {
    const text = typeof document === 'string' ? document : JSON.stringify(document)
    const part = importKubernetes({ text, file: 'prod-k8s.json' })
    expect(part.issues).toHaveLength(1)
    expect(part.issues[0]?.code).toBe('inventory_unreadable')
    expect(part.issues[0]?.message).toMatch(message)
  })

  it.each([
    ['an item that is not an object', [3], 'items[0]'],
    ['an item of a plain List without kind', [{ metadata: { name: 'x' } }], 'items[0].kind'],
    ['an item without metadata', [{ kind: 'Pod' }], 'items[0].metadata'],
    ['an item without a name', [{ kind: 'Pod', metadata: {} }], 'items[0].metadata.name'],
    [
      'an owner reference without a name',
      [object('Pod', 'p', 'ns', { metadata: { ownerReferences: [{ kind: 'ReplicaSet' }] } })],
      'items[0].metadata.ownerReferences',
    ],
  ])('reports %s at its JSON path', (_, items, path) => {
    const part = load(list(...items))
    expect(part.issues).toHaveLength(1)
    expect(part.issues[0]).toMatchObject({ code: 'inventory_invalid_entry', file: 'prod-k8s.json' })
    expect(part.issues[0]?.message).toContain(`at \`${path}\``)
  })
})
