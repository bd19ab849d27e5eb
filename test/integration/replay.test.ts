import { writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { GatewayStore } from '../../src/pipeline/gateway-store.js'
import { openSqliteStore } from '../../src/storage/sqlite/open-sqlite-store.js'
import {
  ACTIONS,
  type CliRun,
  type GatewayUnderTest,
  runCliCapturing,
  startGateway,
  writeTestConfig,
} from './gateway-harness.js'

const EXAMPLE_POLICIES = join(import.meta.dirname, '..', '..', 'examples', 'policies')

// A policy change under test: mutating actions now wait for one human.
const STRICTER = `@id("mutating-needs-approval")
@approvals("1")
@reason("mutating actions need one approval")
forbid (principal, action, resource)
when { context.riskLevel == 1 }
unless { context.approvals.distinctHumans >= 1 };
`

interface ReplayJson {
  inventory: boolean
  rows: {
    id: string
    recorded: { decision: string }
    today: { decision: string; approvals: number }
    changed: boolean
    reasons: string[]
  }[]
}

let store: GatewayStore
let gw: GatewayUnderTest
let configFile: string
let stricter: string
let broken: string
const ids: Record<string, string> = {}

beforeAll(async () => {
  configFile = writeTestConfig(`storage: { url: 'sqlite:./gateway.db' }`)
  stricter = join(dirname(configFile), 'mutating-needs-approval.cedar')
  writeFileSync(stricter, STRICTER)
  broken = join(dirname(configFile), 'broken.cedar')
  writeFileSync(broken, 'forbid (principal, action, resource) when { context.nope };\n')
  store = await openSqliteStore({ file: join(dirname(configFile), 'gateway.db') })
  gw = await startGateway(store, { configFile })
  for (const [name, action] of [
    ['read', ACTIONS.safe],
    ['write', ACTIONS.mutatingDev],
  ] as const) {
    gw.clock.advance(60_000)
    const { body } = await gw.call('claude', 'POST', '/v1/actions', action)
    expect(body.decision).toBe('allow')
    ids[name] = body.id as string
  }
})

afterAll(async () => {
  await store.close()
})

function replay(argv: string[]): Promise<CliRun> {
  return runCliCapturing(['replay', '--config', configFile, ...argv], {
    services: {
      openStore: (url) => openSqliteStore({ file: url.slice('sqlite:'.length) }),
      untilShutdown: () => Promise.resolve(),
    },
  })
}

async function auditHead(): Promise<number> {
  let last = 0
  for await (const record of gw.gateway.exportAudit()) last = record.seq
  return last
}

describe('airlock replay', () => {
  it('shows a recorded allow turning into approve under a stricter policy set', async () => {
    const { code, out } = await replay([
      '--agent',
      'claude',
      '--policies',
      EXAMPLE_POLICIES,
      stricter,
      '--json',
    ])
    expect(code).toBe(0)
    const { rows } = JSON.parse(out) as ReplayJson
    const write = rows.find((row) => row.id === ids.write)
    expect(write).toMatchObject({
      recorded: { decision: 'allow' },
      today: { decision: 'approve', approvals: 1 },
      changed: true,
    })
    expect(write?.reasons).toContain('now decided by `mutating-needs-approval`')
  })

  it('shows an action the change does not touch as unchanged', async () => {
    const { out } = await replay(['--action', ids.read ?? '', '--policies', stricter, '--json'])
    const { rows } = JSON.parse(out) as ReplayJson
    expect(rows).toEqual([expect.objectContaining({ id: ids.read, changed: false, reasons: [] })])
  })

  it('prints a table with the changed row and its reasons', async () => {
    const { out } = await replay(['--agent', 'claude', '--policies', EXAMPLE_POLICIES, stricter])
    expect(out).toMatch(new RegExp(`${ids.write ?? ''}\\s+allow\\s+approve \\(1\\)\\s+CHANGED`))
    expect(out).toMatch(new RegExp(`${ids.read ?? ''}\\s+allow\\s+allow\\s+unchanged`))
    expect(out).toContain('1 of 2 decision(s) would change')
  })

  it('exits 1 with --fail-on-change when a decision changes, 0 when none does', async () => {
    const changed = await replay(['--agent', 'claude', '--policies', stricter, '--fail-on-change'])
    expect(changed.code).toBe(1)
    const same = await replay(['--agent', 'claude', '--fail-on-change'])
    expect(same.out).toContain('0 of 2 decision(s) would change')
    expect(same.code).toBe(0)
  })

  it('writes nothing to the database', async () => {
    const before = await auditHead()
    await replay(['--agent', 'claude', '--policies', stricter])
    expect(await auditHead()).toBe(before)
  })

  it('exits 2 naming the file when a given policy does not validate', async () => {
    const { code, err } = await replay(['--agent', 'claude', '--policies', broken])
    expect(code).toBe(2)
    expect(err).toContain('broken.cedar')
  })

  it('exits 2 when the action is not on record or nothing is selected', async () => {
    const missing = await replay(['--action', 'act_nope'])
    expect(missing.code).toBe(2)
    expect(missing.err).toContain('no action `act_nope`')
    const none = await replay([])
    expect(none.code).toBe(2)
    expect(none.err).toContain('select what to replay')
  })
})
