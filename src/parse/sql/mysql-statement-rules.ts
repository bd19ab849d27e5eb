import type { Effect, EffectScope, EffectVerb } from '../../model/effect.js'
import type { Risk } from '../../model/risk.js'
import { isAlwaysTrue } from './is-always-true.js'
import { toNodeSqlPredicate } from './node-sql-predicate.js'
import {
  createOpaqueSqlEffect,
  createSqlEffect,
  createSqlReadEffect,
  quoteSql,
} from './sql-effect.js'
import { judgeSqlFunction } from './sql-function-catalog.js'

type AstNode = Readonly<Record<string, unknown>>

/** What MySQL and SQLite statement rules need besides the statement. */
export interface NodeSqlContext {
  readonly dialect: 'mysql' | 'sqlite'
  /** The present, in milliseconds since the epoch, for date bounds in conditions. */
  readonly now: number
}

function isNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function nodes(value: unknown): AstNode[] {
  return Array.isArray(value) ? value.filter(isNode) : isNode(value) ? [value] : []
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  if (isNode(value)) {
    if (typeof value.value === 'string') return value.value
    if (Array.isArray(value.schema)) return text(value.schema[0])
  }
  return undefined
}

function tableName(entry: AstNode): string {
  const table = text(entry.table) ?? '?'
  const db = text(entry.db) ?? text(entry.schema)
  return db === undefined || db === '' ? table : `${db}.${table}`
}

function one(
  risk: Risk,
  verb: EffectVerb,
  target: string,
  reason: string,
  source: string,
  scope: EffectScope = 'item',
): Effect[] {
  return [createSqlEffect({ verb, target, scope, risk, reason, source })]
}

// The real table behind an alias: `DELETE o FROM orders o JOIN …` deletes from `orders`.
function resolveAlias(name: string, from: readonly AstNode[]): string {
  const match = from.find((entry) => entry.as === name)
  return match === undefined ? name : tableName(match)
}

function functionName(node: AstNode): { name: string; schema?: string } | undefined {
  const name = node.name
  if (typeof name === 'string') return { name }
  if (!isNode(name)) return undefined
  const parts = nodes(name.name).map((part) => text(part) ?? '?')
  const last = parts.at(-1)
  if (last === undefined) return undefined
  const schema = text(name.schema) ?? (parts.length > 1 ? parts.at(-2) : undefined)
  return schema === undefined ? { name: last } : { name: last, schema }
}

function queryEffects(root: unknown, source: string, context: NodeSqlContext): Effect[] {
  const effects: Effect[] = []
  const seen = new Set<string>()
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item)
      return
    }
    if (!isNode(value)) return
    if (value.type === 'function') {
      const called = functionName(value)
      const qualified =
        called === undefined
          ? '?'
          : called.schema === undefined
            ? called.name
            : `${called.schema}.${called.name}`
      const judgement =
        called === undefined
          ? undefined
          : judgeSqlFunction(context.dialect, called.name, called.schema)
      if (judgement !== undefined && !seen.has(qualified.toLowerCase())) {
        seen.add(qualified.toLowerCase())
        effects.push(
          createSqlEffect({
            verb: judgement.verb,
            target: `function:${qualified}`,
            scope: judgement.opaque ? 'unknown' : 'item',
            risk: judgement.risk,
            opaque: judgement.opaque,
            reason: `calls ${quoteSql(qualified)}, which ${judgement.does}`,
            source,
          }),
        )
      }
    }
    const into = isNode(value.into) ? value.into : undefined
    const keyword = typeof into?.keyword === 'string' ? into.keyword.toUpperCase() : undefined
    if (value.type === 'select' && (keyword === 'OUTFILE' || keyword === 'DUMPFILE')) {
      const file = text(into?.expr) ?? '?'
      effects.push(
        createSqlEffect({
          verb: 'overwrite',
          target: `file:${file}`,
          risk: 'mutating',
          reason: `${quoteSql(`SELECT … INTO ${keyword}`)} writes the file ${quoteSql(file)} on the database server`,
          source,
        }),
      )
    }
    for (const key in value) if (key !== 'loc') visit(value[key])
  }
  visit(root)
  return effects
}

