import type {
  AlterRoleStmt,
  AlterTableStmt,
  CopyStmt,
  CreateRoleStmt,
  DefElem,
  DropStmt,
  ExplainStmt,
  GrantRoleStmt,
  GrantStmt,
  Node,
  ObjectType,
  RangeVar,
  RenameStmt,
  TransactionStmt,
} from 'libpg-query'

import type { Effect, EffectScope, EffectVerb } from '../../model/effect.js'
import { analyzeDoBlock } from './plpgsql-block-rule.js'
import type { PostgresContext } from './postgres-context.js'
import {
  dottedName,
  nodeAs,
  objectName,
  objectTargetKind,
  objectTypeWords,
  type PostgresNodeOf,
  type PostgresNodeTag,
  rangeVarName,
  stringOf,
  tagOf,
} from './postgres-node.js'
import { collectPostgresQueryEffects } from './postgres-query-effects.js'
import {
  createOpaqueSqlEffect,
  createSqlEffect,
  createSqlReadEffect,
  quoteSql,
} from './sql-effect.js'

type StatementRule<T> = (stmt: T, source: string, context: PostgresContext, node: Node) => Effect[]
type StatementRules = { readonly [K in PostgresNodeTag]?: StatementRule<PostgresNodeOf<K>> }

function mutating(
  verb: EffectVerb,
  target: string,
  reason: string,
  source: string,
  scope: EffectScope = 'item',
): Effect[] {
  return [createSqlEffect({ verb, target, scope, risk: 'mutating', reason, source })]
}

function safe(reason: string, source: string, target = 'session'): Effect[] {
  return [createSqlReadEffect(target, reason, source)]
}

function defElems(nodes: readonly Node[] | undefined): DefElem[] {
  return (nodes ?? []).flatMap((node) => {
    const option = nodeAs(node, 'DefElem')
    return option === undefined ? [] : [option]
  })
}

function isOptionOn(option: DefElem): boolean {
  if (option.arg === undefined) return true
  const flag = nodeAs(option.arg, 'Boolean')
  if (flag !== undefined) return flag.boolval === true
  const integer = nodeAs(option.arg, 'Integer')
  if (integer !== undefined) return (integer.ival ?? 0) !== 0
  const text = stringOf(option.arg)?.toLowerCase()
  return text !== 'false' && text !== 'off' && text !== '0' && text !== 'no'
}

function roleNames(nodes: readonly Node[] | undefined): string {
  return (nodes ?? []).map(objectName).join(', ')
}

// Effects beyond a plain read that a DDL statement's expressions can have (`DEFAULT f()`).
function expressionEffects(node: Node, source: string, context: PostgresContext): Effect[] {
  return collectPostgresQueryEffects(node, source, context).filter(
    (effect) => effect.risk !== 'safe' || effect.opaque,
  )
}

function analyzeQuery(
  _stmt: unknown,
  source: string,
  context: PostgresContext,
  node: Node,
): Effect[] {
  return collectPostgresQueryEffects(node, source, context)
}

// Object types whose drop loses data, and what it deletes.
const DATA_DROPS: Partial<Record<ObjectType, string>> = {
  OBJECT_TABLE: 'deletes the table and its rows',
  OBJECT_MATVIEW: 'deletes the materialized view and its stored rows',
  OBJECT_SEQUENCE: 'deletes the sequence and its current value',
}

function analyzeDrop(stmt: DropStmt, source: string): Effect[] {
  const words = objectTypeWords(stmt.removeType)
  const kind = objectTargetKind(stmt.removeType)
  const cascade = stmt.behavior === 'DROP_CASCADE'
  return (stmt.objects ?? []).map((object) => {
    const name = objectName(object)
    const head = quoteSql(`DROP ${words} ${name}${cascade ? ' CASCADE' : ''}`)
    const harmful = (scope: EffectScope, what: string): Effect =>
      createSqlEffect({
        verb: 'delete',
        target: `${kind}:${name}`,
        scope,
        risk: 'destructive',
        reason: `${head} ${what}`,
        source,
      })
    const dependents = cascade ? ' and every object that depends on it' : ''
    if (stmt.removeType === 'OBJECT_SCHEMA' && cascade && name.replaceAll('"', '') === 'public') {
      // The default schema holds the application's tables: dropping it resets the whole database.
      return createSqlEffect({
        verb: 'delete',
        target: `${kind}:${name}`,
        scope: 'database',
        risk: 'catastrophic',
        reason: `${head} deletes the default schema with every table in it, resetting the whole database`,
        source,
      })
    }
    if (stmt.removeType === 'OBJECT_SCHEMA') {
      return harmful(
        'database',
        cascade
          ? 'deletes the schema with every table and object in it'
          : 'deletes the schema, which must be empty',
      )
    }
    const dataLoss = DATA_DROPS[stmt.removeType ?? 'OBJECT_TABLE']
    if (dataLoss !== undefined) return harmful('collection', `${dataLoss}${dependents}`)
    if (cascade) {
      return harmful(
        'collection',
        `deletes the ${words.toLowerCase()} and every object that depends on it, which can include tables and columns`,
      )
    }
    return createSqlEffect({
      verb: 'delete',
      target: `${kind}:${name}`,
      risk: 'mutating',
      reason: `${head} deletes the ${words.toLowerCase()}; it can be created again`,
      source,
    })
  })
}

