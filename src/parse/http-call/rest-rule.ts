import {
  createEffect,
  createOpaqueEffect,
  type Effect,
  type EffectScope,
  type EffectVerb,
} from '../../model/effect.js'
import type { Risk } from '../../model/risk.js'
import { clearsFinalizers } from '../kubernetes/kubernetes-kind.js'
import { environmentPhrase } from '../shell/rules/cloud-environment.js'
import { singularNoun } from '../shell/rules/cloud-wording.js'
import type { HttpRequest, HttpRuleResult } from './http-request.js'
import { isOn } from './http-request.js'
import { judgeOperation } from './judge-operation.js'
import {
  classifyObject,
  findOperation,
  judgeDeletion,
  type OperationName,
  splitName,
} from './operation-name.js'

// Index names that stand for every index of a search cluster.
const EVERYTHING = new Set(['_all', '*', '_*'])

// Words ending in `s` that name one thing, not a collection.
const NOT_PLURAL = new Set([
  'status',
  'access',
  'address',
  'alias',
  'analysis',
  'news',
  'settings',
  'stats',
  'canvas',
  'series',
  'species',
  'dns',
  'https',
  'aws',
  'gcs',
  'kms',
])

// Action endpoints a POST may call without changing anything: `_search`, `:query`, `/count`.
const POST_READS = new Set([
  'search',
  'msearch',
  'query',
  'count',
  'explain',
  'validate',
  'mget',
  'get',
  'list',
  'lookup',
  'find',
  'describe',
  'preview',
  'estimate',
  'diff',
  'plan',
  'check',
  'verify',
  'render',
  'simulate',
  'scan',
])

// Verbs whose side effects a GET can still cause when an API offers them as a link.
const GET_SIDE_EFFECTS = new Set<EffectVerb>([
  'delete',
  'overwrite',
  'restart',
  'stop',
  'deploy',
  'scale',
])

const GIT_HOST = /(^|\.)(github|gitlab|bitbucket|gitea|codeberg)\b/

/** True for a path segment naming a collection: `droplets`, `dns_records`, `resourceGroups`. */
function isCollectionWord(segment: string | undefined): boolean {
  if (segment === undefined || !/^[A-Za-z][A-Za-z_-]*$/.test(segment)) return false
  const last = splitName(segment).at(-1) ?? ''
  return last.endsWith('s') && !NOT_PLURAL.has(last) && singularNoun(last) !== last
}

interface RestTarget {
  /** Words of the collection the target belongs to: `dns records`, `repos`. */
  readonly noun: readonly string[]
  /** Words before the collection that qualify it (`Microsoft.Sql`, the host). */
  readonly qualifiers: readonly string[]
  readonly name?: string
  /** No single item is named: a bare collection or every index. */
  readonly sweep: boolean
  /** The name is a wildcard pattern (`logs-2025.05.*`): several items, not all. */
  readonly pattern: boolean
  /** The path names every index of a search cluster (`_all`, `*`). */
  readonly everything: boolean
}

function isSearchCluster(request: HttpRequest): boolean {
  return (
    request.url.port === '9200' ||
    /(^|[.-])(es|elastic|elasticsearch|opensearch|search)([.-]|$)/.test(request.url.hostname) ||
    request.segments.some((segment) => segment.startsWith('_'))
  )
}

