import type { McpAction } from '../model/action.js'
import type { ApprovalStatus } from '../model/approval-request.js'
import type { DecisionOutcome } from '../model/decision.js'
import type { Principal } from '../model/principal.js'
import type { Gateway, ProposalOutcome } from './gateway.js'

/** The state of the four-eyes request a call waits for. */
export interface McpRequestView {
  readonly id: string
  readonly status: ApprovalStatus
  readonly needed: number
  /** Distinct humans who approved so far. */
  readonly approvals: number
  readonly expiresAt: number
}

/** What the MCP proxy needs to know of a decision about one tool call. */
export interface McpDecisionView {
  readonly actionId: string
  readonly agent?: string
  readonly decision: DecisionOutcome
  readonly approvals: number
  readonly reasons: readonly string[]
  readonly alternative?: string
  readonly request?: McpRequestView
}

/**
 * Where the MCP proxy gets its decisions: the gateway in this process (`/mcp` on `airlock
 * serve`) or over HTTP with the agent's token (`airlock mcp-proxy`). Both throw when no
 * decision could be had; the proxy then refuses the call.
 */
export interface McpDecider {
  /** Proposes the call as an action on the `mcp` channel. */
  propose(action: McpAction): Promise<McpDecisionView>
  /** The recorded decision of an earlier proposal and the current state of its request. */
  status(actionId: string): Promise<McpDecisionView>
}

/** A proposal as the MCP proxy reads it. */
export function viewMcpDecision(outcome: ProposalOutcome): McpDecisionView {
  const { proposal, request } = outcome
  const { decision } = proposal
  return {
    actionId: proposal.id,
    ...(proposal.agent === undefined ? {} : { agent: proposal.agent }),
    decision: decision.decision,
    approvals: decision.approvals,
    reasons: decision.reasons,
    ...(decision.alternative === undefined ? {} : { alternative: decision.alternative }),
    ...(request === undefined
      ? {}
      : {
          request: {
            id: request.id,
            status: request.status,
            needed: request.needed,
            approvals: new Set(
              request.votes.filter((vote) => vote.verdict === 'approve').map((vote) => vote.human),
            ).size,
            expiresAt: request.expiresAt,
          },
        }),
  }
}

/** Decides in this process, as `principal`, with the gateway itself. */
export function createGatewayDecider(gateway: Gateway, principal: Principal): McpDecider {
  return {
    propose: async (action) => viewMcpDecision(await gateway.propose(principal, action, 'mcp')),
    status: async (actionId) => viewMcpDecision(await gateway.getProposal(principal, actionId)),
  }
}
