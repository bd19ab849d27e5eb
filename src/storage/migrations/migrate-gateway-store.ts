import { type Kysely, type MigrationProvider, Migrator, sql } from 'kysely'

import { GatewayError } from '../../model/errors.js'
import type { GatewayStore } from '../../pipeline/gateway-store.js'
import { describeError } from '../kysely/describe-error.js'
import { addProposalImpact } from './add-proposal-impact.js'
import { createGatewayTables } from './create-gateway-tables.js'

/** First key of the PostgreSQL advisory lock held while migrating; the second is the schema's. */
const MIGRATION_LOCK_CLASS = 0x61697200

/** The gateway's migrations, in code: a name's order is the order they run in. */
export function gatewayMigrations(kind: GatewayStore['kind']): MigrationProvider {
  return {
    getMigrations: () =>
      Promise.resolve({
        '0001-gateway-tables': createGatewayTables(kind),
        '0002-proposal-impact': addProposalImpact(),
      }),
  }
}

/**
 * Brings a database to the newest schema when a store opens. Several instances may open one
 * database at once: PostgreSQL serialises them with an advisory lock on the schema, SQLite
 * with its write lock, and each migration runs in one transaction.
 */
export async function migrateGatewayStore(
  db: Kysely<unknown>,
  options: { readonly kind: GatewayStore['kind']; readonly schema?: string },
): Promise<void> {
  const { kind } = options
  await db.connection().execute(async (connection) => {
    if (kind === 'sqlite') {
      await sql`begin immediate`.execute(connection)
      try {
        await runMigrations(connection, kind, undefined)
        await sql`commit`.execute(connection)
      } catch (error) {
        await sql`rollback`.execute(connection).catch(() => undefined)
        throw error
      }
      return
    }
    const schema = options.schema ?? (await currentSchema(connection))
    const lock = sql`${sql.lit(MIGRATION_LOCK_CLASS)}, hashtext(${schema})`
    await sql`select pg_advisory_lock(${lock})`.execute(connection)
    try {
      if (options.schema !== undefined) {
        await sql`create schema if not exists ${sql.id(schema)}`.execute(connection)
      }
      await runMigrations(connection, kind, schema)
    } finally {
      await sql`select pg_advisory_unlock(${lock})`.execute(connection)
    }
  })
}

async function currentSchema(db: Kysely<unknown>): Promise<string> {
  const { rows } = await sql<{ name: string | null }>`select current_schema() as name`.execute(db)
  const name = rows[0]?.name
  if (name === undefined || name === null) {
    throw new GatewayError(
      'store_unavailable',
      'postgres: migration: no schema on the search path exists',
    )
  }
  return name
}

async function runMigrations(
  db: Kysely<unknown>,
  kind: GatewayStore['kind'],
  schema: string | undefined,
): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: gatewayMigrations(kind),
    migrationTableName: 'airlock_migration',
    migrationLockTableName: 'airlock_migration_lock',
    ...(schema === undefined ? {} : { migrationTableSchema: schema }),
  })
  const { error, results = [] } = await migrator.migrateToLatest()
  if (error !== undefined) {
    const failed = results.find((result) => result.status === 'Error')?.migrationName
    throw new GatewayError(
      'store_unavailable',
      `${kind}: migration${failed === undefined ? '' : ` \`${failed}\``} failed: ${describeError(error)}`,
      { cause: error },
    )
  }
}
