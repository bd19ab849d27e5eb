import {
  createOpaqueEffect,
  type Effect,
  type EffectScope,
  type EffectVerb,
} from '../../../model/effect.js'
import type { Risk } from '../../../model/risk.js'
import type { InferredEnvironment } from '../../infer-environment.js'
import type { CommandRuleTable, ShellAnalyzer } from '../command-rule.js'
import type { ShellCommand } from '../shell-command.js'
import { type CloudArgs, cloudOptionValue, hasCloudOption, readCloudArgs } from './cloud-args.js'
import { environmentPhrase, resolveCloudEnvironment } from './cloud-environment.js'
import { isReadOnlyVerb, judgeUnknownSubcommand } from './cloud-verb.js'
import { describeAct, quoteNames, thirdPerson } from './cloud-wording.js'
import { readEffect, ruleEffect } from './rule-effect.js'

// gcloud options take a value unless they are known flags; `--no-*` and `--[no-]enable-*`
// style switches are flags too.
const FLAGS = [
  '--quiet',
  '-q',
  '--help',
  '-h',
  '--log-http',
  '--user-output-enabled',
  '--async',
  '--all',
  '--recursive',
  '-r',
  '-R',
  '--force',
  '--dry-run',
  '--validate-only',
  '--preview',
  '--allow-unauthenticated',
  '--wait',
  '--internal-ip',
  '--tunnel-through-iap',
  '--continue-on-error',
  '--delete-unmatched-destination-objects',
  '--sort-by-name',
  '--include-managed-folders',
  '--uri',
  '--verbose',
  '--no-clobber',
  '-n',
  '--brief',
  '--delete-backups',
  '--keep-backups',
  '--enable-deletion-protection',
  '--promote',
]

const RELEASE_TRACKS = new Set(['alpha', 'beta', 'preview'])

const TOP_LEVEL_COMMANDS = new Set([
  'init',
  'info',
  'version',
  'help',
  'feedback',
  'cheat-sheet',
  'docker',
])

const READ_VERBS = new Set([
  'ls',
  'cat',
  'du',
  'access',
  'browse',
  'lookup',
  'get-value',
  'test-iam-permissions',
  'read',
  'tail',
  'decrypt',
  'encrypt',
  'asymmetric-decrypt',
  'verify',
  'check',
  'query',
  'validate',
  'info',
  'version',
  'help',
  'feedback',
  'cheat-sheet',
])

const DELETE_VERBS = new Set(['delete', 'rm', 'purge', 'destroy', 'delete-instances'])

const CHANGE_VERBS = new Set([
  'create',
  'update',
  'deploy',
  'set',
  'unset',
  'start',
  'stop',
  'reset',
  'resize',
  'restart',
  'suspend',
  'resume',
  'patch',
  'import',
  'export',
  'clone',
  'restore',
  'rollback',
  'failover',
  'promote-replica',
  'enable',
  'disable',
  'activate',
  'login',
  'revoke',
  'init',
  'install',
  'submit',
  'run',
  'execute',
  'call',
  'publish',
  'pull',
  'ack',
  'move',
  'undelete',
  'copy-files',
  'scp',
  'rename',
  'rotate',
  'upgrade',
  'migrate',
  'apply',
  'replace',
  'cancel',
  'approve',
  'upload',
  'cp',
  'mv',
  'rsync',
  'docker',
  'ssh',
  'connect',
  'snapshot',
  'recreate-instances',
  'abandon-instances',
  'reinstall',
  'get-credentials',
  'config-ssh',
  'add',
  'remove',
  'attach',
  'detach',
  'simulate-maintenance-event',
  'reject',
  'release',
  'reserve',
  'sign',
  'add-tag',
  'tag',
  'untag',
  'transfer',
  'update-config',
])
const CHANGE_PREFIXES = [
  'create-',
  'update-',
  'set-',
  'add-',
  'remove-',
  'enable-',
  'disable-',
  'reset-',
  'attach-',
  'detach-',
  'configure-',
  'import-',
  'export-',
  'start-',
  'stop-',
  'move-',
  'sign-',
  'rotate-',
]

// Services whose instances hold databases: deleting one in prod loses a production database.
const DATABASE_SERVICES = new Set(['sql', 'spanner', 'alloydb', 'firestore', 'bigtable'])

type VerbClass = 'read' | 'delete' | 'overwrite' | 'change'

