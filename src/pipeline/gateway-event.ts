import type { ApprovalRequest, ApprovalVote } from '../model/approval-request.js'
import type { Freeze } from '../model/freeze.js'
import type { ProposalRecord } from '../model/proposal-record.js'
import type { Risk } from '../model/risk.js'

/** What the gateway tells notifiers and live views about, after the change is recorded. */
export type GatewayEvent =
  | { readonly kind: 'action.decided'; readonly proposal: ProposalRecord }
  | { readonly kind: 'request.opened'; readonly request: ApprovalRequest }
  | {
      readonly kind: 'request.voted'
      readonly request: ApprovalRequest
      readonly vote: ApprovalVote
    }
  | { readonly kind: 'request.closed'; readonly request: ApprovalRequest }
  | { readonly kind: 'freeze.set'; readonly freeze: Freeze }
  | { readonly kind: 'freeze.lifted'; readonly freeze: Freeze }
  | {
      readonly kind: 'velocity.breached'
      readonly agent: string
      readonly risk: Risk
      readonly actionId: string
    }
