import type { DeleteStmt, InsertStmt, MergeStmt, Node, SelectStmt, UpdateStmt } from 'libpg-query'

import type { Effect } from '../../model/effect.js'
import { isAlwaysTrue } from './is-always-true.js'
import type { PostgresContext } from './postgres-context.js'
import { dottedName, nodeAs, rangeVarName, stringOf } from './postgres-node.js'
import { toPostgresPredicate } from './postgres-predicate.js'
import { createSqlEffect, createSqlReadEffect, quoteSql } from './sql-effect.js'
import { judgeSqlFunction } from './sql-function-catalog.js'

function hidden(reason: string, nested: boolean): string {
  return nested ? `${reason}, hidden inside another statement` : reason
}

function rowsEffect(
  verb: 'delete' | 'overwrite' | 'write',
  table: string,
  head: string,
  where: Node | undefined,
  source: string,
  context: PostgresContext,
  nested: boolean,
): Effect {
  const everyRow = verb === 'delete' ? 'deletes every row' : 'overwrites every row'
  if (where === undefined) {
    return createSqlEffect({
      verb,
      target: `table:${table}`,
      scope: 'collection',
      risk: 'destructive',
      reason: hidden(`${quoteSql(head)} has no \`WHERE\` and ${everyRow}`, nested),
      source,
    })
  }
  if (isAlwaysTrue(toPostgresPredicate(where), context.now)) {
    return createSqlEffect({
      verb,
      target: `table:${table}`,
      scope: 'collection',
      risk: 'destructive',
      reason: hidden(
        `${quoteSql(head)} has a \`WHERE\` that holds for every row and ${everyRow}`,
        nested,
      ),
      source,
    })
  }
  return createSqlEffect({
    verb: verb === 'overwrite' ? 'write' : verb,
    target: `table:${table}`,
    scope: 'item',
    risk: 'mutating',
    reason: hidden(
      `${quoteSql(head)} ${verb === 'delete' ? 'deletes' : 'changes'} only the rows its \`WHERE\` matches`,
      nested,
    ),
    source,
  })
}

function deleteEffect(
  stmt: DeleteStmt,
  source: string,
  context: PostgresContext,
  nested: boolean,
): Effect {
  const table = rangeVarName(stmt.relation)
  return rowsEffect(
    'delete',
    table,
    `DELETE FROM ${table}`,
    stmt.whereClause,
    source,
    context,
    nested,
  )
}

function updateEffect(
  stmt: UpdateStmt,
  source: string,
  context: PostgresContext,
  nested: boolean,
): Effect {
  const table = rangeVarName(stmt.relation)
  return rowsEffect(
    'overwrite',
    table,
    `UPDATE ${table}`,
    stmt.whereClause,
    source,
    context,
    nested,
  )
}

function insertEffect(stmt: InsertStmt, source: string, nested: boolean): Effect {
  const table = rangeVarName(stmt.relation)
  const upsert = stmt.onConflictClause?.action === 'ONCONFLICT_UPDATE'
  return createSqlEffect({
    verb: upsert ? 'write' : 'create',
    target: `table:${table}`,
    risk: 'mutating',
    reason: hidden(
      `${quoteSql(`INSERT INTO ${table}`)} adds rows${upsert ? ' or updates conflicting ones' : ''}`,
      nested,
    ),
    source,
  })
}

