import type { ApprovalRequest } from '../model/approval-request.js'
import type { HumanConfig } from '../model/gateway-config.js'
import { checkVoter, countApprovals, type VoteRefusal } from './four-eyes-rule.js'

/** One human who may still approve a request. */
export interface EligibleApprover {
  readonly id: string
  /** The agent's operator: their approval counts, never alone. */
  readonly isOperator: boolean
}

/** Where a request's four-eyes approval stands, for the request page. */
export interface FourEyesProgress {
  /** Distinct humans who approved, in the order they voted. */
  readonly approvedBy: readonly string[]
  readonly deniedBy: readonly string[]
  readonly needed: number
  /** Approvals still missing; at least one while only the operator has approved. */
  readonly remaining: number
  readonly eligible: readonly EligibleApprover[]
  /** Why the operator cannot complete the request alone, when that matters now. */
  readonly operatorNote?: string
  /** Why the viewer cannot vote on it, when they cannot. */
  readonly viewerRefusal?: string
}

/**
 * Four-eyes progress by the rule the gateway enforces on every vote (distinct approvers; the
 * operator never alone; the requester never), for people to read.
 */
export function describeFourEyes(
  request: ApprovalRequest,
  humans: readonly HumanConfig[],
  viewer: string,
): FourEyesProgress {
  const approvedBy = [
    ...new Set(request.votes.filter((v) => v.verdict === 'approve').map((v) => v.human)),
  ]
  const deniedBy = request.votes.filter((v) => v.verdict === 'deny').map((v) => v.human)
  const { operator } = request
  const { nonOperator } = countApprovals(request)
  const operatorGap = operator !== undefined && nonOperator === 0 ? 1 : 0
  const remaining =
    request.status === 'pending' ? Math.max(request.needed - approvedBy.length, operatorGap) : 0
  const eligible =
    request.status === 'pending'
      ? humans
          .filter((human) => checkVoter(request, human) === undefined)
          .map((human) => ({ id: human.id, isOperator: human.id === operator }))
      : []
  const operatorMatters =
    request.status === 'pending' &&
    operator !== undefined &&
    nonOperator === 0 &&
    (approvedBy.includes(operator) || eligible.some((human) => human.isOperator))
  const agent = request.agent === undefined ? 'the agent' : `agent ${request.agent}`
  const operatorNote = operatorMatters
    ? `${operator} operates ${agent}: their approval counts, but the operator alone is never a second pair of eyes, so at least one approver who is not ${operator} must approve`
    : undefined
  const viewerRefusal = describeViewerRefusal(request, humans, viewer)
  return {
    approvedBy,
    deniedBy,
    needed: request.needed,
    remaining,
    eligible,
    ...(operatorNote === undefined ? {} : { operatorNote }),
    ...(viewerRefusal === undefined ? {} : { viewerRefusal }),
  }
}

const VIEWER_REFUSALS: Record<VoteRefusal, string> = {
  not_approver: 'only humans with the approver role may vote',
  requester: 'you requested this action: the requester can never approve their own request',
  already_voted: 'you have already voted: four eyes means two different people',
}

function describeViewerRefusal(
  request: ApprovalRequest,
  humans: readonly HumanConfig[],
  viewer: string,
): string | undefined {
  if (request.status !== 'pending') return `this request is ${request.status}`
  const refusal = checkVoter(
    request,
    humans.find((human) => human.id === viewer) ?? {
      id: viewer,
      roles: [],
    },
  )
  return refusal === undefined ? undefined : VIEWER_REFUSALS[refusal]
}
