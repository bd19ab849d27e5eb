/**
 * @module storage/kysely
 * One implementation of every store port over Kysely, for SQLite and PostgreSQL alike: rows in,
 * model/ values out. Imports model/, the ports as types, and Kysely; the drivers live in
 * storage/sqlite/ and storage/postgres/.
 */
import type { Generated } from 'kysely'

/** The gateway's tables as Kysely sees them. Times are integer milliseconds, JSON is text. */
export interface Database {
  proposals: ProposalRow
  approval_requests: ApprovalRequestRow
  approval_votes: ApprovalVoteRow
  grants: GrantRow
  freezes: FreezeRow
  velocity_events: VelocityEventRow
  audit_records: AuditRecordRow
  audit_head: AuditHeadRow
}

/** A proposed action; `decision` and `analysis` are JSON. */
export interface ProposalRow {
  id: string
  digest: string
  agent: string | null
  requester: string
  environment: string | null
  channel: string
  risk: string
  /** 0 or 1. */
  opaque: number
  decision: string
  analysis: string
  /** The impact report as JSON, when the proposal was simulated. */
  impact: string | null
  rationale: string | null
  status: string
  request_id: string | null
  created_at: number
  updated_at: number
}

/** A four-eyes request; `reasons` is a JSON array of strings. */
export interface ApprovalRequestRow {
  id: string
  action_id: string
  digest: string
  agent: string | null
  operator: string | null
  requester: string
  environment: string | null
  risk: string
  needed: number
  reasons: string
  status: string
  created_at: number
  expires_at: number
  closed_at: number | null
  grant_id: string | null
}

/** One human's vote; `id` orders votes cast in the same millisecond. */
export interface ApprovalVoteRow {
  id: Generated<number>
  request_id: string
  human: string
  verdict: string
  comment: string | null
  at: number
}

/** A single-use execution grant. */
export interface GrantRow {
  id: string
  request_id: string
  action_id: string
  digest: string
  agent: string | null
  environment: string | null
  issued_at: number
  expires_at: number
  redeemed_at: number | null
  voided_at: number | null
}

/** A kill switch; `scope_value` is the environment or agent, empty for a global freeze. */
export interface FreezeRow {
  id: string
  scope_kind: string
  scope_value: string
  reason: string
  set_by: string
  at: number
  lifted_at: number | null
  lifted_by: string | null
  lift_reason: string | null
}

/** One proposal counted against an agent's velocity budget. */
export interface VelocityEventRow {
  agent: string
  risk: string
  at: number
}

/** A sealed audit record; `at` is the ISO text that was hashed, `data` is JSON. */
export interface AuditRecordRow {
  seq: number
  at: string
  kind: string
  actor: string
  subject: string | null
  data: string
  prev_hash: string
  hash: string
}

/** The chain's head, in the single row with `id` 1; `seq` 0 while the log is empty. */
export interface AuditHeadRow {
  id: number
  seq: number
  hash: string
}
