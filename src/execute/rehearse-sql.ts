import pg from 'pg'

import type { RowOperation, SqlRehearsal, TableRowChange } from '../model/rehearsal.js'

/** Where and how long to rehearse SQL. */
export interface SqlRehearsalOptions {
  /** The PostgreSQL server, as a `postgres://` URL; never reported. */
  readonly url: string
  /** 10 s unless given; for connecting, and again for the statement and the counting after it. */
  readonly timeoutMs?: number
}

const DEFAULT_TIMEOUT_MS = 10_000
/** SQLSTATE `query_canceled`: what `statement_timeout` and `lock_timeout` raise. */
const QUERY_CANCELED = '57014'
const LOCK_NOT_AVAILABLE = '55P03'
const STATEMENT_SETTING = 'airlock.rehearsal_statement'

/**
 * Runs the statement through PL/pgSQL's `EXECUTE`, i.e. from inside a function: there the server
 * itself refuses `COMMIT`, `ROLLBACK`, `VACUUM`, `CREATE DATABASE`, `… CONCURRENTLY` and every
 * other command that would end our transaction or cannot be undone with it, however it is spelt.
 */
const RUN_STATEMENT = `do $airlock$ begin execute current_setting('${STATEMENT_SETTING}'); end $airlock$`

/** Every table, with the storage a `TRUNCATE` or a rewrite replaces. */
const LIST_TABLES = `select c.oid::int8::text as oid, c.relfilenode::int8::text as storage,
    n.nspname as schema, c.relname as name, c.reltuples::int8::text as estimate
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where c.relkind = 'r' and c.relpersistence <> 't'
    and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%'`

/** Rows inserted, updated and deleted so far in this transaction, per table. */
const ROW_COUNTERS = `select relid::int8::text as oid, schemaname as schema, relname as name,
    n_tup_ins::text as insert, n_tup_upd::text as update, n_tup_del::text as delete
  from pg_stat_xact_user_tables`

interface TableRow {
  readonly oid: string
  readonly storage: string
  readonly schema: string
  readonly name: string
  readonly estimate: string
}

interface CounterRow {
  readonly oid: string
  readonly schema: string
  readonly name: string
  readonly insert: string
  readonly update: string
  readonly delete: string
}

const COUNTED: readonly ('insert' | 'update' | 'delete')[] = ['insert', 'update', 'delete']

/**
 * Runs SQL against PostgreSQL inside a transaction that is always rolled back, and reports the
 * rows it would insert, update, delete, truncate or drop, per table.
 *
 * Inserts, updates and deletes (triggers and cascades included) come from the server's own
 * counters, `pg_stat_xact_user_tables`, read before and after; truncated and dropped tables from
 * their storage changing or vanishing, counted after rolling back to a savepoint taken before
 * the statement. Not undone by the rollback, so not protected: sequences advance, and anything
 * the role may do outside the transaction (`COPY … TO PROGRAM`, `dblink`, `pg_terminate_backend`)
 * happens for real; rehearse with a role that has no such rights. The statement takes its locks
 * on the real tables while it runs, bounded by the time limit.
 */
