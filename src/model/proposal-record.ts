import type { Analysis } from './analysis.js'
import type { Decision } from './decision.js'
import type { Channel } from './decision-request.js'
import type { ImpactReport } from './impact-report.js'
import type { Risk } from './risk.js'

/**
 * Where a proposed action stands: `allowed`, `denied` and `pending` come from the decision;
 * `approved`, `rejected` and `expired` from the humans; `executed` and `failed` from the
 * outcome its executor reported.
 */
export type ProposalStatus =
  'allowed' | 'denied' | 'pending' | 'approved' | 'rejected' | 'expired' | 'executed' | 'failed'

/** Every proposal status, in the order a proposal can move through them. */
export const PROPOSAL_STATUSES: readonly ProposalStatus[] = [
  'allowed',
  'denied',
  'pending',
  'approved',
  'rejected',
  'expired',
  'executed',
  'failed',
]

/** A proposed action as the gateway recorded it. Secrets are redacted before it is stored. */
export interface ProposalRecord {
  readonly id: string
  readonly digest: string
  readonly agent?: string
  /** `agent:claude` or `human:bob`. */
  readonly requester: string
  readonly environment?: string
  readonly channel: Channel
  readonly risk: Risk
  readonly opaque: boolean
  readonly decision: Decision
  /** The analysis, with its action's secrets redacted. */
  readonly analysis: Analysis
  /** What it would cost, simulated against the inventory twin; absent without one. */
  readonly impact?: ImpactReport
  readonly rationale?: string
  readonly status: ProposalStatus
  readonly requestId?: string
  readonly createdAt: number
  readonly updatedAt: number
}
