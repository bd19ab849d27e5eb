import { z } from 'zod'

import {
  createEffect,
  type Effect,
  type EffectScope,
  type EffectVerb,
} from '../../../model/effect.js'
import { maxRisk, type Risk } from '../../../model/risk.js'
import type { CommandRuleTable, ShellAnalyzer } from '../command-rule.js'
import type { ShellCommand } from '../shell-command.js'
import { type CloudArgs, cloudOptionValue, hasCloudOption, readCloudArgs } from './cloud-args.js'
import { environmentPhrase, resolveCloudEnvironment } from './cloud-environment.js'
import { parseCloudJson } from './cloud-json-schema.js'
import { judgeUnknownSubcommand } from './cloud-verb.js'
import { describeAct, quoteNames, thirdPerson } from './cloud-wording.js'
import { readEffect, ruleEffect } from './rule-effect.js'

const GLOBAL_VALUED = [
  '--profile',
  '--region',
  '--output',
  '--query',
  '--endpoint-url',
  '--color',
  '--ca-bundle',
  '--cli-read-timeout',
  '--cli-connect-timeout',
  '--cli-binary-format',
]

// `aws s3 …` commands take paths as positionals, so only these options take a value.
const S3_VALUED = [
  ...GLOBAL_VALUED,
  '--include',
  '--exclude',
  '--acl',
  '--grants',
  '--storage-class',
  '--sse-c',
  '--sse-c-key',
  '--sse-kms-key-id',
  '--sse-c-copy-source',
  '--sse-c-copy-source-key',
  '--website-redirect',
  '--content-type',
  '--cache-control',
  '--content-disposition',
  '--content-encoding',
  '--content-language',
  '--expires',
  '--metadata',
  '--metadata-directive',
  '--expected-size',
  '--page-size',
  '--source-region',
  '--request-payer',
  '--checksum-mode',
  '--checksum-algorithm',
  '--copy-props',
  '--expires-in',
  '--index-document',
  '--error-document',
]

const READ_FAMILY = [
  'describe',
  'list',
  'get',
  'head',
  'search',
  'lookup',
  'check',
  'validate',
  'estimate',
  'preview',
  'simulate',
  'query',
  'scan',
  'select',
  'download',
  'filter',
  'tail',
  'wait',
  'verify',
  'decrypt',
  'encrypt',
  'decode',
  'view',
  'discover',
  'detect',
  'analyze',
  'compare',
  'translate',
  'sign',
  'help',
  'generate-data-key',
  'generate-random',
]

// Families that delete or irreversibly overwrite; `schedule-*-deletion` and `put-*-policy` are
// matched by shape below.
const DESTROY_FAMILY = [
  'delete',
  'terminate',
  'purge',
  'empty',
  'drop',
  'release',
  'reset',
  'deprovision',
]

// Families that cut wiring, access or service but can be undone by the opposite call.
const INTERRUPT_FAMILY = [
  'stop',
  'reboot',
  'remove',
  'detach',
  'disassociate',
  'deregister',
  'unassign',
  'revoke',
  'disable',
  'deactivate',
  'cancel',
  'abort',
  'unlink',
  'unsubscribe',
  'untag',
  'leave',
  'suspend',
  'logout',
]

const CHANGE_FAMILY = [
  'create',
  'update',
  'put',
  'start',
  'tag',
  'modify',
  'add',
  'attach',
  'associate',
  'register',
  'enable',
  'activate',
  'run',
  'invoke',
  'publish',
  'send',
  'set',
  'copy',
  'import',
  'restore',
  'replace',
  'rotate',
  'authorize',
  'allocate',
  'request',
  'upload',
  'apply',
  'execute',
  'deploy',
  'change',
  'promote',
  'failover',
  'accept',
  'reject',
  'confirm',
  'increase',
  'decrease',
  'retry',
  'resume',
  'renew',
  'recover',
  'receive',
  'link',
  'assign',
  'subscribe',
  'respond',
  'signal',
  'continue',
  'complete',
  'initiate',
  'submit',
  'export',
  'install',
  'move',
  'merge',
  'provision',
  'purchase',
  'redeploy',
  'rebuild',
  'restart',
  'write',
  'assume',
  'login',
  'opt',
  'enter',
  'exit',
  'grant',
  'lock',
  'unlock',
  'share',
  'transfer',
  'scale',
  'push',
  'generate',
  'reboot',
]

