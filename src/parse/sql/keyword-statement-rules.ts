import type { Effect, EffectScope, EffectVerb } from '../../model/effect.js'
import type { Risk } from '../../model/risk.js'
import type { SqlStatementText } from './split-sql-statements.js'
import {
  createOpaqueSqlEffect,
  createSqlEffect,
  createSqlReadEffect,
  quoteSql,
} from './sql-effect.js'
import type { SqlToken } from './sql-tokens.js'
import { tokenizeSql } from './sql-tokens.js'
import type { PlacedEffects } from './statement-outcome.js'

// Word lists are written as text: one name per word.
function words(text: string): string[] {
  return text.trim().split(/\s+/)
}

/** Analyses the statement an `EXPLAIN` wraps; `start` is its offset in the input. */
export type InnerStatementAnalyzer = (text: string, start: number) => PlacedEffects[]

const INNER_STARTS = new Set([
  'SELECT',
  'WITH',
  'INSERT',
  'UPDATE',
  'DELETE',
  'REPLACE',
  'TABLE',
  'VALUES',
])
const MAINTENANCE = new Set(['OPTIMIZE', 'ANALYZE', 'REPAIR'])
const ACCOUNT_OBJECTS = new Set(['USER', 'ROLE'])
const ROUTINE_KINDS = new Set(['PROCEDURE', 'FUNCTION', 'TRIGGER', 'EVENT'])
const OBJECT_KINDS = new Set([
  ...ROUTINE_KINDS,
  'TABLE',
  'VIEW',
  'INDEX',
  'DATABASE',
  'SCHEMA',
  'USER',
  'ROLE',
  'SERVER',
  'TABLESPACE',
])
// Pragmas that read something named in their argument: `PRAGMA table_info(users)`.
const PRAGMA_READS = new Set(
  words(`
  table_info table_xinfo table_list index_list index_info index_xinfo foreign_key_list
  foreign_key_check integrity_check quick_check function_list module_list pragma_list
  collation_list database_list compile_options
`),
)
// Pragmas that only set how this connection behaves, like `SET` in other databases.
const PRAGMA_SESSION = new Set(
  words(`
  foreign_keys busy_timeout cache_size temp_store synchronous recursive_triggers
  case_sensitive_like defer_foreign_keys query_only read_uncommitted cache_spill
  reverse_unordered_selects mmap_size threads trusted_schema automatic_index cell_size_check
  soft_heap_limit hard_heap_limit analysis_limit max_page_count
`),
)
// Pragmas that act even without a value.
const PRAGMA_ACTIONS = new Set([
  'optimize',
  'wal_checkpoint',
  'incremental_vacuum',
  'shrink_memory',
])

function effect(
  risk: Risk,
  verb: EffectVerb,
  target: string,
  reason: string,
  source: string,
  scope: EffectScope = 'item',
): Effect[] {
  return [createSqlEffect({ verb, target, scope, risk, reason, source })]
}

function read(reason: string, source: string, target = 'session'): Effect[] {
  return [createSqlReadEffect(target, reason, source)]
}

function isTransactionControl(
  words: readonly string[],
  tokens: readonly SqlToken[],
  sqlite: boolean,
): boolean {
  const first = words[0]
  if (first === 'START') {
    if (words[1] !== 'TRANSACTION') return false
  } else if (
    !['BEGIN', 'COMMIT', 'ROLLBACK', 'SAVEPOINT', 'RELEASE'].includes(first ?? '') &&
    !(sqlite && first === 'END')
  ) {
    return false
  }
  return tokens.every((token) => token.kind === 'word' || token.text === ',')
}