// node-sql-parser reads `a = 5 || 1` as `a = (5 || 1)`; MySQL, by default, as `(a = 5) OR 1`.
function usesPipes(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(usesPipes)
  if (!isNode(value)) return false
  if (value.type === 'binary_expr' && value.operator === '||') return true
  for (const key in value) if (key !== 'loc' && usesPipes(value[key])) return true
  return false
}

function rowsEffects(
  verb: 'delete' | 'overwrite',
  tables: readonly string[],
  ast: AstNode,
  source: string,
  context: NodeSqlContext,
): Effect[] {
  const limited = isNode(ast.limit) && Array.isArray(ast.limit.value) && ast.limit.value.length > 0
  const keyword = verb === 'delete' ? 'DELETE FROM' : 'UPDATE'
  const everyRow =
    verb === 'delete'
      ? limited
        ? 'deletes arbitrary rows up to its `LIMIT`'
        : 'deletes every row'
      : limited
        ? 'overwrites arbitrary rows up to its `LIMIT`'
        : 'overwrites every row'
  const where = ast.where
  if (context.dialect === 'mysql' && usesPipes(where)) {
    return tables.map((table) =>
      createOpaqueSqlEffect(
        `${quoteSql(`${keyword} ${table}`)} has \`||\` in its \`WHERE\`, which MySQL reads as \`OR\` unless \`PIPES_AS_CONCAT\` is set, so the rows it matches are unknown`,
        source,
      ),
    )
  }
  const broad =
    where === null || where === undefined
      ? 'has no `WHERE` and'
      : isAlwaysTrue(toNodeSqlPredicate(where, context.dialect), context.now)
        ? 'has a `WHERE` that holds for every row and'
        : undefined
  return tables.map((table) =>
    broad === undefined
      ? createSqlEffect({
          verb: verb === 'delete' ? 'delete' : 'write',
          target: `table:${table}`,
          risk: 'mutating',
          reason: `${quoteSql(`${keyword} ${table}`)} ${verb === 'delete' ? 'deletes' : 'changes'} only the rows its \`WHERE\` matches`,
          source,
        })
      : createSqlEffect({
          verb,
          target: `table:${table}`,
          scope: 'collection',
          risk: 'destructive',
          reason: `${quoteSql(`${keyword} ${table}`)} ${broad} ${everyRow}`,
          source,
        }),
  )
}

function analyzeDelete(ast: AstNode, source: string, context: NodeSqlContext): Effect[] {
  const from = nodes(ast.from)
  const targets = nodes(ast.table).map((entry) => resolveAlias(tableName(entry), from))
  return rowsEffects(
    'delete',
    targets.length > 0 ? targets : from.slice(0, 1).map(tableName),
    ast,
    source,
    context,
  )
}

function analyzeUpdate(ast: AstNode, source: string, context: NodeSqlContext): Effect[] {
  const tables = nodes(ast.table)
  const named = new Set(
    nodes(ast.set).flatMap((assignment) =>
      typeof assignment.table === 'string' ? [resolveAlias(assignment.table, tables)] : [],
    ),
  )
  const targets = named.size > 0 ? [...named] : tables.slice(0, 1).map(tableName)
  return rowsEffects('overwrite', targets, ast, source, context)
}

function analyzeInsert(ast: AstNode, source: string): Effect[] {
  const table = nodes(ast.table).map(tableName).join(', ') || '?'
  const replaces =
    ast.type === 'replace' ||
    JSON.stringify(ast.or ?? null)
      .toUpperCase()
      .includes('REPLACE')
  const upserts = ast.on_duplicate_update !== null && ast.on_duplicate_update !== undefined
  const keyword = ast.type === 'replace' ? 'REPLACE INTO' : 'INSERT INTO'
  return one(
    'mutating',
    replaces || upserts ? 'write' : 'create',
    `table:${table}`,
    `${quoteSql(`${keyword} ${table}`)} adds rows${replaces ? ', replacing those with the same key' : upserts ? ' or updates conflicting ones' : ''}`,
    source,
  )
}