type Family = 'read' | 'destroy' | 'overwrite-policy' | 'schedule-deletion' | 'interrupt' | 'change'

interface AwsCall {
  readonly service: string
  readonly operation: string
  /** Parameters by normalised name (`--skip-final-snapshot` and `SkipFinalSnapshot` agree). */
  readonly params: ReadonlyMap<string, readonly string[]>
  /** Where hidden parameters come from (`file://in.json`), when they cannot be seen. */
  readonly hiddenInput?: string
}

function paramKey(name: string): string {
  return name.replace(/^-+/, '').replaceAll('-', '').toLowerCase()
}

function hasParam(call: AwsCall, name: string): boolean {
  const values = call.params.get(paramKey(name))
  return values !== undefined && !values.some((value) => value.toLowerCase() === 'false')
}

function paramValue(call: AwsCall, name: string): string | undefined {
  return call.params.get(paramKey(name))?.[0]
}

function jsonText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value)
}

const CLI_INPUT = z.record(z.string(), z.unknown())
const INPUT_OPTIONS = new Set(['--cli-input-json', '--cli-input-yaml'])

function readCall(service: string, operation: string, read: CloudArgs): AwsCall {
  const params = new Map<string, string[]>()
  let hiddenInput: string | undefined
  const inputs = read.options.filter((option) => INPUT_OPTIONS.has(option.name))
  for (const option of inputs) {
    const text = option.values.join(' ')
    const input =
      option.name === '--cli-input-json' && !option.dynamic
        ? parseCloudJson(text, CLI_INPUT)
        : undefined
    if (input === undefined) {
      hiddenInput = text === '' ? option.name : text
      continue
    }
    for (const [name, value] of Object.entries(input)) {
      params.set(paramKey(name), Array.isArray(value) ? value.map(jsonText) : [jsonText(value)])
    }
  }
  // INVARIANT: options on the command line override the same names in `--cli-input-json`.
  for (const option of read.options) {
    if (!INPUT_OPTIONS.has(option.name) && !GLOBAL_VALUED.includes(option.name)) {
      params.set(paramKey(option.name), [...option.values])
    }
  }
  return hiddenInput === undefined
    ? { service, operation, params }
    : { service, operation, params, hiddenInput }
}

function startsWithWord(operation: string, word: string): boolean {
  return operation === word || operation.startsWith(`${word}-`)
}

function familyOf(operation: string): Family | undefined {
  const op = operation.replace(/^(admin|batch)-/, '')
  if (READ_FAMILY.some((word) => startsWithWord(op, word))) return 'read'
  if (/^schedule-.*deletion$/.test(op)) return 'schedule-deletion'
  if (/^(put|set)-.*(policy|lifecycle.*)$/.test(op) || op === 'put-retention-policy') {
    return 'overwrite-policy'
  }
  if (DESTROY_FAMILY.some((word) => startsWithWord(op, word))) return 'destroy'
  if (INTERRUPT_FAMILY.some((word) => startsWithWord(op, word))) return 'interrupt'
  if (CHANGE_FAMILY.some((word) => startsWithWord(op, word))) return 'change'
  return undefined
}

// Parameter names that identify what an operation acts on.
const IDENTIFYING = /(name|names|id|ids|identifier|identifiers|arn|arns|bucket|key|url|urls)$/
const NOT_IDENTIFYING = new Set(['clientrequesttoken', 'kmskeyid', 'dryrun', 'regionname'])

