import type { PostgresContext } from './postgres-context.js'
import { analyzePostgresStatement } from './postgres-statement-rules.js'
import { splitSqlStatements } from './split-sql-statements.js'
import { findPsqlVariable, leadingCommentLength } from './sql-comments.js'
import {
  type PlacedEffects,
  runRuleSafely,
  tidyParserMessage,
  unreadableStatement,
} from './statement-outcome.js'
import { createUtf8Text } from './utf8-text.js'

function reportUnparsable(
  text: string,
  start: number,
  error: unknown,
  context: PostgresContext,
): PlacedEffects {
  const variable = findPsqlVariable(text)
  if (variable !== undefined) {
    return unreadableStatement(
      'parse_unresolved_expansion',
      `psql variable \`:${variable}\` is only known when psql runs`,
      text,
      start,
      context.issues,
    )
  }
  const message = error instanceof Error ? error.message : String(error)
  return unreadableStatement(
    'parse_syntax_error',
    `postgres parser: ${tidyParserMessage(message)}`,
    text,
    start,
    context.issues,
  )
}

/**
 * Parses PostgreSQL text with PostgreSQL's own grammar and judges every statement. When the
 * text does not parse, each statement is parsed on its own, so one bad statement does not hide
 * the others; the bad one is opaque.
 *
 * `offset` is where `text` starts in the caller's input, for the positions reported.
 */
export function analyzePostgresText(
  text: string,
  offset: number,
  context: PostgresContext,
  splitOnError = true,
): PlacedEffects[] {
  let stmts
  try {
    stmts = context.parsers.parsePostgres(text).stmts ?? []
  } catch (error) {
    const statements = splitSqlStatements(text, 'postgres')
    if (splitOnError && statements.length > 1) {
      return statements.flatMap((statement) =>
        analyzePostgresText(statement.text, offset + statement.start, context, false),
      )
    }
    const only = statements[0] ?? {
      text: text.trim(),
      start: text.length - text.trimStart().length,
    }
    return [reportUnparsable(only.text, offset + only.start, error, context)]
  }
  const utf8 = createUtf8Text(text)
  return stmts.map((raw) => {
    const byteStart = raw.stmt_location ?? 0
    const piece = utf8.slice(
      byteStart,
      raw.stmt_len === undefined || raw.stmt_len === 0 ? undefined : byteStart + raw.stmt_len,
    )
    const lead = leadingCommentLength(piece, 'postgres')
    const source = piece.slice(lead).trimEnd()
    const start = offset + utf8.charOffset(byteStart) + lead
    const stmt = raw.stmt
    if (stmt === undefined)
      return reportUnparsable(source, start, new Error('empty statement'), context)
    return runRuleSafely(
      () => analyzePostgresStatement(stmt, source, context),
      source,
      start,
      context.issues,
    )
  })
}