function readRestTarget(request: HttpRequest, segments: readonly string[]): RestTarget {
  const host = splitName(request.url.hostname)
  const last = segments.at(-1)
  if (last === undefined)
    return { noun: [], qualifiers: host, sweep: true, pattern: false, everything: false }
  const qualifiersBefore = (index: number): string[] => [
    ...host,
    ...segments.slice(0, index).flatMap(splitName),
  ]
  if (last.split(',').every((part) => EVERYTHING.has(part))) {
    return { noun: ['index'], qualifiers: host, sweep: true, pattern: false, everything: true }
  }
  // A search cluster's first segment is an index name, not a collection: `DELETE /orders`.
  if (segments.length === 1 && isSearchCluster(request)) {
    return {
      noun: ['index'],
      qualifiers: host,
      name: last,
      sweep: false,
      pattern: last.includes('*'),
      everything: false,
    }
  }
  if (isCollectionWord(last)) {
    return {
      noun: splitName(last),
      qualifiers: qualifiersBefore(segments.length - 1),
      sweep: true,
      pattern: false,
      everything: false,
    }
  }
  let index = segments.length - 2
  while (index >= 0 && !isCollectionWord(segments[index])) index--
  const noun = index >= 0 ? splitName(segments[index] ?? '') : []
  return {
    noun,
    qualifiers: qualifiersBefore(Math.max(index, 0)),
    name: segments.slice(index + 1).join('/'),
    sweep: false,
    pattern: last.includes('*'),
    everything: false,
  }
}

function effect(
  request: HttpRequest,
  judged: { risk: Risk; verb: EffectVerb; scope: EffectScope; reason: string },
): Effect {
  return createEffect({
    system: request.system,
    verb: judged.verb,
    target: request.target,
    scope: judged.scope,
    risk: judged.risk,
    reason: `${request.shown} ${judged.reason}`,
    source: request.source,
  })
}

function result(...effects: Effect[]): HttpRuleResult {
  return { effects, issues: [] }
}

function filterPhrase(request: HttpRequest): string {
  const query = [...request.url.searchParams].map(([key, value]) => `${key}=${value}`).join('&')
  return query === '' ? '' : ` matching \`${query}\``
}

function judgeDelete(request: HttpRequest, segments: readonly string[], gitHost: boolean): Effect {
  if (segments.length === 0) {
    return createOpaqueEffect(
      request.system,
      `${request.shown} deletes the root of the api; airlock cannot tell what goes`,
      request.source,
    )
  }
  const target = readRestTarget(request, segments)
  const everything = isOn(request.url.searchParams.get('all'))
  const object = classifyObject([...target.qualifiers, ...target.noun], gitHost)
  const judged = judgeDeletion(object, {
    environment: request.environment,
    sweep: target.sweep || everything,
  })
  const noun = target.noun.length === 0 ? 'resource' : singularNoun(target.noun.join(' '))
  const what = target.sweep
    ? `every ${noun}${filterPhrase(request)}`
    : `${target.pattern ? `every ${noun} matching` : noun} \`${target.name ?? '?'}\``
  const scope: EffectScope = target.pattern && judged.scope === 'item' ? 'collection' : judged.scope
  return effect(request, {
    risk: judged.risk,
    verb: 'delete',
    scope,
    reason: `deletes ${what}${environmentPhrase(request.environment)}${judged.note === undefined ? '' : `; ${judged.note}`}`,
  })
}

// `/repos/{owner}/{repo}/…` on a git host: the repository, its files and its refs.
function judgeRepositoryCall(request: HttpRequest): Effect | undefined {
  const at = request.segments.indexOf('repos')
  if (at < 0 || request.segments.length < at + 3) return undefined
  const repository = `${request.segments[at + 1] ?? ''}/${request.segments[at + 2] ?? ''}`
  const rest = request.segments.slice(at + 3)
  const where = environmentPhrase(request.environment)
  if (rest.length === 0 && request.method === 'DELETE') {
    const judged = judgeDeletion(classifyObject(['repository']), {
      environment: request.environment,
    })
    return effect(request, {
      risk: judged.risk,
      verb: 'delete',
      scope: judged.scope,
      reason: `deletes repository \`${repository}\`${where}; ${judged.note ?? ''}`,
    })
  }
  if (rest[0] === 'contents' && (request.method === 'DELETE' || request.method === 'PUT')) {
    const path = rest.slice(1).join('/')
    return effect(request, {
      risk: 'mutating',
      verb: request.method === 'DELETE' ? 'delete' : 'write',
      scope: 'item',
      reason:
        request.method === 'DELETE'
          ? `commits the removal of \`${path}\` in \`${repository}\`; the file stays in history`
          : `commits \`${path}\` to \`${repository}\``,
    })
  }
  if (rest[0] === 'git' && rest[1] === 'refs') {
    const ref = rest.slice(2).join('/')
    if (request.method === 'DELETE') {
      return effect(request, {
        risk: 'destructive',
        verb: 'delete',
        scope: 'item',
        reason: `deletes ref \`${ref}\` of \`${repository}\`${where}`,
      })
    }
    if (request.method === 'PATCH' && isForced(request.body)) {
      return effect(request, {
        risk: 'destructive',
        verb: 'rewrite-history',
        scope: 'item',
        reason: `force-updates ref \`${ref}\` of \`${repository}\`, rewriting remote history`,
      })
    }
  }
  return undefined
}