function analyzeTruncate(stmt: PostgresNodeOf<'TruncateStmt'>, source: string): Effect[] {
  const cascade = stmt.behavior === 'DROP_CASCADE'
  return (stmt.relations ?? []).map((node) => {
    const table = rangeVarName(nodeAs(node, 'RangeVar'))
    return createSqlEffect({
      verb: 'delete',
      target: `table:${table}`,
      scope: 'collection',
      risk: 'destructive',
      reason: `${quoteSql(`TRUNCATE ${table}`)} deletes every row of the table${cascade ? ' and of every table that references it' : ''}`,
      source,
    })
  })
}

function analyzeAlterTable(
  stmt: AlterTableStmt,
  source: string,
  context: PostgresContext,
): Effect[] {
  const name = rangeVarName(stmt.relation)
  const words = objectTypeWords(stmt.objtype ?? 'OBJECT_TABLE')
  const kind = objectTargetKind(stmt.objtype ?? 'OBJECT_TABLE')
  const effects: Effect[] = []
  const evaluated: Node[] = []
  let others = 0
  for (const command of stmt.cmds ?? []) {
    const cmd = nodeAs(command, 'AlterTableCmd')
    // A new column's default and a type change's USING run once for every existing row.
    if (
      (cmd?.subtype === 'AT_AddColumn' || cmd?.subtype === 'AT_AlterColumnType') &&
      cmd.def !== undefined
    )
      evaluated.push(cmd.def)
    if (cmd?.subtype === 'AT_DropColumn') {
      effects.push(
        createSqlEffect({
          verb: 'delete',
          target: `column:${name}.${cmd.name ?? '?'}`,
          scope: 'collection',
          risk: 'destructive',
          reason: `${quoteSql(`ALTER ${words} ${name} DROP COLUMN ${cmd.name ?? '?'}`)} deletes the column and its data`,
          source,
        }),
      )
    } else others++
  }
  if (others > 0) {
    effects.push(
      ...mutating(
        'write',
        `${kind}:${name}`,
        `${quoteSql(`ALTER ${words} ${name}`)} changes the ${words.toLowerCase()} definition`,
        source,
        'collection',
      ),
    )
  }
  return [
    ...effects,
    ...evaluated.flatMap((expression) => expressionEffects(expression, source, context)),
  ]
}

function analyzeRename(stmt: RenameStmt, source: string): Effect[] {
  const type = stmt.renameType
  const owner =
    stmt.relation === undefined
      ? stmt.object === undefined
        ? '?'
        : objectName(stmt.object)
      : rangeVarName(stmt.relation)
  const renamed = stmt.subname === undefined ? owner : `${owner}.${stmt.subname}`
  const alters = objectTypeWords(
    stmt.subname === undefined ? type : (stmt.relationType ?? 'OBJECT_TABLE'),
  )
  return mutating(
    'move',
    `${objectTargetKind(type)}:${renamed}`,
    `${quoteSql(`ALTER ${alters} ${owner} RENAME`)} renames ${objectTypeWords(type).toLowerCase()} ${quoteSql(renamed)} to ${quoteSql(stmt.newname ?? '?')}; code that uses the old name breaks`,
    source,
    'collection',
  )
}

function analyzeCopy(stmt: CopyStmt, source: string, context: PostgresContext): Effect[] {
  const table = stmt.relation === undefined ? undefined : rangeVarName(stmt.relation)
  if (stmt.is_program === true) {
    const where = context.clientCopy ? 'on the client machine' : 'on the database server'
    return [
      createOpaqueSqlEffect(
        `${quoteSql(`COPY … PROGRAM '${stmt.filename ?? ''}'`)} runs a shell command ${where}`,
        source,
      ),
    ]
  }
  if (stmt.is_from === true) {
    const from = stmt.filename === undefined ? 'the client' : `the file ${quoteSql(stmt.filename)}`
    return mutating(
      'write',
      `table:${table ?? '?'}`,
      `${quoteSql(`COPY ${table ?? '?'} FROM`)} adds rows from ${from}`,
      source,
    )
  }
  const queryEffects =
    stmt.query === undefined ? [] : expressionEffects(stmt.query, source, context)
  if (stmt.filename !== undefined && !context.clientCopy) {
    return [
      createSqlEffect({
        verb: 'overwrite',
        target: `file:${stmt.filename}`,
        risk: 'mutating',
        reason: `${quoteSql('COPY … TO')} writes the file ${quoteSql(stmt.filename)} on the database server`,
        source,
      }),
      ...queryEffects,
    ]
  }
  return queryEffects.length > 0
    ? queryEffects
    : safe('`COPY … TO` only reads data', source, `table:${table ?? 'query'}`)
}

