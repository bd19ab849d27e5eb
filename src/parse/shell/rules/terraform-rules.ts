import {
  createOpaqueEffect,
  type Effect,
  type EffectScope,
  type EffectVerb,
} from '../../../model/effect.js'
import type { Risk } from '../../../model/risk.js'
import type { InferredEnvironment } from '../../infer-environment.js'
import type { CommandRule, CommandRuleTable } from '../command-rule.js'
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
import { judgeUnknownSubcommand } from './cloud-verb.js'
import { quoteNames } from './cloud-wording.js'
import { readEffect, ruleEffect } from './rule-effect.js'

// Terraform parses options the Go way: `-name`, `--name`, `-name=value`, `-name value`; a boolean
// option never takes the next word, so only these take one.
const TF_VALUED = [
  'target',
  'replace',
  'var',
  'var-file',
  'out',
  'state',
  'state-out',
  'backup',
  'lock-timeout',
  'parallelism',
  'chdir',
  'backend-config',
  'plugin-dir',
  'lockfile',
  'from-module',
  'generate-config-out',
  'provider',
  'config',
  'filter',
  'test-directory',
  'platform',
  'net-mirror',
]

const TERRAGRUNT_VALUED = [
  'terragrunt-working-dir',
  'working-dir',
  'terragrunt-config',
  'terragrunt-iam-role',
  'iam-assume-role',
  'terragrunt-source',
  'source',
  'terragrunt-log-level',
  'log-level',
  'terragrunt-parallelism',
  'terragrunt-include-dir',
  'terragrunt-exclude-dir',
  'queue-include-dir',
  'queue-exclude-dir',
  'terragrunt-tfpath',
  'tf-path',
  'terragrunt-download-dir',
  'download-dir',
  'log-format',
  'units-that-include',
  'queue-include-units-reading',
]

function dashed(names: readonly string[]): string[] {
  return names.flatMap((name) => [`-${name}`, `--${name}`])
}

const VALUED = dashed([...TF_VALUED, ...TERRAGRUNT_VALUED])

function option(read: CloudArgs, name: string): string | undefined {
  return cloudOptionValue(read, `-${name}`, `--${name}`)
}

function options(read: CloudArgs, name: string): string[] {
  return cloudOptionValues(read, `-${name}`, `--${name}`)
}

function has(read: CloudArgs, name: string): boolean {
  return hasCloudOption(read, `-${name}`, `--${name}`)
}

/** Where the configuration is and which words around it may name an environment. */
interface Place {
  readonly tool: string
  readonly dir: string
  /** True for `terragrunt run-all` and `run --all`: every module under `dir`. */
  readonly all: boolean
  readonly env: InferredEnvironment | undefined
}

interface Judgement {
  readonly risk: Risk
  readonly verb: EffectVerb
  readonly scope?: EffectScope
  readonly reason: string
  readonly opaque?: boolean
}

function joinPath(cwd: string, dir: string | undefined): string {
  if (dir === undefined || dir === '' || dir === '.') return cwd
  if (dir.startsWith('/') || dir.startsWith('~')) return dir
  return `${cwd.replace(/\/$/, '')}/${dir.replace(/^\.\//, '')}`
}

function judgeApply(words: readonly string[], read: CloudArgs, place: Place): Judgement {
  const targets = options(read, 'target')
  const replaced = options(read, 'replace')
  const where = environmentPhrase(place.env)
  const config = place.all
    ? `every module under \`${place.dir}\``
    : `the configuration at \`${place.dir}\``
  if (has(read, 'destroy')) {
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
          scope: 'environment',
          reason: `destroys every resource in ${config}${where}`,
        }
  }
  const [planFile] = words
  if (planFile !== undefined) {
    if (/(^|[-_./])destroy([-_.]|$)/i.test(planFile)) {
      return {
        risk: 'catastrophic',
        verb: 'delete',
        scope: 'environment',
        reason: `applies saved plan \`${planFile}\`, which by its name destroys ${config}${where}`,
      }
    }
    return {
      risk: 'mutating',
      verb: 'deploy',
      scope: 'environment',
      reason: `applies saved plan \`${planFile}\`${where}; what it changes is in the plan, which this command does not show`,
    }
  }
  if (replaced.length > 0) {
    return {
      risk: 'destructive',
      verb: 'overwrite',
      scope: 'item',
      reason: `destroys and re-creates ${quoteNames(replaced)}${where}; data they hold is lost`,
    }
  }
  if (targets.length > 0) {
    return {
      risk: 'mutating',
      verb: 'deploy',
      scope: 'item',
      reason: `applies changes to ${quoteNames(targets)} only${where}`,
    }
  }
  const refresh = has(read, 'refresh-only') ? ' to the state only' : ''
  return {
    risk: 'mutating',
    verb: 'deploy',
    scope: 'environment',
    reason: `applies ${config}${refresh}${where}`,
  }
}

