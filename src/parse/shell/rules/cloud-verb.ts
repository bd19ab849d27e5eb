import { createOpaqueEffect, type Effect, type EffectSystem } from '../../../model/effect.js'
import type { ShellCommand } from '../shell-command.js'
import { ruleEffect } from './rule-effect.js'

const READ_ONLY_VERBS = new Set([
  'list',
  'ls',
  'describe',
  'show',
  'get',
  'read',
  'view',
  'status',
  'history',
  'search',
  'info',
  'version',
  'help',
  'explain',
  'inspect',
  'whoami',
  'tail',
  'logs',
  'cat',
  'exists',
  'check',
  'validate',
  'lint',
  'diff',
  'preview',
  'what-if',
  'query',
  'find',
  'print',
  'top',
  'wait',
])
const READ_ONLY_PREFIXES = ['list-', 'describe-', 'get-', 'show-', 'print-', 'search-', 'check-']

/** True when a subcommand's name says it only reads (`list`, `describe`, `get-iam-policy`). */
export function isReadOnlyVerb(verb: string): boolean {
  const word = verb.toLowerCase()
  return READ_ONLY_VERBS.has(word) || READ_ONLY_PREFIXES.some((prefix) => word.startsWith(prefix))
}

/**
 * Judges a subcommand of a known CLI that no rule covers: safe when its name says it only
 * reads, opaque otherwise.
 */
export function judgeUnknownSubcommand(
  command: ShellCommand,
  system: EffectSystem,
  words: readonly string[],
): Effect {
  const shown = `\`${[command.name, ...words].join(' ')}\``
  const verb = words.at(-1) ?? ''
  if (verb !== '' && isReadOnlyVerb(verb)) {
    return ruleEffect(command, {
      system,
      verb: 'read',
      target: [command.name, ...words].join(' '),
      risk: 'safe',
      reason: `${shown} only reads`,
    })
  }
  // Fail closed: an unknown subcommand may change or delete anything the caller can reach.
  return createOpaqueEffect(system, `airlock does not know what ${shown} does`, command.source)
}