function analyzeExplain(stmt: ExplainStmt, source: string, context: PostgresContext): Effect[] {
  const analyze = defElems(stmt.options).some(
    (option) => option.defname === 'analyze' && isOptionOn(option),
  )
  if (!analyze || stmt.query === undefined)
    return safe('`EXPLAIN` only plans the statement; it does not run it', source, 'query')
  return analyzePostgresStatement(stmt.query, source, context).map((effect) => ({
    ...effect,
    reason: `\`EXPLAIN ANALYZE\` runs the statement: ${effect.reason}`,
  }))
}

function analyzeTransaction(stmt: TransactionStmt, source: string): Effect[] {
  switch (stmt.kind) {
    case 'TRANS_STMT_PREPARE':
      return mutating(
        'write',
        'transaction',
        '`PREPARE TRANSACTION` keeps the transaction and its locks until it is committed or rolled back',
        source,
      )
    case 'TRANS_STMT_COMMIT_PREPARED':
      return [
        createOpaqueSqlEffect(
          `${quoteSql(`COMMIT PREPARED '${stmt.gid ?? ''}'`)} commits changes made elsewhere, which airlock cannot see`,
          source,
        ),
      ]
    case 'TRANS_STMT_ROLLBACK_PREPARED':
      return mutating(
        'delete',
        'transaction',
        `${quoteSql(`ROLLBACK PREPARED '${stmt.gid ?? ''}'`)} discards a prepared transaction`,
        source,
      )
    case 'TRANS_STMT_BEGIN':
    case 'TRANS_STMT_START':
    case 'TRANS_STMT_COMMIT':
    case 'TRANS_STMT_ROLLBACK':
    case 'TRANS_STMT_SAVEPOINT':
    case 'TRANS_STMT_RELEASE':
    case 'TRANS_STMT_ROLLBACK_TO':
    case undefined:
      return safe('transaction control changes no data by itself', source, 'transaction')
  }
}

const ROLE_POWERS: Readonly<Record<string, string>> = {
  superuser: 'superuser, with every privilege',
  createrole: 'able to create roles',
  createdb: 'able to create databases',
  replication: 'able to replicate the whole database',
  bypassrls: 'exempt from row security',
}

function describeRoleOptions(options: readonly Node[] | undefined): string {
  const granted = defElems(options)
    .filter(
      (option) =>
        isOptionOn(option) && option.defname !== undefined && option.defname in ROLE_POWERS,
    )
    .map((option) => ROLE_POWERS[option.defname as string])
  if (granted.length > 0) return `makes it ${granted.join(' and ')}`
  if (defElems(options).some((option) => option.defname === 'password'))
    return 'changes its password'
  return 'changes its attributes'
}

function analyzeAlterRole(stmt: AlterRoleStmt, source: string): Effect[] {
  const role = stmt.role?.rolename ?? '?'
  return mutating(
    'permission',
    `role:${role}`,
    `${quoteSql(`ALTER ROLE ${role}`)} ${describeRoleOptions(stmt.options)}`,
    source,
  )
}

function analyzeCreateRole(stmt: CreateRoleStmt, source: string): Effect[] {
  const role = stmt.role ?? '?'
  const powers = describeRoleOptions(stmt.options)
  return mutating(
    'permission',
    `role:${role}`,
    `${quoteSql(`CREATE ROLE ${role}`)} adds a role${powers.startsWith('makes') ? ` and ${powers}` : ''}`,
    source,
  )
}

function analyzeGrant(stmt: GrantStmt, source: string): Effect[] {
  const verb = stmt.is_grant === true ? 'GRANT' : 'REVOKE'
  const words = objectTypeWords(stmt.objtype).toLowerCase()
  const objects = (stmt.objects ?? []).map(objectName).join(', ')
  const on =
    stmt.targtype === 'ACL_TARGET_ALL_IN_SCHEMA'
      ? `every ${words} in schema ${quoteSql(objects)}`
      : `${words} ${quoteSql(objects)}`
  const target =
    stmt.targtype === 'ACL_TARGET_ALL_IN_SCHEMA'
      ? `schema:${objects}`
      : `${objectTargetKind(stmt.objtype)}:${objects}`
  return mutating(
    'permission',
    target,
    `${quoteSql(verb)} changes the privileges of ${quoteSql(roleNames(stmt.grantees))} on ${on}`,
    source,
  )
}