function mergeEffect(
  stmt: MergeStmt,
  source: string,
  context: PostgresContext,
  nested: boolean,
): Effect {
  const table = rangeVarName(stmt.relation)
  const head = quoteSql(`MERGE INTO ${table}`)
  const clauses = (stmt.mergeWhenClauses ?? []).flatMap((node) => {
    const clause = nodeAs(node, 'MergeWhenClause')
    return clause === undefined ? [] : [clause]
  })
  const changes = (kind: string | undefined): boolean =>
    kind === 'CMD_DELETE' || kind === 'CMD_UPDATE'
  const bySource = clauses.some(
    (clause) =>
      clause.matchKind === 'MERGE_WHEN_NOT_MATCHED_BY_SOURCE' && changes(clause.commandType),
  )
  const everyMatch =
    isAlwaysTrue(toPostgresPredicate(stmt.joinCondition), context.now) &&
    clauses.some(
      (clause) =>
        clause.matchKind === 'MERGE_WHEN_MATCHED' &&
        clause.condition === undefined &&
        changes(clause.commandType),
    )
  if (bySource || everyMatch) {
    return createSqlEffect({
      verb: 'delete',
      target: `table:${table}`,
      scope: 'collection',
      risk: 'destructive',
      reason: hidden(
        bySource
          ? `${head} changes or deletes every row missing from its source`
          : `${head} joins on a condition that holds for every row and changes or deletes them all`,
        nested,
      ),
      source,
    })
  }
  return createSqlEffect({
    verb: 'write',
    target: `table:${table}`,
    risk: 'mutating',
    reason: hidden(`${head} changes only the rows that match its source`, nested),
    source,
  })
}

function selectIntoEffect(stmt: SelectStmt, source: string): Effect | undefined {
  if (stmt.intoClause === undefined) return undefined
  const table = rangeVarName(stmt.intoClause.rel)
  return createSqlEffect({
    verb: 'create',
    target: `table:${table}`,
    scope: 'collection',
    risk: 'mutating',
    reason: `${quoteSql(`SELECT … INTO ${table}`)} creates a table from the query`,
    source,
  })
}

function functionEffect(
  funcname: readonly Node[] | undefined,
  source: string,
  context: PostgresContext,
): Effect | undefined {
  const names = funcname ?? []
  const name = stringOf(names.at(-1))
  if (name === undefined) return undefined
  const schema = names.length > 1 ? stringOf(names.at(-2)) : undefined
  const judgement = judgeSqlFunction(context.dialect, name, schema)
  if (judgement === undefined) return undefined
  const qualified = dottedName(names)
  return createSqlEffect({
    verb: judgement.verb,
    target: `function:${qualified}`,
    scope: judgement.opaque ? 'unknown' : 'item',
    risk: judgement.risk,
    opaque: judgement.opaque,
    reason: `calls ${quoteSql(qualified)}, which ${judgement.does}`,
    source,
  })
}

/**
 * The effects of a statement that holds queries: every data-modifying statement inside it
 * (also in `WITH` clauses and subqueries), `SELECT … INTO`, and calls of functions with side
 * effects. A statement with none of these is one read.
 */
export function collectPostgresQueryEffects(
  root: Node,
  source: string,
  context: PostgresContext,
): Effect[] {
  const effects: Effect[] = []
  const tables = new Set<string>()
  const functions = new Set<string>()
  const visit = (value: unknown, depth: number): void => {
    if (typeof value !== 'object' || value === null) return
    if (Array.isArray(value)) {
      for (const item of value) visit(item, depth)
      return
    }
    for (const key in value) {
      const child = (value as Record<string, unknown>)[key]
      if (typeof child !== 'object' || child === null) continue
      const nested = depth > 0
      switch (key) {
        case 'DeleteStmt':
          effects.push(deleteEffect(child, source, context, nested))
          break
        case 'UpdateStmt':
          effects.push(updateEffect(child, source, context, nested))
          break
        case 'InsertStmt':
          effects.push(insertEffect(child, source, nested))
          break
        case 'MergeStmt':
          effects.push(mergeEffect(child, source, context, nested))
          break
        case 'SelectStmt': {
          const into = selectIntoEffect(child, source)
          if (into !== undefined) effects.push(into)
          break
        }
        case 'FuncCall': {
          const funcname = (child as { funcname?: Node[] }).funcname
          const key = dottedName(funcname).toLowerCase()
          if (functions.has(key)) break
          functions.add(key)
          const effect = functionEffect(funcname, source, context)
          if (effect !== undefined) effects.push(effect)
          break
        }
        case 'RangeVar':
          tables.add(rangeVarName(child))
          break
        default:
          break
      }
      visit(child, depth + 1)
    }
  }
  visit(root, 0)
  if (effects.length > 0) return effects
  const target =
    tables.size === 0 ? 'query' : [...tables].map((table) => `table:${table}`).join(', ')
  return [createSqlReadEffect(target, 'the query only reads data', source)]
}