function targetNames(call: AwsCall): string[] {
  const names: string[] = []
  for (const [key, values] of call.params) {
    if (IDENTIFYING.test(key) && !NOT_IDENTIFYING.has(key)) names.push(...values)
  }
  return names
}

interface Judgement {
  readonly risk: Risk
  readonly verb: EffectVerb
  readonly scope: EffectScope
  readonly reason: string
}

function nounOf(operation: string, verbWords: number): string {
  return operation
    .replace(/^(admin|batch)-/, '')
    .split('-')
    .slice(verbWords)
    .join(' ')
}

function judgeDatabaseDeletion(
  call: AwsCall,
  env: string | undefined,
  skipFlag: string,
): Judgement {
  const names = targetNames(call)
  const noSnapshot = hasParam(call, skipFlag)
  const risk: Risk = noSnapshot || env === 'prod' ? 'catastrophic' : 'destructive'
  const act = describeAct('deletes', nounOf(call.operation, 1), names)
  const snapshot = noSnapshot ? ' without a final snapshot' : ''
  return { risk, verb: 'delete', scope: 'database', reason: `${act}${snapshot}` }
}

function judgeRecordChanges(call: AwsCall): Judgement | 'hidden' {
  const batch = paramValue(call, 'change-batch')
  if (batch === undefined) return 'hidden'
  const parsed = parseCloudJson(
    batch,
    z.object({
      Changes: z.array(
        z.object({
          Action: z.string(),
          ResourceRecordSet: z
            .object({ Name: z.string().optional(), Type: z.string().optional() })
            .optional(),
        }),
      ),
    }),
  )
  if (parsed === undefined) return 'hidden'
  const deleted = parsed.Changes.filter((change) => change.Action.toUpperCase() === 'DELETE')
  const record = (change: (typeof parsed.Changes)[number]): string =>
    `${change.ResourceRecordSet?.Name ?? '?'} ${change.ResourceRecordSet?.Type ?? ''}`.trim()
  if (deleted.length > 0) {
    return {
      risk: 'destructive',
      verb: 'delete',
      scope: deleted.length > 1 ? 'collection' : 'item',
      reason: `deletes DNS record${deleted.length > 1 ? 's' : ''} ${quoteNames(deleted.map(record))}`,
    }
  }
  const actions = [
    ...new Set(parsed.Changes.map((change) => thirdPerson(change.Action.toLowerCase()))),
  ]
  const plural = parsed.Changes.length === 1 ? '' : 's'
  return {
    risk: 'mutating',
    verb: 'write',
    scope: 'item',
    reason: `${actions.join(' and ') || 'changes'} DNS record${plural} ${quoteNames(parsed.Changes.map(record))}`,
  }
}

// Operations whose target is a whole stack, cluster, environment or account.
function judgeSpecial(call: AwsCall, env: string | undefined): Judgement | 'hidden' | undefined {
  const names = targetNames(call)
  const key = `${call.service} ${call.operation}`
  switch (key) {
    case 'cloudformation delete-stack':
      return {
        risk: 'catastrophic',
        verb: 'delete',
        scope: 'stack',
        reason: `deletes stack ${quoteNames(names) || '?'} and every resource in it`,
      }
    case 'cloudformation delete-stack-instances':
      return hasParam(call, 'no-retain-stacks') || !hasParam(call, 'retain-stacks')
        ? {
            risk: 'catastrophic',
            verb: 'delete',
            scope: 'stack',
            reason: `deletes the stacks of stack set ${quoteNames(names) || '?'} and their resources`,
          }
        : undefined
    case 'eks delete-cluster':
      return {
        risk: 'catastrophic',
        verb: 'delete',
        scope: 'cluster',
        reason: describeAct('deletes', 'cluster', names),
      }
    case 'organizations close-account':
      return {
        risk: 'catastrophic',
        verb: 'delete',
        scope: 'account',
        reason: describeAct('closes', 'account', names),
      }
    case 'organizations delete-organization':
      return {
        risk: 'catastrophic',
        verb: 'delete',
        scope: 'account',
        reason: 'deletes the organization',
      }
    case 'elasticbeanstalk terminate-environment':
      return {
        risk: 'catastrophic',
        verb: 'delete',
        scope: 'environment',
        reason: describeAct('terminates', 'environment', names),
      }
    case 'rds delete-db-instance':
    case 'rds delete-db-cluster':
    case 'docdb delete-db-instance':
    case 'docdb delete-db-cluster':
    case 'neptune delete-db-instance':
    case 'neptune delete-db-cluster':
      return judgeDatabaseDeletion(call, env, 'skip-final-snapshot')
    case 'redshift delete-cluster':
      return judgeDatabaseDeletion(call, env, 'skip-final-cluster-snapshot')
    case 'route53 change-resource-record-sets':
      return judgeRecordChanges(call)
    case 'cloudformation deploy':
      return {
        risk: 'mutating',
        verb: 'deploy',
        scope: 'stack',
        reason: describeAct('deploys', 'stack', names),
      }
    default:
      return undefined
  }
}

