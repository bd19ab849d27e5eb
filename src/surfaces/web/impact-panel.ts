import { html } from 'hono/html'

import type { ImpactReport } from '../../model/impact-report.js'
import { formatMinutes, type Markup } from './console-format.js'

function stat(value: string | number, label: string, bad: boolean): Markup {
  return html`<div class="stat${bad ? ' bad' : ''}"><b>${value}</b><span>${label}</span></div>`
}

function percent(burn: number): string {
  return `${String(Math.round(burn * 100))} %`
}

/**
 * The impact report of a request: what is destroyed, what depends on it, what customers lose,
 * the data lost, the restore time and the error budget burned. A rehearsal diff is shown when
 * the request carries one; proposals through the gateway are simulated, not rehearsed.
 */
export function renderImpact(impact: ImpactReport | undefined): Markup {
  if (impact === undefined) {
    return html`<section class="panel" aria-labelledby="impact-title">
      <h2 id="impact-title">Impact report</h2>
      <p class="muted">
        No impact simulation: this gateway has no inventory twin (run
        <code>airlock inventory import</code>). Judge the action by its analysis alone.
      </p>
    </section>`
  }
  const destroyed = impact.resources.filter((r) => r.fate === 'destroyed' || r.fate === 'replaced')
  const dependents = impact.resources.filter((r) => r.via !== 'target' && r.fate === 'broken')
  const worstBurn = impact.budgetBurn.reduce((worst, burn) => Math.max(worst, burn.burn), 0)
  return html`<section class="panel" aria-labelledby="impact-title">
    <h2 id="impact-title">Impact report</h2>
    ${
      impact.environmentDestroyed === undefined
        ? ''
        : html`<div class="notice error" role="note">
            This action takes away the whole environment
            <strong>${impact.environmentDestroyed}</strong>.
          </div>`
    }
    <div class="stats">
      ${stat(destroyed.length, 'resources destroyed or replaced', destroyed.length > 0)}
      ${stat(dependents.length, 'dependents broken', dependents.length > 0)}
      ${stat(
        impact.customerFacing.length,
        'customer-facing resources hit',
        impact.customerFacing.length > 0,
      )}
      ${stat(impact.dataLost.length, 'with data lost (no backup)', impact.dataLost.length > 0)}
      ${stat(
        formatMinutes(impact.estimatedRestoreMinutes),
        impact.unrecoverable === true
          ? 'to rebuild; the lost data does not come back'
          : 'estimated restore time',
        impact.estimatedRestoreMinutes > 60 || impact.unrecoverable === true,
      )}
      ${stat(
        impact.budgetBurn.length === 0 ? '—' : percent(worstBurn),
        'of an error budget burned',
        worstBurn >= 1,
      )}
    </div>
    <dl class="kv">
      <dt>Services broken</dt>
      <dd>${impact.servicesBroken.length === 0 ? 'none' : impact.servicesBroken.join(', ')}</dd>
      <dt>Customer-facing</dt>
      <dd>${impact.customerFacing.length === 0 ? 'none' : impact.customerFacing.join(', ')}</dd>
      <dt>Data lost</dt>
      <dd>${impact.dataLost.length === 0 ? 'none' : impact.dataLost.join(', ')}</dd>
      ${
        impact.unknownTargets.length === 0
          ? ''
          : html`<dt>Unknown targets</dt>
              <dd>
                ${impact.unknownTargets.join(', ')} (not in the twin: never assumed harmless)
              </dd>`
      }
      ${
        impact.recreated === undefined || impact.recreated.length === 0
          ? ''
          : html`<dt>Recreated in session</dt>
              <dd>${impact.recreated.join(', ')}</dd>`
      }
      ${impact.budgetBurn.map(
        (burn) =>
          html`<dt>Error budget ${burn.service}</dt>
            <dd>
              ${percent(burn.burn)} of ${formatMinutes(burn.budgetMinutes)} (${burn.objective * 100}
              % over ${burn.windowDays} d; ${formatMinutes(burn.downtimeMinutes)} down)
            </dd>`,
      )}
      <dt>Rehearsal diff</dt>
      <dd class="muted">
        not rehearsed: the gateway simulates proposals against the twin; run
        <code>airlock simulate --rehearse</code> for a sandbox diff
      </dd>
    </dl>
    ${
      impact.resources.length === 0
        ? ''
        : html`<h3 class="live">Resources</h3>
            <div class="table-wrap">
              <table class="cards">
                <caption class="live">
                  Resources affected
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Resource</th>
                    <th scope="col">Fate</th>
                    <th scope="col">Why</th>
                    <th scope="col">Facts</th>
                  </tr>
                </thead>
                <tbody>
                  ${impact.resources.map(
                    (resource) =>
                      html`<tr>
                        <th scope="row" data-label="Resource">
                          ${resource.name} <span class="muted">${resource.type}</span>
                        </th>
                        <td data-label="Fate">
                          <span
                            class="tag${
                              resource.fate === 'destroyed' || resource.fate === 'broken'
                                ? ' bad'
                                : ''
                            }"
                            >${resource.fate}</span
                          >
                        </td>
                        <td data-label="Why">${resource.via}</td>
                        <td data-label="Facts">
                          ${[
                            resource.stateful ? 'stateful' : '',
                            resource.customerFacing ? 'customer-facing' : '',
                            resource.service ?? '',
                          ]
                            .filter((fact) => fact !== '')
                            .join(', ')}
                        </td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
    }
  </section>`
}
