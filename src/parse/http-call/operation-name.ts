import type { EffectScope, EffectVerb } from '../../model/effect.js'
import type { Risk } from '../../model/risk.js'
import type { InferredEnvironment } from '../infer-environment.js'
import { singularNoun } from '../shell/rules/cloud-wording.js'

/** What an operation's verb does to its object, before the object is looked at. */
export type OperationClass = 'read' | 'execute' | 'change' | 'delete'

/**
 * An operation named in words: an MCP tool (`delete_file`), a GraphQL mutation field
 * (`deleteRepository`), an AWS query action (`TerminateInstances`) or a REST action endpoint
 * (`_delete_by_query`).
 */
export interface OperationName {
  readonly words: readonly string[]
  /** The word that says what happens, as written (lowercase). */
  readonly verb: string
  readonly class: OperationClass
  readonly effectVerb: EffectVerb
  /** Meaningful words after the verb, fillers dropped: `delete_workflow_run_logs` gives `workflow run logs`. */
  readonly object: readonly string[]
}

interface VerbMeaning {
  readonly class: OperationClass
  readonly effectVerb: EffectVerb
}

const READ: VerbMeaning = { class: 'read', effectVerb: 'read' }
const EXECUTE: VerbMeaning = { class: 'execute', effectVerb: 'execute' }
const DELETE: VerbMeaning = { class: 'delete', effectVerb: 'delete' }

function meanings(words: readonly string[], meaning: VerbMeaning): [string, VerbMeaning][] {
  return words.map((word) => [word, meaning])
}

function changes(effectVerb: EffectVerb, words: readonly string[]): [string, VerbMeaning][] {
  return meanings(words, { class: 'change', effectVerb })
}

const VERBS: ReadonlyMap<string, VerbMeaning> = new Map([
  ...meanings(
    [
      'get',
      'list',
      'ls',
      'read',
      'search',
      'describe',
      'show',
      'fetch',
      'find',
      'view',
      'lookup',
      'query',
      'count',
      'explain',
      'inspect',
      'check',
      'status',
      'diff',
      'watch',
      'logs',
      'tail',
      'top',
      'whoami',
      'stat',
      'cat',
      'browse',
      'preview',
      'validate',
      'lint',
      'analyze',
      'analyse',
      'download',
      'export',
      'print',
      'ping',
      'retrieve',
      'select',
      'scan',
      'compare',
      'plan',
      'estimate',
      'verify',
      'exists',
      'history',
      'trace',
      'poll',
      'wait',
      'summarize',
      'summarise',
      'discover',
      'introspect',
      'msearch',
      'mget',
      'info',
      'health',
      'render',
      'simulate',
      'test',
    ],
    READ,
  ),
  ...meanings(['run', 'exec', 'execute', 'call', 'invoke', 'eval', 'shell', 'bash', 'sh'], EXECUTE),
  ...changes('create', [
    'create',
    'add',
    'new',
    'insert',
    'post',
    'open',
    'fork',
    'clone',
    'copy',
    'generate',
    'init',
    'initialize',
    'provision',
    'register',
    'invite',
    'comment',
    'reply',
    'submit',
    'request',
    'schedule',
    'enqueue',
    'send',
    'notify',
    'upload',
    'import',
    'star',
    'follow',
    'subscribe',
    'record',
    'save',
    'store',
    'allocate',
  ]),
  ...changes('write', [
    'put',
    'write',
    'update',
    'upsert',
    'edit',
    'modify',
    'set',
    'patch',
    'apply',
    'configure',
    'commit',
    'merge',
    'rebase',
    'label',
    'tag',
    'untag',
    'assign',
    'unassign',
    'approve',
    'reject',
    'dismiss',
    'close',
    'reopen',
    'resolve',
    'mark',
    'lock',
    'unlock',
    'pin',
    'unpin',
    'archive',
    'unarchive',
    'unstar',
    'unfollow',
    'unsubscribe',
    'rename',
    'move',
    'transfer',
    'sync',
    'cancel',
    'abort',
    'enable',
    'disable',
    'toggle',
    'attach',
    'detach',
    'associate',
    'disassociate',
    'deregister',
    'unregister',
    'grant',
    'revoke',
    'rotate',
    'renew',
    'refresh',
    'invalidate',
    'acknowledge',
    'ack',
    'snooze',
    'mute',
    'unmute',
    'replace',
    'restore',
    'revert',
    'undo',
    'increment',
    'decrement',
    'cordon',
    'uncordon',
    'taint',
    'annotate',
    'expose',
    'autoscale',
    'install',
    'upgrade',
    'downgrade',
    'react',
    'promote',
    'failover',
  ]),
  ...changes('permission', ['chmod', 'chown', 'share', 'unshare']),
  ...changes('deploy', [
    'deploy',
    'redeploy',
    'release',
    'publish',
    'push',
    'rollout',
    'rollback',
    'trigger',
    'dispatch',
    'rerun',
    'retry',
    'build',
  ]),
  ...changes('restart', ['restart', 'reboot', 'reload', 'rebuild', 'redrive']),
  ...changes('stop', [
    'stop',
    'start',
    'pause',
    'resume',
    'suspend',
    'unsuspend',
    'shutdown',
    'poweroff',
    'deallocate',
    'hibernate',
    'kill',
    'drain',
    'evict',
  ]),
  ...changes('scale', ['scale', 'resize']),
  ...meanings(
    [
      'delete',
      'del',
      'remove',
      'rm',
      'destroy',
      'drop',
      'purge',
      'terminate',
      'truncate',
      'wipe',
      'reset',
      'erase',
      'uninstall',
      'flush',
      'flushall',
      'flushdb',
      'prune',
      'clear',
      'empty',
      'discard',
      'expunge',
      'nuke',
      'shred',
      'obliterate',
      'decommission',
    ],
    DELETE,
  ),
  ...meanings(['overwrite', 'reimage'], { class: 'delete', effectVerb: 'overwrite' }),
])

