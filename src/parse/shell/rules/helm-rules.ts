import { createOpaqueEffect, type Effect, type EffectVerb } from '../../../model/effect.js'
import type { Risk } from '../../../model/risk.js'
import type { CommandRuleTable } from '../command-rule.js'
import { hasOption, optionValue, readArgs } from '../read-args.js'
import type { ShellCommand } from '../shell-command.js'
import { environmentPhrase, resolveCloudEnvironment } from './cloud-environment.js'
import { judgeUnknownSubcommand } from './cloud-verb.js'
import { quoteNames } from './cloud-wording.js'
import { readEffect, ruleEffect } from './rule-effect.js'

const VALUED = [
  '-n',
  '--namespace',
  '--kube-context',
  '--kubeconfig',
  '--registry-config',
  '--repository-cache',
  '--repository-config',
  '--burst-limit',
  '--qps',
  '--kube-apiserver',
  '--kube-as-user',
  '--kube-as-group',
  '--kube-token',
  '--kube-ca-file',
  '--kube-tls-server-name',
  '--content-cache',
  '-f',
  '--values',
  '--set',
  '--set-string',
  '--set-file',
  '--set-json',
  '--set-literal',
  '--version',
  '--repo',
  '-o',
  '--output',
  '--timeout',
  '--description',
  '--post-renderer',
  '--post-renderer-args',
  '--revision',
  '--max',
  '--username',
  '--password',
  '--ca-file',
  '--cert-file',
  '--key-file',
  '--cascade',
  '--history-max',
  '-l',
  '--selector',
  '--filter',
  '-a',
  '--api-versions',
  '--kube-version',
  '-s',
  '--show-only',
  '--output-dir',
  '--name-template',
  '--labels',
  '-d',
  '--destination',
  '--untardir',
  '--keyring',
  '--wait-for',
]

const READ_VERBS = new Set([
  'template',
  'lint',
  'list',
  'ls',
  'status',
  'get',
  'show',
  'inspect',
  'diff',
  'history',
  'hist',
  'search',
  'repo',
  'version',
  'env',
  'help',
  'completion',
  'verify',
  'package',
])

const LOCAL_VERBS = new Set([
  'pull',
  'fetch',
  'push',
  'create',
  'registry',
  'plugin',
  'dependency',
  'dep',
])

/** Judges a helm command: releases installed, upgraded, rolled back or uninstalled. */
function analyzeHelm(command: ShellCommand): Effect[] {
  const read = readArgs(command.args, { valued: VALUED })
  const [verbWord, ...operandWords] = read.positionals
  if (verbWord === undefined) {
    return [readEffect(command, 'helm', '`helm` only prints its usage', 'k8s')]
  }
  if (verbWord.dynamic)
    return [
      createOpaqueEffect('k8s', '`helm` runs a command only known at run time', command.source),
    ]
  const verb = verbWord.value
  const operands = operandWords.map((word) => word.value)
  const namespace = optionValue(read, '-n', '--namespace')
  const where = namespace === undefined ? '' : ` in namespace \`${namespace}\``
  const target = `k8s:${namespace ?? ''}/release/${operands[0] ?? '?'}`
  const effect = (risk: Risk, effectVerb: EffectVerb, reason: string): Effect =>
    ruleEffect(command, {
      system: 'k8s',
      verb: effectVerb,
      target,
      risk,
      reason: `\`helm ${verb}\` ${reason}`,
    })
  const dependencySub = operands[0] ?? ''
  if (
    READ_VERBS.has(verb) ||
    ((verb === 'dependency' || verb === 'dep') && dependencySub === 'list') ||
    (verb === 'plugin' && dependencySub === 'list')
  ) {
    return [
      effect(
        'safe',
        'read',
        verb === 'repo'
          ? 'only manages local chart repository settings'
          : 'changes nothing in the cluster',
      ),
    ]
  }
  const dryRun = read.options.get('--dry-run')
  if (dryRun !== undefined && dryRun !== 'none' && dryRun !== 'false') {
    return [effect('safe', 'read', 'with `--dry-run` changes nothing')]
  }
  const env = resolveCloudEnvironment(command, [
    namespace,
    optionValue(read, '--kube-context'),
    ...read.occurrences
      .filter((o) => o.name === '-f' || o.name === '--values')
      .map((o) => String(o.value)),
  ])
  const inEnv = environmentPhrase(env)
  switch (verb) {
    case 'install':
    case 'upgrade': {
      const release = operands[0] ?? '?'
      const chart =
        operands[1] ??
        (verb === 'install' && hasOption(read, '--generate-name', '-g') ? release : '?')
      const force = hasOption(read, '--force') ? '; `--force` replaces objects it cannot patch' : ''
      return [
        effect(
          'mutating',
          'deploy',
          `installs or upgrades release \`${release}\` from \`${chart}\`${where}${inEnv}${force}`,
        ),
      ]
    }
    case 'rollback':
      return [
        effect(
          'mutating',
          'deploy',
          `rolls release \`${operands[0] ?? '?'}\` back to an earlier revision${where}${inEnv}`,
        ),
      ]
    case 'uninstall':
    case 'delete':
    case 'del':
    case 'un':
      return [
        ruleEffect(command, {
          system: 'k8s',
          verb: 'delete',
          target,
          scope: 'collection',
          risk: 'destructive',
          reason: `\`helm ${verb}\` removes release ${quoteNames(operands) || '?'} and every object it created${where}${inEnv}`,
        }),
      ]
    case 'test':
      return [
        effect(
          'mutating',
          'execute',
          `runs the test pods of release \`${operands[0] ?? '?'}\`${where}${inEnv}`,
        ),
      ]
    default:
      if (LOCAL_VERBS.has(verb))
        return [effect('mutating', 'write', 'changes local charts or settings')]
      return [judgeUnknownSubcommand(command, 'k8s', [verb])]
  }
}

/** Rules for helm, the Kubernetes package manager. */
export const HELM_RULES: CommandRuleTable = { helm: analyzeHelm }