function judgeFamily(call: AwsCall, family: Family): Judgement {
  const names = targetNames(call)
  const op = call.operation.replace(/^(admin|batch)-/, '')
  const first = op.split('-')[0] ?? op
  switch (family) {
    case 'read':
      return { risk: 'safe', verb: 'read', scope: 'item', reason: 'only reads' }
    case 'destroy':
      return {
        risk: 'destructive',
        verb: 'delete',
        scope: names.length > 1 ? 'collection' : 'item',
        reason: describeAct(thirdPerson(first), nounOf(op, 1), names),
      }
    case 'schedule-deletion': {
      const days = paramValue(call, 'pending-window-in-days')
      const noun = op
        .replace(/^schedule-/, '')
        .replace(/-deletion$/, '')
        .replaceAll('-', ' ')
      const when = days === undefined ? '' : ` in ${days} days`
      return {
        risk: 'destructive',
        verb: 'delete',
        scope: 'item',
        reason: `schedules deletion of ${noun} ${quoteNames(names) || '?'}${when}; what depends on it is lost then`,
      }
    }
    case 'overwrite-policy':
      return {
        risk: 'destructive',
        verb: 'overwrite',
        scope: 'item',
        reason: `replaces the ${nounOf(op, 1)} of ${quoteNames(names) || '?'}; the previous one is not kept`,
      }
    case 'interrupt':
      return {
        risk: 'mutating',
        verb: first === 'stop' ? 'stop' : first === 'reboot' ? 'restart' : 'permission',
        scope: names.length > 1 ? 'collection' : 'item',
        reason: `${describeAct(thirdPerson(first), nounOf(op, 1), names)}; it can be undone`,
      }
    case 'change':
      return {
        risk: 'mutating',
        verb:
          first === 'create' || first === 'run'
            ? 'create'
            : first === 'deploy'
              ? 'deploy'
              : 'write',
        scope: names.length > 1 ? 'collection' : 'item',
        reason: describeAct(thirdPerson(first), nounOf(op, 1), names),
      }
  }
}

function isBareShell(script: string): boolean {
  return /^\s*(\/(usr\/)?bin\/)?(ba|z|a|da|k)?sh\s*$/.test(script)
}

const SSM_PARAMETERS = z.object({ commands: z.union([z.array(z.string()), z.string()]) })

function ssmCommands(parameters: string): string[] | undefined {
  const json = parseCloudJson(parameters, SSM_PARAMETERS)
  if (json !== undefined) return typeof json.commands === 'string' ? [json.commands] : json.commands
  const shorthand = /^commands=(.*)$/s.exec(parameters.trim())
  if (shorthand === null) return undefined
  const list = shorthand[1] ?? ''
  if (list.startsWith('[')) return parseCloudJson(list, z.array(z.string()))
  return list.split(',')
}

