import {
  createEffect,
  createOpaqueEffect,
  type EffectScope,
  type EffectVerb,
} from '../../model/effect.js'
import type { Risk } from '../../model/risk.js'
import { inferEnvironment } from '../infer-environment.js'
import {
  clearsFinalizers,
  isKnownKubernetesKind,
  judgeKubernetesDeletion,
  normaliseKubernetesKind,
} from '../kubernetes/kubernetes-kind.js'
import { environmentPhrase } from '../shell/rules/cloud-environment.js'
import { analyzeShell } from '../shell/shell-analyzer.js'
import { dryRunEffect } from './dry-run-effect.js'
import type { HttpRequest, HttpRuleResult } from './http-request.js'
import { isOn, requestParameter } from './http-request.js'
import { quoteShellWord } from './quote-shell-word.js'

interface KubePath {
  readonly namespace?: string
  /** The plural resource as the path spells it: `deployments`. */
  readonly resource?: string
  readonly name?: string
  readonly subresource?: string
  readonly watch: boolean
}

const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize'])

// `/api/v1/namespaces/prod/pods/web-1/exec`, `/apis/apps/v1/namespaces/prod/deployments/api`.
function readKubePath(segments: readonly string[]): KubePath | undefined {
  let rest: readonly string[]
  if (segments[0] === 'api' && /^v\d/.test(segments[1] ?? '')) rest = segments.slice(2)
  else if (segments[0] === 'apis' && segments.length >= 3 && /^v\d/.test(segments[2] ?? ''))
    rest = segments.slice(3)
  else return undefined
  const watch = rest[0] === 'watch'
  if (watch) rest = rest.slice(1)
  if (rest[0] === 'namespaces') {
    const namespace = rest[1]
    if (namespace === undefined) return { resource: 'namespaces', watch }
    if (rest.length === 2 || NAMESPACE_SUBRESOURCES.has(rest[2] ?? '')) {
      const sub = rest[2]
      return {
        resource: 'namespaces',
        name: namespace,
        watch,
        ...(sub === undefined ? {} : { subresource: sub }),
      }
    }
    const [resource, name, subresource] = rest.slice(2)
    return {
      namespace,
      watch,
      ...(resource === undefined ? {} : { resource }),
      ...(name === undefined ? {} : { name }),
      ...(subresource === undefined ? {} : { subresource }),
    }
  }
  const [resource, name, subresource] = rest
  return {
    watch,
    ...(resource === undefined ? {} : { resource }),
    ...(name === undefined ? {} : { name }),
    ...(subresource === undefined ? {} : { subresource }),
  }
}

interface KubeJudgement {
  readonly risk: Risk
  readonly verb: EffectVerb
  readonly scope: EffectScope
  readonly reason: string
}

function describeObject(path: KubePath, kind: string): string {
  const where = path.namespace === undefined ? '' : ` in namespace \`${path.namespace}\``
  if (path.name === undefined) return `every ${kind}${where}`
  return `${kind} \`${path.name}\`${where}`
}

function selectorOf(request: HttpRequest): string | undefined {
  const query = request.url.searchParams
  return query.get('labelSelector') ?? query.get('fieldSelector') ?? undefined
}

function isOrphaning(request: HttpRequest): boolean {
  const policy = requestParameter(request, 'propagationPolicy')
  return (
    (typeof policy === 'string' && policy.toLowerCase() === 'orphan') ||
    isOn(requestParameter(request, 'orphanDependents'))
  )
}

function judgeDelete(request: HttpRequest, path: KubePath, kind: string): KubeJudgement {
  const selector = selectorOf(request)
  const sweep = path.name === undefined && selector === undefined
  const judged = judgeKubernetesDeletion(kind, { sweep, orphan: isOrphaning(request) })
  const filter = selector === undefined ? '' : ` matching \`${selector}\``
  const scope = selector !== undefined && judged.scope === 'item' ? 'collection' : judged.scope
  return {
    risk: judged.risk,
    verb: 'delete',
    scope,
    reason: `deletes ${describeObject(path, kind)}${filter}${judged.note === undefined ? '' : `; ${judged.note}`}`,
  }
}

