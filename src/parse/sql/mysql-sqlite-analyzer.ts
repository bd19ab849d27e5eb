import type { ParseIssue } from '../../model/parse-issue.js'
import { judgeKeywordStatement } from './keyword-statement-rules.js'
import { analyzeNodeSqlStatement } from './mysql-statement-rules.js'
import type { PostgresContext } from './postgres-context.js'
import { analyzePostgresStatement } from './postgres-statement-rules.js'
import { splitSqlStatements, type SqlStatementText } from './split-sql-statements.js'
import type { SqlParsers } from './sql-parsers.js'
import { quoteSqliteBrackets } from './sqlite-brackets.js'
import {
  type PlacedEffects,
  runRuleSafely,
  tidyParserMessage,
  unreadableStatement,
} from './statement-outcome.js'

/** What MySQL and SQLite analysis needs. */
export interface MysqlSqliteContext {
  readonly dialect: 'mysql' | 'sqlite'
  readonly now: number
  readonly parsers: SqlParsers
  readonly issues: ParseIssue[]
}

// node-sql-parser lists every token it expected; where it stopped, and on what, says enough.
function describeParserError(error: unknown, source: string): string {
  if (!(error instanceof Error)) return 'syntax error'
  const { location } = error as Error & {
    location?: { start?: { offset?: number; line?: number; column?: number } }
  }
  const start = location?.start
  if (start?.offset === undefined || start.line === undefined || start.column === undefined) {
    return tidyParserMessage(error.message)
  }
  const token = /^[\w$]+|^\S/.exec(source.slice(start.offset))?.[0]
  const near = token === undefined ? 'at the end of the input' : `near \`${token}\``
  return `syntax error ${near} at line ${String(start.line)} column ${String(start.column)}`
}

function astList(result: unknown): unknown[] {
  return Array.isArray(result) ? result : [result]
}

function analyzeStatement(statement: SqlStatementText, context: MysqlSqliteContext): PlacedEffects {
  const { dialect, parsers } = context
  const source = statement.text
  const keyword = judgeKeywordStatement(statement, dialect, (text, start) =>
    splitSqlStatements(text, dialect).map((inner) =>
      analyzeStatement({ text: inner.text, start: start + inner.start }, context),
    ),
  )
  if (keyword !== undefined) return { start: statement.start, effects: keyword }
  const ruleContext = { dialect, now: context.now }
  let asts: unknown[] | undefined
  try {
    asts = astList(dialect === 'mysql' ? parsers.parseMysql(source) : parsers.parseSqlite(source))
  } catch (primary) {
    if (dialect === 'mysql') {
      return unreadableStatement(
        'parse_syntax_error',
        `mysql parser: ${describeParserError(primary, source)}`,
        source,
        statement.start,
        context.issues,
      )
    }
    // node-sql-parser's SQLite grammar is partial: its MySQL grammar, then PostgreSQL's, read
    // much of what it misses (`ON CONFLICT`, `WITH … DELETE`, `RETURNING`, `[name]`).
    const quoted = quoteSqliteBrackets(source)
    const fallbacks =
      quoted === source ? [parsers.parseMysql] : [parsers.parseSqlite, parsers.parseMysql]
    for (const parse of fallbacks) {
      try {
        asts = astList(parse(quoted))
        break
      } catch {
        asts = undefined
      }
    }
    if (asts === undefined) return analyzeWithPostgresGrammar(statement, quoted, context, primary)
  }
  const parsed = asts
  return runRuleSafely(
    () => parsed.flatMap((ast) => analyzeNodeSqlStatement(ast, source, ruleContext)),
    source,
    statement.start,
    context.issues,
  )
}

function analyzeWithPostgresGrammar(
  statement: SqlStatementText,
  quoted: string,
  context: MysqlSqliteContext,
  primary: unknown,
): PlacedEffects {
  const source = statement.text
  let stmts
  try {
    stmts = context.parsers.parsePostgres(quoted).stmts ?? []
  } catch {
    return unreadableStatement(
      'parse_syntax_error',
      `sqlite parser: ${describeParserError(primary, source)}`,
      source,
      statement.start,
      context.issues,
    )
  }
  const postgres: PostgresContext = { ...context, clientCopy: false }
  return runRuleSafely(
    () =>
      stmts.flatMap((raw) =>
        raw.stmt === undefined ? [] : analyzePostgresStatement(raw.stmt, source, postgres),
      ),
    source,
    statement.start,
    context.issues,
  )
}

/**
 * Judges MySQL or SQLite text statement by statement with node-sql-parser, after the keyword
 * rules for statements its grammars lack. A statement no grammar reads is opaque.
 */
export function analyzeMysqlOrSqliteText(
  text: string,
  context: MysqlSqliteContext,
): PlacedEffects[] {
  return splitSqlStatements(text, context.dialect).map((statement) =>
    analyzeStatement(statement, context),
  )
}