function objectName(ast: AstNode, keys: readonly string[]): string {
  for (const key of keys) {
    const value = ast[key]
    const list = nodes(value)
    if (typeof value === 'string') return value
    if (list.length > 0) {
      const names = list.map((entry) =>
        entry.type === 'column_ref'
          ? (text(entry.column) ?? '?')
          : typeof entry.table === 'string'
            ? tableName(entry)
            : (text(entry) ?? text(entry.view) ?? '?'),
      )
      return names.join(', ')
    }
  }
  return '?'
}

function analyzeDrop(ast: AstNode, source: string, context: NodeSqlContext): Effect[] {
  const keyword = typeof ast.keyword === 'string' ? ast.keyword.toUpperCase() : '?'
  if (keyword === 'DATABASE' || keyword === 'SCHEMA') {
    const name = objectName(ast, ['name'])
    const alias =
      context.dialect === 'mysql' && keyword === 'SCHEMA'
        ? ' (in MySQL a schema is a database)'
        : ''
    return one(
      'catastrophic',
      'delete',
      `database:${name}`,
      `${quoteSql(`DROP ${keyword} ${name}`)} deletes the database and everything in it${alias}`,
      source,
      'database',
    )
  }
  if (keyword === 'TABLE') {
    return nodes(ast.name).map((entry) =>
      createSqlEffect({
        verb: 'delete',
        target: `table:${tableName(entry)}`,
        scope: 'collection',
        risk: 'destructive',
        reason: `${quoteSql(`DROP TABLE ${tableName(entry)}`)} deletes the table and its rows`,
        source,
      }),
    )
  }
  if (keyword === 'INDEX' || keyword === 'VIEW' || keyword === 'TRIGGER') {
    const name = objectName(ast, ['name'])
    return one(
      'mutating',
      'delete',
      `${keyword.toLowerCase()}:${name}`,
      `${quoteSql(`DROP ${keyword} ${name}`)} deletes the ${keyword.toLowerCase()}; it can be created again`,
      source,
    )
  }
  return [
    createOpaqueSqlEffect(
      `${quoteSql(`DROP ${keyword}`)} is a statement airlock does not know`,
      source,
    ),
  ]
}

function analyzeAlter(ast: AstNode, source: string): Effect[] {
  const table = nodes(ast.table).map(tableName).join(', ') || '?'
  const effects: Effect[] = []
  let others = 0
  for (const action of nodes(ast.expr)) {
    const verb = typeof action.action === 'string' ? action.action.toLowerCase() : ''
    const resource = typeof action.resource === 'string' ? action.resource.toLowerCase() : ''
    if (verb === 'drop' && resource === 'column') {
      const column = isNode(action.column) ? (text(action.column.column) ?? '?') : '?'
      effects.push(
        createSqlEffect({
          verb: 'delete',
          target: `column:${table}.${column}`,
          scope: 'collection',
          risk: 'destructive',
          reason: `${quoteSql(`ALTER TABLE ${table} DROP COLUMN ${column}`)} deletes the column and its data`,
          source,
        }),
      )
    } else if (verb === 'rename') {
      effects.push(
        createSqlEffect({
          verb: 'move',
          target: `${resource === 'column' ? 'column' : 'table'}:${table}`,
          scope: 'collection',
          risk: 'mutating',
          reason: `${quoteSql(`ALTER TABLE ${table} RENAME`)} renames the ${resource === 'column' ? 'column' : 'table'}; code that uses the old name breaks`,
          source,
        }),
      )
    } else if ((verb === 'drop' || verb === 'truncate') && resource === 'partition') {
      effects.push(
        createSqlEffect({
          verb: 'delete',
          target: `table:${table}`,
          scope: 'collection',
          risk: 'destructive',
          reason: `${quoteSql(`ALTER TABLE ${table} ${verb.toUpperCase()} PARTITION`)} deletes the rows of a partition`,
          source,
        }),
      )
    } else others++
  }
  if (others > 0 || effects.length === 0) {
    effects.push(
      ...one(
        'mutating',
        'write',
        `table:${table}`,
        `${quoteSql(`ALTER TABLE ${table}`)} changes the table definition`,
        source,
        'collection',
      ),
    )
  }
  return effects
}