// `aws ssm send-command` and `aws ecs execute-command` run shell commands on remote machines.
function analyzeRemoteCommand(
  call: AwsCall,
  command: ShellCommand,
  analyzer: ShellAnalyzer,
): Effect[] | undefined {
  const shown = `\`aws ${call.service} ${call.operation}\``
  if (call.service === 'ssm' && call.operation === 'send-command') {
    const document = paramValue(call, 'document-name') ?? '?'
    const targets = call.params.get('instanceids') ?? call.params.get('targets') ?? ['?']
    const parameters = paramValue(call, 'parameters')
    const commands =
      document === 'AWS-RunShellScript' &&
      parameters !== undefined &&
      call.hiddenInput === undefined
        ? ssmCommands(parameters)
        : undefined
    if (commands === undefined) {
      return [
        opaque(command, `${shown} runs document \`${document}\` whose steps airlock cannot see`),
      ]
    }
    const host = `ssm:${targets.join(',')}`
    return commands.flatMap((script) => analyzer.analyzeScript(script, command, { host }))
  }
  if (call.service === 'ssm' && call.operation === 'start-session') {
    const document = paramValue(call, 'document-name') ?? ''
    if (/PortForwarding/i.test(document))
      return [awsEffect(command, call, 'safe', 'read', 'item', 'only forwards a port')]
    return [
      opaque(command, `${shown} opens an interactive session whose commands airlock cannot see`),
    ]
  }
  if (call.service === 'ecs' && call.operation === 'execute-command') {
    const script = paramValue(call, 'command')
    const task = paramValue(call, 'task') ?? '?'
    if (script === undefined || isBareShell(script) || call.hiddenInput !== undefined) {
      return [
        opaque(
          command,
          `${shown} opens a shell in task \`${task}\` whose commands airlock cannot see`,
        ),
      ]
    }
    return analyzer.analyzeScript(script, command, { host: `ecs-task/${task}` })
  }
  return undefined
}

function opaque(command: ShellCommand, reason: string, risk: Risk = 'destructive'): Effect {
  return createEffect({
    system: 'cloud',
    verb: 'unknown',
    target: command.source,
    scope: 'unknown',
    risk: maxRisk([risk, 'destructive']),
    opaque: true,
    reversible: false,
    dataLoss: true,
    reason,
    source: command.source,
  })
}

function awsEffect(
  command: ShellCommand,
  call: AwsCall,
  risk: Risk,
  verb: EffectVerb,
  scope: EffectScope,
  reason: string,
): Effect {
  const names = targetNames(call)
  return ruleEffect(command, {
    system: 'cloud',
    verb,
    target: `aws:${call.service}${names.length > 0 ? `:${names.join(',')}` : ''}`,
    scope,
    risk,
    reason: `\`aws ${call.service} ${call.operation}\` ${reason}`,
  })
}

function environmentNames(
  command: ShellCommand,
  read: CloudArgs,
  names: readonly string[],
): (string | undefined)[] {
  return [
    ...names,
    cloudOptionValue(read, '--profile'),
    command.variables.get('AWS_PROFILE'),
    command.variables.get('AWS_DEFAULT_PROFILE'),
  ]
}

