import { randomBytes } from 'node:crypto'

import pg from 'pg'
import { afterEach, describe, expect, it } from 'vitest'

import {
  skippedBackends,
  TEST_POSTGRES_URL,
  testBackends,
} from '../../src/storage/test-backends.js'
import {
  exportAudit,
  runAirlock,
  type ServeConfig,
  type ServeProcess,
  startServe,
  TOKENS,
  writeServeConfig,
} from './serve-process.js'

/** Databases are named `airlock_e2e_<base-36 time>_<random>`; stale ones are dropped. */
const DATABASE = /^airlock_e2e_([0-9a-z]+)_[0-9a-f]{8}$/
const STALE_DATABASE_MS = 60 * 60 * 1000
const GRANTS = 50
const REDEMPTIONS_PER_GRANT = 4

type Json = Record<string, unknown>

async function withAdminClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
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

/**
 * A new, empty database on the test server (stale ones from crashed runs are dropped first),
 * its URL without a password (the configuration refuses one; `PGPASSWORD` carries it), and how to
 * drop it again.
 */
async function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `airlock_e2e_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`
  await withAdminClient(async (client) => {
    const { rows } = await client.query<{ name: string }>(
      `select datname as name from pg_database where starts_with(datname, 'airlock_e2e_')`,
    )
    for (const { name: old } of rows) {
      const time = DATABASE.exec(old)?.[1]
      if (time !== undefined && Date.now() - parseInt(time, 36) > STALE_DATABASE_MS) {
        await client.query(`drop database if exists ${old} with (force)`)
      }
    }
    await client.query(`create database ${name}`)
  })
  const url = new URL(TEST_POSTGRES_URL)
  url.pathname = `/${name}`
  if (url.password !== '') {
    // The instances and the CLI inherit the environment of the tests.
    process.env.PGPASSWORD ??= decodeURIComponent(url.password)
    url.password = ''
  }
  return {
    url: url.toString(),
    drop: () =>
      withAdminClient((client) =>
        client.query(`drop database if exists ${name} with (force)`),
      ).then(() => undefined),
  }
}

function destructiveAction(run: string, index: number): Json {
  return {
    kind: 'shell',
    command: `rm -rf /srv/prod/app/cache-${run}-${String(index)}`,
    cwd: '/srv/prod/app',
  }
}

function mutatingProdAction(index: number): Json {
  return {
    kind: 'shell',
    command: `touch /srv/prod/app/flag${String(index)}`,
    cwd: '/srv/prod/app',
  }
}

const postgres = testBackends({ kinds: ['postgres'] }).length > 0

