import { createHmac } from 'node:crypto'

import type { ApprovalRequest } from '../model/approval-request.js'
import { describeFreezeScope, type Freeze } from '../model/freeze.js'
import { type NotificationEventKind, requestLink } from '../model/gateway-config.js'
import type { GatewayEvent } from './gateway-event.js'

/** Version of the webhook body; raised only when a field changes meaning or goes away. */
export const WEBHOOK_SCHEMA_VERSION = 1

/** One notification, before it is rendered for a kind of target. */
export interface NotificationMessage {
  readonly type: NotificationEventKind
  /** The request, action or freeze it is about. */
  readonly subject: string
  /** One line for people: what happened and what is asked of them. */
  readonly summary: string
  /** Where to act on it in the console. */
  readonly link: string
  /** The facts, free of secrets (requests and freezes hold none; actions are not included). */
  readonly data: Readonly<Record<string, unknown>>
}

function consoleLink(publicUrl: string, path: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${path}`
}

function approvalsSoFar(request: ApprovalRequest): number {
  return request.votes.filter((vote) => vote.verdict === 'approve').length
}

function requestData(request: ApprovalRequest): Record<string, unknown> {
  return {
    request: {
      id: request.id,
      actionId: request.actionId,
      status: request.status,
      risk: request.risk,
      ...(request.agent === undefined ? {} : { agent: request.agent }),
      ...(request.operator === undefined ? {} : { operator: request.operator }),
      requester: request.requester,
      ...(request.environment === undefined ? {} : { environment: request.environment }),
      needed: request.needed,
      approvals: approvalsSoFar(request),
      votes: request.votes.map(({ human, verdict, at }) => ({
        human,
        verdict,
        at: new Date(at).toISOString(),
      })),
      reasons: request.reasons,
      createdAt: new Date(request.createdAt).toISOString(),
      expiresAt: new Date(request.expiresAt).toISOString(),
    },
  }
}

function freezeData(freeze: Freeze): Record<string, unknown> {
  return {
    freeze: {
      id: freeze.id,
      scope: describeFreezeScope(freeze.scope),
      reason: freeze.reason,
      by: freeze.by,
      at: new Date(freeze.at).toISOString(),
      ...(freeze.liftedAt === undefined
        ? {}
        : {
            liftedAt: new Date(freeze.liftedAt).toISOString(),
            liftedBy: freeze.liftedBy,
            liftReason: freeze.liftReason,
          }),
    },
  }
}

function who(request: ApprovalRequest): string {
  const agent = request.agent ?? request.requester
  const where = request.environment === undefined ? '' : ` in ${request.environment}`
  return `${agent}${where}`
}

/**
 * What an event tells people, or nothing when it is no notification (an allowed or held
 * proposal is told by its request; only denials are notifications of their own).
 */
export function toNotificationMessage(
  event: GatewayEvent,
  publicUrl: string,
): NotificationMessage | undefined {
  switch (event.kind) {
    case 'action.decided': {
      const { proposal } = event
      if (proposal.decision.decision !== 'deny') return undefined
      return {
        type: 'action.denied',
        subject: proposal.id,
        summary: `denied: ${proposal.risk} action by ${proposal.agent ?? proposal.requester}${proposal.environment === undefined ? '' : ` in ${proposal.environment}`}: ${proposal.decision.reasons[0] ?? 'no reason recorded'}`,
        link: consoleLink(publicUrl, '/audit'),
        data: {
          action: {
            id: proposal.id,
            ...(proposal.agent === undefined ? {} : { agent: proposal.agent }),
            requester: proposal.requester,
            ...(proposal.environment === undefined ? {} : { environment: proposal.environment }),
            risk: proposal.risk,
            decision: proposal.decision.decision,
            reasons: proposal.decision.reasons,
          },
        },
      }
    }
    case 'request.opened':
      return {
        type: 'request.opened',
        subject: event.request.id,
        summary: `approval needed: ${event.request.risk} action by ${who(event.request)} needs ${String(event.request.needed)} approval(s)`,
        link: requestLink(publicUrl, event.request.id),
        data: requestData(event.request),
      }
    case 'request.voted':
      return {
        type: 'request.voted',
        subject: event.request.id,
        summary: `${event.vote.human} voted ${event.vote.verdict} on ${event.request.risk} action by ${who(event.request)}: ${String(approvalsSoFar(event.request))} of ${String(event.request.needed)} approval(s)`,
        link: requestLink(publicUrl, event.request.id),
        data: requestData(event.request),
      }
    case 'request.closed':
      return {
        type: 'request.closed',
        subject: event.request.id,
        summary: `request ${event.request.status}: ${event.request.risk} action by ${who(event.request)}`,
        link: requestLink(publicUrl, event.request.id),
        data: requestData(event.request),
      }
    case 'freeze.set':
      return {
        type: 'freeze.set',
        subject: event.freeze.id,
        summary: `FREEZE ${describeFreezeScope(event.freeze.scope)} by ${event.freeze.by}: ${event.freeze.reason}`,
        link: consoleLink(publicUrl, '/'),
        data: freezeData(event.freeze),
      }
    case 'freeze.lifted':
      return {
        type: 'freeze.lifted',
        subject: event.freeze.id,
        summary: `freeze lifted: ${describeFreezeScope(event.freeze.scope)}${event.freeze.liftedBy === undefined ? '' : ` by ${event.freeze.liftedBy}`}`,
        link: consoleLink(publicUrl, '/'),
        data: freezeData(event.freeze),
      }
    case 'velocity.breached':
      return {
        type: 'velocity.breached',
        subject: event.actionId,
        summary: `velocity breached: agent ${event.agent} went over its ${event.risk} budget and is frozen`,
        link: consoleLink(publicUrl, '/'),
        data: { velocity: { agent: event.agent, risk: event.risk, actionId: event.actionId } },
      }
  }
}

/** The JSON body of a generic webhook delivery. */
export function renderWebhookBody(
  message: NotificationMessage,
  delivery: { readonly id: string; readonly at: number },
): string {
  return JSON.stringify({
    schemaVersion: WEBHOOK_SCHEMA_VERSION,
    id: delivery.id,
    type: message.type,
    at: new Date(delivery.at).toISOString(),
    subject: message.subject,
    summary: message.summary,
    link: message.link,
    data: message.data,
  })
}

// Slack reads `&`, `<` and `>` as markup in mrkdwn text.
function escapeSlack(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')
}

/** A Slack-compatible incoming-webhook body: a text fallback and blocks with a link button. */
export function renderSlackBody(message: NotificationMessage): string {
  const text = `airlock: ${message.summary}`
  return JSON.stringify({
    text: `${escapeSlack(text)} <${message.link}|open in airlock>`,
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: `*airlock* ${escapeSlack(message.summary)}` },
      },
      {
        type: 'context',
        elements: [
          { type: 'mrkdwn', text: `${message.type} · \`${escapeSlack(message.subject)}\`` },
        ],
      },
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            text: { type: 'plain_text', text: 'Open in airlock' },
            url: message.link,
          },
        ],
      },
    ],
  })
}

/**
 * The signature of a delivery: `v1=` and the hex HMAC-SHA256 of `TIMESTAMP.BODY` under the
 * target's secret, where TIMESTAMP is the `X-Airlock-Timestamp` header (Unix seconds).
 * @example
 * signWebhook('s3cret', 1767225600, '{"type":"freeze.set"}') // 'v1=5c1f…'
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  const mac = createHmac('sha256', secret)
    .update(`${String(timestamp)}.${body}`)
    .digest('hex')
  return `v1=${mac}`
}