function judgeState(words: readonly string[], read: CloudArgs, place: Place): Judgement {
  const [sub = 'list', ...addresses] = words
  const where = environmentPhrase(place.env)
  if (['list', 'show', 'pull', 'identities'].includes(sub))
    return { risk: 'safe', verb: 'read', reason: 'only reads the state' }
  if (has(read, 'dry-run'))
    return { risk: 'safe', verb: 'read', reason: 'with `-dry-run` changes nothing' }
  switch (sub) {
    case 'rm':
      return {
        risk: 'destructive',
        verb: 'delete',
        scope: addresses.length > 1 ? 'collection' : 'item',
        reason: `removes ${quoteNames(addresses) || '?'} from the state${where}; Terraform stops managing it and a later apply may re-create it`,
      }
    case 'push':
      return {
        risk: 'destructive',
        verb: 'overwrite',
        scope: 'environment',
        reason: `overwrites the stored state with \`${addresses[0] ?? '?'}\`${where}`,
      }
    case 'mv':
    case 'replace-provider':
      return { risk: 'mutating', verb: 'move', reason: `rewrites addresses in the state${where}` }
    default:
      return {
        risk: 'destructive',
        verb: 'unknown',
        reason: `is not a state command airlock knows`,
        opaque: true,
      }
  }
}

function judgeWorkspace(words: readonly string[], place: Place): Judgement {
  const [sub = 'show', name] = words
  const where = environmentPhrase(place.env)
  if (sub === 'list' || sub === 'show') return { risk: 'safe', verb: 'read', reason: 'only reads' }
  if (sub === 'delete') {
    return {
      risk: 'destructive',
      verb: 'delete',
      scope: 'environment',
      reason: `deletes workspace \`${name ?? '?'}\` and its state${where}`,
    }
  }
  if (sub === 'new' || sub === 'select')
    return {
      risk: 'mutating',
      verb: 'write',
      reason: `${sub === 'new' ? 'creates' : 'selects'} workspace \`${name ?? '?'}\``,
    }
  return {
    risk: 'destructive',
    verb: 'unknown',
    reason: 'is not a workspace command airlock knows',
    opaque: true,
  }
}

function judgeSubcommand(
  sub: string,
  words: readonly string[],
  read: CloudArgs,
  place: Place,
): Judgement | undefined {
  const where = environmentPhrase(place.env)
  switch (sub) {
    case 'plan':
      return {
        risk: 'safe',
        verb: 'read',
        reason: has(read, 'destroy')
          ? 'only plans a destroy; it applies nothing'
          : 'only plans; it applies nothing',
      }
    case 'validate':
    case 'show':
    case 'output':
    case 'graph':
    case 'version':
    case 'console':
    case 'modules':
    case 'metadata':
    case 'get':
      return { risk: 'safe', verb: 'read', reason: 'changes no infrastructure' }
    case 'providers':
      return ['lock', 'mirror'].includes(words[0] ?? '')
        ? { risk: 'mutating', verb: 'write', reason: 'writes provider files locally' }
        : { risk: 'safe', verb: 'read', reason: 'only reads' }
    case 'fmt':
    case 'hclfmt':
      return has(read, 'check') ||
        has(read, 'terragrunt-check') ||
        option(read, 'write') === 'false'
        ? { risk: 'safe', verb: 'read', reason: 'only checks formatting' }
        : { risk: 'mutating', verb: 'write', reason: 'rewrites configuration files in place' }
    case 'init':
      return has(read, 'migrate-state') || has(read, 'force-copy')
        ? {
            risk: 'mutating',
            verb: 'move',
            scope: 'environment',
            reason: `moves the state to another backend${where}`,
          }
        : {
            risk: 'safe',
            verb: 'read',
            reason: 'only downloads providers and modules into `.terraform`',
          }
    case 'login':
    case 'logout':
      return { risk: 'mutating', verb: 'write', reason: 'changes stored credentials' }
    case 'test':
      return {
        risk: 'mutating',
        verb: 'create',
        reason: 'creates real infrastructure for its tests and destroys it afterwards',
      }
    case 'refresh':
      return {
        risk: 'mutating',
        verb: 'write',
        reason: `updates the state from real infrastructure${where}`,
      }
    case 'import':
      return {
        risk: 'mutating',
        verb: 'write',
        reason: `adopts \`${words[1] ?? '?'}\` into the state as \`${words[0] ?? '?'}\`${where}`,
      }
    case 'taint':
      return {
        risk: 'mutating',
        verb: 'write',
        reason: `marks \`${words[0] ?? '?'}\` to be destroyed and re-created by the next apply${where}`,
      }
    case 'untaint':
      return {
        risk: 'mutating',
        verb: 'write',
        reason: `clears the taint of \`${words[0] ?? '?'}\`${where}`,
      }
    case 'force-unlock':
      return {
        risk: 'mutating',
        verb: 'write',
        reason: `releases state lock \`${words[0] ?? '?'}\`${where}`,
      }
    case 'apply':
      return judgeApply(words, read, place)
    case 'destroy':
      return judgeApply(
        words,
        { ...read, options: [...read.options, { name: '-destroy', values: [], dynamic: false }] },
        place,
      )
    case 'state':
      return judgeState(words, read, place)
    case 'workspace':
    case 'env':
      return judgeWorkspace(words, place)
    // terragrunt's own commands
    case 'render-json':
    case 'render':
    case 'graph-dependencies':
    case 'output-module-groups':
    case 'validate-inputs':
    case 'terragrunt-info':
    case 'info':
    case 'find':
    case 'list':
    case 'dag':
      return place.tool === 'terragrunt'
        ? { risk: 'safe', verb: 'read', reason: 'only reads' }
        : undefined
    case 'catalog':
    case 'scaffold':
      return place.tool === 'terragrunt'
        ? { risk: 'mutating', verb: 'create', reason: 'writes new configuration files' }
        : undefined
    default:
      return undefined
  }
}

