import { html } from 'hono/html'

import type { AuditRecord } from '../../model/audit-record.js'
import type { GatewayConfig } from '../../model/gateway-config.js'
import { isRisk, RISKS } from '../../model/risk.js'
import type { Gateway } from '../../pipeline/gateway.js'
import { type Markup, renderRisk } from './console-format.js'

type ChainVerification = Awaited<ReturnType<Gateway['verifyAudit']>>

/** What the audit timeline shows. */
export interface AuditView {
  readonly config: GatewayConfig
  /** The filter as typed, to fill the form again. */
  readonly query: Readonly<Record<string, string | undefined>>
  readonly verification: ChainVerification
  /** Matching records, newest first, at most `limit`. */
  readonly records: readonly AuditRecord[]
  readonly matched: number
  readonly limit: number
}

function select(
  name: string,
  label: string,
  options: readonly string[],
  chosen: string | undefined,
): Markup {
  return html`<label for="filter-${name}"
    >${label}
    <select id="filter-${name}" name="${name}">
      <option value="">any</option>
      ${options.map(
        (option) =>
          html`<option value="${option}" ${option === chosen ? html`selected` : ''}>
            ${option}
          </option>`,
      )}
    </select>
  </label>`
}

function renderVerification(verification: ChainVerification): Markup {
  return verification.ok
    ? html`<p class="notice info" id="chain-status">
        <strong>Chain verified:</strong> ${verification.records} records, each sealed to the one
        before it; nothing was modified, deleted, inserted or reordered.
      </p>`
    : html`<p class="notice error" id="chain-status" role="alert">
        <strong>Chain broken at record ${verification.problem.seq}</strong>
        (${verification.problem.kind}): ${verification.problem.message}
      </p>`
}

function subjectLink(record: AuditRecord): Markup | string {
  const { subject } = record
  if (subject === undefined) return ''
  if (record.kind.startsWith('approval.')) {
    return html`<a href="/requests/${encodeURIComponent(subject)}">${subject}</a>`
  }
  return html`<code>${subject}</code>`
}

function describeData(record: AuditRecord): Markup {
  const { data } = record
  const text = (key: string): string | undefined =>
    typeof data[key] === 'string' ? data[key] : undefined
  const decision = (data.decision as { decision?: unknown; approvals?: unknown } | undefined)
    ?.decision
  const action = data.action as
    { command?: unknown; tool?: unknown; statement?: unknown } | undefined
  const what =
    typeof action?.command === 'string'
      ? action.command
      : typeof action?.tool === 'string'
        ? `tool ${action.tool}`
        : typeof action?.statement === 'string'
          ? action.statement
          : undefined
  const risk = data.risk
  return html`${isRisk(risk) ? renderRisk(risk) : ''}
  ${typeof decision === 'string' ? html`<span class="tag">${decision}</span>` : ''}
  ${text('verdict') === undefined ? '' : html`<span class="tag">${text('verdict')}</span>`}
  ${text('environment') === undefined ? '' : html`in ${text('environment')}`}
  ${text('scope') === undefined ? '' : html`scope <code>${text('scope')}</code>`}
  ${
    what === undefined
      ? ''
      : html`<br /><code>${what.length > 160 ? `${what.slice(0, 159)}…` : what}</code>`
  }
  ${text('reason') === undefined ? '' : html`<br />${text('reason')}`}
  ${text('comment') === undefined ? '' : html`<br />“${text('comment')}”`}`
}

/** The audit timeline with its filters and the chain's verification status. */
export function renderAudit(view: AuditView): Markup {
  const { config, query } = view
  return html`<h1>Audit timeline</h1>
    ${renderVerification(view.verification)}
    <form class="panel filters" method="get" action="/audit" aria-label="Filter the timeline">
      ${select(
        'agent',
        'Agent',
        config.agents.map((agent) => agent.id),
        query.agent,
      )}
      ${select(
        'environment',
        'Environment',
        config.environments.map((env) => env.name),
        query.environment,
      )}
      ${select('risk', 'Risk', RISKS, query.risk)}
      ${select('decision', 'Decision', ['allow', 'approve', 'deny'], query.decision)}
      <label for="filter-from"
        >From (UTC)
        <input id="filter-from" name="from" type="datetime-local" value="${query.from ?? ''}" />
      </label>
      <label for="filter-to"
        >To (UTC)
        <input id="filter-to" name="to" type="datetime-local" value="${query.to ?? ''}" />
      </label>
      <button class="btn btn-plain" type="submit">Filter</button>
      <a href="/audit">Clear</a>
    </form>
    <p class="muted" id="audit-count">
      ${view.matched} matching
      record${view.matched === 1 ? '' : 's'}${
        view.matched > view.limit ? html`; the newest ${view.limit} are shown` : ''
      }.
    </p>
    <div class="table-wrap">
      <table class="cards">
        <caption class="live">
          Audit records, newest first
        </caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Time</th>
            <th scope="col">Event</th>
            <th scope="col">Actor</th>
            <th scope="col">Subject</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          ${view.records.map(
            (record) =>
              html`<tr>
                <th scope="row" data-label="#">${record.seq}</th>
                <td data-label="Time" class="mono">${record.at.slice(0, 19).replace('T', ' ')}</td>
                <td data-label="Event"><code>${record.kind}</code></td>
                <td data-label="Actor">${record.actor}</td>
                <td data-label="Subject">${subjectLink(record)}</td>
                <td data-label="Details" class="summary">${describeData(record)}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`
}
