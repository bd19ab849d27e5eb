import type { Effect } from '../model/effect.js'
import {
  findResources,
  type InventoryGraph,
  kubernetesKey,
  type LookupKind,
} from './inventory-graph.js'

/** What an effect's target is in the twin: resources, something local, or unknown. */
export type TargetResolution =
  /** The numbers of the resources in the graph. */
  | { readonly kind: 'resources'; readonly indexes: readonly number[] }
  /** Plainly outside the inventory: a local path, a git repository. */
  | { readonly kind: 'local' }
  /** Restates other effects of the same action (a plan's whole-environment `*`). */
  | { readonly kind: 'summary' }
  | { readonly kind: 'unknown' }

const UNKNOWN: TargetResolution = { kind: 'unknown' }
const LOCAL: TargetResolution = { kind: 'local' }

// What a bare name is tried as, most specific first.
const NAME_ORDER: readonly LookupKind[] = [
  'arn',
  'physical',
  'stack',
  'database',
  'name',
  'environment',
]

const TERRAFORM_ADDRESS =
  /^(module\.[^.\s]+\.)*(data\.)?[a-z][a-z0-9_-]*\.[A-Za-z_][\w-]*(\[[^\]]+\])?$/

function found(indexes: readonly number[]): TargetResolution {
  return indexes.length === 0 ? UNKNOWN : { kind: 'resources', indexes }
}

// A name matching resources in several environments keeps those of the action's environment.
function preferEnvironment(
  graph: InventoryGraph,
  ids: readonly number[],
  environment: string | undefined,
): readonly number[] {
  if (environment === undefined || ids.length < 2) return ids
  const kept = ids.filter((id) => {
    const resourceEnvironment = graph.resources[id]?.environment
    return resourceEnvironment === undefined || resourceEnvironment === environment
  })
  return kept.length === 0 ? ids : kept
}

function findByName(graph: InventoryGraph, name: string, order = NAME_ORDER): readonly number[] {
  const own = graph.indexOf.get(name)
  if (own !== undefined) return [own]
  if (TERRAFORM_ADDRESS.test(name)) {
    const ids = findResources(graph, 'terraform', name)
    if (ids.length > 0) return ids
  }
  for (const kind of order) {
    const ids = findResources(graph, kind, name)
    if (ids.length > 0) return ids
  }
  return []
}

