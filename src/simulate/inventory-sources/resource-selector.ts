/**
 * A way to name resources in hand-written YAML, by any identifier they have. Written as a
 * string (`tf:module.db.aws_db_instance.main`, `cfn:cost-prod/Database`, `k8s:prod/StatefulSet/pg`,
 * `arn:aws:s3:::logs`, `service:checkout`, `yaml:legacy-db`, or a bare id or name) or as a
 * mapping (`{ terraform: …, environment: prod }`).
 */
export type ResourceSelector = (
  | { readonly by: 'id'; readonly id: string }
  | { readonly by: 'arn'; readonly arn: string }
  | { readonly by: 'terraform'; readonly address: string }
  | { readonly by: 'physical-id'; readonly physicalId: string }
  | { readonly by: 'name'; readonly name: string }
  | { readonly by: 'stack'; readonly stack: string; readonly logicalId?: string }
  | {
      readonly by: 'kubernetes'
      readonly kind: string
      readonly namespace?: string
      readonly name: string
    }
  | { readonly by: 'service'; readonly service: string }
  /** A bare word: an id, physical id, name or database name. */
  | { readonly by: 'any'; readonly value: string }
) & {
  /** Only resources of this environment. */
  readonly environment?: string
  /** As written, for messages. */
  readonly text: string
}

const IDENTIFYING_KEYS = [
  'id',
  'arn',
  'terraform',
  'physicalId',
  'name',
  'stack',
  'kubernetes',
  'service',
] as const

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** `prod/StatefulSet/pg` or `Namespace/prod` */
function readKubernetesPath(
  path: string,
): { kind: string; namespace?: string; name: string } | undefined {
  const parts = path.split('/')
  if (parts.some((part) => part === '')) return undefined
  const [first, second, third] = parts
  if (parts.length === 2 && first !== undefined && second !== undefined) {
    return { kind: first, name: second }
  }
  if (parts.length === 3 && first !== undefined && second !== undefined && third !== undefined) {
    return { namespace: first, kind: second, name: third }
  }
  return undefined
}

const KUBERNETES_RULE = 'expected `NAMESPACE/KIND/NAME` or, for cluster-scoped objects, `KIND/NAME`'

function readSelectorString(text: string): ResourceSelector | string {
  const colon = text.indexOf(':')
  const prefix = colon === -1 ? '' : text.slice(0, colon)
  const rest = text.slice(colon + 1)
  switch (prefix) {
    case 'service':
      return { by: 'service', service: rest, text }
    case 'tf':
      return { by: 'terraform', address: rest, text }
    case 'cfn': {
      const slash = rest.indexOf('/')
      return slash === -1
        ? { by: 'stack', stack: rest, text }
        : { by: 'stack', stack: rest.slice(0, slash), logicalId: rest.slice(slash + 1), text }
    }
    case 'k8s': {
      const path = readKubernetesPath(rest)
      return path === undefined
        ? `\`${text}\`: ${KUBERNETES_RULE}`
        : { by: 'kubernetes', ...path, text }
    }
    case 'arn':
      return { by: 'arn', arn: text, text }
    case 'yaml':
    case 'env':
      return { by: 'id', id: text, text }
    default:
      return { by: 'any', value: text, text }
  }
}

/**
 * Reads a selector as written in hand-written YAML: a string, or a mapping with one of `id`,
 * `arn`, `terraform`, `physicalId`, `name`, `stack` (with `logicalId`), `kubernetes`, `service`,
 * and optionally `environment`. Gives a message instead when it is not one.
 */
export function readResourceSelector(value: unknown): ResourceSelector | string {
  if (typeof value === 'string') {
    return value.trim() === ''
      ? 'expected a resource, got an empty string'
      : readSelectorString(value.trim())
  }
  if (!isRecord(value))
    return 'expected a resource id (`tf:…`, `arn:…`, …) or a mapping such as `{ terraform: ADDRESS }`'
  const keys = IDENTIFYING_KEYS.filter((key) => key in value)
  const unknown = Object.keys(value).filter(
    (key) =>
      !(IDENTIFYING_KEYS as readonly string[]).includes(key) &&
      key !== 'environment' &&
      key !== 'logicalId',
  )
  if (unknown.length > 0) {
    return `unknown key \`${unknown[0] ?? ''}\`: expected one of ${IDENTIFYING_KEYS.join(', ')}, logicalId, environment`
  }
  if (keys.length !== 1) {
    return `expected exactly one of ${IDENTIFYING_KEYS.join(', ')}${keys.length > 1 ? `, got ${keys.join(' and ')}` : ''}`
  }
  const environment = value.environment
  if (environment !== undefined && (typeof environment !== 'string' || environment === '')) {
    return 'field `environment`: expected an environment name'
  }
  const scope = environment === undefined ? {} : { environment }
  const key = keys[0] as (typeof IDENTIFYING_KEYS)[number]
  const logicalId = value.logicalId
  if (
    logicalId !== undefined &&
    (key !== 'stack' || typeof logicalId !== 'string' || logicalId === '')
  ) {
    return 'field `logicalId`: expected a logical id, together with `stack`'
  }
  const raw = value[key]
  if (key === 'kubernetes' && isRecord(raw)) {
    const { kind, namespace, name } = raw
    if (typeof kind !== 'string' || kind === '' || typeof name !== 'string' || name === '') {
      return 'field `kubernetes`: expected `kind` and `name` (and `namespace` for namespaced objects)'
    }
    if (namespace !== undefined && (typeof namespace !== 'string' || namespace === '')) {
      return 'field `kubernetes.namespace`: expected a namespace name'
    }
    const text =
      namespace === undefined ? `k8s:${kind}/${name}` : `k8s:${namespace}/${kind}/${name}`
    return {
      by: 'kubernetes',
      kind,
      ...(namespace === undefined ? {} : { namespace }),
      name,
      text,
      ...scope,
    }
  }
  if (typeof raw !== 'string' || raw === '') return `field \`${key}\`: expected a non-empty string`
  switch (key) {
    case 'id':
      return { by: 'id', id: raw, text: raw, ...scope }
    case 'arn':
      return { by: 'arn', arn: raw, text: raw, ...scope }
    case 'terraform':
      return { by: 'terraform', address: raw, text: `tf:${raw}`, ...scope }
    case 'physicalId':
      return { by: 'physical-id', physicalId: raw, text: raw, ...scope }
    case 'name':
      return { by: 'name', name: raw, text: raw, ...scope }
    case 'service':
      return { by: 'service', service: raw, text: `service:${raw}`, ...scope }
    case 'stack':
      return typeof logicalId === 'string'
        ? { by: 'stack', stack: raw, logicalId, text: `cfn:${raw}/${logicalId}`, ...scope }
        : { by: 'stack', stack: raw, text: `cfn:${raw}`, ...scope }
    case 'kubernetes': {
      const path = readKubernetesPath(raw)
      return path === undefined
        ? `field \`kubernetes\`: ${KUBERNETES_RULE}`
        : { by: 'kubernetes', ...path, text: `k8s:${raw}`, ...scope }
    }
  }
}
