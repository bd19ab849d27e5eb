import {
  createEffect,
  createOpaqueEffect,
  type Effect,
  type EffectScope,
  type EffectVerb,
} from '../../model/effect.js'
import { maxRisk, type Risk } from '../../model/risk.js'
import { isOn } from '../http-call/http-request.js'
import { judgeOperation } from '../http-call/judge-operation.js'
import { classifyObject, describeObject, type OperationName } from '../http-call/operation-name.js'
import {
  clearsFinalizers,
  isKnownKubernetesKind,
  judgeKubernetesDeletion,
  normaliseKubernetesKind,
} from '../kubernetes/kubernetes-kind.js'
import {
  classifyPath,
  describePathClass,
  riskOfDeleting,
  riskOfOverwriting,
} from '../shell/path-meaning.js'
import { environmentPhrase } from '../shell/rules/cloud-environment.js'
import { describeAct, quoteNames, thirdPerson } from '../shell/rules/cloud-wording.js'
import type { McpCallContext } from './mcp-call-context.js'
import {
  findArgument,
  hasFlag,
  joinedKey,
  repositoryOf,
  stringsOf,
  targetNames,
  type ToolArgument,
} from './tool-arguments.js'

interface NameJudgement {
  readonly risk: Risk
  readonly verb: EffectVerb
  readonly scope: EffectScope
  readonly reason: string
  readonly target?: string
}

const PATH_KEYS = new Set([
  'path',
  'paths',
  'file',
  'filepath',
  'filename',
  'directory',
  'dir',
  'target',
])
// Switches that turn a change into a deletion: `sync_bucket {delete: true}`.
const DELETE_FLAGS = new Set([
  'delete',
  'purge',
  'prune',
  'wipe',
  'destroy',
  'truncate',
  'overwrite',
])
const WHOLE_FILE_WRITES = new Set(['write', 'overwrite', 'put', 'save', 'upload'])

function stringArgument(context: McpCallContext, keys: readonly string[]): string | undefined {
  return stringsOf(findArgument(context.args, (words) => keys.includes(joinedKey(words)))?.value)[0]
}

function namespaceOf(context: McpCallContext): string | undefined {
  return stringArgument(context, ['namespace', 'ns'])
}

