import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'

import { GatewayError } from '../../model/errors.js'
import type { GatewayStore } from '../../pipeline/gateway-store.js'
import type { Database } from '../kysely/database.js'
import { describeError } from '../kysely/describe-error.js'
import { KyselyGatewayStore } from '../kysely/kysely-gateway-store.js'
import { migrateGatewayStore } from '../migrations/migrate-gateway-store.js'
import { PostgresSignalChannel } from './postgres-signal-channel.js'

/** Which PostgreSQL database, schema and pool a store uses. */
export interface PostgresStoreOptions {
  /** `postgres://user@host:port/database`; the password comes from `PGPASSWORD`, never the URL. */
  readonly url: string
  /** A schema of its own (created when missing) instead of the search path's first. */
  readonly schema?: string
  /** Pooled connections; 10 unless given. The signal listener holds one more. */
  readonly poolSize?: number
  /** Hears what failed outside any caller: a lost connection, a subscriber that threw. */
  readonly onError?: (error: GatewayError) => void
}

/** A schema name that needs no quoting anywhere: in `search_path`, in SQL and in a channel. */
const PLAIN_SCHEMA = /^[a-z_][a-z0-9_]{0,62}$/

const INT8_OID = 20

/** int8 (bigint, count) as a JS number: times in milliseconds and counts fit in 2^53. */
const PG_TYPES = new pg.TypeOverrides()
PG_TYPES.setTypeParser(INT8_OID, 'text', parseInt8)

function parseInt8(text: string): number {
  const value = Number(text)
  if (!Number.isSafeInteger(value)) {
    throw new GatewayError('store_unavailable', `postgres: integer \`${text}\` is out of range`)
  }
  return value
}

/**
 * Opens the gateway's store in PostgreSQL, migrated to the newest schema. Any number of
 * instances may share the database: grants, approvals and the audit chain stay consistent
 * across them, and a signal sent by one reaches the subscribers of all.
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<GatewayStore> {
  const { schema, onError } = options
  if (schema !== undefined && !PLAIN_SCHEMA.test(schema)) {
    throw new GatewayError(
      'store_unavailable',
      `postgres: schema \`${schema}\` is not a plain lowercase name`,
    )
  }
  const config: pg.PoolConfig = {
    connectionString: options.url,
    application_name: 'airlock',
    keepAlive: true,
    types: PG_TYPES,
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  }
  const pool = new pg.Pool({ ...config, max: options.poolSize ?? 10 })
  // INVARIANT: the pool always has an error listener; without one an idle connection that
  // drops would crash the process.
  pool.on('error', (error) => {
    onError?.(
      new GatewayError('store_unavailable', 'postgres: an idle connection was lost', {
        cause: error,
      }),
    )
  })
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  let channel: PostgresSignalChannel | undefined
  try {
    await migrateGatewayStore(db as Kysely<unknown>, {
      kind: 'postgres',
      ...(schema === undefined ? {} : { schema }),
    })
    channel = await PostgresSignalChannel.open(
      config,
      schema === undefined ? 'airlock' : `airlock.${schema}`,
      onError,
    )
  } catch (error) {
    await db.destroy().catch(() => undefined)
    if (error instanceof GatewayError) {
      throw error
    }
    throw new GatewayError('store_unavailable', `postgres: cannot open: ${describeError(error)}`, {
      cause: error,
    })
  }
  return new KyselyGatewayStore({
    kind: 'postgres',
    db,
    begin: 'begin',
    channel,
    isDriverError: isPostgresError,
    ...(onError === undefined ? {} : { onError }),
  })
}

/** Whether an error came from PostgreSQL or from the connection to it. */
function isPostgresError(error: unknown): boolean {
  if (error instanceof pg.DatabaseError) {
    return true
  }
  if (!(error instanceof Error)) {
    return false
  }
  return (
    ('errno' in error && 'syscall' in error) ||
    error instanceof AggregateError ||
    /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect)/.test(
      error.message,
    )
  )
}
