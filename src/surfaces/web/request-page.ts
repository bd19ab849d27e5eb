import { html } from 'hono/html'

import type { ApprovalRequest } from '../../model/approval-request.js'
import type { ProposalRecord } from '../../model/proposal-record.js'
import type { FourEyesProgress } from '../../pipeline/four-eyes.js'
import { summariseAction } from './action-summary.js'
import { formatAge, formatTime, type Markup, renderRisk } from './console-format.js'
import { renderImpact } from './impact-panel.js'

/** What the request page shows. */
export interface RequestView {
  readonly request: ApprovalRequest
  readonly proposal?: ProposalRecord
  readonly progress: FourEyesProgress
  readonly csrf: string
  readonly now: number
  /** The comment the viewer typed, kept when a vote was refused. */
  readonly comment?: string
}

function renderAction(proposal: ProposalRecord | undefined): Markup {
  if (proposal === undefined) {
    return html`<section class="panel">
      <h2>Action</h2>
      <p class="notice error">The proposed action is no longer on record: nothing to approve.</p>
    </section>`
  }
  const summary = summariseAction(proposal.analysis.action)
  return html`<section class="panel" aria-labelledby="action-title">
    <h2 id="action-title">Exact action: ${summary.kind}</h2>
    ${
      summary.where === undefined ? '' : html`<p class="muted">in <code>${summary.where}</code></p>`
    }
    <pre><code>${summary.exact}</code></pre>
    <h3>The agent's stated rationale</h3>
    ${
      proposal.rationale === undefined
        ? html`<p class="muted">None given.</p>`
        : html`<blockquote class="rationale">${proposal.rationale}</blockquote>
            <p class="muted">Recorded as the agent stated it; never trusted for the decision.</p>`
    }
  </section>`
}

function renderAnalysis(proposal: ProposalRecord): Markup {
  const { analysis } = proposal
  return html`<section class="panel" aria-labelledby="analysis-title">
    <h2 id="analysis-title">Analysis</h2>
    <p>
      Risk ${renderRisk(analysis.risk)}
      ${
        analysis.opaque
          ? html`<span class="tag bad">opaque: parts could not be understood</span>`
          : ''
      }
    </p>
    <ul class="plain">
      ${analysis.effects.map(
        (effect) =>
          html`<li>
            ${renderRisk(effect.risk)} <strong>${effect.verb}</strong> ${effect.system}
            <code>${effect.target}</code> <span class="muted">(${effect.scope})</span>
            ${effect.dataLoss ? html`<span class="tag bad">data loss</span>` : ''}
            ${effect.reversible ? '' : html`<span class="tag">irreversible</span>`}
            <br /><span class="muted">${effect.reason}</span>
          </li>`,
      )}
    </ul>
    ${
      analysis.issues.length === 0
        ? ''
        : html`<h3>Parse issues</h3>
            <ul>
              ${analysis.issues.map((issue) => html`<li><code>${issue.code}</code>: ${issue.message}</li>`)}
            </ul>`
    }
  </section>`
}

function renderPolicies(request: ApprovalRequest, proposal: ProposalRecord | undefined): Markup {
  const decision = proposal?.decision
  return html`<section class="panel" aria-labelledby="policies-title">
    <h2 id="policies-title">Policies that decided</h2>
    ${
      decision === undefined || decision.policies.length === 0
        ? ''
        : html`<p>
            ${decision.policies.map((policy) => html`<code class="tag">${policy}</code> `)}
          </p>`
    }
    <ul>
      ${request.reasons.map((reason) => html`<li>${reason}</li>`)}
    </ul>
    ${
      decision?.alternative === undefined
        ? ''
        : html`<p class="notice info">Safer alternative: ${decision.alternative}</p>`
    }
  </section>`
}