// `https://sqs.eu-west-1.amazonaws.com/123/jobs` is also known as `jobs`.
function findByNameOrUrl(graph: InventoryGraph, value: string): readonly number[] {
  const ids = findByName(graph, value)
  if (ids.length > 0 || !/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return ids
  const last = value.replace(/\/+$/, '').split('/').at(-1) ?? ''
  return last === '' ? [] : findByName(graph, last)
}

// `k8s:prod/deployment/api,service/api`, `k8s:prod/deployment/a,b`, `k8s:/namespace/prod`,
// `k8s:prod/all/*`.
function resolveKubernetes(graph: InventoryGraph, target: string): TargetResolution {
  const rest = target.slice('k8s:'.length)
  const slash = rest.indexOf('/')
  if (slash < 0) return UNKNOWN
  const namespace = rest.slice(0, slash)
  const ids: number[] = []
  let kind = ''
  for (const item of rest.slice(slash + 1).split(',')) {
    const cut = item.indexOf('/')
    if (cut >= 0) kind = item.slice(0, cut).toLowerCase()
    const name = cut >= 0 ? item.slice(cut + 1) : item
    if (kind === 'namespace') {
      const inside = findResources(graph, 'namespace', name)
      if (inside.length === 0) return UNKNOWN
      ids.push(...inside)
    } else if (name === '*' || kind === 'all') {
      const inside = findResources(graph, 'namespace', namespace).filter((id) => {
        const object = graph.resources[id]?.identifiers.kubernetes
        return (
          object?.namespace === namespace && (kind === 'all' || object.kind.toLowerCase() === kind)
        )
      })
      // INVARIANT: `--all` over objects the twin does not list may still delete real ones.
      if (inside.length === 0) return UNKNOWN
      ids.push(...inside)
    } else {
      const object = findResources(
        graph,
        'kubernetes',
        kubernetesKey(namespace === '' ? undefined : namespace, kind, name),
      )
      if (object.length === 0) return UNKNOWN
      ids.push(...object)
    }
  }
  return found(ids)
}

// `terraform destroy` in a directory: every Terraform-managed resource of the environment the
// action names or the directory spells (`/infra/envs/prod`). Without one it stays unknown.
function resolveTerraformDirectory(
  graph: InventoryGraph,
  effect: Effect,
  environment: string | undefined,
): TargetResolution {
  // A `-target` or `-replace` names its resources only in the reason: fail closed.
  if (effect.scope !== 'environment') return UNKNOWN
  const directory = effect.target.slice('terraform:'.length)
  const named =
    environment ?? directory.split('/').find((segment) => graph.environments.has(segment))
  if (named === undefined) return UNKNOWN
  const ids = (graph.environments.get(named) ?? []).filter(
    (id) => graph.resources[id]?.identifiers.terraformAddress !== undefined,
  )
  return found(ids)
}

// `infra/delete_environment prod`, `kubernetes/kubectl_delete namespace=prod api`.
function resolveToolCall(
  graph: InventoryGraph,
  effect: Effect,
  environment: string | undefined,
): TargetResolution {
  const words = effect.target.slice(effect.source.length).trim().split(/\s+/)
  const names = words.filter((word) => word !== '' && !word.startsWith('namespace='))
  const namespace = words.find((word) => word.startsWith('namespace='))?.slice('namespace='.length)
  if (names.length === 0) {
    return namespace === undefined ? UNKNOWN : found(findResources(graph, 'namespace', namespace))
  }
  const first: LookupKind | undefined =
    effect.scope === 'environment'
      ? 'environment'
      : effect.scope === 'stack'
        ? 'stack'
        : effect.scope === 'namespace'
          ? 'namespace'
          : effect.scope === 'database'
            ? 'database'
            : undefined
  const ids: number[] = []
  for (const name of names) {
    const byScope = first === undefined ? [] : findResources(graph, first, name)
    const matched = byScope.length > 0 ? byScope : findByNameOrUrl(graph, name)
    // INVARIANT: one name the twin does not know makes the whole call unknown.
    if (matched.length === 0) return UNKNOWN
    ids.push(...preferEnvironment(graph, matched, environment))
  }
  return found(ids)
}

function resolveAws(graph: InventoryGraph, target: string): TargetResolution {
  const [, service = '', ...rest] = target.split(':')
  const id = rest.join(':')
  if (id === '') return UNKNOWN
  if (service === 'cloudformation') {
    const stack = findResources(graph, 'stack', id)
    return found(stack.length > 0 ? stack : findByNameOrUrl(graph, id))
  }
  return found(findByNameOrUrl(graph, id))
}

function resolveBucket(graph: InventoryGraph, target: string): TargetResolution {
  const bucket = target.replace(/^(s3|gs|az):\/\//, '').split('/')[0] ?? ''
  if (bucket === '') return UNKNOWN
  const arn = findResources(graph, 'arn', `arn:aws:s3:::${bucket}`)
  return found(arn.length > 0 ? arn : findByName(graph, bucket))
}

function isToolCall(effect: Effect): boolean {
  return (
    /^[^\s/]+\/[^\s/]+$/.test(effect.source) &&
    (effect.target === effect.source || effect.target.startsWith(`${effect.source} `))
  )
}

function resolveOnce(
  graph: InventoryGraph,
  effect: Effect,
  environment: string | undefined,
): TargetResolution {
  const { target } = effect
  if (target.startsWith('k8s:')) return resolveKubernetes(graph, target)
  if (target.startsWith('terraform:')) return resolveTerraformDirectory(graph, effect, environment)
  if (target.startsWith('aws:')) return resolveAws(graph, target)
  if (/^(s3|gs|az):\/\//.test(target)) return resolveBucket(graph, target)
  if (target.startsWith('database:')) {
    const name = target.slice('database:'.length)
    const ids = findResources(graph, 'database', name)
    return found(ids.length > 0 ? ids : findByName(graph, name))
  }
  if (isToolCall(effect)) return resolveToolCall(graph, effect, environment)
  if (effect.system === 'iac' && target === '*') return { kind: 'summary' }
  if (effect.system === 'git') {
    const ids = findByName(graph, target)
    return ids.length > 0 ? found(ids) : LOCAL
  }
  if (effect.system === 'fs') {
    const ids = target.split(',').flatMap((path) => findByName(graph, path, ['physical', 'name']))
    return ids.length > 0 ? found(ids) : LOCAL
  }
  // `table:reports`, `column:users.email`: the object's own name, then its table's.
  const object = /^(table|column|index|view|schema|sequence):(.+)$/.exec(target)
  if (object?.[2] !== undefined) {
    const name = object[2]
    const ids = findByName(graph, name)
    return found(
      ids.length > 0 || !name.includes('.') ? ids : findByName(graph, name.split('.')[0] ?? ''),
    )
  }
  return found(findByNameOrUrl(graph, target))
}

/**
 * Finds the resources an effect's target names, trying its identifiers in the order the
 * target's shape suggests: a Kubernetes object, a CloudFormation stack, a Terraform address or
 * directory, an AWS id or URL, a bucket, a database, an MCP tool's arguments, then any name.
 * What matches nothing is unknown, except local paths and git repositories.
 */
export function resolveEffectTarget(
  graph: InventoryGraph,
  effect: Effect,
  environment?: string,
): TargetResolution {
  const resolution = resolveOnce(graph, effect, environment)
  if (resolution.kind !== 'resources') return resolution
  return { kind: 'resources', indexes: preferEnvironment(graph, resolution.indexes, environment) }
}