// terragrunt: `run-all destroy`, `destroy-all`, `run --all -- destroy`, `run destroy`, `stack run apply`.
function unwrapTerragrunt(
  words: readonly string[],
  read: CloudArgs,
): { sub: string; words: string[]; all: boolean } {
  const [first = '', ...rest] = words
  if (first === 'run-all') return { sub: rest[0] ?? '', words: rest.slice(1), all: true }
  if (/^(plan|apply|destroy|output|validate)-all$/.test(first))
    return { sub: first.replace(/-all$/, ''), words: rest, all: true }
  if (first === 'stack' && rest[0] === 'run')
    return { sub: rest[1] ?? '', words: rest.slice(2), all: true }
  if (first === 'run') {
    const all = has(read, 'all') || hasCloudOption(read, '-a')
    const inner = rest.length > 0 ? rest : read.rest.map((word) => word.value)
    return { sub: inner[0] ?? '', words: inner.slice(1), all }
  }
  return { sub: first, words: [...rest], all: has(read, 'all') }
}

function analyzeTerraformLike(command: ShellCommand): Effect[] {
  const read = readCloudArgs(command.args, { valued: VALUED })
  const tool = command.name
  const positionals = read.positionals.map((word: ShellWord) => word.value)
  if (read.positionals.slice(0, 2).some((word) => word.dynamic)) {
    return [
      createOpaqueEffect(
        'iac',
        `\`${tool}\` runs a subcommand only known at run time`,
        command.source,
      ),
    ]
  }
  const unwrapped =
    tool === 'terragrunt'
      ? unwrapTerragrunt(positionals, read)
      : { sub: positionals[0] ?? '', words: positionals.slice(1), all: false }
  const chdir =
    option(read, 'chdir') ?? option(read, 'terragrunt-working-dir') ?? option(read, 'working-dir')
  const dir = joinPath(command.cwd, chdir)
  const env = resolveCloudEnvironment(command, [
    dir,
    ...options(read, 'var-file'),
    command.variables.get('TF_WORKSPACE'),
    unwrapped.sub === 'workspace' ? unwrapped.words[1] : undefined,
  ])
  const place: Place = { tool, dir, all: unwrapped.all, env }
  const shown = `\`${[tool, unwrapped.all && tool === 'terragrunt' ? 'run-all' : undefined, unwrapped.sub].filter((w) => w !== undefined && w !== '').join(' ')}\``
  if (
    unwrapped.sub === '' ||
    has(read, 'help') ||
    has(read, 'h') ||
    has(read, 'version') ||
    has(read, 'v')
  ) {
    return [
      readEffect(command, `${tool}:${dir}`, `${shown} only prints help or its version`, 'iac'),
    ]
  }
  const judgement = judgeSubcommand(unwrapped.sub, unwrapped.words, read, place)
  if (judgement === undefined) return [judgeUnknownSubcommand(command, 'iac', [unwrapped.sub])]
  if (judgement.opaque === true) {
    return [createOpaqueEffect('iac', `${shown} ${judgement.reason}`, command.source)]
  }
  const wide = place.all && judgement.scope === 'environment' ? 'environment' : judgement.scope
  return [
    ruleEffect(command, {
      system: 'iac',
      verb: judgement.verb,
      target: `${tool}:${dir}`,
      scope: wide ?? 'item',
      risk: judgement.risk,
      reason: `${shown} ${judgement.reason}`,
    }),
  ]
}

const analyzeTerraform: CommandRule = (command) => analyzeTerraformLike(command)

/** Rules for Terraform, OpenTofu and Terragrunt, which share Terraform's subcommands. */
export const TERRAFORM_RULES: CommandRuleTable = {
  terraform: analyzeTerraform,
  tofu: analyzeTerraform,
  terragrunt: analyzeTerraform,
}