function classifyVerb(word: string): VerbClass | undefined {
  if (word === 'set-iam-policy') return 'overwrite'
  if (word === 'get-credentials') return 'change'
  if (READ_VERBS.has(word) || isReadOnlyVerb(word)) return 'read'
  if (DELETE_VERBS.has(word) || word.startsWith('delete-')) return 'delete'
  if (CHANGE_VERBS.has(word) || CHANGE_PREFIXES.some((prefix) => word.startsWith(prefix))) {
    return 'change'
  }
  return undefined
}

interface GcloudCall {
  /** Command groups before the verb: `compute`, `instances`. */
  readonly path: readonly string[]
  readonly verb: string
  readonly names: readonly string[]
  readonly read: CloudArgs
}

interface Judgement {
  readonly risk: Risk
  readonly verb: EffectVerb
  readonly scope: EffectScope
  readonly reason: string
}

function shown(call: GcloudCall): string {
  return `\`gcloud ${[...call.path, call.verb].join(' ')}\``
}

function gcloudEffect(command: ShellCommand, call: GcloudCall, judgement: Judgement): Effect {
  return ruleEffect(command, {
    system: 'cloud',
    verb: judgement.verb,
    target: `gcp:${call.path.join('/')}${call.names.length > 0 ? `:${call.names.join(',')}` : ''}`,
    scope: judgement.scope,
    risk: judgement.risk,
    reason: `${shown(call)} ${judgement.reason}`,
  })
}

function judgeDelete(call: GcloudCall, env: InferredEnvironment | undefined): Judgement {
  const [group = '', resource = group] = call.path
  const noun = call.path.at(-1) ?? 'resources'
  const act = describeAct('deletes', noun, call.names)
  const where = environmentPhrase(env)
  if (group === 'projects') {
    return {
      risk: 'catastrophic',
      verb: 'delete',
      scope: 'account',
      reason: `${act} and every resource in it${where}`,
    }
  }
  if (group === 'container' && resource === 'clusters') {
    return {
      risk: 'catastrophic',
      verb: 'delete',
      scope: 'cluster',
      reason: `${act} and every workload on it${where}`,
    }
  }
  if (['deployment-manager', 'infra-manager'].includes(group) && resource === 'deployments') {
    return {
      risk: 'catastrophic',
      verb: 'delete',
      scope: 'stack',
      reason: `${act} and every resource it manages${where}`,
    }
  }
  if (DATABASE_SERVICES.has(group) && ['instances', 'databases', 'clusters'].includes(resource)) {
    return {
      risk: env === 'prod' ? 'catastrophic' : 'destructive',
      verb: 'delete',
      scope: 'database',
      reason: `${act} and the data in it${where}`,
    }
  }
  if (group === 'storage' && (call.verb === 'rm' || call.verb === 'delete')) {
    const recursive = hasCloudOption(call.read, '--recursive', '-r', '-R')
    return {
      risk: 'destructive',
      verb: 'delete',
      scope: recursive || call.path.length > 1 ? 'collection' : 'item',
      reason: `deletes ${recursive ? 'everything under ' : ''}${quoteNames(call.names) || '?'}${where}`,
    }
  }
  return {
    risk: 'destructive',
    verb: 'delete',
    scope: call.names.length > 1 ? 'collection' : 'item',
    reason: `${act}${where}`,
  }
}

function judgeChange(call: GcloudCall, env: InferredEnvironment | undefined): Judgement {
  const noun = call.path.length > 1 ? (call.path.at(-1) ?? '') : ''
  const [group] = call.path
  const where = environmentPhrase(env)
  if (group === 'storage' && call.verb === 'rsync') {
    const [from = '?', to = '?'] = call.names
    if (hasCloudOption(call.read, '--delete-unmatched-destination-objects')) {
      return {
        risk: 'destructive',
        verb: 'delete',
        scope: 'collection',
        reason: `deletes what is in \`${to}\` but not in \`${from}\`${where}`,
      }
    }
  }
  const first = call.verb.split('-')[0] ?? call.verb
  const rest = call.verb.split('-').slice(1).join(' ')
  const verb: EffectVerb =
    first === 'create'
      ? 'create'
      : first === 'deploy'
        ? 'deploy'
        : first === 'stop'
          ? 'stop'
          : first === 'restart' || first === 'reset'
            ? 'restart'
            : first === 'resize'
              ? 'scale'
              : 'write'
  const object = [rest, noun].filter((part) => part !== '').join(' of ')
  return {
    risk: 'mutating',
    verb,
    scope: call.names.length > 1 ? 'collection' : 'item',
    reason: `${describeAct(thirdPerson(first), object, call.names)}${where}`,
  }
}