describe.runIf(postgres)('three airlock serve instances on one PostgreSQL database', () => {
  const cleanups: (() => Promise<unknown>)[] = []

  afterEach(async () => {
    const failures: unknown[] = []
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup().catch((error: unknown) => failures.push(error))
    }
    if (failures.length > 0) throw failures[0]
  })

  /** A fresh database and three instances on it, all stopped and dropped after the test. */
  async function startCluster(): Promise<{ config: ServeConfig; instances: ServeProcess[] }> {
    const database = await freshDatabase()
    cleanups.push(database.drop)
    const config = writeServeConfig({ storageUrl: database.url })
    cleanups.push(() => {
      config.remove()
      return Promise.resolve()
    })
    // Started together: their migrations race for the same database.
    const started = await Promise.allSettled([1, 2, 3].map(() => startServe(config.file)))
    const instances: ServeProcess[] = []
    for (const result of started) {
      if (result.status === 'fulfilled') {
        instances.push(result.value)
        cleanups.push(() => result.value.stop())
      }
    }
    for (const result of started) if (result.status === 'rejected') throw result.reason
    return { config, instances }
  }

  it('redeems each grant exactly once when redemptions race across instances', async () => {
    const { config, instances } = await startCluster()
    const on = (index: number): ServeProcess => instances[index % instances.length] as ServeProcess
    const run = randomBytes(3).toString('hex')

    const proposals = await Promise.all(
      Array.from({ length: GRANTS }, (_, index) =>
        on(index).call(TOKENS.claude, 'POST', '/v1/actions', destructiveAction(run, index)),
      ),
    )
    const requestIds = proposals.map((answer) => {
      expect(answer.status, answer.text).toBe(200)
      expect(answer.body.decision).toBe('approve')
      return (answer.body.request as Json).id as string
    })
    const approvals = await Promise.all(
      requestIds.map((id, index) =>
        on(index + 1).call(TOKENS.bob, 'POST', `/v1/requests/${id}/approve`, {}),
      ),
    )
    const grantIds = approvals.map((answer) => {
      expect(answer.status, answer.text).toBe(200)
      return (answer.body.grant as Json).id as string
    })
    expect(new Set(grantIds).size).toBe(GRANTS)

    const attempts = grantIds.flatMap((grantId, index) =>
      Array.from({ length: REDEMPTIONS_PER_GRANT }, () => ({
        grantId,
        action: destructiveAction(run, index),
      })),
    )
    const answers = await Promise.all(
      attempts.map(({ grantId, action }, index) =>
        on(index).call(TOKENS.claude, 'POST', `/v1/grants/${grantId}/redeem`, { action }),
      ),
    )
    const redeemed = new Map<string, number>()
    let conflicts = 0
    answers.forEach((answer, index) => {
      const { grantId } = attempts[index] as { grantId: string }
      if (answer.status === 200) {
        redeemed.set(grantId, (redeemed.get(grantId) ?? 0) + 1)
      } else {
        expect(answer.status, answer.text).toBe(409)
        expect((answer.body.error as Json).data).toEqual({ reason: 'already_redeemed' })
        conflicts += 1
      }
    })
    expect([...redeemed.values()]).toEqual(Array.from({ length: GRANTS }, () => 1))
    expect(conflicts).toBe(GRANTS * (REDEMPTIONS_PER_GRANT - 1))

    const records = await exportAudit(config.file)
    const redemptions = records.filter((record) => record.kind === 'grant.redeemed')
    expect(redemptions).toHaveLength(GRANTS)
    expect(new Set(redemptions.map((record) => record.subject))).toEqual(new Set(grantIds))
    expect(records.filter((record) => record.kind === 'grant.refused')).toHaveLength(conflicts)
    for (const instance of instances) {
      const verified = await instance.call(TOKENS.bob, 'GET', '/v1/audit/verify')
      expect(verified.body).toMatchObject({ ok: true, records: records.length })
    }
    const viaCli = await runAirlock(['audit', 'verify', '--config', config.file])
    expect(viaCli.code, viaCli.stdout + viaCli.stderr).toBe(0)
  }, 60_000)

  it('denies the next mutating proposal on the other instances within a second when one freezes prod', async () => {
    const { instances } = await startCluster()
    const [a, ...others] = instances as [ServeProcess, ServeProcess, ServeProcess]
    let next = 0
    let stopped = false
    // When the freeze was answered on A; proposals sent from then on must be denied.
    let frozenAt = Number.POSITIVE_INFINITY
    // Each other instance gets one proposal after another, before and after the freeze.
    const loops = others.map(async (instance) => {
      const after: { decision: unknown; answeredAt: number }[] = []
      let allowedBefore = 0
      while (!stopped) {
        const sentAt = performance.now()
        const answer = await instance.call(
          TOKENS.claude,
          'POST',
          '/v1/actions',
          mutatingProdAction(next++),
        )
        expect(answer.status, answer.text).toBe(200)
        if (sentAt >= frozenAt) {
          after.push({ decision: answer.body.decision, answeredAt: performance.now() })
          if (after.length >= 3) break
        } else if (answer.body.decision === 'allow') {
          allowedBefore += 1
        }
      }
      return { allowedBefore, after }
    })
    // Let both loops run (and be allowed) before the freeze.
    await new Promise((resolve) => setTimeout(resolve, 300))
    const freeze = await a.call(TOKENS.bob, 'POST', '/v1/freezes', {
      scope: { environment: 'prod' },
      reason: 'incident: stop every change in production',
    })
    expect(freeze.status, freeze.text).toBe(201)
    frozenAt = performance.now()
    const timeout = setTimeout(() => {
      stopped = true
    }, 5_000)
    const results = await Promise.all(loops)
    clearTimeout(timeout)
    stopped = true

    for (const { allowedBefore, after } of results) {
      expect(allowedBefore).toBeGreaterThan(0)
      expect(after.map((answer) => answer.decision)).toEqual(['deny', 'deny', 'deny'])
      const delay = (after[0]?.answeredAt ?? Infinity) - frozenAt
      console.log(`freeze on A enforced on another instance after ${delay.toFixed(1)} ms`)
      expect(delay).toBeLessThan(1_000)
    }
  }, 30_000)
})

for (const title of skippedBackends({ kinds: ['postgres'] })) {
  it.skip(`three airlock serve instances: ${title}`, () => undefined)
}