// Where the targets are, for reasons: `` in `acme/infra` ``, `` in namespace `prod` ``.
function location(context: McpCallContext, noun = ''): string {
  const repository =
    noun === 'repository' || noun === 'repo' ? undefined : repositoryOf(context.args)
  const namespace = namespaceOf(context)
  return `${repository === undefined ? '' : ` in \`${repository}\``}${namespace === undefined ? '' : ` in namespace \`${namespace}\``}`
}

function where(context: McpCallContext): string {
  return `${location(context)}${environmentPhrase(context.environment)}`
}

// Kubernetes tools hand `dryRun` to the API server, which honours it; another server may ignore
// an argument it does not know and do the real thing, so elsewhere the flag changes nothing.
function isDryRun(context: McpCallContext): boolean {
  return context.kubernetes && hasFlag(context.args, (words) => joinedKey(words) === 'dryrun')
}

// The kind a Kubernetes tool acts on: its name's noun (`delete_pod`) or a kind argument.
function kubernetesKind(context: McpCallContext, operation: OperationName): string | undefined {
  const noun = operation.object.at(-1)
  if (noun !== undefined && isKnownKubernetesKind(normaliseKubernetesKind(noun)))
    return normaliseKubernetesKind(noun)
  const given = stringArgument(context, [
    'resourcetype',
    'resourcekind',
    'kind',
    'type',
    'resource',
    'objecttype',
  ])
  return given === undefined ? undefined : normaliseKubernetesKind(given)
}

function judgeKubernetesDelete(
  context: McpCallContext,
  operation: OperationName,
  kind: string,
): NameJudgement {
  const names = stringsOf(
    findArgument(context.args, (words) =>
      ['name', 'names', 'resourcename'].includes(joinedKey(words)),
    )?.value,
  )
  const selector = stringArgument(context, ['labelselector', 'selector', 'fieldselector', 'label'])
  const all =
    hasFlag(context.args, (words) => ['all', 'allnamespaces'].includes(joinedKey(words))) ||
    operation.object.includes('all')
  const cascade = stringArgument(context, ['propagationpolicy', 'cascade'])
  const judged = judgeKubernetesDeletion(kind, {
    sweep: all || (names.length === 0 && selector === undefined),
    orphan: cascade !== undefined && /orphan|false/i.test(cascade),
  })
  const what =
    names.length === 0
      ? `every ${kind}${selector === undefined ? '' : ` matching \`${selector}\``}`
      : `${kind} ${quoteNames(names)}`
  const namespace = namespaceOf(context)
  return {
    risk: judged.risk,
    verb: 'delete',
    scope: selector !== undefined && judged.scope === 'item' ? 'collection' : judged.scope,
    reason: `deletes ${what}${where(context)}${judged.note === undefined ? '' : `; ${judged.note}`}`,
    target: `k8s:${namespace ?? ''}/${kind}/${names.join(',') || '*'}`,
  }
}

function pathArguments(context: McpCallContext): string[] {
  return context.args
    .filter((arg) => PATH_KEYS.has(joinedKey(arg.words)) || arg.words.at(-1) === 'path')
    .flatMap((arg) => stringsOf(arg.value))
}

function judgeLocalFiles(
  context: McpCallContext,
  operation: OperationName,
  paths: readonly string[],
): NameJudgement | undefined {
  if (context.gitHost || paths.length === 0) return undefined
  const meanings = paths.map((path) => classifyPath(path, context.cwd))
  const shownPaths = quoteNames(meanings.map((meaning) => meaning.path))
  if (operation.class === 'delete') {
    const recursive =
      operation.object.some((word) =>
        /^(dir|directory|directories|folder|folders|tree)$/.test(word),
      ) || hasFlag(context.args, (words) => joinedKey(words) === 'recursive')
    const risk = maxRisk(meanings.map((meaning) => riskOfDeleting(meaning, recursive)))
    const worst = meanings.find((meaning) => riskOfDeleting(meaning, recursive) === risk)
    return {
      risk,
      verb: 'delete',
      scope: recursive ? 'directory' : 'item',
      reason: `deletes ${shownPaths}${recursive ? ' recursively' : ''}${worst === undefined ? '' : `, ${describePathClass(worst)}`}`,
      target: meanings.map((meaning) => meaning.path).join(','),
    }
  }
  if (operation.class === 'change' && WHOLE_FILE_WRITES.has(operation.verb)) {
    const risk = maxRisk(meanings.map(riskOfOverwriting))
    const worst = meanings.find((meaning) => riskOfOverwriting(meaning) === risk)
    return {
      risk,
      verb: 'overwrite',
      scope: 'item',
      reason: `writes over ${shownPaths}${worst === undefined ? '' : `, ${describePathClass(worst)}`}`,
      target: meanings.map((meaning) => meaning.path).join(','),
    }
  }
  return undefined
}

function clearsAnyFinalizers(args: readonly ToolArgument[]): boolean {
  return args.some(
    (arg) =>
      clearsFinalizers(arg.value) ||
      (typeof arg.value === 'string' &&
        (/"?finalizers"?\s*:\s*(null|\[\s*\])/.test(arg.value) ||
          /"op"\s*:\s*"remove"[^}]*finalizers/.test(arg.value))),
  )
}

function judgeChange(context: McpCallContext, operation: OperationName): NameJudgement | undefined {
  if (context.kubernetes && clearsAnyFinalizers(context.args)) {
    return {
      risk: 'destructive',
      verb: 'delete',
      scope: 'item',
      reason: `removes finalizers${where(context)}; a pending deletion then completes`,
    }
  }
  const deleting = context.args.find(
    (arg) => DELETE_FLAGS.has(joinedKey(arg.words)) && isOn(arg.value),
  )
  if (deleting !== undefined) {
    return {
      risk: 'destructive',
      verb: 'delete',
      scope: 'collection',
      reason: `${describeAct(thirdPerson(operation.verb), describeObject(operation.object), [])} with \`${deleting.key}\` on, which deletes what is not kept${where(context)}`,
    }
  }
  const forced = hasFlag(context.args, (words) => ['force', 'forcepush'].includes(joinedKey(words)))
  const refWords = /^(ref|refs|branch|branches|push|tag|tags)$/
  if (
    forced &&
    (operation.verb === 'push' || operation.object.some((word) => refWords.test(word)))
  ) {
    return {
      risk: 'destructive',
      verb: 'rewrite-history',
      scope: 'item',
      reason: `force-updates ${quoteNames(targetNames(context.args, 'branch')) || 'a ref'}, rewriting remote history`,
    }
  }
  if (operation.effectVerb === 'scale') {
    const replicas = findArgument(context.args, (words) => joinedKey(words) === 'replicas')?.value
    const down = replicas === 0 || replicas === '0' ? ', taking it down' : ''
    const kind = context.kubernetes ? kubernetesKind(context, operation) : undefined
    return {
      risk: 'mutating',
      verb: 'scale',
      scope: 'item',
      reason: `scales ${kind === undefined ? '' : `${kind} `}${quoteNames(targetNames(context.args, ''))} to ${stringsOf(replicas)[0] ?? '?'} replicas${where(context)}${down}`,
    }
  }
  return undefined
}

