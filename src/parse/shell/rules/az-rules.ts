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
import type { ShellWord } from '../shell-word.js'
import {
  type CloudArgs,
  cloudOptionValue,
  cloudOptionValues,
  hasCloudOption,
  readCloudArgs,
} from './cloud-args.js'
import { environmentPhrase, resolveCloudEnvironment } from './cloud-environment.js'
import { isReadOnlyVerb, judgeUnknownSubcommand } from './cloud-verb.js'
import { describeAct, thirdPerson } from './cloud-wording.js'
import { readEffect, ruleEffect } from './rule-effect.js'

// Options of az that never take a value; every other option does.
const FLAGS = [
  '--yes',
  '-y',
  '--no-wait',
  '--debug',
  '--verbose',
  '--only-show-errors',
  '--help',
  '-h',
  '--force',
  '--what-if',
  '--confirm-with-what-if',
  '-c',
  '--all',
  '--no-prompt',
  '--recursive',
  '--dryrun',
  '--dry-run',
  '--overwrite',
  '--force-string',
  '--no-progress',
  '--auth-mode-login',
]

const READ_VERBS = new Set([
  'exists',
  'what-if',
  'validate',
  'export',
  'query',
  'tail',
  'browse',
  'version',
  'find',
  'wait',
])

const CHANGE_VERBS = new Set([
  'create',
  'update',
  'set',
  'add',
  'start',
  'stop',
  'restart',
  'deallocate',
  'generalize',
  'redeploy',
  'scale',
  'swap',
  'sync',
  'import',
  'upload',
  'upload-batch',
  'deploy',
  'run',
  'login',
  'logout',
  'assign',
  'enable',
  'disable',
  'renew',
  'rotate',
  'attach',
  'detach',
  'resize',
  'move',
  'restore',
  'recover',
  'approve',
  'reject',
  'upgrade',
  'install',
  'register',
  'unregister',
  'tag',
  'configure',
  'apply',
  'cancel',
  'reset',
  'remove',
  'download',
  'download-batch',
  'copy',
  'invoke',
  'convert',
  'failover',
  'promote',
  'rollback',
  'revoke',
  'grant',
  'lock',
  'unlock',
  'publish',
  'config',
  'get-credentials',
  'regenerate',
  'renew',
  'init',
  'clone',
  'snapshot',
  'purge-deleted',
])

// Services whose servers and databases hold data: deleting one in prod loses a prod database.
const DATABASE_PATHS = [
  'sql db',
  'sql server',
  'sql mi',
  'postgres server',
  'postgres flexible-server',
  'mysql server',
  'mysql flexible-server',
  'mariadb server',
  'cosmosdb',
  'cosmosdb sql database',
  'cosmosdb mongodb database',
  'redis',
]

type VerbClass = 'read' | 'delete' | 'change'

function classifyVerb(word: string): VerbClass | undefined {
  if (word === 'get-credentials') return 'change'
  if (READ_VERBS.has(word) || isReadOnlyVerb(word)) return 'read'
  if (word === 'delete' || word.startsWith('delete-') || word === 'purge' || word === 'reimage')
    return 'delete'
  if (
    CHANGE_VERBS.has(word) ||
    /^(create|update|set|add|remove|regenerate|enable|disable)-/.test(word)
  )
    return 'change'
  return undefined
}

interface AzCall {
  readonly path: readonly string[]
  readonly verb: string
  readonly read: CloudArgs
  /** What the command acts on (`--name`, `--ids`). */
  readonly names: readonly string[]
  /** Where it lives, for reasons: ` in \`rg\``. */
  readonly within: string
}

interface Judgement {
  readonly risk: Risk
  readonly verb: EffectVerb
  readonly scope: EffectScope
  readonly reason: string
}

function shown(call: AzCall): string {
  return `\`az ${[...call.path, call.verb].join(' ')}\``
}

function azEffect(command: ShellCommand, call: AzCall, judgement: Judgement): Effect {
  return ruleEffect(command, {
    system: 'cloud',
    verb: judgement.verb,
    target: `azure:${call.path.join('/')}${call.names.length > 0 ? `:${call.names.join(',')}` : ''}`,
    scope: judgement.scope,
    risk: judgement.risk,
    reason: `${shown(call)} ${judgement.reason}`,
  })
}