// Delete words that are never anything else, so they count wherever they stand in a name.
const UNAMBIGUOUS_DELETE = new Set([
  'delete',
  'destroy',
  'drop',
  'purge',
  'terminate',
  'truncate',
  'wipe',
  'erase',
  'remove',
  'uninstall',
  'flushall',
  'flushdb',
])

// Words that carry no meaning for what an operation acts on: `delete_by_query`, `get_file_by_id`.
const FILLERS = new Set([
  'a',
  'an',
  'the',
  'by',
  'and',
  'or',
  'of',
  'for',
  'from',
  'in',
  'on',
  'at',
  'to',
  'with',
  'if',
  'exists',
  'id',
  'ids',
  'uid',
  'name',
  'names',
  'force',
  'forced',
  'permanently',
  'details',
  'detail',
  'info',
  'api',
  'mcp',
  'tool',
])

/**
 * Splits an identifier into lowercase words at `_`, `-`, `.`, `/`, `:`, spaces and case changes:
 * `ExecuteTerraformCommand` gives `execute terraform command`, `DeleteDBInstance` gives
 * `delete db instance`, `mcp__github__delete_file` gives `mcp github delete file`.
 */
export function splitName(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '')
}

function isFiller(word: string): boolean {
  return FILLERS.has(word) || /^(v\d+\w*|\d+)$/.test(word)
}

/**
 * Finds the operation in a name's words: the first word that is a verb airlock knows. A later
 * unambiguous delete word (`get_and_delete_item`) takes over, since a name that says both must be
 * judged by its worse half. Gives `undefined` when no word is a known verb.
 */