function isForced(body: unknown): boolean {
  return typeof body === 'object' && body !== null && (body as { force?: unknown }).force === true
}

// Keys like `deletion_protection`, `deletionProtection`, `termination_protection`.
function disablesProtection(body: unknown, depth = 0): string | undefined {
  if (depth > 6 || typeof body !== 'object' || body === null) return undefined
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    const words = splitName(key)
    const protection =
      words.includes('protection') && (words.includes('deletion') || words.includes('termination'))
    const off = value === false || value === 'false' || value === 'disabled' || value === 'DISABLED'
    if (protection && off) return key
    const nested = disablesProtection(value, depth + 1)
    if (nested !== undefined) return nested
  }
  return undefined
}

// `"delete"` actions in an Elasticsearch `_bulk` body, one JSON line each.
function bulkDeletes(body: unknown): boolean {
  const text = typeof body === 'string' ? body : Array.isArray(body) ? JSON.stringify(body) : ''
  return /"delete"\s*:/.test(text)
}

// The operation an action endpoint names: `…/terminate`, `…/_delete_by_query`, `…/i-1:stop`.
function readAction(segments: readonly string[]):
  | {
      operation: OperationName
      resource: readonly string[]
    }
  | undefined {
  const last = segments.at(-1)
  if (last === undefined) return undefined
  const custom = /^(.*):([A-Za-z][A-Za-z_-]*)$/.exec(last)
  if (custom !== null) {
    const operation = findOperation(splitName(custom[2] ?? ''))
    if (operation !== undefined)
      return {
        operation,
        resource:
          (custom[1] ?? '') === ''
            ? segments.slice(0, -1)
            : [...segments.slice(0, -1), custom[1] ?? ''],
      }
  }
  const words = splitName(last)
  const operation = findOperation(words)
  if (operation === undefined || operation.verb !== words[0]) return undefined
  return { operation, resource: segments.slice(0, -1) }
}

function judgeAction(
  request: HttpRequest,
  operation: OperationName,
  resource: readonly string[],
  gitHost: boolean,
): Effect {
  const target = readRestTarget(request, resource)
  const names = target.name === undefined ? [] : [target.name]
  // `/zones/z1/purge_cache` acts on the zone's cache; `/instances/i-1/terminate` on the instance.
  const ownObject = operation.object.length > 0
  const noun = target.noun.length > 0 ? target.noun : names.flatMap(splitName)
  const judged = judgeOperation(operation, {
    environment: request.environment,
    gitHost,
    qualifiers: target.qualifiers,
    fallbackObject: noun,
    sweep: target.everything,
    ...(ownObject
      ? {
          location:
            target.name === undefined
              ? ''
              : ` on ${target.noun.length === 0 ? 'resource' : singularNoun(target.noun.join(' '))} \`${target.name}\``,
        }
      : { names: target.noun.length > 0 ? names : [] }),
  })
  if (judged.opaque === true)
    return createOpaqueEffect(request.system, `${request.shown} ${judged.reason}`, request.source)
  return effect(request, judged)
}