// `az` puts its command path first and options after it: `az group delete --name rg --yes`.
function splitPath(args: readonly ShellWord[]): { path: ShellWord[]; rest: ShellWord[] } {
  const path: ShellWord[] = []
  let index = 0
  while (index < args.length) {
    const text = (args[index] as ShellWord).value
    if (text.startsWith('-')) {
      // A leading global option (`--subscription x`) before the command path.
      if (path.length > 0) break
      index += FLAGS.includes(text) || text.includes('=') ? 1 : 2
      continue
    }
    path.push(args[index] as ShellWord)
    index++
  }
  return {
    path,
    rest: [...args.slice(0, index).filter((w) => !path.includes(w)), ...args.slice(index)],
  }
}

function judgeDelete(call: AzCall, env: InferredEnvironment | undefined): Judgement {
  const key = call.path.join(' ')
  const noun = call.path.at(-1) ?? 'resource'
  const where = environmentPhrase(env)
  const plural = call.verb.endsWith('-batch') ? `${noun}s` : noun
  const act = `${describeAct(call.verb === 'purge' ? 'purges' : 'deletes', plural, call.names)}${call.within}`
  if (key === 'group') {
    return {
      risk: 'catastrophic',
      verb: 'delete',
      scope: 'environment',
      reason: `deletes resource group ${call.names.map((n) => `\`${n}\``).join(', ') || '?'} and every resource in it${where}`,
    }
  }
  if (key === 'aks') {
    return {
      risk: 'catastrophic',
      verb: 'delete',
      scope: 'cluster',
      reason: `${act} and every workload on it${where}`,
    }
  }
  if (key === 'vm' && call.verb === 'reimage') {
    return {
      risk: 'destructive',
      verb: 'overwrite',
      scope: 'item',
      reason: `${describeAct('reimages', 'vm', call.names)}${call.within}, wiping its OS disk${where}`,
    }
  }
  if (DATABASE_PATHS.includes(key)) {
    return {
      risk: env === 'prod' ? 'catastrophic' : 'destructive',
      verb: 'delete',
      scope: 'database',
      reason: `${act}${where}; its data is lost`,
    }
  }
  return {
    risk: 'destructive',
    verb: 'delete',
    scope: call.verb.endsWith('-batch') || call.names.length > 1 ? 'collection' : 'item',
    reason: `${act}${where}`,
  }
}

function judgeChange(call: AzCall, env: InferredEnvironment | undefined): Judgement {
  const key = call.path.join(' ')
  const where = environmentPhrase(env)
  if (/^deployment (group|sub|mg|tenant)$/.test(key) && call.verb === 'create') {
    const mode = cloudOptionValue(call.read, '--mode')?.toLowerCase()
    if (mode === 'complete') {
      return {
        risk: 'destructive',
        verb: 'overwrite',
        scope: 'environment',
        reason: `in complete mode deletes every resource${call.within || ' in the scope'} that the template does not name${where}`,
      }
    }
    return {
      risk: 'mutating',
      verb: 'deploy',
      scope: 'environment',
      reason: `deploys a template incrementally${where}`,
    }
  }
  const first = call.verb.split('-')[0] ?? call.verb
  const verb: EffectVerb =
    first === 'create'
      ? 'create'
      : first === 'deploy'
        ? 'deploy'
        : first === 'stop' || first === 'deallocate'
          ? 'stop'
          : first === 'restart'
            ? 'restart'
            : first === 'scale' || first === 'resize'
              ? 'scale'
              : 'write'
  return {
    risk: 'mutating',
    verb,
    scope: call.names.length > 1 ? 'collection' : 'item',
    reason: `${describeAct(thirdPerson(first), call.path.at(-1) ?? '', call.names)}${call.within}${where}`,
  }
}

// `az vm run-command invoke --scripts …` and `az aks command invoke --command …` run commands.
function analyzeRemote(
  command: ShellCommand,
  call: AzCall,
  analyzer: ShellAnalyzer,
): Effect[] | undefined {
  const key = `${call.path.join(' ')} ${call.verb}`
  if (key === 'vm run-command invoke' || key === 'vm run-command create') {
    const commandId = cloudOptionValue(call.read, '--command-id') ?? 'RunShellScript'
    const scripts = cloudOptionValues(call.read, '--scripts', '--script')
    if (commandId !== 'RunShellScript' || scripts.length === 0 || call.read.dynamic) {
      return [
        createOpaqueEffect(
          'cloud',
          `${shown(call)} runs \`${commandId}\` with a script airlock cannot see`,
          command.source,
        ),
      ]
    }
    return analyzer.analyzeScript(scripts.join('\n'), command, { host: call.names[0] ?? '?' })
  }
  if (key === 'aks command invoke') {
    const script = cloudOptionValue(call.read, '--command')
    if (script === undefined)
      return [
        createOpaqueEffect(
          'cloud',
          `${shown(call)} runs a command airlock cannot see`,
          command.source,
        ),
      ]
    return analyzer.analyzeScript(script, command, { host: `aks/${call.names[0] ?? '?'}` })
  }
  return undefined
}

