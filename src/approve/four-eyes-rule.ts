import type { ApprovalRequest } from '../model/approval-request.js'
import type { ApprovalFacts } from '../model/decision-request.js'
import type { HumanRole } from '../model/gateway-config.js'

/** Why a human may not vote on a request. */
export type VoteRefusal = 'not_approver' | 'requester' | 'already_voted'

/** The human casting a vote, as their token proved. */
export interface Voter {
  readonly id: string
  readonly roles: readonly HumanRole[]
}

/**
 * Whether this human may vote on this request: approvers only, never the requester, once each.
 * Agents never get here: their tokens cannot reach a human endpoint.
 */
export function checkVoter(request: ApprovalRequest, voter: Voter): VoteRefusal | undefined {
  if (!voter.roles.includes('approver')) return 'not_approver'
  if (request.requester === `human:${voter.id}`) return 'requester'
  if (request.votes.some((vote) => vote.human === voter.id)) return 'already_voted'
  return undefined
}

/** Words for a refusal, for the voter. */
export function describeVoteRefusal(refusal: VoteRefusal, requestId: string): string {
  switch (refusal) {
    case 'not_approver':
      return `request \`${requestId}\`: only humans with the \`approver\` role may vote`
    case 'requester':
      return `request \`${requestId}\`: the requester can never approve their own request`
    case 'already_voted':
      return `request \`${requestId}\`: you have already voted; four eyes means two different people`
  }
}

/**
 * The approvals a request has gathered, as facts for the policies: distinct humans, and those
 * among them who are not the agent's operator (the operator alone is never a second pair of eyes).
 */
export function countApprovals(request: ApprovalRequest): ApprovalFacts {
  const approvers = new Set(
    request.votes.filter((vote) => vote.verdict === 'approve').map((vote) => vote.human),
  )
  const nonOperator = [...approvers].filter((human) => human !== request.operator).length
  return { count: approvers.size, distinctHumans: approvers.size, nonOperator }
}
