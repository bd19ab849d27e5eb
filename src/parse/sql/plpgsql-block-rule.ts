import type { DoStmt, Node } from 'libpg-query'

import type { Effect } from '../../model/effect.js'
import type { PostgresContext } from './postgres-context.js'
import { nodeAs, stringOf } from './postgres-node.js'
import { createOpaqueSqlEffect, createSqlReadEffect, quoteSql } from './sql-effect.js'

/** Analyses one statement found inside the block, with the block as its source. */
export type NestedStatementAnalyzer = (node: Node, source: string) => Effect[]

const LOOPS = new Set([
  'PLpgSQL_stmt_loop',
  'PLpgSQL_stmt_while',
  'PLpgSQL_stmt_fori',
  'PLpgSQL_stmt_fors',
  'PLpgSQL_stmt_forc',
  'PLpgSQL_stmt_foreach_a',
  'PLpgSQL_stmt_dynfors',
])
// PL/pgSQL parse modes: 0 is a whole statement, 2 an expression, 3 to 5 an assignment.
const STATEMENT_MODE = 0
const EXPRESSION_MODE = 2
const ASSIGNMENT_TARGET = /^[^:=]*:?=/

interface PlExpression {
  readonly query: string
  readonly mode: number
}

interface DynamicSql {
  readonly expression: string
  readonly inLoop: boolean
}

interface BlockContent {
  readonly expressions: PlExpression[]
  readonly dynamic: DynamicSql[]
}

function expressionOf(value: unknown): PlExpression | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const expr = (value as { PLpgSQL_expr?: { query?: unknown; parseMode?: unknown } }).PLpgSQL_expr
  if (expr === undefined || typeof expr.query !== 'string') return undefined
  return {
    query: expr.query,
    mode: typeof expr.parseMode === 'number' ? expr.parseMode : STATEMENT_MODE,
  }
}

function collectBlock(value: unknown, inLoop: boolean, into: BlockContent): void {
  if (typeof value !== 'object' || value === null) return
  if (Array.isArray(value)) {
    for (const item of value) collectBlock(item, inLoop, into)
    return
  }
  for (const key in value) {
    const child = (value as Record<string, unknown>)[key]
    if (typeof child !== 'object' || child === null) continue
    if (key === 'PLpgSQL_expr') {
      const expression = expressionOf(value)
      if (expression !== undefined) into.expressions.push(expression)
      continue
    }
    const fields = child as Record<string, unknown>
    const dynamicField =
      key === 'PLpgSQL_stmt_dynexecute' || key === 'PLpgSQL_stmt_dynfors'
        ? 'query'
        : key === 'PLpgSQL_stmt_open' || key === 'PLpgSQL_stmt_return_query'
          ? 'dynquery'
          : undefined
    const dynamic = dynamicField === undefined ? undefined : expressionOf(fields[dynamicField])
    if (dynamicField !== undefined && dynamic !== undefined) {
      into.dynamic.push({ expression: dynamic.query, inLoop })
      const { [dynamicField]: _dynamic, ...rest } = fields
      collectBlock(rest, inLoop || LOOPS.has(key), into)
      continue
    }
    collectBlock(child, inLoop || LOOPS.has(key), into)
  }
}

// The text a dynamic statement starts with: `'DROP TABLE ' || name` starts with `DROP TABLE `.
function leadingText(node: Node | undefined): string | undefined {
  const constant = nodeAs(node, 'A_Const')
  if (constant !== undefined) return constant.sval?.sval
  const cast = nodeAs(node, 'TypeCast')
  if (cast !== undefined) return leadingText(cast.arg)
  const expr = nodeAs(node, 'A_Expr')
  if (expr !== undefined && stringOf(expr.name?.at(-1)) === '||') return leadingText(expr.lexpr)
  const call = nodeAs(node, 'FuncCall')
  const name = stringOf(call?.funcname?.at(-1))
  if (call !== undefined && (name === 'format' || name === 'concat'))
    return leadingText(call.args?.[0])
  return undefined
}

