import { z } from 'zod'

import { ApiError } from '../../model/errors.js'
import { type GatewayAnswer, parseGatewayAnswer } from './gateway-response-schema.js'

const DECISION = z.object({
  decision: z.enum(['allow', 'approve', 'deny']),
  approvals: z.number(),
  reasons: z.array(z.string()),
})

const RECORD = z.object({
  seq: z.number(),
  kind: z.string(),
  actor: z.string(),
  subject: z.string().optional(),
  data: z.record(z.string(), z.unknown()),
})

const PROPOSED = z.object({
  channel: z.string(),
  risk: z.string(),
  decision: DECISION,
})

/** One record of the audit chain, as far as the outage replay tells it. */
export type DemoAuditRecord = z.output<typeof RECORD> & {
  /** Set on `action.proposed`: the channel, risk and decision. */
  readonly proposed?: z.output<typeof PROPOSED>
}

/** Reads `GET /v1/audit/export` (JSON lines) into records; a line that is not one is an error. */
export function readDemoAuditRecords(text: string): DemoAuditRecord[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const result = RECORD.safeParse(parseGatewayAnswer(line, 'GET /v1/audit/export'))
      if (!result.success) {
        throw new ApiError(
          'gateway_unreachable',
          "GET /v1/audit/export: a line of the gateway's answer is not an audit record",
        )
      }
      const record = result.data
      if (record.kind !== 'action.proposed') return record
      const proposed = PROPOSED.safeParse(record.data)
      if (!proposed.success) {
        throw new ApiError(
          'gateway_unreachable',
          `GET /v1/audit/export: record ${String(record.seq)} is a proposal without its decision`,
        )
      }
      return { ...record, proposed: proposed.data }
    })
}

const IMPACT = z.object({
  resources: z.array(z.object({ id: z.string(), name: z.string(), fate: z.string() })),
  dataLost: z.array(z.string()),
  servicesBroken: z.array(z.string()),
  customerFacing: z.array(z.string()),
  estimatedRestoreMinutes: z.number(),
  unrecoverable: z.literal(true).optional(),
  budgetBurn: z.array(
    z.object({
      service: z.string(),
      objective: z.number(),
      windowDays: z.number(),
      budgetMinutes: z.number(),
      downtimeMinutes: z.number(),
      burn: z.number(),
    }),
  ),
  recreated: z.array(z.string()).optional(),
  environmentDestroyed: z.string().optional(),
})

const REQUEST = z.object({
  id: z.string(),
  status: z.string(),
  risk: z.string(),
  needed: z.number(),
  approvals: z.number(),
  link: z.string().optional(),
  reasons: z.array(z.string()),
  impact: IMPACT.optional(),
})

/** An approval request with its impact report, as `GET /v1/requests/ID` answers it. */
export type DemoRequest = z.output<typeof REQUEST>

/** Reads `GET /v1/requests/ID`; an answer without what the replay tells is the gateway's fault. */
export function readDemoRequest(answer: GatewayAnswer): DemoRequest {
  const result = REQUEST.safeParse(answer)
  if (!result.success) {
    throw new ApiError(
      'gateway_unreachable',
      "GET /v1/requests: the gateway's answer is not an approval request",
    )
  }
  return result.data
}
