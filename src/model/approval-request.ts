import type { Risk } from './risk.js'

/** Where a four-eyes request stands. Only `pending` moves; the others are final. */
export type ApprovalStatus = 'pending' | 'approved' | 'denied' | 'expired'

/** One human's answer to a request. */
export interface ApprovalVote {
  readonly human: string
  readonly verdict: 'approve' | 'deny'
  readonly comment?: string
  readonly at: number
}

/** A request for human approval of one exact action, bound to its digest. */
export interface ApprovalRequest {
  readonly id: string
  readonly actionId: string
  /** The digest of the action; the approval and its grant hold for this digest only. */
  readonly digest: string
  /** The proposing agent, when an agent proposed. */
  readonly agent?: string
  /** The agent's operator, who never counts alone as a second pair of eyes. */
  readonly operator?: string
  /** Who proposed (`agent:claude`, `human:bob`); never an approver of their own request. */
  readonly requester: string
  readonly environment?: string
  readonly risk: Risk
  /** Distinct human approvals the policies asked for when the request was opened. */
  readonly needed: number
  readonly reasons: readonly string[]
  readonly status: ApprovalStatus
  readonly createdAt: number
  readonly expiresAt: number
  readonly closedAt?: number
  readonly votes: readonly ApprovalVote[]
  /** The execution grant issued when the request was satisfied. */
  readonly grantId?: string
}
