import {
  createOpaqueEffect,
  type Effect,
  type EffectScope,
  type EffectVerb,
} from '../../../model/effect.js'
import type { Risk } from '../../../model/risk.js'
import type { CommandRuleTable } from '../command-rule.js'
import { hasOption, optionValue, readArgs } from '../read-args.js'
import type { ShellCommand } from '../shell-command.js'
import { environmentPhrase, resolveCloudEnvironment } from './cloud-environment.js'
import { isReadOnlyVerb, judgeUnknownSubcommand } from './cloud-verb.js'
import { quoteNames } from './cloud-wording.js'
import { readEffect, ruleEffect } from './rule-effect.js'

const VALUED = [
  '-s',
  '--stack',
  '-C',
  '--cwd',
  '-c',
  '--config',
  '--config-file',
  '-t',
  '--target',
  '--replace',
  '--target-replace',
  '--exclude',
  '-m',
  '--message',
  '-p',
  '--parallel',
  '--color',
  '--policy-pack',
  '--policy-pack-config',
  '--secrets-provider',
  '--tracing',
  '-v',
  '--verbose',
  '--exec-kind',
  '--exec-agent',
  '--client',
  '--plan',
  '--save-plan',
  '--import-file',
  '--profiling',
  '--memprofilerate',
  '--logflow',
  '--attach-debugger',
  '--organization',
  '--stack-name',
  '--file',
]

const SAFE_VERBS = new Set([
  'preview',
  'pre',
  'whoami',
  'version',
  'about',
  'logs',
  'help',
  'schema',
  'gen-completion',
  'completion',
])

const LOCAL_VERBS = new Set([
  'new',
  'login',
  'logout',
  'plugin',
  'install',
  'convert',
  'package',
  'policy',
  'org',
  'cancel',
  'import',
  'watch',
])

interface Judgement {
  readonly risk: Risk
  readonly verb: EffectVerb
  readonly scope?: EffectScope
  readonly reason: string
}

function judgeStack(
  sub: string,
  operands: readonly string[],
  force: boolean,
  where: string,
): Judgement {
  if (['', 'ls', 'output', 'history', 'export', 'graph'].includes(sub)) {
    return { risk: 'safe', verb: 'read', reason: 'only reads' }
  }
  if (sub === 'rm') {
    const name = operands[0] === undefined ? '' : ` \`${operands[0]}\``
    return {
      risk: 'destructive',
      verb: 'delete',
      scope: 'stack',
      reason: `deletes stack${name} with its configuration and history${where}${force ? '; `--force` drops it even while it still has resources' : ''}`,
    }
  }
  return { risk: 'mutating', verb: 'write', reason: `changes stack settings${where}` }
}

/** Judges a pulumi command: previews are safe, updates mutate, destroys tear a stack down. */
function analyzePulumi(command: ShellCommand): Effect[] {
  const read = readArgs(command.args, { valued: VALUED })
  const [verbWord, ...operandWords] = read.positionals
  if (verbWord === undefined) {
    return [readEffect(command, 'pulumi', '`pulumi` only prints its usage', 'iac')]
  }
  if (verbWord.dynamic)
    return [
      createOpaqueEffect('iac', '`pulumi` runs a command only known at run time', command.source),
    ]
  const verb = verbWord.value
  const operands = operandWords.map((word) => word.value)
  const stack = optionValue(read, '-s', '--stack') ?? command.variables.get('PULUMI_STACK')
  const targets = read.occurrences
    .filter((o) => o.name === '-t' || o.name === '--target')
    .map((o) => String(o.value))
  const replaced = read.occurrences
    .filter((o) => o.name === '--replace' || o.name === '--target-replace')
    .map((o) => String(o.value))
  const env = resolveCloudEnvironment(command, [
    stack,
    optionValue(read, '-C', '--cwd'),
    ...(verb === 'stack' ? operands.slice(1) : []),
  ])
  const where = `${stack === undefined ? '' : ` of stack \`${stack}\``}${environmentPhrase(env)}`
  const sub = ['stack', 'config', 'state', 'plugin', 'policy', 'org'].includes(verb)
    ? (operands[0] ?? '')
    : undefined
  const shown = `\`${['pulumi', verb, sub].filter((w) => w !== undefined && w !== '').join(' ')}\``
  const preview = hasOption(read, '--preview-only')
  const judge = (): Judgement | undefined => {
    if (SAFE_VERBS.has(verb)) return { risk: 'safe', verb: 'read', reason: 'changes nothing' }
    if (preview)
      return { risk: 'safe', verb: 'read', reason: 'with `--preview-only` changes nothing' }
    switch (verb) {
      case 'up':
      case 'update':
        if (replaced.length > 0) {
          return {
            risk: 'destructive',
            verb: 'overwrite',
            reason: `destroys and re-creates ${quoteNames(replaced)}${where}; data they hold is lost`,
          }
        }
        return {
          risk: 'mutating',
          verb: 'deploy',
          scope: 'stack',
          reason: `deploys the program's resources${where}`,
        }
      case 'destroy':
      case 'down':
      case 'dn':
        return targets.length > 0
          ? {
              risk: 'destructive',
              verb: 'delete',
              scope: 'collection',
              reason: `destroys ${quoteNames(targets)}${where}`,
            }
          : {
              risk: 'catastrophic',
              verb: 'delete',
              scope: 'stack',
              reason: `destroys every resource${where}`,
            }
      case 'refresh':
        return {
          risk: 'mutating',
          verb: 'write',
          scope: 'stack',
          reason: `updates the state from real resources${where}`,
        }
      case 'stack':
        return judgeStack(sub ?? '', operands.slice(1), hasOption(read, '--force', '-f'), where)
      case 'config':
        return ['', 'get', 'ls', 'env'].includes(sub ?? '')
          ? { risk: 'safe', verb: 'read', reason: 'only reads configuration' }
          : { risk: 'mutating', verb: 'write', reason: `changes configuration${where}` }
      case 'state':
        return sub === 'delete'
          ? {
              risk: 'destructive',
              verb: 'delete',
              reason: `removes ${quoteNames(operands.slice(1)) || 'a resource'} from the state${where}; Pulumi stops managing it`,
            }
          : { risk: 'mutating', verb: 'write', reason: `edits the state${where}` }
      default:
        if (LOCAL_VERBS.has(verb))
          return {
            risk: 'mutating',
            verb: 'write',
            reason: `changes projects, plugins or settings${where}`,
          }
        return undefined
    }
  }
  const judgement = judge()
  if (judgement === undefined) {
    return [
      isReadOnlyVerb(verb)
        ? readEffect(command, 'pulumi', `${shown} only reads`, 'iac')
        : judgeUnknownSubcommand(command, 'iac', [verb]),
    ]
  }
  return [
    ruleEffect(command, {
      system: 'iac',
      verb: judgement.verb,
      target: `pulumi:${stack ?? command.cwd}`,
      scope: judgement.scope ?? 'item',
      risk: judgement.risk,
      reason: `${shown} ${judgement.reason}`,
    }),
  ]
}

/** Rules for the Pulumi CLI. */
export const PULUMI_RULES: CommandRuleTable = { pulumi: analyzePulumi }
