import { z } from 'zod'

import { ApiError } from '../../model/errors.js'

const ERROR_BODY = z.object({ error: z.object({ code: z.string(), message: z.string() }) })

const OBJECT = z.record(z.string(), z.unknown())

/** A JSON object the gateway answered with. */
export type GatewayAnswer = z.output<typeof OBJECT>

/** Reads the gateway's JSON answer; an answer that is not a JSON object is an error. */
export function parseGatewayAnswer(text: string, what: string): GatewayAnswer {
  let value: unknown
  try {
    value = JSON.parse(text) as unknown
  } catch {
    throw new ApiError('gateway_unreachable', `${what}: the gateway's answer is not JSON`)
  }
  const result = OBJECT.safeParse(value)
  if (!result.success) {
    throw new ApiError('gateway_unreachable', `${what}: the gateway's answer is not a JSON object`)
  }
  return result.data
}

/** The message of a gateway error answer, when the answer is one. */
export function readGatewayError(answer: GatewayAnswer): string | undefined {
  const result = ERROR_BODY.safeParse(answer)
  return result.success ? result.data.error.message : undefined
}

const PROPOSAL_ANSWER = z.object({
  id: z.string(),
  status: z.string(),
  decision: z.enum(['allow', 'approve', 'deny']),
  approvals: z.number(),
  reasons: z.array(z.string()),
  alternative: z.string().optional(),
  request: z
    .object({
      id: z.string(),
      status: z.enum(['pending', 'approved', 'denied', 'expired']),
      needed: z.number(),
      approvals: z.number(),
      link: z.string().optional(),
      votes: z.array(z.object({ human: z.string(), verdict: z.string() })).default([]),
    })
    .optional(),
  grant: z.object({ id: z.string(), redeemedAt: z.string().optional() }).optional(),
})

/** What `exec` reads of a proposal's answer. */
export type ProposalAnswer = z.output<typeof PROPOSAL_ANSWER>

/** Reads a proposal answer; one that lacks what it needs is the gateway's fault. */
export function readProposalAnswer(answer: GatewayAnswer, what: string): ProposalAnswer {
  const result = PROPOSAL_ANSWER.safeParse(answer)
  if (!result.success) {
    throw new ApiError('gateway_unreachable', `${what}: the gateway's answer is not a proposal`)
  }
  return result.data
}

const RUN_EVENT = z.discriminatedUnion('type', [
  z.object({ type: z.enum(['stdout', 'stderr']), data: z.string() }),
  z.object({
    type: z.literal('exit'),
    actionId: z.string().optional(),
    exitCode: z.number().int().optional(),
    signal: z.string().optional(),
    error: z.string().optional(),
  }),
  z.object({ type: z.literal('error'), message: z.string() }),
])

/** One line of a run's stream: output, how it ended, or the gateway's failure. */
export type RunEvent = z.output<typeof RUN_EVENT>

/** Reads one NDJSON line of `POST /v1/grants/:id/run`. */
export function parseRunEvent(line: string): RunEvent {
  let value: unknown
  try {
    value = JSON.parse(line) as unknown
  } catch {
    throw new ApiError('gateway_unreachable', "the gateway's output stream is not JSON lines")
  }
  const result = RUN_EVENT.safeParse(value)
  if (!result.success) {
    throw new ApiError('gateway_unreachable', "the gateway's output stream has an unknown line")
  }
  return result.data
}