/** Judges an Azure CLI command by its command group, verb and the options that matter. */
function analyzeAz(command: ShellCommand, analyzer: ShellAnalyzer): Effect[] {
  const { path: pathWords, rest } = splitPath(command.args)
  if (pathWords.some((word) => word.dynamic)) {
    return [
      createOpaqueEffect('cloud', '`az` runs a command only known at run time', command.source),
    ]
  }
  const words = pathWords.map((word) => word.value)
  if (words.length === 0) {
    return [readEffect(command, 'az', '`az` only prints its usage', 'cloud')]
  }
  const read = readCloudArgs(rest, { flags: FLAGS, multiValued: true })
  const index = words.findLastIndex((word) => classifyVerb(word) !== undefined)
  if (words[0] === 'ssh') {
    return [
      createOpaqueEffect(
        'cloud',
        '`az ssh` opens a shell whose commands airlock cannot see',
        command.source,
      ),
    ]
  }
  if (index < 0) return [judgeUnknownSubcommand(command, 'cloud', words)]
  const verb = words[index] as string
  const path = words.slice(0, index)
  const group = cloudOptionValue(read, '--resource-group', '-g')
  const ownNames = cloudOptionValues(read, '--name', '-n', '--ids')
  // `az group delete -g rg` names the group with `-g`.
  const names =
    ownNames.length === 0 && path.join(' ') === 'group' && group !== undefined ? [group] : ownNames
  const parents = [
    ...cloudOptionValues(
      read,
      '--server',
      '-s',
      '--account-name',
      '--container-name',
      '--vault-name',
      '--cluster-name',
    ),
    ...(path.join(' ') === 'group' ? [] : group === undefined ? [] : [group]),
  ]
  const within =
    parents.length === 0 ? '' : ` in ${parents.map((name) => `\`${name}\``).join(' / ')}`
  const call: AzCall = { path, verb, read, names, within }
  const remote = analyzeRemote(command, call, analyzer)
  if (remote !== undefined) return remote
  const verbClass = classifyVerb(verb) as VerbClass
  if (verbClass === 'read' || hasCloudOption(read, '--what-if')) {
    return [
      azEffect(command, call, {
        risk: 'safe',
        verb: 'read',
        scope: 'item',
        reason: verbClass === 'read' ? 'only reads' : 'with `--what-if` only previews',
      }),
    ]
  }
  if (hasCloudOption(read, '--dryrun', '--dry-run')) {
    return [
      azEffect(command, call, {
        risk: 'safe',
        verb: 'read',
        scope: 'item',
        reason: 'only prints what it would do',
      }),
    ]
  }
  const env = resolveCloudEnvironment(command, [
    ...names,
    ...parents,
    cloudOptionValue(read, '--subscription'),
    ...cloudOptionValues(read, '--parameters', '-p'),
  ])
  return [
    azEffect(
      command,
      call,
      verbClass === 'delete' ? judgeDelete(call, env) : judgeChange(call, env),
    ),
  ]
}

/** Rules for the Azure CLI. */
export const AZ_RULES: CommandRuleTable = { az: analyzeAz }