function judgeChange(request: HttpRequest, path: KubePath, kind: string): KubeJudgement {
  if (clearsFinalizers(request.body)) {
    return {
      risk: 'destructive',
      verb: 'delete',
      scope: kind === 'namespace' ? 'namespace' : 'item',
      reason: `clears the finalizers of ${describeObject(path, kind)}; a pending deletion then completes`,
    }
  }
  if (path.subresource === 'scale') {
    const replicas = readReplicas(request.body)
    return {
      risk: 'mutating',
      verb: 'scale',
      scope: 'item',
      reason: `scales ${describeObject(path, kind)} to ${replicas ?? '?'} replicas${replicas === 0 ? ', taking it down' : ''}`,
    }
  }
  if (request.method === 'POST') {
    if (path.subresource === 'eviction') {
      return {
        risk: 'mutating',
        verb: 'stop',
        scope: 'item',
        reason: `evicts ${describeObject(path, kind)}; a controller reschedules it`,
      }
    }
    return {
      risk: 'mutating',
      verb: 'create',
      scope: 'item',
      reason:
        `creates ${path.subresource ?? kind} ${path.name === undefined ? '' : `for \`${path.name}\` `}${path.namespace === undefined ? '' : `in namespace \`${path.namespace}\``}`.trimEnd(),
    }
  }
  return {
    risk: 'mutating',
    verb: request.method === 'PUT' ? 'overwrite' : 'write',
    scope: 'item',
    reason: `${request.method === 'PUT' ? 'replaces' : 'patches'} ${describeObject(path, kind)}`,
  }
}

function readReplicas(body: unknown): number | undefined {
  if (typeof body !== 'object' || body === null) return undefined
  const spec = (body as Record<string, unknown>).spec
  if (typeof spec !== 'object' || spec === null) return undefined
  const replicas = (spec as Record<string, unknown>).replicas
  return typeof replicas === 'number' ? replicas : undefined
}

// `POST …/pods/web-1/exec?command=sh&command=-c&command=…` runs the command in the container.
function analyzeExec(request: HttpRequest, path: KubePath): HttpRuleResult {
  const argv = request.url.searchParams.getAll('command')
  const pod = `pod \`${path.name ?? '?'}\``
  if (argv.length === 0 || path.subresource === 'attach') {
    return {
      effects: [
        createOpaqueEffect(
          'k8s',
          `${request.shown} sends input airlock cannot see to ${pod}`,
          request.source,
        ),
      ],
      issues: [],
    }
  }
  const shell = analyzeShell(argv.map(quoteShellWord).join(' '), {
    cwd: '/',
    ...(request.environment === undefined ? {} : { environment: request.environment }),
  })
  return { effects: shell.effects, issues: shell.issues }
}

const KUBERNETES_HOST = /(^|[.-])(k8s|kube|kubernetes|apiserver|kube-apiserver)([.-]|$)/

// `/api/v1/…` is common outside Kubernetes: that prefix needs a namespace, a known kind or an
// API-server host before the call is read as Kubernetes. `/apis/{group}/{version}` is its own.
function isKubernetesCall(request: HttpRequest, path: KubePath): boolean {
  if (request.segments[0] === 'apis') return true
  if (path.namespace !== undefined || path.resource === 'namespaces' || path.watch) return true
  if (path.resource !== undefined && isKnownKubernetesKind(normaliseKubernetesKind(path.resource)))
    return true
  return request.url.port === '6443' || KUBERNETES_HOST.test(request.url.hostname)
}

/**
 * Judges a call of the Kubernetes API by its path layout (`/api/v1/namespaces/{ns}/{resource}`,
 * `/apis/{group}/{version}/…`), the same way the kubectl rules judge kinds. Gives `undefined`
 * when the path is not that layout.
 */
export function judgeKubernetesApiCall(request: HttpRequest): HttpRuleResult | undefined {
  const path = readKubePath(request.segments)
  if (path === undefined || !isKubernetesCall(request, path)) return undefined
  const kind = path.resource === undefined ? 'api' : normaliseKubernetesKind(path.resource)
  const environment =
    inferEnvironment([path.namespace ?? '', kind === 'namespace' ? (path.name ?? '') : '']) ??
    request.environment
  const effect = (judgement: KubeJudgement) =>
    createEffect({
      system: 'k8s',
      verb: judgement.verb,
      target: request.target,
      scope: judgement.scope,
      risk: judgement.risk,
      reason: `${request.shown} ${judgement.reason}${environmentPhrase(environment)}`,
      source: request.source,
    })
  const dryRun = request.url.searchParams.get('dryRun')
  if (dryRun !== null && isOn(dryRun))
    return { effects: [dryRunEffect(request, `dryRun=${dryRun}`)], issues: [] }
  if (path.subresource === 'exec' || path.subresource === 'attach')
    return analyzeExec(request, path)
  if (path.subresource === 'proxy' && request.method !== 'GET' && request.method !== 'HEAD') {
    return {
      effects: [
        createOpaqueEffect(
          'k8s',
          `${request.shown} forwards a ${request.method} to the workload itself, which airlock cannot judge`,
          request.source,
        ),
      ],
      issues: [],
    }
  }
  switch (request.method) {
    case 'GET':
    case 'HEAD':
    case 'OPTIONS':
      return {
        effects: [
          effect({
            risk: 'safe',
            verb: 'read',
            scope: path.name === undefined ? 'collection' : 'item',
            reason: `${path.watch ? 'watches' : 'reads'} ${path.resource === undefined ? 'the api' : describeObject(path, kind)}`,
          }),
        ],
        issues: [],
      }
    case 'DELETE':
      return { effects: [effect(judgeDelete(request, path, kind))], issues: [] }
    case 'POST':
    case 'PUT':
    case 'PATCH':
      return { effects: [effect(judgeChange(request, path, kind))], issues: [] }
  }
}