function judgeDelete(context: McpCallContext, operation: OperationName): NameJudgement | undefined {
  if (context.kubernetes) {
    const kind = kubernetesKind(context, operation)
    if (kind !== undefined) return judgeKubernetesDelete(context, operation, kind)
  }
  const object = classifyObject(operation.object, context.gitHost)
  if (object.kind === 'file' && context.gitHost) {
    const names = targetNames(context.args, 'path')
    return {
      risk: 'mutating',
      verb: 'delete',
      scope: 'item',
      reason: `commits the removal of ${quoteNames(names) || 'a file'}; the file stays in history`,
    }
  }
  return undefined
}

function judgeByName(context: McpCallContext, operation: OperationName): NameJudgement {
  const special =
    operation.class === 'delete'
      ? judgeDelete(context, operation)
      : operation.class === 'change'
        ? judgeChange(context, operation)
        : undefined
  if (special !== undefined) return special
  const object = classifyObject(operation.object, context.gitHost)
  if (object.kind === 'file' || object.noun === '') {
    const files = judgeLocalFiles(
      context,
      operation,
      object.kind === 'file' ? pathArguments(context) : [],
    )
    if (files !== undefined) return files
  }
  const kind =
    context.kubernetes && operation.object.length === 0
      ? kubernetesKind(context, operation)
      : undefined
  const names = targetNames(context.args, kind ?? object.noun)
  const judged = judgeOperation(operation, {
    environment: context.environment,
    gitHost: context.gitHost,
    qualifiers: context.serverWords,
    names,
    location: location(context, object.noun),
    ...(kind === undefined ? {} : { fallbackObject: [kind] }),
    noBackup: hasFlag(
      context.args,
      (words) =>
        (words.includes('skip') && words.includes('snapshot')) ||
        (words.includes('delete') && words.some((word) => /^backups?$/.test(word))),
    ),
    sweep:
      operation.class === 'delete' &&
      hasFlag(context.args, (words) => ['all', 'deleteall'].includes(joinedKey(words))),
  })
  return {
    risk: judged.opaque === true ? 'destructive' : judged.risk,
    verb: judged.verb,
    scope: judged.scope,
    reason: judged.reason,
  }
}

