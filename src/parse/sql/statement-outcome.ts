import type { Effect } from '../../model/effect.js'
import type { ParseIssue, ParseIssueCode } from '../../model/parse-issue.js'
import { createOpaqueSqlEffect } from './sql-effect.js'

/** The effects of one statement or client command, with where it starts in the input. */
export interface PlacedEffects {
  readonly start: number
  readonly effects: readonly Effect[]
}

/** Effects of a statement that could not be read: one opaque effect and an issue saying why. */
export function unreadableStatement(
  code: ParseIssueCode,
  message: string,
  source: string,
  start: number,
  issues: ParseIssue[],
): PlacedEffects {
  issues.push({ code, message, span: { start, end: start + source.length } })
  return { start, effects: [createOpaqueSqlEffect(message, source)] }
}

/** Runs a statement rule; a rule that throws gives an opaque effect instead of failing the input. */
export function runRuleSafely(
  rule: () => readonly Effect[],
  source: string,
  start: number,
  issues: ParseIssue[],
): PlacedEffects {
  try {
    return { start, effects: rule() }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    return unreadableStatement(
      'parse_internal_error',
      `sql analysis failed: ${message}`,
      source,
      start,
      issues,
    )
  }
}

/** A parser's message in the house style: quoted input in backticks, no final period. */
export function tidyParserMessage(message: string): string {
  return message
    .replace(/"([^"]*)"/g, '`$1`')
    .replace(/\.\s*$/, '')
    .replace(/\s+/g, ' ')
}
