import {
  createEffect,
  createOpaqueEffect,
  type Effect,
  type EffectInit,
  type EffectSystem,
} from '../../../model/effect.js'
import type { ShellCommand } from '../shell-command.js'

/** An effect of a command, with the command's text as its source. */
export function ruleEffect(command: ShellCommand, init: Omit<EffectInit, 'source'>): Effect {
  return createEffect({ ...init, source: command.source })
}

/** A read-only effect: the command looks at something and changes nothing. */
export function readEffect(
  command: ShellCommand,
  target: string,
  reason: string,
  system: EffectSystem = 'process',
): Effect {
  return ruleEffect(command, { system, verb: 'read', target, risk: 'safe', reason })
}

/** An opaque effect for a command whose consequences airlock cannot see. */
export function opaqueEffect(command: ShellCommand, reason: string): Effect {
  return createOpaqueEffect('shell', reason, command.source)
}

/** The command's words as one string, for reasons. */
export function commandLine(command: ShellCommand, count = 3): string {
  return [command.name, ...command.args.slice(0, count - 1).map((arg) => arg.value)].join(' ')
}
