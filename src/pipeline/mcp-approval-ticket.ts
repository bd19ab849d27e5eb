import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

import { canonicalJson } from '../model/canonical-json.js'
import {
  type ApprovalTicketPayload,
  parseApprovalTicketPayload,
} from './mcp-approval-ticket-schema.js'

/**
 * What an MCP client holds while humans decide: the request and action it waits for, bound to
 * the exact call (server, tool, arguments), the agent and an expiry. It is handed out as the
 * `requestState` of an `input_required` result and comes back attacker-controlled, so it is
 * signed (HMAC-SHA256) and every field is checked again on return. It never grants anything by
 * itself: the gateway's own record of the request decides.
 */
export interface ApprovalTicket {
  readonly requestId: string
  readonly actionId: string
  /** {@link digestMcpCall} of the call the ticket was issued for. */
  readonly digest: string
  readonly agent: string
  /** Epoch milliseconds after which the ticket is refused. */
  readonly expiresAt: number
}

/** Why a returned ticket was refused. */
export type TicketRefusal = 'malformed' | 'signature' | 'expired' | 'other_call' | 'other_agent'

const PREFIX = 'airlock1'

/** A fresh random signing key: tickets then hold only within this process. */
export function createTicketKey(): Uint8Array {
  return randomBytes(32)
}

/** The digest a ticket binds: the upstream server, the tool and its exact arguments. */
export function digestMcpCall(
  server: string,
  tool: string,
  args: Readonly<Record<string, unknown>>,
): string {
  return createHash('sha256')
    .update(canonicalJson({ server, tool, arguments: args }))
    .digest('hex')
}

function mac(key: Uint8Array, body: string): Buffer {
  return createHmac('sha256', key).update(`${PREFIX}.${body}`).digest()
}

/** Signs a ticket: `airlock1.<base64url payload>.<base64url HMAC>`. */
export function signTicket(ticket: ApprovalTicket, key: Uint8Array): string {
  const payload: ApprovalTicketPayload = { v: 1, ...ticket }
  const body = Buffer.from(canonicalJson(payload), 'utf8').toString('base64url')
  return `${PREFIX}.${body}.${mac(key, body).toString('base64url')}`
}

/**
 * Checks a returned ticket: its signature, its expiry and that it was issued for this call and
 * this agent. Anything wrong refuses it; the reason is for the caller's message only.
 */
export function verifyTicket(
  text: string,
  key: Uint8Array,
  expect: { readonly digest: string; readonly agent?: string; readonly now: number },
): { ok: true; ticket: ApprovalTicket } | { ok: false; reason: TicketRefusal } {
  const parts = text.split('.')
  if (parts.length !== 3 || parts[0] !== PREFIX) return { ok: false, reason: 'malformed' }
  const [, body = '', signature = ''] = parts
  const presented = Buffer.from(signature, 'base64url')
  const expected = mac(key, body)
  if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) {
    return { ok: false, reason: 'signature' }
  }
  const payload = parseApprovalTicketPayload(Buffer.from(body, 'base64url').toString('utf8'))
  if (payload === undefined) return { ok: false, reason: 'malformed' }
  const { v: _v, ...ticket } = payload
  if (ticket.expiresAt <= expect.now) return { ok: false, reason: 'expired' }
  if (ticket.digest !== expect.digest) return { ok: false, reason: 'other_call' }
  if (expect.agent !== undefined && ticket.agent !== expect.agent) {
    return { ok: false, reason: 'other_agent' }
  }
  return { ok: true, ticket }
}