export function findOperation(words: readonly string[]): OperationName | undefined {
  const index = words.findIndex((word) => VERBS.has(word))
  if (index < 0) return undefined
  const first = words[index] ?? ''
  const firstMeaning = VERBS.get(first) ?? EXECUTE
  const laterDelete =
    firstMeaning.class === 'delete'
      ? -1
      : words.findIndex((word, at) => at > index && UNAMBIGUOUS_DELETE.has(word))
  const at = laterDelete < 0 ? index : laterDelete
  const verb = words[at] ?? first
  const meaning = VERBS.get(verb) ?? firstMeaning
  // Object-first names (`namespaces_delete`, `stack_destroy`) carry the object before the verb.
  const after = words.slice(at + 1).filter((word) => !isFiller(word))
  const before = words.slice(0, at).filter((word) => !isFiller(word) && !VERBS.has(word))
  return {
    words,
    verb,
    class: meaning.class,
    effectVerb: meaning.effectVerb,
    object: after.length > 0 ? after : before,
  }
}

/** What kind of thing an operation's object is, which decides what losing it costs. */
export type ObjectKind =
  | 'whole'
  | 'database'
  | 'database-server'
  | 'schema'
  | 'application'
  | 'repository'
  | 'git-ref'
  | 'file'
  | 'regenerable'
  | 'other'

/** The head noun of an object and what it stands for. */
export interface ObjectMeaning {
  readonly noun: string
  readonly kind: ObjectKind
  readonly scope: EffectScope
  /** True when the words say every one of them (`delete_all_users`, `deleteAll`). */
  readonly sweep: boolean
}

const WHOLE_SCOPES: Readonly<Record<string, EffectScope>> = {
  environment: 'environment',
  env: 'environment',
  workspace: 'environment',
  resourcegroup: 'environment',
  namespace: 'namespace',
  cluster: 'cluster',
  stack: 'stack',
  project: 'account',
  account: 'account',
  organization: 'account',
  organisation: 'account',
  org: 'account',
  subscription: 'account',
  tenant: 'account',
}

const DATABASE_QUALIFIERS = new Set([
  'db',
  'database',
  'sql',
  'rds',
  'aurora',
  'postgres',
  'postgresql',
  'mysql',
  'mariadb',
  'mongo',
  'mongodb',
  'docdb',
  'neptune',
  'redshift',
  'cosmos',
  'cosmosdb',
  'sqladmin',
  'spanner',
])

const REGENERABLE = new Set([
  'cache',
  'cdn',
  'password',
  'token',
  'session',
  'lock',
  'cookie',
  'tmp',
  'temp',
  'scratch',
])

const FILES = new Set(['file', 'directory', 'dir', 'folder', 'path', 'content', 'blob'])

/**
 * Reads what an operation's object words stand for. The last meaningful word is the head noun
 * (`db_cluster_snapshot` is a snapshot); the words before it qualify it (`db cluster` is a
 * database server, not a Kubernetes cluster).
 */
export function classifyObject(words: readonly string[], gitHost = false): ObjectMeaning {
  const sweep = words.includes('all') || words.includes('every')
  const meaningful = words.filter((word) => word !== 'all' && word !== 'every' && !isFiller(word))
  const raw = meaningful.at(-1) ?? ''
  const noun = raw === '' ? '' : singularNoun(raw)
  const qualifiers = meaningful.slice(0, -1)
  const before = qualifiers.at(-1)
  const scope = (kind: ObjectKind, effectScope: EffectScope): ObjectMeaning => ({
    noun,
    kind,
    scope: sweep && effectScope === 'item' ? 'collection' : effectScope,
    sweep,
  })
  if (REGENERABLE.has(noun)) return scope('regenerable', 'item')
  if (['instance', 'cluster', 'server'].includes(noun) && qualifiers.some(isDatabaseWord))
    return scope('database-server', 'database')
  if (['database', 'db', 'keyspace'].includes(noun)) return scope('database', 'database')
  if (noun === 'schema') return scope('schema', 'database')
  if (noun === 'group' && before === 'resource') return scope('whole', 'environment')
  if (gitHost && noun === 'project') return scope('repository', 'repository')
  const whole = WHOLE_SCOPES[noun]
  if (whole !== undefined) return scope('whole', whole)
  if (['app', 'application'].includes(noun)) return scope('application', 'item')
  if (['repository', 'repo'].includes(noun)) return scope('repository', 'repository')
  if (['branch', 'ref', 'tag'].includes(noun)) return scope('git-ref', 'item')
  if (FILES.has(noun)) return scope('file', 'item')
  return scope('other', 'item')
}

