import type { EffectScope } from '../../model/effect.js'
import type { Risk } from '../../model/risk.js'
import { singularNoun } from '../shell/rules/cloud-wording.js'

// Short names and plurals, as kubectl and the API paths spell them.
const KIND_ALIASES: Readonly<Record<string, string>> = {
  po: 'pod',
  deploy: 'deployment',
  sts: 'statefulset',
  ds: 'daemonset',
  rs: 'replicaset',
  cj: 'cronjob',
  svc: 'service',
  cm: 'configmap',
  pvc: 'persistentvolumeclaim',
  pv: 'persistentvolume',
  ns: 'namespace',
  project: 'namespace',
  no: 'node',
  ing: 'ingress',
  ingresses: 'ingress',
  sa: 'serviceaccount',
  hpa: 'horizontalpodautoscaler',
  pdb: 'poddisruptionbudget',
  netpol: 'networkpolicy',
  crd: 'customresourcedefinition',
  sc: 'storageclass',
  rc: 'replicationcontroller',
  ev: 'event',
  ep: 'endpoints',
  endpoints: 'endpoints',
}

const KNOWN_KINDS = new Set([
  'pod',
  'deployment',
  'statefulset',
  'daemonset',
  'replicaset',
  'job',
  'cronjob',
  'service',
  'configmap',
  'secret',
  'persistentvolumeclaim',
  'persistentvolume',
  'namespace',
  'node',
  'ingress',
  'serviceaccount',
  'horizontalpodautoscaler',
  'poddisruptionbudget',
  'networkpolicy',
  'customresourcedefinition',
  'storageclass',
  'replicationcontroller',
  'event',
  'endpoints',
  'role',
  'rolebinding',
  'clusterrole',
  'clusterrolebinding',
  'limitrange',
  'resourcequota',
  'lease',
  'priorityclass',
  'volumeattachment',
  'certificatesigningrequest',
  'mutatingwebhookconfiguration',
  'validatingwebhookconfiguration',
  'endpointslice',
])

// Kinds whose controller owns pods: with an orphaning deletion those keep running.
const CONTROLLERS = new Set([
  'deployment',
  'statefulset',
  'daemonset',
  'replicaset',
  'job',
  'cronjob',
  'replicationcontroller',
])

/**
 * The singular lowercase kind of a Kubernetes resource word: `Deployment`, `deployments`,
 * `deploy`, `deployments.apps` and `sts` all give their kind.
 */
export function normaliseKubernetesKind(word: string): string {
  const kind = (word.split('.')[0] ?? word).toLowerCase()
  return KIND_ALIASES[kind] ?? singularNoun(kind)
}

/** True for the built-in kinds airlock judges by name. */
export function isKnownKubernetesKind(kind: string): boolean {
  return KNOWN_KINDS.has(kind)
}

/** What deleting objects of a kind costs. */
export interface KubernetesDeletion {
  readonly risk: Risk
  readonly scope: EffectScope
  readonly note?: string
}

/** How a Kubernetes deletion is asked for, besides the kind. */
export interface KubernetesDeletionOptions {
  /** Every object of the kind goes (no name and no selector), as with `--all`. */
  readonly sweep: boolean
  /** `propagationPolicy: Orphan`: the dependents of a controller are left running. */
  readonly orphan?: boolean
}

/**
 * Judges deleting objects of a kind, as the kubectl rules do: one pod only mutates (its
 * controller recreates it) while a sweep of pods is destructive; a namespace is catastrophic;
 * volumes and their claims take data with them; any other kind is destructive, and a sweep of
 * it catastrophic. An orphaning deletion of a controller leaves its pods running.
 */
export function judgeKubernetesDeletion(
  kind: string,
  options: KubernetesDeletionOptions,
): KubernetesDeletion {
  const { sweep } = options
  if (options.orphan === true && CONTROLLERS.has(kind)) {
    return {
      risk: 'mutating',
      scope: sweep ? 'collection' : 'item',
      note: 'its pods are orphaned and keep running',
    }
  }
  switch (kind) {
    case 'pod':
      return sweep
        ? {
            risk: 'destructive',
            scope: 'collection',
            note: 'pods without a controller are not recreated',
          }
        : { risk: 'mutating', scope: 'item', note: 'a controller recreates it' }
    case 'namespace':
      return { risk: 'catastrophic', scope: 'namespace', note: 'every object in it goes too' }
    case 'persistentvolumeclaim':
    case 'persistentvolume':
      return {
        risk: sweep ? 'catastrophic' : 'destructive',
        scope: sweep ? 'namespace' : 'item',
        note: 'the volume and its data are usually deleted with it',
      }
    case 'customresourcedefinition':
      return { risk: 'destructive', scope: 'cluster', note: 'every object of that kind goes too' }
    case 'event':
      return { risk: 'mutating', scope: 'collection' }
    default:
      return sweep
        ? { risk: 'catastrophic', scope: 'namespace', note: 'every object of that kind goes' }
        : { risk: 'destructive', scope: 'item' }
  }
}

/**
 * True when a patch or replacement body empties `metadata.finalizers` (or `spec.finalizers` of a
 * namespace): a pending deletion then completes at once.
 */
export function clearsFinalizers(body: unknown): boolean {
  if (typeof body !== 'object' || body === null) return false
  if (Array.isArray(body)) {
    // JSON patch: `[{ "op": "remove", "path": "/metadata/finalizers" }]`.
    return body.some((operation: unknown) => {
      if (typeof operation !== 'object' || operation === null) return false
      const { op, path, value } = operation as Record<string, unknown>
      if (typeof path !== 'string' || !path.includes('finalizers')) return false
      return op === 'remove' || (op === 'replace' && isEmpty(value))
    })
  }
  const record = body as Record<string, unknown>
  return ['metadata', 'spec'].some((section) => {
    const part = record[section]
    if (typeof part !== 'object' || part === null) return false
    const finalizers = (part as Record<string, unknown>).finalizers
    return 'finalizers' in part && isEmpty(finalizers)
  })
}

function isEmpty(value: unknown): boolean {
  return value === null || (Array.isArray(value) && value.length === 0)
}