function analyzeApiCall(
  command: ShellCommand,
  analyzer: ShellAnalyzer,
  service: string,
  operation: string,
  rest: CloudArgs,
): Effect[] {
  const call = readCall(service, operation, rest)
  const shown = `\`aws ${service} ${operation}\``
  const family = familyOf(operation)
  if (family === 'read') return [awsEffect(command, call, 'safe', 'read', 'item', 'only reads')]
  if (hasParam(call, 'dry-run')) {
    return [
      awsEffect(command, call, 'safe', 'read', 'item', 'with `--dry-run` only checks permissions'),
    ]
  }
  if (hasParam(call, 'generate-cli-skeleton')) {
    return [awsEffect(command, call, 'safe', 'read', 'item', 'only prints a parameter skeleton')]
  }
  const remote = analyzeRemoteCommand(call, command, analyzer)
  if (remote !== undefined) return remote
  const env = resolveCloudEnvironment(command, environmentNames(command, rest, targetNames(call)))
  const special = judgeSpecial(call, env)
  if (special === 'hidden') {
    return [opaque(command, `${shown} takes its changes from input airlock cannot read`)]
  }
  const judgement = special ?? (family === undefined ? undefined : judgeFamily(call, family))
  if (judgement === undefined)
    return [judgeUnknownSubcommand(command, 'cloud', [service, operation])]
  if (call.hiddenInput !== undefined) {
    // The parameters that decide the target (and flags like `SkipFinalSnapshot`) are hidden.
    return [
      opaque(
        command,
        `${shown} takes its parameters from \`${call.hiddenInput}\`, which airlock cannot read`,
        judgement.risk,
      ),
    ]
  }
  const [main, ...notes] = judgement.reason.split('; ')
  const reason = `${main ?? ''}${judgement.risk === 'safe' ? '' : environmentPhrase(env)}${notes.map((note) => `; ${note}`).join('')}`
  return [awsEffect(command, call, judgement.risk, judgement.verb, judgement.scope, reason)]
}

function s3Effect(command: ShellCommand, target: string, init: Judgement, sub: string): Effect {
  return ruleEffect(command, {
    system: 'cloud',
    verb: init.verb,
    target,
    scope: init.scope,
    risk: init.risk,
    reason: `\`aws s3 ${sub}\` ${init.reason}`,
  })
}

function analyzeS3(command: ShellCommand, sub: string, global: CloudArgs): Effect[] {
  const args = global.rest
  const sse = args.findIndex((word) => word.value === '--sse')
  const next = args[sse + 1]?.value ?? ''
  const valued =
    sse >= 0 && /^(AES256|aws:kms(:dsse)?)$/.test(next) ? [...S3_VALUED, '--sse'] : S3_VALUED
  const own = readCloudArgs(args, { valued })
  const read = { ...own, options: [...global.options, ...own.options] }
  const paths = read.positionals.map((word) => word.value)
  const [from = '?', to = '?'] = paths
  const env = resolveCloudEnvironment(command, [...paths, ...environmentNames(command, read, [])])
  const where = environmentPhrase(env)
  const recursive = hasCloudOption(read, '--recursive')
  if (hasCloudOption(read, '--dryrun')) {
    return [
      s3Effect(
        command,
        from,
        {
          risk: 'safe',
          verb: 'read',
          scope: 'item',
          reason: 'with `--dryrun` only prints what it would do',
        },
        sub,
      ),
    ]
  }
  const remote = (path: string): boolean => path.startsWith('s3://')
  switch (sub) {
    case 'ls':
    case 'presign':
      return [
        s3Effect(
          command,
          from,
          { risk: 'safe', verb: 'read', scope: 'item', reason: 'only reads' },
          sub,
        ),
      ]
    case 'cp': {
      if (to === '-') {
        return [
          s3Effect(
            command,
            from,
            { risk: 'safe', verb: 'read', scope: 'item', reason: `only prints \`${from}\`` },
            sub,
          ),
        ]
      }
      const act = remote(to) ? (remote(from) ? 'copies' : 'uploads') : 'downloads'
      return [
        s3Effect(
          command,
          to,
          {
            risk: 'mutating',
            verb: 'write',
            scope: recursive ? 'collection' : 'item',
            reason: `${act} \`${from}\` to \`${to}\``,
          },
          sub,
        ),
      ]
    }
    case 'mv':
      return [
        s3Effect(
          command,
          to,
          {
            risk: 'mutating',
            verb: 'move',
            scope: recursive ? 'collection' : 'item',
            reason: `moves \`${from}\` to \`${to}\``,
          },
          sub,
        ),
      ]
    case 'sync':
      if (hasCloudOption(read, '--delete')) {
        return [
          s3Effect(
            command,
            to,
            {
              risk: 'destructive',
              verb: 'delete',
              scope: 'collection',
              reason: `deletes what is in \`${to}\` but not in \`${from}\`${where}`,
            },
            sub,
          ),
        ]
      }
      return [
        s3Effect(
          command,
          to,
          {
            risk: 'mutating',
            verb: 'write',
            scope: 'collection',
            reason: `copies \`${from}\` to \`${to}\``,
          },
          sub,
        ),
      ]
    case 'rm':
      return [
        s3Effect(
          command,
          from,
          recursive
            ? {
                risk: 'destructive',
                verb: 'delete',
                scope: 'collection',
                reason: `deletes every object under \`${from}\`${where}`,
              }
            : {
                risk: 'destructive',
                verb: 'delete',
                scope: 'item',
                reason: `deletes \`${from}\`${where}`,
              },
          sub,
        ),
      ]
    case 'rb':
      return [
        s3Effect(
          command,
          from,
          hasCloudOption(read, '--force')
            ? {
                risk: 'destructive',
                verb: 'delete',
                scope: 'collection',
                reason: `deletes bucket \`${from}\` and every object in it${where}`,
              }
            : {
                risk: 'destructive',
                verb: 'delete',
                scope: 'item',
                reason: `deletes bucket \`${from}\`${where}`,
              },
          sub,
        ),
      ]
    case 'mb':
    case 'website':
      return [
        s3Effect(
          command,
          from,
          {
            risk: 'mutating',
            verb: sub === 'mb' ? 'create' : 'write',
            scope: 'item',
            reason: `${sub === 'mb' ? 'creates bucket' : 'configures website of'} \`${from}\``,
          },
          sub,
        ),
      ]
    default:
      return [judgeUnknownSubcommand(command, 'cloud', ['s3', sub])]
  }
}

