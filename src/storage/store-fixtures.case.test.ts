import { createHash } from 'node:crypto'

import { expect } from 'vitest'

import type { AuditSealer } from '../audit/audit-log.js'
import type { Analysis } from '../model/analysis.js'
import type { ApprovalRequest } from '../model/approval-request.js'
import { type AuditEntry, type AuditRecord, GENESIS_HASH } from '../model/audit-record.js'
import { canonicalJson } from '../model/canonical-json.js'
import type { ExecutionGrant } from '../model/execution-grant.js'
import type { Freeze } from '../model/freeze.js'
import type { ProposalRecord } from '../model/proposal-record.js'

/** A fixed point in time the fixtures count from. */
export const T0 = 1_750_000_000_000

const MINUTE = 60_000

const ANALYSIS: Analysis = {
  action: {
    kind: 'shell',
    command: 'rm -rf /srv/prod/cache',
    cwd: '/srv/prod',
    agent: 'claude',
    rationale: 'clear a stale cache',
  },
  digest: 'd'.repeat(64),
  effects: [],
  risk: 'destructive',
  opaque: false,
  issues: [],
}

/** A proposal held for approval, with every optional field set. */
export function aProposal(overrides: Partial<ProposalRecord> = {}): ProposalRecord {
  return {
    id: 'act_1',
    digest: 'd'.repeat(64),
    agent: 'claude',
    requester: 'agent:claude',
    environment: 'prod',
    channel: 'api',
    risk: 'destructive',
    opaque: false,
    decision: {
      decision: 'approve',
      approvals: 1,
      reasons: ['destructive in `prod`'],
      policies: ['invariant.destructive-prod'],
      shadow: { decision: 'deny', approvals: 0, policies: ['shadow.deny'] },
    },
    analysis: ANALYSIS,
    rationale: 'clear a stale cache',
    status: 'pending',
    requestId: 'req_1',
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  }
}

/** A pending four-eyes request with no votes. */
export function aRequest(overrides: Partial<ApprovalRequest> = {}): ApprovalRequest {
  return {
    id: 'req_1',
    actionId: 'act_1',
    digest: 'd'.repeat(64),
    agent: 'claude',
    operator: 'alice',
    requester: 'agent:claude',
    environment: 'prod',
    risk: 'destructive',
    needed: 2,
    reasons: ['destructive in `prod`'],
    status: 'pending',
    createdAt: T0,
    expiresAt: T0 + 60 * MINUTE,
    votes: [],
    ...overrides,
  }
}

/** An outstanding grant for `claude` in `prod`, valid for ten minutes from T0. */
export function aGrant(overrides: Partial<ExecutionGrant> = {}): ExecutionGrant {
  return {
    id: 'grt_1',
    requestId: 'req_1',
    actionId: 'act_1',
    digest: 'd'.repeat(64),
    agent: 'claude',
    environment: 'prod',
    issuedAt: T0,
    expiresAt: T0 + 10 * MINUTE,
    ...overrides,
  }
}

/** An active global freeze. */
export function aFreeze(overrides: Partial<Freeze> = {}): Freeze {
  return {
    id: 'frz_1',
    scope: { kind: 'global' },
    reason: 'incident 42',
    by: 'human:alice',
    at: T0,
    ...overrides,
  }
}

/** An audit entry about `subject`. */
export function anEntry(subject: string, data: Record<string, unknown> = {}): AuditEntry {
  return { kind: 'action.proposed', actor: 'agent:claude', subject, data }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}

function hashOf(record: Omit<AuditRecord, 'seq' | 'hash'>): string {
  return sha256(canonicalJson(record))
}

/** A stand-in for the real sealer: numbers and hash-chains entries after the head. */
export const sealForTest: AuditSealer = (entries, head) => {
  let seq = head?.seq ?? 0
  let prevHash = head?.hash ?? GENESIS_HASH
  return entries.map((entry) => {
    seq += 1
    const body = { ...entry, at: new Date(T0 + seq).toISOString(), prevHash }
    const record: AuditRecord = { ...body, seq, hash: hashOf(body) }
    prevHash = record.hash
    return record
  })
}

/** Asserts that records form one chain from the genesis: seq 1..n, each linked and intact. */
export function expectUnbrokenChain(records: readonly AuditRecord[]): void {
  let previous = { seq: 0, hash: GENESIS_HASH }
  for (const record of records) {
    const { seq, hash, ...body } = record
    expect({ seq, prevHash: record.prevHash, hash }).toEqual({
      seq: previous.seq + 1,
      prevHash: previous.hash,
      hash: hashOf(body),
    })
    previous = { seq, hash }
  }
}
