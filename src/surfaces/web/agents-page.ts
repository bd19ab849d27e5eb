import { html } from 'hono/html'

import type { AuditRecord } from '../../model/audit-record.js'
import type { AgentConfig } from '../../model/gateway-config.js'
import { isRisk } from '../../model/risk.js'
import type { AgentReviewStatus } from '../../pipeline/permission-review-status.js'
import { formatTime, type Markup, renderRisk } from './console-format.js'

/** One agent with its most recent proposals (`action.proposed` audit records, newest first). */
export interface AgentView {
  readonly agent: AgentConfig
  readonly recent: readonly AuditRecord[]
  /** Whether a freeze covers this agent now. */
  readonly frozen: boolean
  /** Where its permission review stands. */
  readonly review?: AgentReviewStatus
}

function renderReview(review: AgentReviewStatus | undefined): Markup {
  if (review === undefined) return html`<span class="muted">unknown</span>`
  const last =
    review.lastReviewedAt === undefined
      ? 'never reviewed'
      : `last by ${review.lastReviewedBy ?? 'unknown'} at ${formatTime(review.lastReviewedAt)}`
  return html`${review.overdue ? html`<span class="tag bad">review overdue</span> ` : ''}${
    review.grewSinceReview ? html`<span class="tag bad">scope grew since</span> ` : ''
  }${last}${
    review.dueAt === undefined || review.overdue
      ? ''
      : html` <span class="muted">(next due ${formatTime(review.dueAt)})</span>`
  }`
}

function describeProposal(record: AuditRecord): Markup {
  const action = record.data.action as
    | { command?: unknown; tool?: unknown; server?: unknown; statement?: unknown; kind?: unknown }
    | undefined
  const decision = (record.data.decision as { decision?: unknown } | undefined)?.decision
  const what =
    typeof action?.command === 'string'
      ? action.command
      : typeof action?.tool === 'string'
        ? `${String(action.server)}.${action.tool}`
        : typeof action?.statement === 'string'
          ? action.statement
          : typeof action?.kind === 'string'
            ? action.kind
            : 'action'
  const { risk } = record.data
  return html`<li>
    ${isRisk(risk) ? renderRisk(risk) : ''}
    ${typeof decision === 'string' ? html`<span class="tag">${decision}</span>` : ''}
    <code>${what.length > 120 ? `${what.slice(0, 119)}…` : what}</code>
    <span class="muted">${formatTime(Date.parse(record.at))}</span>
  </li>`
}

function renderAgent(view: AgentView): Markup {
  const { agent } = view
  return html`<section class="panel" aria-labelledby="agent-${agent.id}">
    <h2 id="agent-${agent.id}">
      ${agent.id} ${view.frozen ? html`<span class="tag bad">frozen</span>` : ''}
      ${view.review?.overdue === true ? html`<span class="tag bad">review overdue</span>` : ''}
    </h2>
    <dl class="kv">
      <dt>Operator</dt>
      <dd>${agent.operator ?? 'none'}</dd>
      <dt>Environments</dt>
      <dd>${agent.scope.environments.join(', ')}</dd>
      <dt>Systems</dt>
      <dd>${agent.scope.systems.join(', ')}</dd>
      <dt>Highest risk</dt>
      <dd>${renderRisk(agent.scope.maxRisk)}</dd>
      <dt>Token</dt>
      <dd>${agent.tokenHash === undefined ? 'none: it cannot propose' : 'configured'}</dd>
      <dt>Permission review</dt>
      <dd>${renderReview(view.review)}</dd>
    </dl>
    <h3>Recent actions</h3>
    ${
      view.recent.length === 0
        ? html`<p class="muted">No actions on record.</p>`
        : html`<ul class="plain">
            ${view.recent.map(describeProposal)}
          </ul>`
    }
  </section>`
}

/** The agents with their operator, scope and recent actions. */
export function renderAgents(views: readonly AgentView[]): Markup {
  return html`<h1>Agents</h1>
    <p class="lede">
      Each agent acts as itself, within its scope; its operator never counts alone as a second pair
      of eyes. Re-certify an agent's permissions with
      <code>airlock permissions review</code> and <code>airlock permissions certify</code>.
    </p>
    ${views.length === 0 ? html`<p class="muted">No agents are configured.</p>` : ''}
    ${views.map(renderAgent)}`
}
