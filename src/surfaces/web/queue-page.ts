import { html } from 'hono/html'

import type { ApprovalRequest } from '../../model/approval-request.js'
import type { ProposalRecord } from '../../model/proposal-record.js'
import { summariseAction } from './action-summary.js'
import { formatAge, type Markup, renderRisk } from './console-format.js'

/** A pending request with the proposal it is about. */
export interface QueueItem {
  readonly request: ApprovalRequest
  readonly proposal?: ProposalRecord
}

function approvals(request: ApprovalRequest): number {
  return new Set(request.votes.filter((v) => v.verdict === 'approve').map((v) => v.human)).size
}

function renderRow(item: QueueItem, now: number): Markup {
  const { request, proposal } = item
  const summary = proposal === undefined ? undefined : summariseAction(proposal.analysis.action)
  const link = `/requests/${encodeURIComponent(request.id)}`
  return html`<tr>
    <th scope="row" data-label="Request">
      <a href="${link}">${request.id}</a>
    </th>
    <td data-label="Risk">${renderRisk(request.risk)}</td>
    <td class="summary" data-label="Action">
      ${
        summary === undefined
          ? html`<span class="muted">action not on record</span>`
          : html`<span class="muted">${summary.kind}:</span> <code>${summary.headline}</code>`
      }
    </td>
    <td data-label="Agent">
      ${request.agent ?? request.requester}
      ${
        request.operator === undefined
          ? ''
          : html`<br /><span class="muted">operator ${request.operator}</span>`
      }
    </td>
    <td data-label="Environment">
      ${request.environment ?? html`<span class="muted">none</span>`}
    </td>
    <td data-label="Age">${formatAge(request.createdAt, now)}</td>
    <td data-label="Approvals" class="progress">${approvals(request)} / ${request.needed}</td>
  </tr>`
}

/** The queue of pending approval requests, riskiest and oldest first. */
export function renderQueue(items: readonly QueueItem[], now: number): Markup {
  const rank = { catastrophic: 0, destructive: 1, mutating: 2, safe: 3 }
  const sorted = [...items].sort(
    (a, b) =>
      rank[a.request.risk] - rank[b.request.risk] || a.request.createdAt - b.request.createdAt,
  )
  return html`<h1>Approval queue</h1>
    <p class="lede">
      ${
        items.length === 0
          ? 'Nothing is waiting for approval.'
          : html`${items.length} request${items.length === 1 ? '' : 's'} waiting for human approval,
            riskiest first. Each holds one exact action; nothing runs until enough different people
            approve it.`
      }
    </p>
    ${
      items.length === 0
        ? ''
        : html`<div class="table-wrap">
            <table class="cards">
              <caption class="live">
                Pending approval requests
              </caption>
              <thead>
                <tr>
                  <th scope="col">Request</th>
                  <th scope="col">Risk</th>
                  <th scope="col">Action</th>
                  <th scope="col">Agent</th>
                  <th scope="col">Environment</th>
                  <th scope="col">Age</th>
                  <th scope="col">Approvals</th>
                </tr>
              </thead>
              <tbody>
                ${sorted.map((item) => renderRow(item, now))}
              </tbody>
            </table>
          </div>`
    }`
}