function analyzeConfigure(command: ShellCommand, sub: string | undefined): Effect {
  const target = 'aws:configure'
  if (sub !== undefined && ['list', 'get', 'list-profiles', 'export-credentials'].includes(sub)) {
    return readEffect(
      command,
      target,
      `\`aws configure ${sub}\` only reads local settings`,
      'cloud',
    )
  }
  return ruleEffect(command, {
    system: 'cloud',
    verb: 'write',
    target,
    risk: 'mutating',
    reason: `\`aws configure${sub === undefined ? '' : ` ${sub}`}\` changes local AWS settings`,
  })
}

/** Judges an AWS CLI call by its service, operation family and the parameters that matter. */
function analyzeAws(command: ShellCommand, analyzer: ShellAnalyzer): Effect[] {
  const read = readCloudArgs(command.args, { valued: GLOBAL_VALUED, maxPositionals: 2 })
  const [serviceWord, operationWord] = read.positionals
  if (serviceWord === undefined || hasCloudOption(read, '--version', '--help')) {
    return [readEffect(command, 'aws', '`aws` only prints its usage', 'cloud')]
  }
  if (serviceWord.dynamic || operationWord?.dynamic === true) {
    return [opaque(command, '`aws` runs a service or operation only known at run time')]
  }
  const service = serviceWord.value
  if (service === 'configure') return [analyzeConfigure(command, operationWord?.value)]
  if (
    operationWord === undefined ||
    operationWord.value === 'help' ||
    read.rest.some((w) => w.value === 'help')
  ) {
    return [readEffect(command, `aws:${service}`, `\`aws ${service}\` only prints help`, 'cloud')]
  }
  if (service === 's3') return analyzeS3(command, operationWord.value, read)
  const rest = readCloudArgs(read.rest, { multiValued: true })
  return analyzeApiCall(command, analyzer, service, operationWord.value, {
    ...rest,
    options: [...read.options, ...rest.options],
  })
}

/** Rules for the AWS CLI. */
export const AWS_RULES: CommandRuleTable = { aws: analyzeAws }
