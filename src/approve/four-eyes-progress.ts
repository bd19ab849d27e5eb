import type { ApprovalRequest } from '../../model/approval-request.js'
import type { HumanConfig } from '../../model/gateway-config.js'

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
 * Four-eyes progress as the gateway counts it (distinct approvers; the operator never alone;
 * the requester never): shown to humans, while the gateway enforces the rule on every vote.
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
  const nonOperator = approvedBy.filter((human) => human !== operator).length
  const operatorGap = operator !== undefined && nonOperator === 0 ? 1 : 0
  const remaining =
    request.status === 'pending' ? Math.max(request.needed - approvedBy.length, operatorGap) : 0
  const voted = new Set(request.votes.map((vote) => vote.human))
  const eligible =
    request.status === 'pending'
      ? humans
          .filter(
            (human) =>
              human.roles.includes('approver') &&
              request.requester !== `human:${human.id}` &&
              !voted.has(human.id),
          )
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
  const viewerRefusal = describeViewerRefusal(request, humans, viewer, voted)
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

function describeViewerRefusal(
  request: ApprovalRequest,
  humans: readonly HumanConfig[],
  viewer: string,
  voted: ReadonlySet<string>,
): string | undefined {
  if (request.status !== 'pending') return `this request is ${request.status}`
  if (!(humans.find((human) => human.id === viewer)?.roles.includes('approver') ?? false)) {
    return 'only humans with the approver role may vote'
  }
  if (request.requester === `human:${viewer}`) {
    return 'you requested this action: the requester can never approve their own request'
  }
  if (voted.has(viewer)) return 'you have already voted: four eyes means two different people'
  return undefined
}