function analyzeGrantRole(stmt: GrantRoleStmt, source: string): Effect[] {
  const granted = (stmt.granted_roles ?? [])
    .map((node) => nodeAs(node, 'AccessPriv')?.priv_name ?? objectName(node))
    .join(', ')
  const grantees = roleNames(stmt.grantee_roles)
  return mutating(
    'permission',
    `role:${grantees}`,
    stmt.is_grant === true
      ? `${quoteSql(`GRANT ${granted}`)} gives ${quoteSql(grantees)} the privileges of ${quoteSql(granted)}`
      : `${quoteSql(`REVOKE ${granted}`)} takes the privileges of ${quoteSql(granted)} from ${quoteSql(grantees)}`,
    source,
  )
}

// Fields that name the object a statement defines, most specific first.
const NAME_FIELDS = `
  relation sequence view into typevar idxname trigname rulename policy_name dbname schemaname
  extname servername subname pubname tablespacename fdwname plname amname conversion_name role
  funcname func typeName domainname defnames dictname cfgname collname portalname
  conditionname name object
`
  .trim()
  .split(/\s+/)

function nameOf(payload: object): string {
  const fields = payload as Record<string, unknown>
  for (const field of NAME_FIELDS) {
    const value = fields[field]
    if (typeof value === 'string') return value
    if (typeof value !== 'object' || value === null) continue
    if (Array.isArray(value)) return dottedName(value as Node[])
    if ('relname' in value) return rangeVarName(value as RangeVar)
    if ('rel' in value) return rangeVarName((value as { rel?: RangeVar }).rel)
    if ('rolename' in value) return (value as { rolename?: string }).rolename ?? '?'
    if ('objname' in value) return dottedName((value as { objname?: Node[] }).objname)
    if ('names' in value) return dottedName((value as { names?: Node[] }).names)
    return objectName(value as Node)
  }
  return '?'
}

// A statement that defines or changes one object and touches no rows.
function definition<T extends object>(
  head: string,
  kind: string,
  verb: EffectVerb,
  does: string,
): StatementRule<T> {
  return (stmt, source) => {
    const name = nameOf(stmt)
    return mutating(verb, `${kind}:${name}`, `${quoteSql(`${head} ${name}`)} ${does}`, source)
  }
}

function sessionOnly<T>(reason: string): StatementRule<T> {
  return (_stmt, source) => safe(reason, source)
}

function opaque<T>(reason: string): StatementRule<T> {
  return (_stmt, source) => [createOpaqueSqlEffect(reason, source)]
}

