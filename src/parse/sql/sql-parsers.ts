import { createRequire } from 'node:module'

import type { ParseResult } from 'libpg-query'
import type MysqlGrammar from 'node-sql-parser/build/mysql.js'

import { GatewayError } from '../../model/errors.js'

/** The parsers SQL analysis runs on, loaded once; every call is synchronous and may throw. */
export interface SqlParsers {
  /** PostgreSQL's own grammar (libpg-query). */
  readonly parsePostgres: (sql: string) => ParseResult
  /** PostgreSQL's PL/pgSQL grammar, for the bodies of `DO` blocks. */
  readonly parsePlPgSql: (sql: string) => unknown
  /** node-sql-parser's MySQL grammar. */
  readonly parseMysql: (sql: string) => unknown
  /** node-sql-parser's SQLite grammar. */
  readonly parseSqlite: (sql: string) => unknown
}

let parsers: SqlParsers | undefined
let loading: Promise<void> | undefined

type NodeSqlParser = InstanceType<typeof MysqlGrammar.Parser>

// node-sql-parser's grammars are plain CommonJS: loaded synchronously on first use, so a
// shell-only check does not pay for them at start-up.
function lazyGrammar(path: string): () => NodeSqlParser {
  let parser: NodeSqlParser | undefined
  return () => {
    if (parser === undefined) {
      const module = createRequire(import.meta.url)(path) as { Parser: new () => NodeSqlParser }
      parser = new module.Parser()
    }
    return parser
  }
}

async function loadParsers(): Promise<SqlParsers> {
  const postgres = await import('libpg-query')
  await postgres.loadModule()
  const mysql = lazyGrammar('node-sql-parser/build/mysql.js')
  const sqlite = lazyGrammar('node-sql-parser/build/sqlite.js')
  return {
    parsePostgres: postgres.parseSync,
    parsePlPgSql: postgres.parsePlPgSQLSync,
    parseMysql: (sql) => mysql().astify(sql, { database: 'MySQL' }),
    parseSqlite: (sql) => sqlite().astify(sql, { database: 'sqlite' }),
  }
}

/**
 * Loads the SQL parsers (PostgreSQL's WASM build and node-sql-parser's MySQL and SQLite
 * grammars). Call it once before `analyzeSql`; later calls return the same promise.
 */
export function loadSqlParsers(): Promise<void> {
  loading ??= loadParsers().then(
    (loaded) => {
      parsers = loaded
    },
    (cause: unknown) => {
      loading = undefined
      throw new GatewayError('parse_grammar_unavailable', 'sql parsers could not be loaded', {
        cause,
      })
    },
  )
  return loading
}

/** The loaded parsers, or `undefined` before `loadSqlParsers` has finished. */
export function getSqlParsers(): SqlParsers | undefined {
  return parsers
}
