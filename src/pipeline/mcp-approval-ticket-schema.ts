import { z } from 'zod'

const TICKET = z.strictObject({
  v: z.literal(1),
  requestId: z.string().min(1),
  actionId: z.string().min(1),
  digest: z.string().regex(/^[0-9a-f]{64}$/),
  agent: z.string().min(1),
  expiresAt: z.number().int().nonnegative(),
})

/** The payload of an approval ticket, as signed. */
export type ApprovalTicketPayload = z.output<typeof TICKET>

/** Reads a ticket payload whose signature was already checked; undefined when it is malformed. */
export function parseApprovalTicketPayload(text: string): ApprovalTicketPayload | undefined {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return undefined
  }
  const result = TICKET.safeParse(value)
  return result.success ? result.data : undefined
}