function judgeExplain(
  statement: SqlStatementText,
  tokens: readonly SqlToken[],
  sqlite: boolean,
  analyzeInner: InnerStatementAnalyzer,
): Effect[] | undefined {
  const words = tokens.map((token) => token.upper)
  let index = 1
  let analyze = false
  if (sqlite) {
    if (words[1] === 'QUERY' && words[2] === 'PLAN') index = 3
  } else {
    if (words[index] === 'ANALYZE') {
      analyze = true
      index++
    }
    if (words[index] === 'EXTENDED' || words[index] === 'PARTITIONS') index++
    if (words[index] === 'FORMAT') index += tokens[index + 1]?.text === '=' ? 3 : 2
  }
  const next = tokens[index]
  const source = statement.text
  if (next === undefined) return undefined
  if (INNER_STARTS.has(next.upper) || next.text === '(') {
    const inner = analyzeInner(
      statement.text.slice(next.start),
      statement.start + next.start,
    ).flatMap((placed) => placed.effects)
    if (analyze)
      return inner.map((found) => ({
        ...found,
        source,
        reason: `\`EXPLAIN ANALYZE\` runs the statement: ${found.reason}`,
      }))
    // A statement airlock cannot read stays opaque even under EXPLAIN: it fails closed.
    if (inner.some((found) => found.opaque)) return inner.map((found) => ({ ...found, source }))
    return read('`EXPLAIN` only shows the plan; it does not run the statement', source, 'query')
  }
  if (!sqlite && next.upper === 'FOR')
    return read('`EXPLAIN FOR CONNECTION` only shows a plan', source, 'query')
  const rest = tokens.slice(index)
  if (
    !sqlite &&
    rest.length <= 4 &&
    rest.every((token) => token.kind !== 'symbol' || token.text === '.')
  ) {
    return read(
      `${quoteSql(`${words[0] ?? 'DESCRIBE'} ${rest.map((token) => token.text).join('')}`)} only describes a table`,
      source,
      'table',
    )
  }
  return undefined
}

function judgePragma(tokens: readonly SqlToken[], source: string): Effect[] | undefined {
  // PRAGMA [schema.]name [= value | (value)]
  let index = 1
  if (tokens[index + 1]?.text === '.') index += 2
  const name = tokens[index]?.text.toLowerCase()
  if (name === undefined || tokens[index]?.kind !== 'word') return undefined
  const after = tokens[index + 1]
  const head = quoteSql(`PRAGMA ${name}`)
  if (after === undefined) {
    return PRAGMA_ACTIONS.has(name)
      ? effect(
          'mutating',
          'write',
          'database',
          `${head} does maintenance on the database file`,
          source,
          'database',
        )
      : read(`${head} reads a setting or runs a check`, source, 'database')
  }
  if ((after.text === '=' || after.text === '(') && PRAGMA_SESSION.has(name)) {
    return read(`${head} changes a setting of this connection only`, source)
  }
  if (after.text === '(' && PRAGMA_READS.has(name)) {
    return read(`${head} reads the schema or runs a check`, source, 'database')
  }
  if (after.text === '(' || after.text === '=') {
    return effect(
      'mutating',
      'write',
      `setting:${name}`,
      `${head} changes a database setting`,
      source,
      'database',
    )
  }
  return undefined
}