function createdName(ast: AstNode, keyword: string): string {
  const own = ast[keyword.toLowerCase()]
  if (typeof own === 'string') return own
  if (isNode(own)) {
    if (typeof own.table === 'string') return tableName(own)
    const name = text(own.view) ?? text(own.name) ?? text(own)
    if (name !== undefined) return name
  }
  return objectName(ast, [keyword.toLowerCase(), 'table', 'name'])
}

function analyzeCreate(ast: AstNode, source: string, context: NodeSqlContext): Effect[] {
  const keyword = typeof ast.keyword === 'string' ? ast.keyword.toUpperCase() : '?'
  const name = createdName(ast, keyword)
  // Only `CREATE TABLE … AS SELECT` runs its query now; a view or trigger body runs later.
  const queryParts = queryEffects(ast.query_expr, source, context)
  if (keyword === 'DATABASE' || keyword === 'SCHEMA') {
    const database = text(ast.database) ?? name
    return one(
      'mutating',
      'create',
      `database:${database}`,
      `${quoteSql(`CREATE ${keyword} ${database}`)} adds a database`,
      source,
      'database',
    )
  }
  if (keyword === 'USER' || keyword === 'ROLE') {
    return one(
      'mutating',
      'permission',
      `${keyword.toLowerCase()}:${name}`,
      `${quoteSql(`CREATE ${keyword}`)} adds an account`,
      source,
    )
  }
  const kind = keyword.toLowerCase()
  const does =
    kind === 'trigger'
      ? 'runs its body on later changes to its table'
      : `adds ${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind}`
  return [
    ...one(
      'mutating',
      'create',
      `${kind}:${name}`,
      `${quoteSql(`CREATE ${keyword} ${name}`)} ${does}`,
      source,
    ),
    ...queryParts,
  ]
}

function analyzeSet(ast: AstNode, source: string): Effect[] {
  const scope = typeof ast.keyword === 'string' ? ast.keyword.toUpperCase() : ''
  const variables = nodes(ast.expr).map((assignment) =>
    (isNode(assignment.left) ? (text(assignment.left.name) ?? '') : '').toLowerCase(),
  )
  const server =
    scope.startsWith('GLOBAL') ||
    scope.startsWith('PERSIST') ||
    variables.some((name) => name.startsWith('global.') || name.startsWith('persist'))
  return server
    ? one(
        'mutating',
        'write',
        'server',
        '`SET GLOBAL` changes a setting for every session',
        source,
        'database',
      )
    : [createSqlReadEffect('session', '`SET` changes a setting of this session only', source)]
}

type StatementRule = (ast: AstNode, source: string, context: NodeSqlContext) => Effect[]

const SAFE_TYPES: Readonly<Record<string, string>> = {
  show: '`SHOW` only reads metadata',
  desc: '`DESCRIBE` only describes a table',
  explain: '`EXPLAIN` only shows the plan; it does not run the statement',
  use: '`USE` only picks the default database of this session',
  unlock: '`UNLOCK TABLES` releases locks',
  transaction: 'transaction control changes no data by itself',
}

