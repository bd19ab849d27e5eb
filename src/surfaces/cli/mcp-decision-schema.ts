import { z } from 'zod'

import { ApiError } from '../../model/errors.js'
import type { McpDecisionView } from '../../pipeline/mcp-decider.js'
import type { GatewayAnswer } from './gateway-response-schema.js'

const REQUEST = z.object({
  id: z.string().min(1),
  status: z.enum(['pending', 'approved', 'denied', 'expired']),
  needed: z.number().int().nonnegative(),
  approvals: z.number().int().nonnegative(),
  expiresAt: z.iso.datetime(),
})

const PROPOSAL = z.object({
  id: z.string().min(1),
  agent: z.string().min(1).optional(),
  decision: z.enum(['allow', 'approve', 'deny']),
  approvals: z.number().int().nonnegative(),
  reasons: z.array(z.string()),
  alternative: z.string().optional(),
  request: REQUEST.optional(),
})

/** Reads the gateway's proposal answer as the MCP proxy needs it; anything else is an error. */
export function readMcpDecision(answer: GatewayAnswer): McpDecisionView {
  const result = PROPOSAL.safeParse(answer)
  if (!result.success) {
    throw new ApiError('gateway_unreachable', "the gateway's answer is not a proposal")
  }
  const { id, request, agent, alternative, ...rest } = result.data
  return {
    actionId: id,
    ...rest,
    ...(agent === undefined ? {} : { agent }),
    ...(alternative === undefined ? {} : { alternative }),
    ...(request === undefined
      ? {}
      : { request: { ...request, expiresAt: Date.parse(request.expiresAt) } }),
  }
}
