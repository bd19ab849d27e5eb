import { z } from 'zod'

import type { Analysis } from '../../model/analysis.js'
import type { ApprovalStatus, ApprovalVote } from '../../model/approval-request.js'
import type { AuditEventKind } from '../../model/audit-record.js'
import type { Decision, DecisionOutcome } from '../../model/decision.js'
import type { Channel } from '../../model/decision-request.js'
import { GatewayError } from '../../model/errors.js'
import type { FreezeScope } from '../../model/freeze.js'
import type { ImpactReport } from '../../model/impact-report.js'
import type { ProposalStatus } from '../../model/proposal-record.js'
import type { Risk } from '../../model/risk.js'
import type { StoreSignal } from '../../pipeline/gateway-store.js'

// Each table lists every member of its union, so that a new member fails to compile here
// instead of being refused as corrupt when it is read back.
const RISK: Record<Risk, true> = {
  safe: true,
  mutating: true,
  destructive: true,
  catastrophic: true,
}
const CHANNEL: Record<Channel, true> = { cli: true, hook: true, mcp: true, api: true, exec: true }
const PROPOSAL_STATUS: Record<ProposalStatus, true> = {
  allowed: true,
  denied: true,
  pending: true,
  approved: true,
  rejected: true,
  expired: true,
  executed: true,
  failed: true,
}
const APPROVAL_STATUS: Record<ApprovalStatus, true> = {
  pending: true,
  approved: true,
  denied: true,
  expired: true,
}
const VERDICT: Record<ApprovalVote['verdict'], true> = { approve: true, deny: true }
const SCOPE_KIND: Record<FreezeScope['kind'], true> = {
  global: true,
  environment: true,
  agent: true,
}
const AUDIT_EVENT_KIND: Record<AuditEventKind, true> = {
  'action.proposed': true,
  'approval.opened': true,
  'approval.voted': true,
  'approval.approved': true,
  'approval.denied': true,
  'approval.expired': true,
  'grant.issued': true,
  'grant.redeemed': true,
  'grant.refused': true,
  'grant.voided': true,
  'freeze.set': true,
  'freeze.lifted': true,
  'velocity.breached': true,
  'action.executed': true,
  'permissions.reviewed': true,
  'notification.failed': true,
}
const SIGNAL_KIND: Record<StoreSignal['kind'], true> = { freeze: true, approval: true, grant: true }
const DECISION_OUTCOME: Record<DecisionOutcome, true> = { allow: true, approve: true, deny: true }

/** The closed sets a column may hold, by the name a corrupt value is reported under. */
const MEMBERS = {
  risk: RISK,
  channel: CHANNEL,
  'proposal status': PROPOSAL_STATUS,
  'approval status': APPROVAL_STATUS,
  verdict: VERDICT,
  'freeze scope': SCOPE_KIND,
  'audit kind': AUDIT_EVENT_KIND,
} as const

type Members = typeof MEMBERS

function corrupt(what: string, cause?: unknown): GatewayError {
  return new GatewayError('store_unavailable', `store: stored ${what} is corrupt`, { cause })
}

/** Narrows a text column to its union; a value outside it means the database is corrupt. */
export function readStoredMember<K extends keyof Members>(
  what: K,
  value: string,
): keyof Members[K] {
  if (!Object.hasOwn(MEMBERS[what], value)) {
    throw corrupt(`${what} \`${value}\``)
  }
  return value as keyof Members[K]
}

const shadowSchema = z.object({
  decision: z.enum(Object.keys(DECISION_OUTCOME) as [DecisionOutcome, ...DecisionOutcome[]]),
  approvals: z.number(),
  policies: z.array(z.string()),
})

/** A decision as stored with its proposal. */
export const DECISION_SCHEMA: z.ZodType<Decision> = z.object({
  decision: z.enum(Object.keys(DECISION_OUTCOME) as [DecisionOutcome, ...DecisionOutcome[]]),
  approvals: z.number(),
  reasons: z.array(z.string()),
  policies: z.array(z.string()),
  alternative: z.string().optional(),
  shadow: shadowSchema.optional(),
  errors: z.array(z.string()).optional(),
})

const analysisEnvelope = z.looseObject({
  action: z.looseObject({ kind: z.string() }),
  digest: z.string(),
  effects: z.array(z.unknown()),
  risk: z.string().refine((risk) => Object.hasOwn(RISK, risk)),
  opaque: z.boolean(),
  issues: z.array(z.unknown()),
})

/**
 * An analysis as stored with its proposal. Only its envelope is checked: the gateway wrote it
 * from an analysis it had built, and the effects inside are read for display only.
 */
export const ANALYSIS_SCHEMA: z.ZodType<Analysis> = z.custom<Analysis>(
  (value) => analysisEnvelope.safeParse(value).success,
)

/**
 * An impact report as the gateway stored it; like the analysis, it was built by airlock and is
 * read back for display, so only its envelope is checked.
 */
export const IMPACT_SCHEMA: z.ZodType<ImpactReport> = z.custom<ImpactReport>(
  (value) =>
    z
      .object({
        resources: z.array(z.unknown()),
        unknownTargets: z.array(z.string()),
        dataLost: z.array(z.string()),
        servicesBroken: z.array(z.string()),
        customerFacing: z.array(z.string()),
        estimatedRestoreMinutes: z.number(),
        budgetBurn: z.array(z.unknown()),
      })
      .safeParse(value).success,
)

/** A list of strings, such as a request's reasons. */
export const STRINGS_SCHEMA: z.ZodType<string[]> = z.array(z.string())

/** The data of an audit record. */
export const AUDIT_DATA_SCHEMA: z.ZodType<Record<string, unknown>> = z.record(
  z.string(),
  z.unknown(),
)

/** A signal as carried between instances (the payload of a PostgreSQL notification). */
export const STORE_SIGNAL_SCHEMA: z.ZodType<StoreSignal> = z.object({
  kind: z.enum(Object.keys(SIGNAL_KIND) as [StoreSignal['kind'], ...StoreSignal['kind'][]]),
  id: z.string(),
})

/** Parses JSON the store wrote and checks its shape; anything else means the data is corrupt. */
export function parseStoredJson<T>(text: string, schema: z.ZodType<T>, what: string): T {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw corrupt(what, error)
  }
  const result = schema.safeParse(value)
  if (!result.success) {
    throw corrupt(what, result.error)
  }
  return result.data
}