function isDatabaseWord(word: string): boolean {
  return DATABASE_QUALIFIERS.has(word) || /sql|database/.test(word)
}

/** What a deletion is judged to cost. */
export interface DeletionJudgement {
  readonly risk: Risk
  readonly scope: EffectScope
  readonly note?: string
}

/** What else decides a deletion besides the object's words. */
export interface DeletionContext {
  readonly environment?: InferredEnvironment | undefined
  /** The call asks for no final snapshot or backup (`SkipFinalSnapshot`, `delete_backups`). */
  readonly noBackup?: boolean
  /** The call names no single item: a bare collection, a wildcard, `_all`. */
  readonly sweep?: boolean
}

/**
 * Judges deleting an object by what it is, the same way the CLI rules do: a whole environment,
 * stack, cluster, namespace, project or account is catastrophic; a database is catastrophic
 * (a development one is lowered later by the environment adjustment); a database server is
 * catastrophic in production or without a final snapshot; an application is catastrophic in
 * production; anything whose loss is regenerated (caches, sessions, passwords) only mutates;
 * a sweep over a collection is catastrophic; anything else is destructive.
 */
export function judgeDeletion(object: ObjectMeaning, context: DeletionContext): DeletionJudgement {
  const prod = context.environment === 'prod'
  switch (object.kind) {
    case 'regenerable':
      return { risk: 'mutating', scope: object.scope, note: 'it is regenerated or replaced' }
    case 'whole':
      return { risk: 'catastrophic', scope: object.scope, note: 'every resource in it goes too' }
    case 'database':
      return { risk: 'catastrophic', scope: 'database', note: 'every table and row in it goes too' }
    case 'database-server':
      return context.noBackup === true || prod
        ? {
            risk: 'catastrophic',
            scope: 'database',
            note: context.noBackup === true ? 'no final snapshot is kept' : 'its data is lost',
          }
        : { risk: 'destructive', scope: 'database', note: 'its data is lost' }
    case 'schema':
      return { risk: 'destructive', scope: 'database', note: 'every table in it goes too' }
    case 'application':
      if (prod)
        return {
          risk: 'catastrophic',
          scope: 'environment',
          note: 'the whole production application goes, with its configuration and add-ons',
        }
      break
    case 'repository':
      return { risk: 'destructive', scope: 'repository', note: 'its history and issues go too' }
    case 'git-ref':
    case 'file':
    case 'other':
      break
  }
  if (object.sweep || context.sweep === true)
    return { risk: 'catastrophic', scope: 'collection', note: 'every one of them goes' }
  return { risk: 'destructive', scope: object.scope }
}

/**
 * The object as words for a reason, fillers and inner verbs dropped: `create_or_update_file`
 * gives `file`, `delete_workflow_run_logs` gives `workflow logs`.
 */
export function describeObject(words: readonly string[]): string {
  const meaningful = words.filter((word) => !isFiller(word))
  return meaningful
    .filter((word, index) => index === meaningful.length - 1 || !VERBS.has(word))
    .join(' ')
}

const DEFINED_RUNS = new Set(['workflow', 'job', 'pipeline', 'build', 'test', 'check', 'suite'])

/**
 * True when an execute verb's object is a job defined elsewhere (`run_workflow`,
 * `rerun_failed_jobs`): starting it changes state the way a deploy does, and what it runs was
 * reviewed where it is defined, not in this call.
 */
export function namesDefinedRun(object: readonly string[]): boolean {
  return object.some((word) => DEFINED_RUNS.has(singularNoun(word)))
}