function judgeChange(request: HttpRequest, segments: readonly string[]): Effect {
  const key = disablesProtection(request.body)
  if (key !== undefined) {
    // Turning a safeguard off is judged as the loss it makes possible, not as a setting.
    return effect(request, {
      risk: 'destructive',
      verb: 'permission',
      scope: 'item',
      reason: `turns deletion protection off (\`${key}\`)${environmentPhrase(request.environment)}; the next delete is irreversible`,
    })
  }
  if (clearsFinalizers(request.body)) {
    return effect(request, {
      risk: 'destructive',
      verb: 'delete',
      scope: 'item',
      reason: 'clears the finalizers of an object; a pending deletion then completes',
    })
  }
  const target = readRestTarget(request, segments)
  const noun = target.noun.length === 0 ? 'resource' : singularNoun(target.noun.join(' '))
  if (request.method === 'POST') {
    if (segments.at(-1) === '_bulk' && bulkDeletes(request.body)) {
      return effect(request, {
        risk: 'destructive',
        verb: 'delete',
        scope: 'collection',
        reason: 'sends a bulk request that deletes documents',
      })
    }
    return effect(request, {
      risk: 'mutating',
      verb: 'create',
      scope: 'item',
      reason: `creates ${target.sweep ? noun : `under ${noun} \`${target.name ?? '?'}\``}${environmentPhrase(request.environment)}`,
    })
  }
  const replicas = /"replicas"\s*:\s*0\b/.test(JSON.stringify(request.body ?? null))
  return effect(request, {
    risk: 'mutating',
    verb: request.method === 'PUT' ? 'overwrite' : 'write',
    scope: 'item',
    reason: `${request.method === 'PUT' ? 'replaces' : 'updates'} ${target.sweep ? noun : `${noun} \`${target.name ?? '?'}\``}${environmentPhrase(request.environment)}${replicas ? '; it scales to 0 replicas, taking it down' : ''}`,
  })
}

/**
 * Judges a REST call by method and path: reads are safe unless the path names a side effect;
 * a DELETE costs what its target is worth (one item, a collection, a whole environment); a POST
 * to an action endpoint does what the action says; other writes mutate unless their body turns
 * a safeguard off or forces a deletion through.
 */
export function judgeRestCall(request: HttpRequest): HttpRuleResult {
  const gitHost = GIT_HOST.test(request.url.hostname)
  if (gitHost || request.segments[0] === 'repos') {
    const judged = judgeRepositoryCall(request)
    if (judged !== undefined) return result(judged)
  }
  const segments = request.segments
  switch (request.method) {
    case 'GET':
    case 'HEAD':
    case 'OPTIONS': {
      const lastHasDigits = /\d/.test(segments.at(-1) ?? '')
      const actionSegments = lastHasDigits ? segments.slice(0, -1) : segments
      const action = readAction(actionSegments)
      if (action !== undefined && GET_SIDE_EFFECTS.has(action.operation.effectVerb)) {
        return result(judgeAction(request, action.operation, action.resource, gitHost))
      }
      return result(
        effect(request, {
          risk: 'safe',
          verb: 'read',
          scope: 'item',
          reason: `only reads${environmentPhrase(request.environment)}`,
        }),
      )
    }
    case 'DELETE':
      return result(judgeDelete(request, segments, gitHost))
    case 'POST':
    case 'PUT':
    case 'PATCH': {
      const action = readAction(segments)
      if (action !== undefined) {
        const { operation } = action
        const read = operation.class === 'read'
        if (read && request.method === 'POST' && POST_READS.has(operation.verb)) {
          return result(
            effect(request, {
              risk: 'safe',
              verb: 'read',
              scope: 'collection',
              reason: `only ${operation.verb === 'search' ? 'searches' : 'reads'}${environmentPhrase(request.environment)}`,
            }),
          )
        }
        if (!read) return result(judgeAction(request, operation, action.resource, gitHost))
      }
      return result(judgeChange(request, segments))
    }
  }
}