function renderProgress(view: RequestView): Markup {
  const { request, progress } = view
  const pending = request.status === 'pending'
  return html`<section class="panel" aria-labelledby="progress-title" id="four-eyes">
    <h2 id="progress-title">Four-eyes progress</h2>
    <p class="progress" id="progress-count">
      ${progress.approvedBy.length} of ${progress.needed}
      approval${progress.needed === 1 ? '' : 's'}
      ${
        pending
          ? html`· ${progress.remaining} more needed`
          : html`·
              <span class="tag ${request.status === 'approved' ? 'ok' : 'bad'}"
                >${request.status}</span
              >`
      }
    </p>
    <h3>Votes</h3>
    ${
      request.votes.length === 0
        ? html`<p class="muted">No one has voted yet.</p>`
        : html`<ul class="plain" id="votes">
            ${request.votes.map(
              (vote) =>
                html`<li>
                  <strong>${vote.human}</strong>
                  ${vote.verdict === 'approve' ? 'approved' : 'denied'}
                  ${
                    vote.human === request.operator
                      ? html`<span class="tag">operator of ${request.agent ?? 'the agent'}</span>`
                      : ''
                  }
                  <span class="muted">${formatTime(vote.at)}</span>
                  ${vote.comment === undefined ? '' : html`<br />“${vote.comment}”`}
                </li>`,
            )}
          </ul>`
    }
    ${
      pending
        ? html`<h3>Who may still approve</h3>
            ${
              progress.eligible.length === 0
                ? html`<p class="notice warn">No approver is left who may vote on this request.</p>`
                : html`<ul class="plain">
                    ${progress.eligible.map(
                      (human) =>
                        html`<li>
                          ${human.id}
                          ${
                            human.isOperator
                              ? html`<span class="muted"
                                  >— operator of ${request.agent ?? 'the agent'}: counts, never
                                  alone</span
                                >`
                              : ''
                          }
                        </li>`,
                    )}
                  </ul>`
            }
            ${
              progress.operatorNote === undefined
                ? ''
                : html`<p class="notice warn" id="operator-note">${progress.operatorNote}.</p>`
            }
            <p class="muted">
              The requester (${request.requester}) can never approve. Expires in
              ${formatAge(view.now, request.expiresAt)}.
            </p>`
        : request.grantId === undefined
          ? ''
          : html`<p class="notice info">
              Execution grant <code>${request.grantId}</code> issued: the agent may run this exact
              action once.
            </p>`
    }
  </section>`
}

function renderVote(view: RequestView): Markup {
  const { request, progress } = view
  if (progress.viewerRefusal !== undefined) {
    return html`<section class="panel" aria-labelledby="vote-title">
      <h2 id="vote-title">Your vote</h2>
      <p class="muted" id="vote-refusal">You cannot vote: ${progress.viewerRefusal}.</p>
    </section>`
  }
  const action = `/requests/${encodeURIComponent(request.id)}/vote`
  return html`<section class="panel" aria-labelledby="vote-title">
    <h2 id="vote-title">Your vote</h2>
    <form class="vote-form" method="post" action="${action}">
      <input type="hidden" name="csrf" value="${view.csrf}" />
      <label for="vote-comment">Comment (recorded in the audit)</label>
      <textarea id="vote-comment" name="comment" maxlength="2000">${view.comment ?? ''}</textarea>
      <div class="actions">
        <button class="btn btn-approve" type="submit" name="verdict" value="approve">
          Approve
        </button>
        <button class="btn btn-deny" type="submit" name="verdict" value="deny">Deny</button>
      </div>
    </form>
  </section>`
}

function renderFacts(view: RequestView): Markup {
  const { request } = view
  return html`<section class="panel" aria-labelledby="facts-title">
    <h2 id="facts-title">Request</h2>
    <dl class="kv">
      <dt>Agent</dt>
      <dd>${request.agent ?? 'none (submitted by a human)'}</dd>
      <dt>Operator</dt>
      <dd>${request.operator ?? 'none'}</dd>
      <dt>Requester</dt>
      <dd>${request.requester}</dd>
      <dt>Environment</dt>
      <dd>${request.environment ?? 'not recognised'}</dd>
      <dt>Opened</dt>
      <dd>${formatTime(request.createdAt)} (${formatAge(request.createdAt, view.now)} ago)</dd>
      <dt>Expires</dt>
      <dd>${formatTime(request.expiresAt)}</dd>
      <dt>Action</dt>
      <dd><code>${request.actionId}</code></dd>
      <dt>Digest</dt>
      <dd><code>${request.digest.slice(0, 16)}…</code></dd>
    </dl>
  </section>`
}

/** The request page: the exact action, why, its cost, the policies, and the four-eyes vote. */
export function renderRequest(view: RequestView): Markup {
  const { request, proposal } = view
  return html`<h1>
      Request ${request.id} ${renderRisk(request.risk)}
      <span
        class="tag ${request.status === 'pending' ? '' : request.status === 'approved' ? 'ok' : 'bad'}"
        >${request.status}</span
      >
    </h1>
    <p class="lede">
      ${request.agent === undefined ? request.requester : `Agent ${request.agent}`} asks to act on
      ${request.environment ?? 'an unrecognised environment'}; ${request.needed} distinct human
      approval${request.needed === 1 ? '' : 's'} needed.
    </p>
    <div class="grid">
      <div>
        ${renderAction(proposal)} ${proposal === undefined ? '' : renderImpact(proposal.impact)}
        ${proposal === undefined ? '' : renderAnalysis(proposal)}
        ${renderPolicies(request, proposal)}
      </div>
      <div>${renderProgress(view)} ${renderVote(view)} ${renderFacts(view)}</div>
    </div>`
}