/** What the server claims about the tool, for reasons; never used to judge. */
function claims(context: McpCallContext, risk: Risk | undefined): string {
  const hints = context.annotations
  if (hints === undefined) return ''
  if (hints.readOnlyHint === true && risk !== 'safe')
    return '; its server claims it is read-only, which airlock does not trust'
  if (hints.destructiveHint === false && (risk === 'destructive' || risk === 'catastrophic'))
    return '; its server claims it is not destructive, which airlock does not trust'
  return ''
}

function defaultTarget(context: McpCallContext, names: readonly string[]): string {
  const namespace = namespaceOf(context)
  const parts = [
    repositoryOf(context.args),
    namespace === undefined ? undefined : `namespace=${namespace}`,
    ...names.filter((name) => name !== repositoryOf(context.args)),
  ].filter((part): part is string => part !== undefined)
  return `${context.server}/${context.tool}${parts.length === 0 ? '' : ` ${parts.join(' ')}`}`
}

/**
 * Judges a tool call by its name and arguments: the verb its name carries, the object it acts
 * on and the targets its arguments name. Annotations never decide: a tool airlock understands
 * is judged by what it does, and one it does not understand is opaque whatever its server
 * claims. `contentFound` says the arguments carried content that was analysed on its own; an
 * execute tool is then judged by that content alone.
 */
export function judgeToolName(
  context: McpCallContext,
  operation: OperationName | undefined,
  contentFound: boolean,
): Effect[] {
  const source = `${context.server}/${context.tool}`
  if (operation === undefined) {
    const destructive = context.annotations?.destructiveHint !== false
    const claim =
      context.annotations?.readOnlyHint === true
        ? '; its server claims it is read-only, but a claim about an unknown tool is not evidence'
        : destructive
          ? '; its server does not rule out that it destroys data'
          : ''
    // Fail closed: a tool whose name says nothing may do anything its server can.
    return [
      createOpaqueEffect(
        context.system,
        `airlock does not know what tool ${context.shown} does${claim}`,
        source,
      ),
    ]
  }
  if (operation.class === 'execute' && contentFound) return []
  if (isDryRun(context) && operation.class !== 'read') {
    return [
      createEffect({
        system: context.system,
        verb: 'read',
        target: defaultTarget(context, []),
        risk: 'safe',
        reason: `${context.shown} is called as a dry run; it changes nothing`,
        source,
      }),
    ]
  }
  const judged = judgeByName(context, operation)
  const opaqueExecute = operation.class === 'execute' && judged.verb === 'execute'
  if (opaqueExecute) {
    return [
      createOpaqueEffect(
        context.system,
        `${context.shown} ${judged.reason}; its arguments carry nothing airlock can read`,
        source,
      ),
    ]
  }
  const names = targetNames(context.args, classifyObject(operation.object).noun)
  return [
    createEffect({
      system: judged.target?.startsWith('k8s:') === true ? 'k8s' : context.system,
      verb: judged.verb,
      target: judged.target ?? defaultTarget(context, names),
      scope: judged.scope,
      risk: judged.risk,
      reason: `${context.shown} ${judged.reason}${claims(context, judged.risk)}`,
      source,
    }),
  ]
}

/** The effect of a tool whose risk its operator declares; the declaration is trusted as is. */
export function declaredToolEffect(
  context: McpCallContext,
  operation: OperationName | undefined,
  risk: Risk,
  key: string,
): Effect {
  return createEffect({
    system: context.system,
    verb: risk === 'safe' ? 'read' : (operation?.effectVerb ?? 'unknown'),
    target: defaultTarget(context, targetNames(context.args, '')),
    risk,
    reason: `${context.shown} is declared ${risk} by its operator (\`${key}\`)${environmentPhrase(context.environment)}`,
    source: `${context.server}/${context.tool}`,
  })
}
