import { describe, expect, it } from 'vitest'

import {
  type ApprovalTicket,
  createTicketKey,
  digestMcpCall,
  signTicket,
  verifyTicket,
} from './mcp-approval-ticket.js'

const NOW = Date.UTC(2026, 10, 21, 9, 0, 0)
const DIGEST = digestMcpCall('files', 'write_file', { path: '/srv/prod/a.txt', content: 'x' })
const TICKET: ApprovalTicket = {
  requestId: 'req_1',
  actionId: 'act_1',
  digest: DIGEST,
  agent: 'claude',
  expiresAt: NOW + 60_000,
}

function reissue(text: string, change: (payload: Record<string, unknown>) => void): string {
  const [prefix = '', body = '', signature = ''] = text.split('.')
  const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >
  change(payload)
  return `${prefix}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${signature}`
}

describe('approval tickets', () => {
  const key = createTicketKey()

  it('accepts a ticket it signed for the same call and agent before it expires', () => {
    const checked = verifyTicket(signTicket(TICKET, key), key, {
      digest: DIGEST,
      agent: 'claude',
      now: NOW,
    })
    expect(checked).toEqual({ ok: true, ticket: TICKET })
  })

  it('refuses a ticket whose payload was changed after signing', () => {
    const forged = reissue(signTicket(TICKET, key), (payload) => {
      payload.requestId = 'req_2'
    })
    expect(verifyTicket(forged, key, { digest: DIGEST, now: NOW })).toEqual({
      ok: false,
      reason: 'signature',
    })
  })

  it('refuses a ticket signed with another key', () => {
    const other = signTicket(TICKET, createTicketKey())
    expect(verifyTicket(other, key, { digest: DIGEST, now: NOW })).toMatchObject({
      reason: 'signature',
    })
  })

  it('refuses a ticket once it has expired', () => {
    const text = signTicket(TICKET, key)
    expect(verifyTicket(text, key, { digest: DIGEST, now: TICKET.expiresAt })).toMatchObject({
      reason: 'expired',
    })
  })

  it('refuses a ticket for other arguments of the same tool', () => {
    const other = digestMcpCall('files', 'write_file', { path: '/srv/prod/a.txt', content: 'y' })
    expect(verifyTicket(signTicket(TICKET, key), key, { digest: other, now: NOW })).toMatchObject({
      reason: 'other_call',
    })
  })

  it('refuses a ticket issued to another agent', () => {
    const text = signTicket(TICKET, key)
    expect(verifyTicket(text, key, { digest: DIGEST, agent: 'codex', now: NOW })).toMatchObject({
      reason: 'other_agent',
    })
  })

  it.each(['', 'v1.abc.def', 'airlock1.only-two', 'airlock1.!!!.???'])(
    'refuses `%s` as malformed or unsigned',
    (text) => {
      const checked = verifyTicket(text, key, { digest: DIGEST, now: NOW })
      expect(checked.ok).toBe(false)
    },
  )

  it('binds the digest to key order-independent arguments', () => {
    expect(digestMcpCall('s', 't', { a: 1, b: 2 })).toBe(digestMcpCall('s', 't', { b: 2, a: 1 }))
    expect(digestMcpCall('s', 't', { a: 1 })).not.toBe(digestMcpCall('s2', 't', { a: 1 }))
  })
})
