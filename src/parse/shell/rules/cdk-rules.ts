import { createOpaqueEffect, type Effect } from '../../../model/effect.js'
import type { CommandRuleTable } from '../command-rule.js'
import { hasOption, optionValue, readArgs } from '../read-args.js'
import type { ShellCommand } from '../shell-command.js'
import { environmentPhrase, resolveCloudEnvironment } from './cloud-environment.js'
import { judgeUnknownSubcommand } from './cloud-verb.js'
import { quoteNames } from './cloud-wording.js'
import { readEffect, ruleEffect } from './rule-effect.js'

const VALUED = [
  '-a',
  '--app',
  '-c',
  '--context',
  '--profile',
  '-r',
  '--role-arn',
  '--require-approval',
  '--toolkit-stack-name',
  '-o',
  '--output',
  '-p',
  '--plugin',
  '-m',
  '--method',
  '--parameters',
  '-O',
  '--outputs-file',
  '--change-set-name',
  '--concurrency',
  '--progress',
  '-E',
  '--build-exclude',
  '--notification-arns',
  '-t',
  '--tags',
  '--ca-bundle-path',
  '--proxy',
  '-l',
  '--language',
  '--template',
  '--context-lines',
  '--bootstrap-bucket-name',
  '--bootstrap-kms-key-id',
  '--cloudformation-execution-policies',
  '--trust',
  '--trust-for-lookup',
  '--qualifier',
  '--custom-permissions-boundary',
  '--unstable',
  '--resource-mapping',
  '--record-resource-mapping',
  '--from-path',
  '--from-stack',
  '--stack-name',
]

const SAFE_VERBS = new Set([
  'list',
  'ls',
  'synth',
  'synthesize',
  'diff',
  'docs',
  'doc',
  'doctor',
  'notices',
  'metadata',
  'version',
  'drift',
  'help',
  'acknowledge',
  'ack',
])

const CHANGE_VERBS = new Set([
  'bootstrap',
  'deploy',
  'watch',
  'import',
  'migrate',
  'init',
  'rollback',
  'refactor',
  'gc',
  'context',
  'flags',
])

/** Judges an AWS CDK command: diff and synth are safe, deploy mutates, destroy deletes stacks. */
function analyzeCdk(command: ShellCommand): Effect[] {
  const read = readArgs(command.args, { valued: VALUED })
  const [verbWord, ...stackWords] = read.positionals
  if (verbWord === undefined) {
    return [readEffect(command, 'cdk', '`cdk` only prints its usage', 'iac')]
  }
  if (verbWord.dynamic)
    return [
      createOpaqueEffect('iac', '`cdk` runs a command only known at run time', command.source),
    ]
  const verb = verbWord.value
  const stacks = stackWords.map((word) => word.value)
  const every = hasOption(read, '--all') || stacks.some((name) => name.includes('*'))
  const env = resolveCloudEnvironment(command, [
    ...stacks,
    optionValue(read, '--profile'),
    ...read.occurrences
      .filter((o) => o.name === '-c' || o.name === '--context')
      .map((o) => String(o.value)),
  ])
  const where = environmentPhrase(env)
  const named = every
    ? 'every stack in the app'
    : stacks.length > 0
      ? `stack${stacks.length > 1 ? 's' : ''} ${quoteNames(stacks)}`
      : 'the stack of the app'
  const target = `cdk:${stacks.join(',') || command.cwd}`
  const shown = `\`cdk ${verb}\``
  if (
    SAFE_VERBS.has(verb) ||
    (verb === 'context' && !hasOption(read, '--reset', '--clear', '-e'))
  ) {
    return [readEffect(command, target, `${shown} changes no deployed resources`, 'iac')]
  }
  if (hasOption(read, '--dry-run')) {
    return [readEffect(command, target, `${shown} with \`--dry-run\` changes nothing`, 'iac')]
  }
  if (verb === 'destroy') {
    return [
      ruleEffect(command, {
        system: 'iac',
        verb: 'delete',
        target,
        scope: 'stack',
        risk: 'catastrophic',
        reason: `${shown} deletes ${named} and every resource in ${every || stacks.length > 1 ? 'them' : 'it'}${where}`,
      }),
    ]
  }
  if (CHANGE_VERBS.has(verb)) {
    const what =
      verb === 'deploy' || verb === 'watch'
        ? `deploys ${named}`
        : verb === 'bootstrap'
          ? 'creates the CDK toolkit stack'
          : 'changes stacks or local settings'
    return [
      ruleEffect(command, {
        system: 'iac',
        verb: verb === 'deploy' ? 'deploy' : 'write',
        target,
        scope: 'stack',
        risk: 'mutating',
        reason: `${shown} ${what}${where}`,
      }),
    ]
  }
  return [judgeUnknownSubcommand(command, 'iac', [verb])]
}

/** Rules for the AWS CDK CLI. */
export const CDK_RULES: CommandRuleTable = { cdk: analyzeCdk }
