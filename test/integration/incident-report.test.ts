import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { AuditRecord } from '../../src/model/audit-record.js'
import type { Principal } from '../../src/model/principal.js'
import type { GatewayStore } from '../../src/pipeline/gateway-store.js'
import {
  INCIDENT_REPORT,
  type IncidentReport,
  parseIncidentReport,
} from '../../src/pipeline/incident-report-schema.js'
import { formatInventorySnapshot } from '../../src/pipeline/inventory-snapshot-schema.js'
import { toInventoryGraph } from '../../src/pipeline/simulate-action.js'
import { openSqliteStore } from '../../src/storage/sqlite/open-sqlite-store.js'
import { OUTAGE_INVENTORY, OUTAGE_STACK } from '../fixtures/inventory/outage/outage-inventory.js'
import {
  type CliRun,
  type GatewayUnderTest,
  runCliCapturing,
  startGateway,
  writeTestConfig,
} from './gateway-harness.js'

const MINUTE = 60_000
const DELETE_STACK = `aws cloudformation delete-stack --stack-name ${OUTAGE_STACK}`
const CREATE_STACK = `aws cloudformation create-stack --stack-name ${OUTAGE_STACK} --template-body file://stack.yaml`
const step = (command: string, rationale: string) => ({
  kind: 'shell',
  command,
  cwd: '/srv',
  environment: 'prod',
  rationale,
})

const CLAUDE: Principal = { kind: 'agent', id: 'claude', operator: 'alice' }
const BOB: Principal = { kind: 'human', id: 'bob', roles: ['approver'] }
const CAROL: Principal = { kind: 'human', id: 'carol', roles: ['approver', 'breakglass'] }

let store: GatewayStore
let gw: GatewayUnderTest
let configFile: string
const ids: Record<string, string> = {}

async function propose(name: string, action: unknown): Promise<Record<string, unknown>> {
  gw.clock.advance(MINUTE)
  const { status, body } = await gw.call('claude', 'POST', '/v1/actions', action)
  expect(status, JSON.stringify(body).slice(0, 500)).toBe(200)
  ids[name] = body.id as string
  return body
}

function requestOf(body: Record<string, unknown>): string {
  return (body.request as { id: string }).id
}