const RULES: StatementRules = {
  SelectStmt: analyzeQuery,
  InsertStmt: analyzeQuery,
  UpdateStmt: analyzeQuery,
  DeleteStmt: analyzeQuery,
  MergeStmt: analyzeQuery,
  DeclareCursorStmt: (stmt, source, context) =>
    stmt.query === undefined
      ? safe('`DECLARE` opens a cursor', source)
      : collectPostgresQueryEffects(stmt.query, source, context),
  DropStmt: (stmt, source) => analyzeDrop(stmt, source),
  TruncateStmt: (stmt, source) => analyzeTruncate(stmt, source),
  DropdbStmt: (stmt, source) => {
    const force = defElems(stmt.options).some((option) => option.defname === 'force')
    return [
      createSqlEffect({
        verb: 'delete',
        target: `database:${stmt.dbname ?? '?'}`,
        scope: 'database',
        risk: 'catastrophic',
        reason: `${quoteSql(`DROP DATABASE ${stmt.dbname ?? '?'}`)} deletes the database and everything in it${force ? ', ending every open connection' : ''}`,
        source,
      }),
    ]
  },
  DropOwnedStmt: (stmt, source) => {
    const roles = roleNames(stmt.roles)
    return [
      createSqlEffect({
        verb: 'delete',
        target: `role:${roles}`,
        scope: 'database',
        risk: 'destructive',
        reason: `${quoteSql(`DROP OWNED BY ${roles}`)} deletes every object ${quoteSql(roles)} owns in the database, with its data`,
        source,
      }),
    ]
  },
  AlterTableStmt: (stmt, source, context) => analyzeAlterTable(stmt, source, context),
  RenameStmt: (stmt, source) => analyzeRename(stmt, source),
  CopyStmt: (stmt, source, context) => analyzeCopy(stmt, source, context),
  ExplainStmt: (stmt, source, context) => analyzeExplain(stmt, source, context),
  DoStmt: (stmt, source, context) =>
    analyzeDoBlock(stmt, source, context, (nested, nestedSource) =>
      analyzePostgresStatement(nested, nestedSource, context),
    ),
  CallStmt: (stmt, source) => {
    const name = dottedName(stmt.funccall?.funcname)
    return [
      createOpaqueSqlEffect(
        `${quoteSql(`CALL ${name}`)} runs a procedure airlock cannot see into`,
        source,
      ),
    ]
  },
  ExecuteStmt: (stmt, source) => [
    createOpaqueSqlEffect(
      `${quoteSql(`EXECUTE ${stmt.name ?? '?'}`)} runs a prepared statement airlock cannot see`,
      source,
    ),
  ],
  PrepareStmt: (stmt, source) =>
    safe(
      `${quoteSql(`PREPARE ${stmt.name ?? '?'}`)} only prepares a statement; it runs on \`EXECUTE\``,
      source,
    ),
  DeallocateStmt: sessionOnly('`DEALLOCATE` forgets a prepared statement'),
  TransactionStmt: (stmt, source) => analyzeTransaction(stmt, source),
  VariableSetStmt: sessionOnly('`SET` changes a setting of this session only'),
  VariableShowStmt: sessionOnly('`SHOW` reads a setting'),
  DiscardStmt: sessionOnly('`DISCARD` resets this session'),
  ListenStmt: sessionOnly('`LISTEN` subscribes this session to notifications'),
  UnlistenStmt: sessionOnly('`UNLISTEN` stops this session listening'),
  ClosePortalStmt: sessionOnly('`CLOSE` closes a cursor'),
  FetchStmt: sessionOnly('`FETCH` reads from an open cursor'),
  ConstraintsSetStmt: sessionOnly(
    '`SET CONSTRAINTS` changes when this transaction checks constraints',
  ),
  LoadStmt: opaque('`LOAD` loads a shared library into the server'),
  ReturnStmt: opaque('`RETURN` outside a function is not a statement airlock knows'),
  PLAssignStmt: opaque('an assignment outside a function is not a statement airlock knows'),
  AlterSystemStmt: (stmt, source) =>
    mutating(
      'write',
      `setting:${stmt.setstmt?.name ?? '?'}`,
      `\`ALTER SYSTEM\` changes the server configuration (${quoteSql(stmt.setstmt?.name ?? '?')})`,
      source,
      'database',
    ),
  GrantStmt: (stmt, source) => analyzeGrant(stmt, source),
  GrantRoleStmt: (stmt, source) => analyzeGrantRole(stmt, source),
  AlterRoleStmt: (stmt, source) => analyzeAlterRole(stmt, source),
  CreateRoleStmt: (stmt, source) => analyzeCreateRole(stmt, source),
  DropRoleStmt: (stmt, source) => {
    const roles = roleNames(stmt.roles)
    return mutating(
      'permission',
      `role:${roles}`,
      `${quoteSql(`DROP ROLE ${roles}`)} deletes the role and the access it gave`,
      source,
    )
  },
  AlterRoleSetStmt: definition(
    'ALTER ROLE',
    'role',
    'permission',
    'changes a default setting of the role',
  ),
  ReassignOwnedStmt: (stmt, source) =>
    mutating(
      'permission',
      `role:${roleNames(stmt.roles)}`,
      `${quoteSql(`REASSIGN OWNED BY ${roleNames(stmt.roles)}`)} gives the role's objects to ${quoteSql(stmt.newrole?.rolename ?? '?')}`,
      source,
    ),
  AlterOwnerStmt: definition(
    'ALTER … OWNER',
    'object',
    'permission',
    'changes who owns the object',
  ),
  AlterDefaultPrivilegesStmt: (_stmt, source) =>
    mutating(
      'permission',
      'privileges',
      '`ALTER DEFAULT PRIVILEGES` changes the privileges of objects created later',
      source,
    ),
  VacuumStmt: (stmt, source) => {
    const command = stmt.is_vacuumcmd === true ? 'VACUUM' : 'ANALYZE'
    const full = defElems(stmt.options).some(
      (option) => option.defname === 'full' && isOptionOn(option),
    )
    const tables = (stmt.rels ?? [])
      .map((node) => rangeVarName(nodeAs(node, 'VacuumRelation')?.relation))
      .join(', ')
    return mutating(
      'write',
      tables === '' ? 'database' : `table:${tables}`,
      full
        ? `${quoteSql(`VACUUM FULL ${tables}`.trim())} rewrites the tables and locks them while it runs`
        : `${quoteSql(`${command} ${tables}`.trim())} does maintenance; it changes no data`,
      source,
      tables === '' ? 'database' : 'collection',
    )
  },
  ReindexStmt: (stmt, source) => {
    const kind = (stmt.kind ?? 'REINDEX_OBJECT_INDEX').replace('REINDEX_OBJECT_', '').toLowerCase()
    const name = stmt.relation === undefined ? (stmt.name ?? '?') : rangeVarName(stmt.relation)
    return mutating(
      'write',
      `${kind}:${name}`,
      '`REINDEX` rebuilds indexes and blocks writes while it runs',
      source,
      'collection',
    )
  },
  ClusterStmt: definition(
    'CLUSTER',
    'table',
    'write',
    'rewrites the table in index order and locks it while it runs',
  ),
  RefreshMatViewStmt: definition(
    'REFRESH MATERIALIZED VIEW',
    'materialized-view',
    'write',
    'recomputes the stored rows',
  ),
  CheckPointStmt: (_stmt, source) =>
    mutating(
      'write',
      'server',
      '`CHECKPOINT` forces a write of all changed pages',
      source,
      'database',
    ),
  LockStmt: (stmt, source) => {
    const tables = (stmt.relations ?? []).map(objectName).join(', ')
    return mutating(
      'write',
      `table:${tables}`,
      `${quoteSql(`LOCK ${tables}`)} blocks other sessions until the transaction ends`,
      source,
      'collection',
    )
  },
  NotifyStmt: definition('NOTIFY', 'channel', 'write', 'notifies listeners, which may act on it'),
  CommentStmt: (stmt, source) => {
    const name = stmt.object === undefined ? '?' : objectName(stmt.object)
    return mutating(
      'write',
      `${objectTargetKind(stmt.objtype)}:${name}`,
      `${quoteSql(`COMMENT ON ${objectTypeWords(stmt.objtype)} ${name}`)} changes a comment`,
      source,
    )
  },
  SecLabelStmt: definition('SECURITY LABEL ON', 'object', 'write', 'changes a security label'),
  CreateTableAsStmt: (stmt, source, context) => {
    const name = rangeVarName(stmt.into?.rel)
    const kind = objectTargetKind(stmt.objtype ?? 'OBJECT_TABLE')
    const words = objectTypeWords(stmt.objtype ?? 'OBJECT_TABLE')
    return [
      ...mutating(
        'create',
        `${kind}:${name}`,
        `${quoteSql(`CREATE ${words} ${name} AS`)} creates a ${words.toLowerCase()} from a query`,
        source,
        'collection',
      ),
      ...(stmt.query === undefined ? [] : expressionEffects(stmt.query, source, context)),
    ]
  },
  CreateStmt: definition('CREATE TABLE', 'table', 'create', 'adds a table'),
  ViewStmt: definition('CREATE VIEW', 'view', 'create', 'defines a view'),
  IndexStmt: (stmt, source) =>
    mutating(
      'create',
      `index:${stmt.idxname ?? rangeVarName(stmt.relation)}`,
      `${quoteSql(`CREATE INDEX ${stmt.idxname ?? ''} ON ${rangeVarName(stmt.relation)}`.replace('  ', ' '))} adds an index`,
      source,
      'collection',
    ),
  CreateFunctionStmt: (stmt, source) => {
    const head = stmt.is_procedure === true ? 'CREATE PROCEDURE' : 'CREATE FUNCTION'
    const name = dottedName(stmt.funcname)
    return mutating(
      'create',
      `function:${name}`,
      `${quoteSql(`${head} ${name}`)} defines a routine; its body runs only when called`,
      source,
    )
  },
  CreateSeqStmt: definition('CREATE SEQUENCE', 'sequence', 'create', 'adds a sequence'),
  CreateSchemaStmt: definition('CREATE SCHEMA', 'schema', 'create', 'adds a schema'),
  CreatedbStmt: (stmt, source) =>
    mutating(
      'create',
      `database:${stmt.dbname ?? '?'}`,
      `${quoteSql(`CREATE DATABASE ${stmt.dbname ?? '?'}`)} adds a database`,
      source,
      'database',
    ),
  CreateExtensionStmt: definition(
    'CREATE EXTENSION',
    'extension',
    'create',
    'installs an extension',
  ),
  CreateTrigStmt: (stmt, source) => {
    const table = rangeVarName(stmt.relation)
    return mutating(
      'create',
      `trigger:${stmt.trigname ?? '?'}`,
      `${quoteSql(`CREATE TRIGGER ${stmt.trigname ?? '?'}`)} runs ${quoteSql(dottedName(stmt.funcname))} on later changes to ${quoteSql(table)}`,
      source,
    )
  },
  RuleStmt: definition('CREATE RULE', 'rule', 'create', 'rewrites later statements on its table'),
  CreatePolicyStmt: definition(
    'CREATE POLICY',
    'policy',
    'permission',
    'changes which rows roles can see or change',
  ),
  AlterPolicyStmt: definition(
    'ALTER POLICY',
    'policy',
    'permission',
    'changes which rows roles can see or change',
  ),
  CreateEventTrigStmt: definition(
    'CREATE EVENT TRIGGER',
    'event-trigger',
    'create',
    'runs a function on later schema changes',
  ),
  CreateDomainStmt: definition('CREATE DOMAIN', 'domain', 'create', 'adds a domain'),
  CompositeTypeStmt: definition('CREATE TYPE', 'type', 'create', 'adds a type'),
  CreateEnumStmt: definition('CREATE TYPE', 'type', 'create', 'adds an enum type'),
  CreateRangeStmt: definition('CREATE TYPE', 'type', 'create', 'adds a range type'),
  DefineStmt: definition('CREATE', 'object', 'create', 'defines an object'),
  CreateCastStmt: (_stmt, source) =>
    mutating('create', 'cast', '`CREATE CAST` adds a cast', source),
  CreateConversionStmt: definition(
    'CREATE CONVERSION',
    'conversion',
    'create',
    'adds an encoding conversion',
  ),
  CreateTransformStmt: (_stmt, source) =>
    mutating('create', 'transform', '`CREATE TRANSFORM` adds a transform', source),
  CreateOpClassStmt: (_stmt, source) =>
    mutating('create', 'operator-class', '`CREATE OPERATOR CLASS` adds an operator class', source),
  CreateOpFamilyStmt: (_stmt, source) =>
    mutating(
      'create',
      'operator-family',
      '`CREATE OPERATOR FAMILY` adds an operator family',
      source,
    ),
  CreateStatsStmt: (_stmt, source) =>
    mutating('create', 'statistics', '`CREATE STATISTICS` adds extended statistics', source),
  CreateTableSpaceStmt: definition(
    'CREATE TABLESPACE',
    'tablespace',
    'create',
    'adds a tablespace',
  ),
  CreateForeignServerStmt: definition('CREATE SERVER', 'server', 'create', 'adds a foreign server'),
  CreateForeignTableStmt: (stmt, source) =>
    mutating(
      'create',
      `foreign-table:${rangeVarName(stmt.base?.relation)}`,
      `${quoteSql(`CREATE FOREIGN TABLE ${rangeVarName(stmt.base?.relation)}`)} adds a foreign table`,
      source,
    ),
  CreateFdwStmt: definition(
    'CREATE FOREIGN DATA WRAPPER',
    'foreign-data-wrapper',
    'create',
    'adds a foreign-data wrapper',
  ),
  CreateUserMappingStmt: (_stmt, source) =>
    mutating(
      'permission',
      'user-mapping',
      '`CREATE USER MAPPING` stores credentials for a foreign server',
      source,
    ),
  CreatePublicationStmt: definition(
    'CREATE PUBLICATION',
    'publication',
    'create',
    'publishes changes for replication',
  ),
  CreateSubscriptionStmt: definition(
    'CREATE SUBSCRIPTION',
    'subscription',
    'create',
    'starts replicating from another server',
  ),
  CreatePLangStmt: definition(
    'CREATE LANGUAGE',
    'language',
    'create',
    'adds a procedural language',
  ),
  CreateAmStmt: definition(
    'CREATE ACCESS METHOD',
    'access-method',
    'create',
    'adds an access method',
  ),
  ImportForeignSchemaStmt: (_stmt, source) =>
    mutating('create', 'foreign-table', '`IMPORT FOREIGN SCHEMA` adds foreign tables', source),
  AlterObjectSchemaStmt: (stmt, source) =>
    mutating(
      'move',
      `${objectTargetKind(stmt.objectType)}:${nameOf(stmt)}`,
      `${quoteSql(`ALTER ${objectTypeWords(stmt.objectType)} ${nameOf(stmt)} SET SCHEMA ${stmt.newschema ?? '?'}`)} moves the object to another schema`,
      source,
    ),
  AlterDatabaseStmt: (stmt, source) =>
    mutating(
      'write',
      `database:${stmt.dbname ?? '?'}`,
      `${quoteSql(`ALTER DATABASE ${stmt.dbname ?? '?'}`)} changes the database's settings`,
      source,
      'database',
    ),
  AlterDatabaseSetStmt: (stmt, source) =>
    mutating(
      'write',
      `database:${stmt.dbname ?? '?'}`,
      `${quoteSql(`ALTER DATABASE ${stmt.dbname ?? '?'}`)} changes a default setting of the database`,
      source,
      'database',
    ),
  AlterDatabaseRefreshCollStmt: (stmt, source) =>
    mutating(
      'write',
      `database:${stmt.dbname ?? '?'}`,
      `${quoteSql(`ALTER DATABASE ${stmt.dbname ?? '?'}`)} refreshes its collation version`,
      source,
      'database',
    ),
  AlterDomainStmt: definition('ALTER DOMAIN', 'domain', 'write', 'changes the domain'),
  AlterEnumStmt: definition('ALTER TYPE', 'type', 'write', 'changes the enum type'),
  AlterTypeStmt: definition('ALTER TYPE', 'type', 'write', 'changes the type'),
  AlterExtensionStmt: definition('ALTER EXTENSION', 'extension', 'write', 'updates the extension'),
  AlterExtensionContentsStmt: definition(
    'ALTER EXTENSION',
    'extension',
    'write',
    'changes the members of the extension',
  ),
  AlterFunctionStmt: definition('ALTER FUNCTION', 'function', 'write', 'changes the routine'),
  AlterSeqStmt: definition('ALTER SEQUENCE', 'sequence', 'write', 'changes the sequence'),
  AlterCollationStmt: definition('ALTER COLLATION', 'collation', 'write', 'changes the collation'),
  AlterObjectDependsStmt: definition(
    'ALTER … DEPENDS ON',
    'object',
    'write',
    'changes what the object depends on',
  ),
  AlterOperatorStmt: (_stmt, source) =>
    mutating('write', 'operator', '`ALTER OPERATOR` changes an operator', source),
  AlterOpFamilyStmt: (_stmt, source) =>
    mutating(
      'write',
      'operator-family',
      '`ALTER OPERATOR FAMILY` changes an operator family',
      source,
    ),
  AlterStatsStmt: (_stmt, source) =>
    mutating('write', 'statistics', '`ALTER STATISTICS` changes extended statistics', source),
  AlterTableMoveAllStmt: (_stmt, source) =>
    mutating(
      'move',
      'tablespace',
      '`ALTER … ALL IN TABLESPACE` moves objects and locks them while it runs',
      source,
      'database',
    ),
  AlterTableSpaceOptionsStmt: definition(
    'ALTER TABLESPACE',
    'tablespace',
    'write',
    'changes the tablespace',
  ),
  AlterTSConfigurationStmt: (_stmt, source) =>
    mutating(
      'write',
      'text-search',
      '`ALTER TEXT SEARCH CONFIGURATION` changes a text search configuration',
      source,
    ),
  AlterTSDictionaryStmt: (_stmt, source) =>
    mutating(
      'write',
      'text-search',
      '`ALTER TEXT SEARCH DICTIONARY` changes a text search dictionary',
      source,
    ),
  AlterFdwStmt: definition(
    'ALTER FOREIGN DATA WRAPPER',
    'foreign-data-wrapper',
    'write',
    'changes the foreign-data wrapper',
  ),
  AlterForeignServerStmt: definition(
    'ALTER SERVER',
    'server',
    'write',
    'changes the foreign server',
  ),
  AlterUserMappingStmt: (_stmt, source) =>
    mutating(
      'permission',
      'user-mapping',
      '`ALTER USER MAPPING` changes credentials for a foreign server',
      source,
    ),
  AlterPublicationStmt: definition(
    'ALTER PUBLICATION',
    'publication',
    'write',
    'changes what is published',
  ),
  AlterSubscriptionStmt: definition(
    'ALTER SUBSCRIPTION',
    'subscription',
    'write',
    'changes the subscription',
  ),
  AlterEventTrigStmt: definition(
    'ALTER EVENT TRIGGER',
    'event-trigger',
    'write',
    'changes the event trigger',
  ),
  ReplicaIdentityStmt: (_stmt, source) =>
    mutating('write', 'table', '`REPLICA IDENTITY` changes what replication logs', source),
  DropTableSpaceStmt: definition(
    'DROP TABLESPACE',
    'tablespace',
    'delete',
    'deletes the tablespace, which must be empty',
  ),
  DropSubscriptionStmt: definition(
    'DROP SUBSCRIPTION',
    'subscription',
    'delete',
    'stops replication and drops its slot',
  ),
  DropUserMappingStmt: (_stmt, source) =>
    mutating(
      'delete',
      'user-mapping',
      '`DROP USER MAPPING` deletes credentials for a foreign server',
      source,
    ),
}

function headOf(source: string): string {
  return source.trim().split(/\s+/, 2).join(' ').toUpperCase()
}

/**
 * Judges one parsed PostgreSQL statement. Every statement type has a rule; one airlock does not
 * know is opaque, never safe.
 */
export function analyzePostgresStatement(
  node: Node,
  source: string,
  context: PostgresContext,
): Effect[] {
  const tag = tagOf(node)
  const rule = RULES[tag] as StatementRule<unknown> | undefined
  if (rule === undefined) {
    return [
      createOpaqueSqlEffect(
        `${quoteSql(headOf(source))} is a statement airlock does not know`,
        source,
      ),
    ]
  }
  return rule((node as Record<string, unknown>)[tag], source, context, node)
}
