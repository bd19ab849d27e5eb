import { createEffect, type Effect, type EffectInit } from '../../model/effect.js'

/** What an SQL rule gives for an effect; the system is always `database`. */
export type SqlEffectInit = Omit<EffectInit, 'system'> & { readonly source: string }

/** Builds an effect in the `database` system. */
export function createSqlEffect(init: SqlEffectInit): Effect {
  return createEffect({ ...init, system: 'database' })
}

/** A read that changes nothing. */
export function createSqlReadEffect(target: string, reason: string, source: string): Effect {
  return createSqlEffect({
    verb: 'read',
    target,
    scope: 'collection',
    risk: 'safe',
    reason,
    source,
  })
}

/**
 * An effect airlock cannot see through. At least destructive; `catastrophic` when what is
 * visible of it is already that bad.
 */
export function createOpaqueSqlEffect(
  reason: string,
  source: string,
  risk: 'destructive' | 'catastrophic' = 'destructive',
): Effect {
  return createSqlEffect({
    verb: 'unknown',
    target: source === '' ? '?' : source,
    scope: 'unknown',
    risk,
    opaque: true,
    reversible: false,
    dataLoss: true,
    reason,
    source,
  })
}

/** Puts user input or SQL in backticks for a reason, as the message style asks. */
export function quoteSql(text: string): string {
  return `\`${text.replaceAll('`', "'")}\``
}
