import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'

import pg from 'pg'

import type { GatewayStore } from '../pipeline/gateway-store.js'
import { describeError } from './kysely/describe-error.js'
import { openPostgresStore } from './postgres/open-postgres-store.js'
import { openSqliteStore } from './sqlite/open-sqlite-store.js'

/**
 * The databases tests run the stores against, for any test that needs a real `GatewayStore`.
 *
 * `STORES=sqlite`, `STORES=postgres` or `STORES=sqlite,postgres` (the default) narrows them.
 * PostgreSQL is the server at `AIRLOCK_TEST_POSTGRES_URL` (default
 * `postgres://postgres@127.0.0.1:5432/test`). When it is unreachable it is left out, and
 * `skippedBackends()` names it so a test file can show it as skipped; when `CI` is set it is
 * kept, so that every test on it fails loudly instead.
 */
export interface TestBackend {
  /** For test titles: `sqlite`, `sqlite file`, `postgres`. */
  readonly name: string
  readonly kind: GatewayStore['kind']
  /**
   * A store on a fresh, empty database: SQLite `:memory:` or a file in a new temporary folder, a
   * new schema on PostgreSQL. Its `close()` also deletes that database.
   */
  open(): Promise<GatewayStore>
  /**
   * Several stores on one fresh database, as separate gateway instances would open it
   * (PostgreSQL only); the database is deleted when the last of them closes.
   */
  readonly openInstances?: (count: number) => Promise<GatewayStore[]>
}

/** Which backends a test file wants. */
export interface TestBackendOptions {
  /** Only these kinds; both unless given. */
  readonly kinds?: readonly GatewayStore['kind'][]
  /** Also SQLite on a file (WAL, the path production takes); `:memory:` alone unless true. */
  readonly sqliteFile?: boolean
}

const KINDS: readonly GatewayStore['kind'][] = ['sqlite', 'postgres']

/** The PostgreSQL server the tests use. */
export const TEST_POSTGRES_URL =
  process.env.AIRLOCK_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

/** Test schemas are named `airlock_test_<base-36 time>_<random>`; stale ones are swept. */
const SCHEMA_PREFIX = 'airlock_test_'
const TEST_SCHEMA = /^airlock_test_([0-9a-z]+)_[0-9a-f]{8}$/
const STALE_SCHEMA_MS = 60 * 60 * 1000

const SELECTED = selectKinds(process.env.STORES)
const IS_CI = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false'
const POSTGRES_PROBLEM = SELECTED.includes('postgres') ? await probePostgres() : undefined

/** The backends to run on, in a fixed order; see `TestBackend`. */
export function testBackends(options: TestBackendOptions = {}): TestBackend[] {
  const wanted = selectedOf(options)
  const backends: TestBackend[] = []
  if (wanted.includes('sqlite')) {
    backends.push({
      name: 'sqlite',
      kind: 'sqlite',
      open: () => openSqliteStore({ file: ':memory:' }),
    })
    if (options.sqliteFile === true) {
      backends.push({ name: 'sqlite file', kind: 'sqlite', open: openSqliteFile })
    }
  }
  if (wanted.includes('postgres') && (POSTGRES_PROBLEM === undefined || IS_CI)) {
    backends.push({
      name: 'postgres',
      kind: 'postgres',
      open: async () => {
        const [store] = await openPostgresInstances(1)
        return store as GatewayStore
      },
      openInstances: openPostgresInstances,
    })
  }
  return backends
}

/**
 * Test titles for the wanted backends that will not run, saying why: `postgres unreachable at
 * 127.0.0.1:5432/test (skipped)`, `sqlite not selected by STORES=postgres (skipped)`.
 */
export function skippedBackends(options: TestBackendOptions = {}): string[] {
  const wanted = options.kinds ?? KINDS
  return wanted.flatMap((kind) => {
    if (!SELECTED.includes(kind)) {
      return [`${kind} not selected by STORES=${process.env.STORES ?? ''} (skipped)`]
    }
    if (kind === 'postgres' && POSTGRES_PROBLEM !== undefined && !IS_CI) {
      return [`postgres unreachable at ${describeUrl(TEST_POSTGRES_URL)} (skipped)`]
    }
    return []
  })
}