function judgeDynamicSql(dynamic: DynamicSql, source: string, context: PostgresContext): Effect {
  let text: string | undefined
  try {
    const parsed = context.parsers.parsePostgres(`SELECT ${dynamic.expression}`)
    const select = nodeAs(parsed.stmts?.[0]?.stmt, 'SelectStmt')
    text = leadingText(nodeAs(select?.targetList?.[0], 'ResTarget')?.val)
  } catch {
    text = undefined
  }
  const head = (text ?? '').trim().replace(/\s+/g, ' ').toUpperCase()
  const shown = text === undefined ? '' : ` (${quoteSql(`${text.trim()}…`)})`
  if (/^DROP DATABASE\b/.test(head)) {
    return createOpaqueSqlEffect(
      `the block runs sql built at run time that drops a database${shown}`,
      source,
      'catastrophic',
    )
  }
  if (/^(DROP (TABLE|SCHEMA|MATERIALIZED VIEW)|TRUNCATE)\b/.test(head) && dynamic.inLoop) {
    return createOpaqueSqlEffect(
      `the block drops or empties tables named at run time in a loop, so it can wipe every table${shown}`,
      source,
      'catastrophic',
    )
  }
  return createOpaqueSqlEffect(
    `the block runs sql built at run time, which airlock cannot read${shown}`,
    source,
  )
}

function sqlOf(expression: PlExpression): string {
  if (expression.mode === STATEMENT_MODE) return expression.query
  const value =
    expression.mode === EXPRESSION_MODE
      ? expression.query
      : expression.query.replace(ASSIGNMENT_TARGET, '')
  return `SELECT ${value}`
}

/**
 * Judges a `DO` block by reading its PL/pgSQL: the static statements inside are analysed as
 * if run directly; `EXECUTE` of a string built at run time is opaque, and catastrophic when it
 * drops tables in a loop. Another language than PL/pgSQL is opaque.
 */
export function analyzeDoBlock(
  stmt: DoStmt,
  source: string,
  context: PostgresContext,
  analyzeNested: NestedStatementAnalyzer,
): Effect[] {
  const options = (stmt.args ?? []).flatMap((node) => {
    const option = nodeAs(node, 'DefElem')
    return option === undefined ? [] : [option]
  })
  const language =
    stringOf(options.find((option) => option.defname === 'language')?.arg)?.toLowerCase() ??
    'plpgsql'
  if (language !== 'plpgsql') {
    return [
      createOpaqueSqlEffect(
        `a \`DO\` block in ${quoteSql(language)} runs code airlock cannot read`,
        source,
      ),
    ]
  }
  let parsed: unknown
  try {
    parsed = context.parsers.parsePlPgSql(source)
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    context.issues.push({ code: 'parse_syntax_error', message: `pl/pgsql parser: ${message}` })
    return [createOpaqueSqlEffect('the body of the `DO` block could not be parsed', source)]
  }
  const content: BlockContent = { expressions: [], dynamic: [] }
  collectBlock(parsed, false, content)
  const effects = content.dynamic.map((dynamic) => judgeDynamicSql(dynamic, source, context))
  for (const expression of content.expressions) {
    let statements
    try {
      statements = context.parsers.parsePostgres(sqlOf(expression)).stmts ?? []
    } catch {
      effects.push(
        createOpaqueSqlEffect(
          `the \`DO\` block holds ${quoteSql(expression.query)}, which airlock cannot parse`,
          source,
        ),
      )
      continue
    }
    for (const raw of statements) {
      if (raw.stmt === undefined) continue
      for (const effect of analyzeNested(raw.stmt, source)) {
        if (effect.risk !== 'safe' || effect.opaque)
          effects.push({ ...effect, reason: `${effect.reason}, inside a \`DO\` block` })
      }
    }
  }
  return effects.length > 0
    ? effects
    : [createSqlReadEffect('query', 'the `DO` block only reads data', source)]
}