function isBareShell(script: string): boolean {
  return /^\s*(\/(usr\/)?bin\/)?(ba|z|a|da|k)?sh\s*$/.test(script)
}

// `gcloud compute ssh VM --command '…'` and `gcloud compute ssh VM -- cmd` run a remote command.
function analyzeSsh(command: ShellCommand, call: GcloudCall, analyzer: ShellAnalyzer): Effect[] {
  const host = call.names[0] ?? '?'
  const script =
    cloudOptionValue(call.read, '--command') ?? call.read.rest.map((w) => w.value).join(' ')
  if (script.trim() === '' || isBareShell(script)) {
    return [
      createOpaqueEffect(
        'cloud',
        `${shown(call)} opens a shell on \`${host}\` whose commands airlock cannot see`,
        command.source,
      ),
    ]
  }
  return analyzer.analyzeScript(script, command, { host })
}

function readGcloud(args: ShellCommand['args']): CloudArgs {
  const switches = args
    .map((word) => word.value)
    .filter((text) => /^--(no-|enable-|disable-)/.test(text) && !text.includes('='))
  return readCloudArgs(args, { flags: [...FLAGS, ...switches] })
}

/** Judges a gcloud command by its command group and verb. */
function analyzeGcloud(command: ShellCommand, analyzer: ShellAnalyzer): Effect[] {
  const read = readGcloud(command.args)
  if (read.positionals.some((word, index) => index < 4 && word.dynamic)) {
    return [
      createOpaqueEffect('cloud', '`gcloud` runs a command only known at run time', command.source),
    ]
  }
  const words = read.positionals.map((word) => word.value)
  while (words[0] !== undefined && RELEASE_TRACKS.has(words[0])) words.shift()
  if (words.length === 0) {
    return [readEffect(command, 'gcloud', '`gcloud` only prints its usage', 'cloud')]
  }
  // A command group comes first (`run`, `compute`), so only a top-level command can be a verb there.
  const index = TOP_LEVEL_COMMANDS.has(words[0] ?? '')
    ? 0
    : words.findIndex((word, position) => position > 0 && classifyVerb(word) !== undefined)
  if (index < 0) return [judgeUnknownSubcommand(command, 'cloud', words.slice(0, 3))]
  const verb = words[index] as string
  const call: GcloudCall = {
    path: words.slice(0, index),
    verb,
    names: words.slice(index + 1),
    read,
  }
  if (call.path.join(' ') === 'compute' && verb === 'ssh')
    return analyzeSsh(command, call, analyzer)
  if (call.path.join(' ') === 'sql' && verb === 'connect') {
    return [
      createOpaqueEffect(
        'cloud',
        `${shown(call)} opens a database session airlock cannot see`,
        command.source,
      ),
    ]
  }
  const verbClass = classifyVerb(verb) as VerbClass
  if (verbClass === 'read') {
    return [
      gcloudEffect(command, call, {
        risk: 'safe',
        verb: 'read',
        scope: 'item',
        reason: 'only reads',
      }),
    ]
  }
  if (hasCloudOption(read, '--dry-run', '--validate-only')) {
    return [
      gcloudEffect(command, call, {
        risk: 'safe',
        verb: 'read',
        scope: 'item',
        reason: 'only validates the request',
      }),
    ]
  }
  const env = resolveCloudEnvironment(command, [
    ...call.names,
    cloudOptionValue(read, '--project'),
    command.variables.get('CLOUDSDK_CORE_PROJECT'),
  ])
  switch (verbClass) {
    case 'delete':
      return [gcloudEffect(command, call, judgeDelete(call, env))]
    case 'overwrite':
      return [
        gcloudEffect(command, call, {
          risk: 'destructive',
          verb: 'overwrite',
          scope: 'item',
          reason: `replaces the IAM policy of ${quoteNames(call.names) || '?'}${environmentPhrase(env)}; the previous one is not kept`,
        }),
      ]
    case 'change':
      return [gcloudEffect(command, call, judgeChange(call, env))]
  }
}

/** Rules for the Google Cloud CLI. */
export const GCLOUD_RULES: CommandRuleTable = { gcloud: analyzeGcloud }
