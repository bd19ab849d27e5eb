import type { ApprovalRequest } from '../../model/approval-request.js'
import type { ExecutionGrant } from '../../model/execution-grant.js'
import { describeFreezeScope, type Freeze } from '../../model/freeze.js'
import { requestLink } from '../../model/gateway-config.js'
import type { Principal } from '../../model/principal.js'
import type { ProposalRecord } from '../../model/proposal-record.js'
import type { ProposalOutcome } from '../../pipeline/gateway.js'

const iso = (ms: number): string => new Date(ms).toISOString()

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>)
}

function optionalTime<K extends string>(
  key: K,
  ms: number | undefined,
): Partial<Record<K, string>> {
  return optional(key, ms === undefined ? undefined : iso(ms))
}

/** A grant as the API shows it. */
export function viewGrant(grant: ExecutionGrant): Record<string, unknown> {
  return {
    id: grant.id,
    ...optional('requestId', grant.requestId),
    actionId: grant.actionId,
    digest: grant.digest,
    ...optional('agent', grant.agent),
    ...optional('environment', grant.environment),
    issuedAt: iso(grant.issuedAt),
    expiresAt: iso(grant.expiresAt),
    ...optionalTime('redeemedAt', grant.redeemedAt),
    ...optionalTime('voidedAt', grant.voidedAt),
  }
}

/** An approval request as the API shows it; with its proposal, the action and analysis too. */
export function viewRequest(
  request: ApprovalRequest,
  proposal?: ProposalRecord,
  publicUrl?: string,
): Record<string, unknown> {
  const approvers = request.votes.filter((vote) => vote.verdict === 'approve')
  return {
    id: request.id,
    ...optional('link', publicUrl === undefined ? undefined : requestLink(publicUrl, request.id)),
    actionId: request.actionId,
    digest: request.digest,
    status: request.status,
    risk: request.risk,
    ...optional('agent', request.agent),
    ...optional('operator', request.operator),
    requester: request.requester,
    ...optional('environment', request.environment),
    needed: request.needed,
    approvals: new Set(approvers.map((vote) => vote.human)).size,
    votes: request.votes.map((vote) => ({
      human: vote.human,
      verdict: vote.verdict,
      ...optional('comment', vote.comment),
      at: iso(vote.at),
    })),
    reasons: request.reasons,
    createdAt: iso(request.createdAt),
    expiresAt: iso(request.expiresAt),
    ...optionalTime('closedAt', request.closedAt),
    ...optional('grantId', request.grantId),
    ...(proposal === undefined
      ? {}
      : {
          action: proposal.analysis.action,
          ...optional('rationale', proposal.rationale),
          analysis: {
            risk: proposal.analysis.risk,
            opaque: proposal.analysis.opaque,
            effects: proposal.analysis.effects,
            issues: proposal.analysis.issues,
          },
          decision: proposal.decision,
          ...optional('impact', proposal.impact),
        }),
  }
}

/** A proposal as the API shows it: the decision's fields at the top, as `airlock check` has them. */
export function viewProposal(
  outcome: ProposalOutcome,
  publicUrl?: string,
): Record<string, unknown> {
  const { proposal, request, grant } = outcome
  const { decision } = proposal
  return {
    id: proposal.id,
    digest: proposal.digest,
    status: proposal.status,
    decision: decision.decision,
    approvals: decision.approvals,
    risk: proposal.risk,
    opaque: proposal.opaque,
    reasons: decision.reasons,
    policies: decision.policies,
    ...optional('alternative', decision.alternative),
    ...optional('errors', decision.errors),
    ...optional('environment', proposal.environment),
    ...optional('agent', proposal.agent),
    requester: proposal.requester,
    effects: proposal.analysis.effects,
    createdAt: iso(proposal.createdAt),
    updatedAt: iso(proposal.updatedAt),
    ...optional(
      'request',
      request === undefined ? undefined : viewRequest(request, undefined, publicUrl),
    ),
    ...optional('grant', grant === undefined ? undefined : viewGrant(grant)),
    ...optional('impact', proposal.impact),
  }
}

/** A freeze as the API shows it. */
export function viewFreeze(freeze: Freeze): Record<string, unknown> {
  return {
    id: freeze.id,
    scope: describeFreezeScope(freeze.scope),
    reason: freeze.reason,
    by: freeze.by,
    at: iso(freeze.at),
    ...optionalTime('liftedAt', freeze.liftedAt),
    ...optional('liftedBy', freeze.liftedBy),
    ...optional('liftReason', freeze.liftReason),
  }
}

/** Who the caller is. */
export function viewPrincipal(principal: Principal): Record<string, unknown> {
  return principal.kind === 'agent'
    ? { kind: 'agent', id: principal.id, ...optional('operator', principal.operator) }
    : { kind: 'human', id: principal.id, roles: principal.roles }
}