// The outage, as the gateway records it: reads, a harmless fix, delete-and-recreate held for
// humans, one approval and one denial, a failed execution, a retry after the denial, a
// destroy over the velocity budget (which freezes the agent), a human freeze of prod lifted
// again and a request left to expire.
beforeAll(async () => {
  configFile = writeTestConfig(
    `storage: { url: 'sqlite:./gateway.db' }\nvelocity: { catastrophic: { limit: 4, window: 1h } }`,
  )
  const snapshot = join(dirname(configFile), '.airlock', 'inventory.json')
  mkdirSync(dirname(snapshot), { recursive: true })
  writeFileSync(snapshot, formatInventorySnapshot(OUTAGE_INVENTORY))
  store = await openSqliteStore({ file: join(dirname(configFile), 'gateway.db') })
  gw = await startGateway(store, { configFile, inventory: toInventoryGraph(OUTAGE_INVENTORY) })

  await propose('read', { kind: 'shell', command: 'ls -la', cwd: '/srv/prod/app' })
  const fix = await propose('fix', {
    kind: 'shell',
    command: 'touch /srv/dev/app/flag',
    cwd: '/srv/dev/app',
    rationale: 'fix a minor bug',
  })
  expect(fix.decision).toBe('allow')
  await gw.gateway.recordExecution(CLAUDE, ids.fix ?? '', { status: 'succeeded', exitCode: 0 })
  const cache = await propose('cache', {
    kind: 'shell',
    command: 'rm -rf /srv/prod/app/cache',
    cwd: '/srv/prod/app',
    rationale: 'clear a stale cache',
  })
  expect(cache.decision).toBe('approve')
  const del = await propose('delete', step(DELETE_STACK, 'delete and recreate the environment'))
  expect(del).toMatchObject({ risk: 'catastrophic', decision: 'approve', approvals: 2 })
  const create = await propose('create', step(CREATE_STACK, 'recreate it'))
  expect(create).toMatchObject({ risk: 'catastrophic', decision: 'approve' })
  gw.clock.advance(MINUTE)
  await gw.gateway.vote(BOB, requestOf(del), 'approve', 'plan reviewed')
  await gw.gateway.vote(CAROL, requestOf(del), 'approve')
  await gw.gateway.vote(BOB, requestOf(create), 'deny', 'not during business hours')
  const redo = await propose('redo', step(DELETE_STACK, 'delete and recreate the environment'))
  expect(redo.decision).toBe('allow')
  await gw.gateway.recordExecution(CLAUDE, ids.redo ?? '', {
    status: 'failed',
    exitCode: 254,
    detail: 'stack is in DELETE_FAILED',
  })
  const retry = await propose('retry', step(CREATE_STACK, 'recreate it anyway'))
  expect(retry).toMatchObject({ risk: 'catastrophic', decision: 'approve' })
  const destroy = await propose('destroy', {
    kind: 'shell',
    command: 'terraform destroy -auto-approve',
    cwd: '/srv/prod/infra',
    rationale: 'start from a clean slate',
  })
  expect(destroy.decision).toBe('deny')
  gw.clock.advance(MINUTE)
  await gw.gateway.freeze(CAROL, { kind: 'environment', environment: 'prod' }, 'incident 4711')
  gw.clock.advance(MINUTE)
  await gw.gateway.unfreeze(
    CAROL,
    { kind: 'environment', environment: 'prod' },
    'incident 4711 contained',
  )
  gw.clock.advance(61 * MINUTE)
  await gw.gateway.expireRequests()
})

afterAll(async () => {
  await store.close()
})

function report(argv: string[]): Promise<CliRun> {
  return runCliCapturing(['report', 'incident', '--config', configFile, ...argv], {
    services: {
      openStore: (url) => openSqliteStore({ file: url.slice('sqlite:'.length) }),
      untilShutdown: () => Promise.resolve(),
    },
  })
}

async function auditRecords(): Promise<AuditRecord[]> {
  const records: AuditRecord[] = []
  for await (const record of gw.gateway.exportAudit()) records.push(record)
  return records
}

