import { readFileSync } from 'node:fs'
import { join } from 'node:path'

import { describe, expect, it } from 'vitest'
import { z } from 'zod'

import type { AuditEventKind, AuditRecord } from '../model/audit-record.js'
import type { GatewayConfig } from '../model/gateway-config.js'
import { buildIncidentReport } from './incident-report.js'
import { INCIDENT_REPORT } from './incident-report-schema.js'
import { type IncidentSelection, selectIncidentScope } from './incident-report-scope.js'

const T0 = Date.UTC(2026, 10, 21, 9, 0, 0)
const MINUTE = 60_000

function hash(seq: number): string {
  return seq.toString(16).padStart(64, '0')
}

// A chain of records, `seq` from 1, each at its own time.
type Entry = readonly [
  minute: number,
  kind: AuditEventKind,
  actor: string,
  subject: string,
  data?: Readonly<Record<string, unknown>>,
]

function chain(entries: readonly Entry[]): AuditRecord[] {
  return entries.map(([minute, kind, actor, subject, data], index) => ({
    seq: index + 1,
    at: new Date(T0 + minute * MINUTE).toISOString(),
    kind,
    actor,
    subject,
    data: data ?? {},
    prevHash: hash(index),
    hash: hash(index + 1),
  }))
}

function proposed(
  minute: number,
  id: string,
  options: {
    actor?: string
    agent?: string
    env?: string
    decision?: string
    digest?: string
  } = {},
): Entry {
  return [
    minute,
    'action.proposed',
    options.actor ?? 'agent:claude',
    id,
    {
      agent: options.agent ?? 'claude',
      environment: options.env ?? 'prod',
      digest: options.digest ?? hash(1000 + minute),
      risk: 'destructive',
      decision: {
        decision: options.decision ?? 'allow',
        approvals: 0,
        reasons: ['because'],
        policies: [],
      },
    },
  ]
}

const CONFIG = {
  file: 'airlock.yaml',
  agents: [{ id: 'claude', operator: 'alice' }],
  policies: [],
} as unknown as GatewayConfig

function select(records: readonly AuditRecord[], selection: IncidentSelection): string[] {
  return [...selectIncidentScope(records, selection).actionIds]
}

describe('selectIncidentScope', () => {
  const records = chain([
    proposed(0, 'act_1'),
    proposed(30, 'act_2'),
    proposed(45, 'act_b', { actor: 'agent:codex', agent: 'codex' }),
    proposed(90, 'act_3', { env: 'dev' }),
    proposed(200, 'act_4'),
  ])

  it('takes the proposals with gaps up to an hour as the session of an action', () => {
    expect(select(records, { session: 'act_1' })).toEqual(['act_1', 'act_2', 'act_3'])
    expect(select(records, { session: 'act_4' })).toEqual(['act_4'])
  })

  it('combines the criteria when several are given', () => {
    expect(select(records, { agent: 'claude', environment: 'prod' })).toEqual([
      'act_1',
      'act_2',
      'act_4',
    ])
    expect(
      select(records, { session: 'act_2', since: T0 + 20 * MINUTE, until: T0 + 60 * MINUTE }),
    ).toEqual(['act_2'])
  })

  it('refuses a selection without any criterion', () => {
    expect(() => selectIncidentScope(records, {})).toThrow(/select what to report/)
  })

  it('names the action when the session anchor is not in the audit', () => {
    expect(() => selectIncidentScope(records, { session: 'act_9' })).toThrow(/no action `act_9`/)
  })

  it('ties requests, votes, grants and executions to their action and freezes to its agent', () => {
    const trail = chain([
      proposed(0, 'act_1', { decision: 'approve' }),
      [0, 'approval.opened', 'airlock', 'req_1', { actionId: 'act_1', needed: 1 }],
      [1, 'approval.voted', 'human:bob', 'req_1', { verdict: 'approve' }],
      [1, 'approval.approved', 'human:bob', 'req_1', { approvers: ['bob'] }],
      [1, 'grant.issued', 'airlock', 'grt_1', { actionId: 'act_1', requestId: 'req_1' }],
      [2, 'grant.refused', 'agent:claude', 'grt_1', { reason: 'expired' }],
      [3, 'freeze.set', 'human:carol', 'frz_1', { scope: 'agent:claude', reason: 'stop' }],
      [3, 'freeze.set', 'human:carol', 'frz_2', { scope: 'agent:codex', reason: 'other' }],
      [4, 'action.executed', 'agent:claude', 'act_1', { status: 'succeeded' }],
      [5, 'freeze.lifted', 'human:carol', 'frz_1', { scope: 'agent:claude', reason: 'ok' }],
      proposed(6, 'act_other', { agent: 'codex', actor: 'agent:codex' }),
    ])
    const scope = selectIncidentScope(trail, { session: 'act_1' })
    expect(scope.records.map((record) => record.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 9, 10])
    expect(scope.actionOf.get(6)).toBe('act_1')
    expect(scope.actionOf.has(7)).toBe(false)
  })
})

describe('buildIncidentReport', () => {
  const records = chain([
    proposed(0, 'act_1', { decision: 'deny', digest: hash(7) }),
    proposed(1, 'act_2', { decision: 'approve', digest: hash(7) }),
    [1, 'approval.opened', 'airlock', 'req_1', { actionId: 'act_2', needed: 2, digest: hash(7) }],
    [61, 'approval.expired', 'airlock', 'req_1', { actionId: 'act_2' }],
    proposed(62, 'act_3'),
    [
      62,
      'velocity.breached',
      'airlock',
      'act_3',
      { agent: 'claude', risk: 'destructive', limit: 1, windowMs: 3_600_000 },
    ],
    [63, 'action.executed', 'agent:claude', 'act_3', { status: 'failed', exitCode: 2 }],
  ])

  function build(selection: IncidentSelection) {
    const scope = selectIncidentScope(records, selection)
    return buildIncidentReport({
      selection,
      records,
      scope,
      proposals: [],
      config: CONFIG,
      verification: { ok: true, records: records.length },
      generatedAt: T0 + 100 * MINUTE,
    })
  }

  it('lists every deviation the record shows, in chain order', () => {
    const report = build({ agent: 'claude' })
    expect(report.deviations.map((deviation) => [deviation.kind, deviation.actionId])).toEqual([
      ['denied', 'act_1'],
      ['retry_after_deny', 'act_2'],
      ['approval_expired', 'act_2'],
      ['velocity_breach', 'act_3'],
      ['execution_failed', 'act_3'],
    ])
  })

  it('says not recorded (null) where the record holds nothing and still fits the schema', () => {
    const report = build({ agent: 'claude' })
    expect(INCIDENT_REPORT.safeParse(report).success).toBe(true)
    expect(report.actions[0]).toMatchObject({ rationale: null, policySet: null, operator: 'alice' })
    expect(report.policies.unrecorded).toEqual(['act_1', 'act_2', 'act_3'])
    expect(report.summary).toMatchObject({ proposals: 3, expired: 1, velocityBreaches: 1 })
  })

  it('anchors the report on the first and last record in scope and the head', () => {
    const report = build({ session: 'act_3' })
    expect(report.audit).toMatchObject({
      first: { seq: 5, hash: hash(5) },
      last: { seq: 7, hash: hash(7) },
      head: { seq: 7, hash: hash(7) },
    })
  })
})

describe('the committed JSON Schema of the incident report', () => {
  it('equals the schema the code generates', () => {
    const file = join(import.meta.dirname, '..', '..', 'docs', 'incident-report.schema.json')
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(z.toJSONSchema(INCIDENT_REPORT))
  })
})