function judgeMysqlKeywords(
  words: readonly string[],
  tokens: readonly SqlToken[],
  source: string,
): Effect[] | undefined {
  const [first = '', second, third] = words
  switch (first) {
    case 'SHOW':
    case 'HELP':
      return read(`${quoteSql(first)} only reads metadata`, source)
    case 'CHECK':
    case 'CHECKSUM':
      return second === 'TABLE'
        ? read(`${quoteSql(`${first} TABLE`)} only checks tables`, source, 'table')
        : undefined
    case 'FLUSH':
      return effect(
        'mutating',
        'write',
        'server',
        `${quoteSql(`FLUSH ${second ?? ''}`.trim())} resets server caches or logs`,
        source,
        'database',
      )
    case 'KILL':
      return effect(
        'mutating',
        'stop',
        'session',
        '`KILL` ends another session or its query',
        source,
      )
    case 'PREPARE':
      return read(
        `${quoteSql(`PREPARE ${tokens[1]?.text ?? ''}`.trim())} only prepares a statement; it runs on \`EXECUTE\``,
        source,
      )
    case 'EXECUTE':
      return [
        createOpaqueSqlEffect(
          `${quoteSql(`EXECUTE ${tokens[1]?.text ?? ''}`.trim())} runs a prepared statement airlock cannot see`,
          source,
        ),
      ]
    case 'DEALLOCATE':
      return read('`DEALLOCATE PREPARE` forgets a prepared statement', source)
    case 'GRANT':
    case 'REVOKE':
      return effect(
        'mutating',
        'permission',
        'privileges',
        `${quoteSql(first)} changes privileges`,
        source,
      )
    case 'RENAME':
      return second === 'USER'
        ? effect('mutating', 'permission', 'user', '`RENAME USER` renames an account', source)
        : undefined
    case 'RESET':
      return second === 'MASTER' || second === 'BINARY'
        ? effect(
            'destructive',
            'delete',
            'binary-log',
            `${quoteSql(`RESET ${second}`)} deletes the binary logs; replicas and point-in-time recovery break`,
            source,
            'database',
          )
        : effect(
            'mutating',
            'write',
            'server',
            `${quoteSql(`RESET ${second ?? ''}`.trim())} resets server state`,
            source,
            'database',
          )
    case 'PURGE':
      return effect(
        'destructive',
        'delete',
        'binary-log',
        '`PURGE BINARY LOGS` deletes binary logs; point-in-time recovery before them is lost',
        source,
        'database',
      )
    case 'SET':
      if (
        second === 'NAMES' ||
        second === 'CHARSET' ||
        second === 'TRANSACTION' ||
        second === 'ROLE' ||
        (second === 'CHARACTER' && third === 'SET')
      ) {
        return read('`SET` changes a setting of this session only', source)
      }
      if (second === 'PASSWORD' || (second === 'DEFAULT' && third === 'ROLE')) {
        return effect(
          'mutating',
          'permission',
          'user',
          `${quoteSql(`SET ${second}`)} changes an account`,
          source,
        )
      }
      return undefined
    case 'ALTER':
      // mysqldump wraps its inserts in `ALTER TABLE t DISABLE KEYS` … `ENABLE KEYS`.
      if (second === 'TABLE' && tokens.length <= 7 && words.at(-1) === 'KEYS') {
        const toggle = words.at(-2)
        if (toggle === 'DISABLE' || toggle === 'ENABLE') {
          return effect(
            'mutating',
            'write',
            'table',
            `${quoteSql(`ALTER TABLE … ${toggle} KEYS`)} switches index updates; it changes no data`,
            source,
            'collection',
          )
        }
      }
      if (second === 'USER' || second === 'ROLE')
        return effect(
          'mutating',
          'permission',
          'user',
          `${quoteSql(`ALTER ${second}`)} changes an account`,
          source,
        )
      if (second === 'DATABASE' || second === 'SCHEMA') {
        return effect(
          'mutating',
          'write',
          `database:${tokens[2]?.text ?? '?'}`,
          `${quoteSql(`ALTER ${second}`)} changes the database's defaults`,
          source,
          'database',
        )
      }
      return undefined
    default:
      break
  }
  if (
    MAINTENANCE.has(first) &&
    words.slice(1, 3).some((word) => word === 'TABLE' || word === 'TABLES')
  ) {
    return effect(
      'mutating',
      'write',
      'table',
      `${quoteSql(`${first} TABLE`)} does maintenance; it changes no data`,
      source,
      'collection',
    )
  }
  if (first === 'CREATE' || first === 'DROP') {
    const kind = words.find((word) => OBJECT_KINDS.has(word))
    if (kind !== undefined && ACCOUNT_OBJECTS.has(kind)) {
      return effect(
        'mutating',
        'permission',
        kind.toLowerCase(),
        `${quoteSql(`${first} ${kind}`)} changes who can connect`,
        source,
      )
    }
    if (kind !== undefined && ROUTINE_KINDS.has(kind)) {
      if (first === 'DROP')
        return effect(
          'mutating',
          'delete',
          kind.toLowerCase(),
          `${quoteSql(`DROP ${kind}`)} deletes a routine; it can be created again`,
          source,
        )
      if (kind === 'EVENT')
        return [
          createOpaqueSqlEffect('`CREATE EVENT` schedules sql that runs later, unseen', source),
        ]
      return effect(
        'mutating',
        'create',
        kind.toLowerCase(),
        `${quoteSql(`CREATE ${kind}`)} defines a routine; its body runs only when called or triggered`,
        source,
      )
    }
  }
  return undefined
}

