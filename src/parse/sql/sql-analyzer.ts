import type { SqlDialect } from '../../model/action.js'
import { createOpaqueEffect, type Effect } from '../../model/effect.js'
import type { ParseIssue } from '../../model/parse-issue.js'
import { judgeClientCommand } from './client-command-rule.js'
import { revealMysqlExecutableComments } from './mysql-executable-comments.js'
import { analyzeMysqlOrSqliteText } from './mysql-sqlite-analyzer.js'
import { analyzePostgresText } from './postgres-analyzer.js'
import type { PostgresContext } from './postgres-context.js'
import { getSqlParsers, type SqlParsers } from './sql-parsers.js'
import { splitSqlScript } from './sql-script.js'
import type { PlacedEffects } from './statement-outcome.js'

/** What SQL analysis found: one or more effects per statement, and what it could not read. */
export interface SqlAnalysis {
  readonly effects: Effect[]
  readonly issues: ParseIssue[]
}

function analyzeScript(
  sql: string,
  dialect: SqlDialect,
  parsers: SqlParsers,
  now: number,
  issues: ParseIssue[],
): PlacedEffects[] {
  const text = dialect === 'mysql' ? revealMysqlExecutableComments(sql) : sql
  const script = splitSqlScript(text, dialect)
  const copyContext: PostgresContext = { dialect, now, parsers, issues, clientCopy: true }
  const placed: PlacedEffects[] = script.commands.map((command) => ({
    start: command.start,
    effects: judgeClientCommand(command, dialect, (copy) =>
      analyzePostgresText(copy, command.start, copyContext).flatMap((found) =>
        found.effects.map((effect) => ({ ...effect, source: command.text })),
      ),
    ),
  }))
  if (dialect === 'postgres') {
    placed.push(...analyzePostgresText(script.sql, 0, { ...copyContext, clientCopy: false }))
  } else {
    placed.push(...analyzeMysqlOrSqliteText(script.sql, { dialect, now, parsers, issues }))
  }
  return placed.sort((a, b) => a.start - b.start)
}

/**
 * Parses SQL for a dialect into effects, one or more per statement, with a real parser:
 * PostgreSQL's own grammar for `postgres`, node-sql-parser for `mysql` and `sqlite`. Client
 * commands in the text (psql's `\dt`, sqlite3's `.tables`) are judged too.
 *
 * Never throws. A statement no parser reads becomes an opaque effect with a
 * `parse_syntax_error` issue; without `loadSqlParsers` having finished, the whole input is one
 * opaque effect with a `parse_internal_error` issue. `source` names where the SQL came from
 * (the shell command carrying it) for effects that belong to no single statement.
 *
 * @example
 * await loadSqlParsers()
 * analyzeSql('DELETE FROM orders WHERE 1=1', 'mysql').effects[0]?.risk // 'destructive'
 */
export function analyzeSql(sql: string, dialect: SqlDialect, source?: string): SqlAnalysis {
  const whole = source ?? sql
  const parsers = getSqlParsers()
  if (parsers === undefined) {
    return {
      effects: [createOpaqueEffect('database', 'the sql parsers are not loaded', whole)],
      issues: [
        {
          code: 'parse_internal_error',
          message: 'sql parsers are not loaded: `loadSqlParsers` must finish first',
        },
      ],
    }
  }
  const issues: ParseIssue[] = []
  try {
    const placed = analyzeScript(sql, dialect, parsers, Date.now(), issues)
    return { effects: placed.flatMap((found) => found.effects), issues }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    return {
      effects: [createOpaqueEffect('database', 'sql analysis failed', whole)],
      issues: [
        ...issues,
        { code: 'parse_internal_error', message: `sql analysis failed: ${message}` },
      ],
    }
  }
}
