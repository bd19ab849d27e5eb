import { randomBytes } from 'node:crypto'

import pg from 'pg'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { rehearseSql } from './rehearse-sql.js'

// The same server and rule as src/storage/test-backends.ts (which execute/ may not import):
// skipped, visibly, when unreachable, unless CI is set.
const POSTGRES_URL =
  process.env.AIRLOCK_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const IS_CI = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false'

async function withClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 })
  client.on('error', () => undefined)
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

const unreachable = await withClient(() => Promise.resolve(undefined)).then(
  () => undefined,
  (error: unknown) => (error instanceof Error ? error.message : String(error)),
)

if (unreachable !== undefined && !IS_CI) {
  it.skip(`postgres unreachable at ${new URL(POSTGRES_URL).host} (skipped)`, () => undefined)
}

describe.skipIf(unreachable !== undefined && !IS_CI)('rehearseSql', () => {
  const schema = `airlock_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`
  const t = `${schema}.t`
  const contents = (): Promise<unknown[]> =>
    withClient(
      async (client) =>
        (await client.query<Record<string, unknown>>(`select * from ${t} order by id`)).rows,
    )

  beforeAll(async () => {
    await withClient((client) => client.query(`create schema ${schema}`))
  })

  beforeEach(async () => {
    await withClient((client) =>
      client.query(`
        drop table if exists ${schema}.child, ${t};
        create table ${t} (id int primary key, name text not null);
        insert into ${t} select g, 'row ' || g from generate_series(1, 5) g;
        create table ${schema}.child (id int primary key, t_id int references ${t} on delete cascade);
        insert into ${schema}.child values (1, 1), (2, 1), (3, 2);
      `),
    )
  })

  afterAll(async () => {
    await withClient((client) => client.query(`drop schema if exists ${schema} cascade`))
  })

  it('reports every row a DELETE removes, cascades included, and keeps them', async () => {
    const before = await contents()
    const report = await rehearseSql(`DELETE FROM ${t}`, { url: POSTGRES_URL })
    expect(report).toMatchObject({ kind: 'sql', status: 'rehearsed' })
    expect(report.rowsAffected).toEqual([
      { table: `${schema}.child`, operation: 'delete', rows: 3 },
      { table: t, operation: 'delete', rows: 5 },
    ])
    expect(await contents()).toEqual(before)
  })

  it('reports the rows an UPDATE with WHERE matches', async () => {
    const report = await rehearseSql(`update ${t} set name = 'x' where id <= 2`, {
      url: POSTGRES_URL,
    })
    expect(report.rowsAffected).toEqual([{ table: t, operation: 'update', rows: 2 }])
    expect(await contents()).toContainEqual({ id: 1, name: 'row 1' })
  })

  it('reports an INSERT and several statements, per table and operation', async () => {
    const report = await rehearseSql(
      `insert into ${t} values (6, 'six'), (7, 'seven'); delete from ${t} where id = 5;`,
      { url: POSTGRES_URL },
    )
    expect(report.rowsAffected).toEqual([
      { table: t, operation: 'insert', rows: 2 },
      { table: t, operation: 'delete', rows: 1 },
    ])
    expect(await contents()).toHaveLength(5)
  })

  it('reports the rows a TRUNCATE and a DROP would take', async () => {
    const report = await rehearseSql(
      `truncate ${t} cascade; insert into ${t} values (9, 'nine'); drop table ${schema}.child`,
      { url: POSTGRES_URL },
    )
    expect(report.status).toBe('rehearsed')
    expect(report.rowsAffected).toEqual([
      { table: `${schema}.child`, operation: 'drop', rows: 3 },
      { table: t, operation: 'insert', rows: 1 },
      { table: t, operation: 'truncate', rows: 5 },
    ])
    expect(await contents()).toHaveLength(5)
  })

  it('fails without changing anything when a statement errors', async () => {
    const before = await contents()
    const report = await rehearseSql(
      `delete from ${t} where id > 3; insert into ${t} values (1, 'dup')`,
      {
        url: POSTGRES_URL,
      },
    )
    expect(report.status).toBe('failed')
    expect(report.reason).toMatch(/duplicate key/)
    expect(report.rowsAffected).toEqual([])
    expect(await contents()).toEqual(before)
  })

  it.each([
    ['commit', `delete from ${t}; commit`],
    ['vacuum', 'vacuum'],
    ['create database', 'create database airlock_never'],
    ['rollback', 'rollback'],
  ])('refuses %s, which would leave the transaction, and changes nothing', async (_, sql) => {
    const before = await contents()
    const report = await rehearseSql(sql, { url: POSTGRES_URL })
    expect(report.status).toBe('failed')
    expect(report.reason).toMatch(/nothing was changed/)
    expect(await contents()).toEqual(before)
  })

  it('stops a statement at the time limit', async () => {
    const started = Date.now()
    const report = await rehearseSql('select pg_sleep(30)', { url: POSTGRES_URL, timeoutMs: 500 })
    expect(report.status).toBe('timed-out')
    expect(Date.now() - started).toBeLessThan(5000)
  })

  it('reports unavailable without the credentials when the server cannot be reached', async () => {
    const report = await rehearseSql('select 1', {
      url: 'postgres://agent:s3cret@127.0.0.1:1/none',
      timeoutMs: 2000,
    })
    expect(report.status).toBe('unavailable')
    expect(report.reason).toMatch(/cannot connect to postgres at 127\.0\.0\.1:1\/none/)
    expect(report.reason).not.toContain('s3cret')
  })
})