function judgeSqliteKeywords(
  words: readonly string[],
  tokens: readonly SqlToken[],
  source: string,
): Effect[] | undefined {
  const [first = '', second] = words
  switch (first) {
    case 'PRAGMA':
      return judgePragma(tokens, source)
    case 'VACUUM':
      return words.includes('INTO')
        ? effect(
            'mutating',
            'write',
            'file',
            '`VACUUM INTO` writes a copy of the database to a file',
            source,
          )
        : effect(
            'mutating',
            'write',
            'database',
            '`VACUUM` rebuilds the database file; it changes no data',
            source,
            'database',
          )
    case 'REINDEX':
    case 'ANALYZE':
      return effect(
        'mutating',
        'write',
        'database',
        `${quoteSql(first)} does maintenance; it changes no data`,
        source,
        'database',
      )
    case 'DETACH':
      return read('`DETACH` closes an attached database', source)
    case 'CREATE':
      if (second === 'VIRTUAL' && words[2] === 'TABLE') {
        const name = tokens[words[3] === 'IF' ? 6 : 3]?.text ?? '?'
        return effect(
          'mutating',
          'create',
          `table:${name}`,
          `${quoteSql(`CREATE VIRTUAL TABLE ${name}`)} adds a virtual table`,
          source,
        )
      }
      return undefined
    case 'DROP':
      if (
        (second === 'INDEX' || second === 'TRIGGER' || second === 'VIEW') &&
        tokens.every((token) => token.kind !== 'symbol' || token.text === '.')
      ) {
        const name = tokens
          .slice(words[2] === 'IF' ? 4 : 2)
          .map((token) => token.text)
          .join('')
        return effect(
          'mutating',
          'delete',
          `${second.toLowerCase()}:${name}`,
          `${quoteSql(`DROP ${second} ${name}`)} deletes the ${second.toLowerCase()}; it can be created again`,
          source,
        )
      }
      return undefined
    default:
      return undefined
  }
}

/**
 * Judges MySQL and SQLite statements that node-sql-parser does not read (`SHOW VARIABLES`,
 * `PRAGMA`, `VACUUM`, `EXPLAIN DELETE …`, `GRANT`, transaction control) from their keywords.
 * Only statement kinds that cannot hide another effect are judged this way; anything else
 * gives `undefined` and goes to the parser.
 */
export function judgeKeywordStatement(
  statement: SqlStatementText,
  dialect: 'mysql' | 'sqlite',
  analyzeInner: InnerStatementAnalyzer,
): Effect[] | undefined {
  const tokens = tokenizeSql(statement.text, dialect)
  const words = tokens.map((token) => token.upper)
  const sqlite = dialect === 'sqlite'
  if (isTransactionControl(words, tokens, sqlite)) {
    return read('transaction control changes no data by itself', statement.text, 'transaction')
  }
  const first = words[0]
  if (first === 'EXPLAIN' || (!sqlite && (first === 'DESCRIBE' || first === 'DESC'))) {
    return judgeExplain(statement, tokens, sqlite, analyzeInner)
  }
  return sqlite
    ? judgeSqliteKeywords(words, tokens, statement.text)
    : judgeMysqlKeywords(words, tokens, statement.text)
}