/** A new, empty schema on the test server, and how to drop it (with everything in it). */
export async function freshPostgresSchema(): Promise<{
  readonly url: string
  readonly schema: string
  readonly drop: () => Promise<void>
}> {
  const schema = `${SCHEMA_PREFIX}${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`
  await withPostgresClient((client) => client.query(`create schema ${schema}`))
  return {
    url: TEST_POSTGRES_URL,
    schema,
    drop: async () => {
      await withPostgresClient((client) => client.query(`drop schema if exists ${schema} cascade`))
    },
  }
}

async function openSqliteFile(): Promise<GatewayStore> {
  const folder = await mkdtemp(path.join(tmpdir(), 'airlock-store-'))
  const remove = (): Promise<void> => rm(folder, { recursive: true, force: true })
  let store: GatewayStore
  try {
    store = await openSqliteStore({ file: path.join(folder, 'data', 'airlock.db') })
  } catch (error) {
    await remove()
    throw error
  }
  return withCleanup(store, remove)
}

async function openPostgresInstances(count: number): Promise<GatewayStore[]> {
  if (POSTGRES_PROBLEM !== undefined) {
    throw new Error(
      `postgres unreachable at ${describeUrl(TEST_POSTGRES_URL)}: ${POSTGRES_PROBLEM} (CI is set, so this fails instead of skipping)`,
    )
  }
  const { url, schema, drop } = await freshPostgresSchema()
  const stores: GatewayStore[] = []
  let open = count
  const closeOne = async (): Promise<void> => {
    open -= 1
    if (open === 0) {
      await drop()
    }
  }
  try {
    for (let index = 0; index < count; index += 1) {
      stores.push(withCleanup(await openPostgresStore({ url, schema }), closeOne))
    }
  } catch (error) {
    await Promise.allSettled(stores.map((store) => store.close()))
    await drop()
    throw error
  }
  return stores
}

/** The store, with `cleanup` run after it closes. */
function withCleanup(store: GatewayStore, cleanup: () => Promise<void>): GatewayStore {
  let closed = false
  return {
    kind: store.kind,
    transaction: (work) => store.transaction(work),
    subscribe: (listener) => store.subscribe(listener),
    close: async () => {
      if (closed) {
        return
      }
      closed = true
      try {
        await store.close()
      } finally {
        await cleanup()
      }
    },
  }
}

function selectKinds(stores: string | undefined): readonly GatewayStore['kind'][] {
  if (stores === undefined || stores.trim() === '') {
    return KINDS
  }
  const names = stores.split(',').map((name) => name.trim())
  const unknown = names.filter((name) => !KINDS.some((kind) => kind === name))
  if (unknown.length > 0) {
    throw new Error(
      `STORES: unknown store \`${unknown.join(', ')}\`: expected a comma-separated list of ${KINDS.join(', ')}`,
    )
  }
  return KINDS.filter((kind) => names.includes(kind))
}

function selectedOf(options: TestBackendOptions): readonly GatewayStore['kind'][] {
  return SELECTED.filter((kind) => options.kinds === undefined || options.kinds.includes(kind))
}

/** `host:port/database`, without user or password. */
function describeUrl(url: string): string {
  try {
    const parsed = new URL(url)
    return `${parsed.host}${parsed.pathname}`
  } catch {
    return 'an unparsable url'
  }
}

async function withPostgresClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({
    connectionString: TEST_POSTGRES_URL,
    connectionTimeoutMillis: 3000,
  })
  client.on('error', () => undefined)
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

/** Why the test server cannot be used, or undefined when it can; sweeps stale test schemas. */
async function probePostgres(): Promise<string | undefined> {
  try {
    await withPostgresClient(async (client) => {
      const { rows } = await client.query<{ name: string }>(
        `select nspname as name from pg_namespace where starts_with(nspname, $1)`,
        [SCHEMA_PREFIX],
      )
      const stale = rows.flatMap(({ name }) => {
        const time = TEST_SCHEMA.exec(name)?.[1]
        return time !== undefined && Date.now() - parseInt(time, 36) > STALE_SCHEMA_MS ? [name] : []
      })
      for (const name of stale) {
        await client.query(`drop schema if exists ${name} cascade`)
      }
    })
    return undefined
  } catch (error) {
    return describeError(error)
  }
}