export async function rehearseSql(
  statement: string,
  options: SqlRehearsalOptions,
): Promise<SqlRehearsal> {
  const started = performance.now()
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const report = (
    status: SqlRehearsal['status'],
    rowsAffected: readonly TableRowChange[],
    reason?: string,
  ): SqlRehearsal => ({
    kind: 'sql',
    status,
    ...(reason === undefined ? {} : { reason }),
    rowsAffected,
    durationMs: Math.round(performance.now() - started),
  })

  const client = new pg.Client({
    connectionString: options.url,
    connectionTimeoutMillis: timeoutMs,
    application_name: 'airlock-rehearsal',
  })
  client.on('error', () => undefined)
  try {
    await client.connect()
  } catch (error) {
    return report(
      'unavailable',
      [],
      `cannot connect to ${describeServer(options.url)}: ${messageOf(error)}`,
    )
  }

  // INVARIANT: past this point the connection only ever ends with a rollback, and a client-side
  // timer closes it should the server not honour statement_timeout.
  const deadline = { passed: false }
  const timer = setTimeout(
    () => {
      deadline.passed = true
      void client.end()
    },
    2 * timeoutMs + 1000,
  )
  try {
    await client.query('begin')
    await client.query(
      `select set_config('statement_timeout', $1, true), set_config('lock_timeout', $1, true)`,
      [String(timeoutMs)],
    )
    const { rows: settings } = await client.query<{ track: string }>(
      `select current_setting('track_counts') as track`,
    )
    if (settings[0]?.track !== 'on') {
      return report('unavailable', [], 'the server does not count rows: `track_counts` is off')
    }
    const tablesBefore = await client.query<TableRow>(LIST_TABLES)
    const countersBefore = await client.query<CounterRow>(ROW_COUNTERS)
    await client.query('savepoint airlock_before')
    await client.query(`select set_config('${STATEMENT_SETTING}', $1, true)`, [statement])
    try {
      await client.query(RUN_STATEMENT)
    } catch (error) {
      if (deadline.passed || isTimeout(error)) {
        return report('timed-out', [], `the statement ran longer than ${timeoutMs} ms`)
      }
      return report('failed', [], `the statement failed, nothing was changed: ${messageOf(error)}`)
    }
    const countersAfter = await client.query<CounterRow>(ROW_COUNTERS)
    const tablesAfter = await client.query<TableRow>(LIST_TABLES)
    const changes = counterChanges(countersBefore.rows, countersAfter.rows)

    const after = new Map(tablesAfter.rows.map((table) => [table.oid, table]))
    const replaced = tablesBefore.rows.filter(
      (table) =>
        after.get(table.oid)?.storage !== undefined &&
        after.get(table.oid)?.storage !== table.storage,
    )
    const dropped = tablesBefore.rows.filter((table) => !after.has(table.oid))
    const rowsAfter = new Map<string, number | undefined>()
    for (const table of replaced) {
      rowsAfter.set(table.oid, await countRows(client, table))
    }
    await client.query('rollback to savepoint airlock_before')
    for (const table of replaced) {
      const before = await countRows(client, table)
      const now = rowsAfter.get(table.oid)
      const delta = changes.get(table.oid)
      // Rows that left without being counted as deleted: 5 rows, TRUNCATE, 3 inserted → 5 + 3 - 3.
      const vanished =
        before === undefined || now === undefined
          ? undefined
          : before + (delta?.insert ?? 0) - (delta?.delete ?? 0) - now
      if (vanished === undefined) {
        changes.set(table.oid, {
          ...delta,
          table: nameOf(table),
          truncate: estimateOf(table),
          estimated: true,
        })
      } else if (vanished > 0) {
        changes.set(table.oid, { ...delta, table: nameOf(table), truncate: vanished })
      }
    }
    for (const table of dropped) {
      const before = await countRows(client, table)
      changes.set(table.oid, {
        ...changes.get(table.oid),
        table: nameOf(table),
        drop: before ?? estimateOf(table),
        ...(before === undefined ? { estimated: true } : {}),
      })
    }
    return report('rehearsed', toRowChanges(changes))
  } catch (error) {
    if (deadline.passed || isTimeout(error)) {
      return report('timed-out', [], `the rehearsal ran longer than ${timeoutMs} ms`)
    }
    return report('failed', [], `the rehearsal failed, nothing was changed: ${messageOf(error)}`)
  } finally {
    clearTimeout(timer)
    await client.query('rollback').catch(() => undefined)
    await client.end().catch(() => undefined)
  }
}

/** The rows one table would lose or gain, per operation, while they are being gathered. */
interface TableChange {
  readonly table: string
  readonly insert?: number
  readonly update?: number
  readonly delete?: number
  readonly truncate?: number
  readonly drop?: number
  readonly estimated?: boolean
}

function counterChanges(
  before: readonly CounterRow[],
  after: readonly CounterRow[],
): Map<string, TableChange> {
  const earlier = new Map(before.map((row) => [row.oid, row]))
  const changes = new Map<string, TableChange>()
  for (const row of after) {
    const previous = earlier.get(row.oid)
    const change: { -readonly [K in keyof TableChange]: TableChange[K] } = {
      table: `${row.schema}.${row.name}`,
    }
    for (const operation of COUNTED) {
      const rows = Number(row[operation]) - Number(previous?.[operation] ?? 0)
      if (rows > 0) {
        change[operation] = rows
      }
    }
    if (COUNTED.some((operation) => change[operation] !== undefined)) {
      changes.set(row.oid, change)
    }
  }
  return changes
}

const OPERATIONS: readonly RowOperation[] = ['insert', 'update', 'delete', 'truncate', 'drop']

function toRowChanges(changes: ReadonlyMap<string, TableChange>): TableRowChange[] {
  return [...changes.values()]
    .sort((a, b) => (a.table < b.table ? -1 : a.table > b.table ? 1 : 0))
    .flatMap((change) =>
      OPERATIONS.flatMap((operation) => {
        const rows = change[operation]
        if (rows === undefined) {
          return []
        }
        const isEstimate =
          change.estimated === true && (operation === 'truncate' || operation === 'drop')
        return [
          { table: change.table, operation, rows, ...(isEstimate ? { estimated: true } : {}) },
        ]
      }),
    )
}

/** `count(*)` of a table, or undefined when it cannot be counted (rights, time). */
async function countRows(client: pg.Client, table: TableRow): Promise<number | undefined> {
  await client.query('savepoint airlock_count')
  try {
    const { rows } = await client.query<{ count: string }>(
      `select count(*)::text as count from ${quoteIdentifier(table.schema)}.${quoteIdentifier(table.name)}`,
    )
    await client.query('release savepoint airlock_count')
    return Number(rows[0]?.count ?? 0)
  } catch (error) {
    if (isTimeout(error)) {
      throw error
    }
    await client.query('rollback to savepoint airlock_count')
    return undefined
  }
}

function nameOf(table: TableRow): string {
  return `${table.schema}.${table.name}`
}

function estimateOf(table: TableRow): number {
  return Math.max(0, Number(table.estimate))
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}

function isTimeout(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return code === QUERY_CANCELED || code === LOCK_NOT_AVAILABLE
}

function messageOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return message.replace(/\s+/g, ' ').trim()
}

/** `host:port/database`, without user or password. */
function describeServer(url: string): string {
  try {
    const parsed = new URL(url)
    return `postgres at ${parsed.host}${parsed.pathname}`
  } catch {
    return 'postgres (unparsable url)'
  }
}