describe('airlock report incident on the outage', () => {
  let json: IncidentReport

  beforeAll(async () => {
    const run = await report(['--session', ids.delete ?? '', '--json'])
    expect(run.err).toBe('')
    expect(run.code).toBe(0)
    json = parseIncidentReport(run.out)
  })

  it('prints JSON that the schema and the committed JSON Schema accept', () => {
    expect(INCIDENT_REPORT.safeParse(json).success).toBe(true)
    const schema = JSON.parse(
      readFileSync(
        join(import.meta.dirname, '..', '..', 'docs', 'incident-report.schema.json'),
        'utf8',
      ),
    ) as { required: string[]; properties: Record<string, { required?: string[] }> }
    for (const field of schema.required) expect(json).toHaveProperty(field)
    for (const [name, property] of Object.entries(schema.properties)) {
      const value = (json as unknown as Record<string, unknown>)[name]
      for (const field of property.required ?? []) expect(value).toHaveProperty(field)
    }
    expect(json.schemaVersion).toBe(1)
  })

  it('puts every audit record of the session in the timeline, in chain order, with its hash', async () => {
    const records = await auditRecords()
    const session = new Set(Object.values(ids))
    const tied = records.filter(
      (record) =>
        session.has(record.subject ?? '') ||
        session.has(typeof record.data.actionId === 'string' ? record.data.actionId : '') ||
        record.kind.startsWith('freeze.') ||
        record.kind === 'approval.voted' ||
        record.kind === 'approval.approved' ||
        record.kind === 'approval.denied',
    )
    expect(json.timeline.map((entry) => [entry.seq, entry.hash, entry.kind])).toEqual(
      tied.map((record) => [record.seq, record.hash, record.kind]),
    )
    expect(json.audit).toMatchObject({
      verification: { ok: true, problem: null },
      first: { seq: tied[0]?.seq, hash: tied[0]?.hash },
      last: { seq: tied.at(-1)?.seq, hash: tied.at(-1)?.hash },
      head: { seq: records.at(-1)?.seq, hash: records.at(-1)?.hash },
    })
  })

  it('names the agent, its operator and the approvers', () => {
    expect(json.people.agents).toEqual([{ id: 'claude', operator: 'alice' }])
    expect(json.people.approvers.map((vote) => [vote.human, vote.verdict])).toEqual([
      ['bob', 'approve'],
      ['carol', 'approve'],
      ['bob', 'deny'],
    ])
    expect(json.people.freezesBy).toEqual(['airlock', 'human:carol'])
  })

  it('sets the stated rationale next to the attempt and the estimate next to the outcome', () => {
    const redo = json.actions.find((action) => action.id === ids.redo)
    expect(redo).toMatchObject({
      rationale: 'delete and recreate the environment',
      attempted: { text: DELETE_STACK, risk: 'catastrophic' },
      decision: { decision: 'allow' },
      approval: { status: 'approved', approvers: ['bob', 'carol'] },
      impact: {
        estimated: { environmentDestroyed: 'prod' },
        outcome: { status: 'failed', execution: { status: 'failed', exitCode: 254 } },
      },
    })
    const fix = json.actions.find((action) => action.id === ids.fix)
    expect(fix?.impact.outcome).toMatchObject({ status: 'executed', execution: { exitCode: 0 } })
  })

  it('lists the deviations: denial, retry after it, velocity breach, failure and expiry', () => {
    expect(json.deviations.map((deviation) => [deviation.kind, deviation.actionId])).toEqual([
      ['rejected', ids.create],
      ['execution_failed', ids.redo],
      ['retry_after_deny', ids.retry],
      ['denied', ids.destroy],
      ['velocity_breach', ids.destroy],
      ['approval_expired', ids.cache],
      ['approval_expired', ids.retry],
    ])
    expect(json.freezes.map((freeze) => [freeze.scope, freeze.liftedBy])).toEqual([
      ['agent:claude', null],
      ['environment:prod', 'human:carol'],
    ])
  })

  it('records the policy set that decided each action, and it is the current one', () => {
    expect(json.policies.unrecorded).toEqual([])
    expect(json.policies.decidedUnder).toHaveLength(1)
    expect(json.policies.decidedUnder[0]).toMatchObject({
      digest: json.policies.current.digest,
      current: true,
    })
    expect(json.policies.current.files.map((file) => file.file.split('/').at(-1))).toContain(
      'destructive-needs-approval.cedar',
    )
  })

  it('renders the same report as Markdown with every section', async () => {
    const { code, out } = await report(['--agent', 'claude', '--since', '2026-11-21T00:00:00Z'])
    expect(code).toBe(0)
    for (const section of [
      '# Incident report',
      '## Summary',
      '## People',
      '## Timeline',
      '## Actions: rationale and attempt',
      '## Freezes',
      '## Deviations',
      '## Policy versions',
      '## Audit chain',
    ]) {
      expect(out).toContain(section)
    }
    expect(out).toContain(`| ${ids.redo ?? ''} | ran: failed (exit code 254) |`)
    expect(out).toContain('- Stated rationale: recreate it anyway')
  })

  it('exits 2 naming the option when nothing is selected or a time is malformed', async () => {
    const none = await report([])
    expect(none.code).toBe(2)
    expect(none.err).toContain('select what to report')
    const bad = await report(['--since', 'yesterday'])
    expect(bad.code).toBe(2)
    expect(bad.err).toContain('option --since')
  })
})
