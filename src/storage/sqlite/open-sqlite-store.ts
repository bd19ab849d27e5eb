import { mkdir } from 'node:fs/promises'
import path from 'node:path'

import BetterSqlite3 from 'better-sqlite3'
import { Kysely, type SqliteDatabase, SqliteDialect, type SqliteStatement } from 'kysely'

import { GatewayError } from '../../model/errors.js'
import type { GatewayStore } from '../../pipeline/gateway-store.js'
import type { Database } from '../kysely/database.js'
import { describeError } from '../kysely/describe-error.js'
import { KyselyGatewayStore } from '../kysely/kysely-gateway-store.js'
import { migrateGatewayStore } from '../migrations/migrate-gateway-store.js'

/** Where and how durably a SQLite store keeps its data. */
export interface SqliteStoreOptions {
  /** A file path (its folder is created when missing) or `:memory:`. */
  readonly file: string
  /** `full` (the default) syncs every commit; `normal` may lose the last commits on power loss. */
  readonly synchronous?: 'full' | 'normal'
  /** Hears what failed outside any caller: a subscriber that threw. */
  readonly onError?: (error: GatewayError) => void
}

const SYNCHRONOUS_MODES: readonly string[] = ['full', 'normal']

/** Transactions that wait for the write lock commit together, this many at most (one fsync). */
const GROUP_COMMIT = 64

/** Prepared statements kept per SQL text; more distinct texts than this empty the cache. */
const STATEMENT_CACHE_SIZE = 256

/**
 * Opens the gateway's store in a SQLite database, migrated to the newest schema. A file runs in
 * WAL mode. Transactions that queue up behind the write lock commit together (group commit), and
 * signals reach the subscribers of this store only, once their transaction commits.
 */
export async function openSqliteStore(options: SqliteStoreOptions): Promise<GatewayStore> {
  const { file } = options
  const synchronous = options.synchronous ?? 'full'
  // The mode is spliced into a pragma: check it even though the type allows nothing else.
  if (!SYNCHRONOUS_MODES.includes(synchronous)) {
    throw new GatewayError(
      'store_unavailable',
      `sqlite: unknown synchronous mode \`${synchronous}\``,
    )
  }
  const isMemory = file === ':memory:'
  let sqlite: BetterSqlite3.Database
  try {
    if (!isMemory) {
      await mkdir(path.dirname(path.resolve(file)), { recursive: true })
    }
    sqlite = new BetterSqlite3(file)
  } catch (error) {
    throw cannotOpen(file, error)
  }
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: withStatementCache(sqlite) }),
  })
  try {
    sqlite.pragma('busy_timeout = 5000')
    if (!isMemory) {
      sqlite.pragma('journal_mode = WAL')
    }
    sqlite.pragma(`synchronous = ${synchronous}`)
    sqlite.pragma('foreign_keys = on')
    await migrateGatewayStore(db as Kysely<unknown>, { kind: 'sqlite' })
  } catch (error) {
    await db.destroy()
    throw error instanceof GatewayError ? error : cannotOpen(file, error)
  }
  return new KyselyGatewayStore({
    kind: 'sqlite',
    db,
    begin: 'begin immediate',
    groupCommit: GROUP_COMMIT,
    isDriverError: (error) => error instanceof BetterSqlite3.SqliteError,
    ...(options.onError === undefined ? {} : { onError: options.onError }),
  })
}

/** The database as Kysely's dialect sees it, preparing each distinct statement once. */
function withStatementCache(sqlite: BetterSqlite3.Database): SqliteDatabase {
  const statements = new Map<string, SqliteStatement>()
  return {
    close: () => {
      statements.clear()
      sqlite.close()
    },
    prepare: (sql) => {
      let statement = statements.get(sql)
      if (statement === undefined) {
        if (statements.size >= STATEMENT_CACHE_SIZE) {
          statements.clear()
        }
        statement = sqlite.prepare(sql)
        statements.set(sql, statement)
      }
      return statement
    },
  }
}

function cannotOpen(file: string, error: unknown): GatewayError {
  return new GatewayError(
    'store_unavailable',
    `sqlite: cannot open \`${file}\`: ${describeError(error)}`,
    {
      cause: error,
    },
  )
}