const RULES: Readonly<Record<string, StatementRule>> = {
  select: (ast, source, context) => {
    const effects = queryEffects(ast, source, context)
    return effects.length > 0
      ? effects
      : [createSqlReadEffect('query', 'the query only reads data', source)]
  },
  delete: (ast, source, context) => [
    ...analyzeDelete(ast, source, context),
    ...queryEffects(ast, source, context),
  ],
  update: (ast, source, context) => [
    ...analyzeUpdate(ast, source, context),
    ...queryEffects(ast, source, context),
  ],
  insert: (ast, source, context) => [
    ...analyzeInsert(ast, source),
    ...queryEffects(ast, source, context),
  ],
  replace: (ast, source, context) => [
    ...analyzeInsert(ast, source),
    ...queryEffects(ast, source, context),
  ],
  drop: analyzeDrop,
  truncate: (ast, source) =>
    nodes(ast.name).map((entry) =>
      createSqlEffect({
        verb: 'delete',
        target: `table:${tableName(entry)}`,
        scope: 'collection',
        risk: 'destructive',
        reason: `${quoteSql(`TRUNCATE ${tableName(entry)}`)} deletes every row of the table`,
        source,
      }),
    ),
  alter: (ast, source) => analyzeAlter(ast, source),
  create: analyzeCreate,
  rename: (ast, source) => {
    const pairs = (Array.isArray(ast.table) ? ast.table : []).map((pair: unknown) =>
      nodes(pair).map(tableName),
    )
    const renamed = pairs.map((pair) => pair[0] ?? '?')
    const shown = pairs.map((pair) => pair.join(' TO ')).join(', ')
    return one(
      'mutating',
      'move',
      `table:${renamed.join(', ')}`,
      `${quoteSql(`RENAME TABLE ${shown}`)} renames tables; code that uses the old names breaks`,
      source,
      'collection',
    )
  },
  grant: (_ast, source) =>
    one('mutating', 'permission', 'privileges', '`GRANT` changes privileges', source),
  revoke: (_ast, source) =>
    one('mutating', 'permission', 'privileges', '`REVOKE` changes privileges', source),
  set: (ast, source) => analyzeSet(ast, source),
  lock: (_ast, source) =>
    one(
      'mutating',
      'write',
      'table',
      '`LOCK TABLES` blocks other sessions until the locks are released',
      source,
      'collection',
    ),
  call: (ast, source) => {
    const called = isNode(ast.expr) ? functionName(ast.expr) : undefined
    return [
      createOpaqueSqlEffect(
        `${quoteSql(`CALL ${called?.name ?? '?'}`)} runs a procedure airlock cannot see into`,
        source,
      ),
    ]
  },
  load_data: (ast, source) => {
    const table = isNode(ast.table) ? tableName(ast.table) : '?'
    return one(
      'mutating',
      'write',
      `table:${table}`,
      `${quoteSql(`LOAD DATA INTO ${table}`)} adds rows from the file ${quoteSql(text(ast.file) ?? '?')}`,
      source,
    )
  },
  attach: (ast, source) => {
    const file = text(ast.expr) ?? '?'
    return one(
      'mutating',
      'write',
      `database:${text(ast.schema) ?? file}`,
      `\`ATTACH\` opens the database file ${quoteSql(file)}, creating it when missing`,
      source,
      'database',
    )
  },
}

/**
 * Judges one statement parsed by node-sql-parser (MySQL or SQLite grammar). A statement type
 * airlock does not know is opaque, never safe.
 */
export function analyzeNodeSqlStatement(
  ast: unknown,
  source: string,
  context: NodeSqlContext,
): Effect[] {
  if (!isNode(ast) || typeof ast.type !== 'string') {
    return [createOpaqueSqlEffect('the parser gave a statement airlock cannot read', source)]
  }
  const type = ast.type.toLowerCase()
  const safe = SAFE_TYPES[type]
  if (safe !== undefined) return [createSqlReadEffect('session', safe, source)]
  const rule = RULES[type]
  if (rule === undefined)
    return [
      createOpaqueSqlEffect(
        `${quoteSql(type.toUpperCase())} is a statement airlock does not know`,
        source,
      ),
    ]
  return rule(ast, source, context)
}
