import { html } from 'hono/html'

import { describeFreezeScope, type Freeze } from '../../model/freeze.js'
import type { GatewayConfig } from '../../model/gateway-config.js'
import type { Principal } from '../../model/principal.js'
import { formatTime, type Markup } from './console-format.js'

/** What the kill switch in every page's header shows and offers. */
export interface KillSwitchView {
  readonly freezes: readonly Freeze[]
  readonly config: GatewayConfig
  readonly principal: Principal & { readonly kind: 'human' }
  readonly csrf: string
  /** Where to come back to after freezing: the current page. */
  readonly back: string
}

/** The scopes a human may freeze, as `global`, `environment:NAME`, `agent:NAME`. */
export function listFreezeScopes(config: GatewayConfig): { value: string; label: string }[] {
  return [
    { value: 'global', label: 'Everything (global)' },
    ...config.environments.map((env) => ({
      value: `environment:${env.name}`,
      label: `Environment ${env.name}${env.production ? ' (production)' : ''}`,
    })),
    ...config.agents.map((agent) => ({
      value: `agent:${agent.id}`,
      label: `Agent ${agent.id}${agent.operator === undefined ? '' : ` (run by ${agent.operator})`}`,
    })),
  ]
}

function renderFreeze(freeze: Freeze, view: KillSwitchView): Markup {
  const scope = describeFreezeScope(freeze.scope)
  const canLift = view.principal.roles.includes('breakglass')
  return html`<li>
    <strong>${scope}</strong> — ${freeze.reason}
    <span class="muted">(by ${freeze.by}, ${formatTime(freeze.at)})</span>
    ${
      canLift
        ? html`<form class="lift-form" method="post" action="/freeze/lift">
            <input type="hidden" name="csrf" value="${view.csrf}" />
            <input type="hidden" name="scope" value="${scope}" />
            <input type="hidden" name="back" value="${view.back}" />
            <label class="live" for="lift-reason-${freeze.id}">Reason for lifting ${scope}</label>
            <input
              id="lift-reason-${freeze.id}"
              name="reason"
              required
              placeholder="reason for lifting"
            />
            <button class="btn btn-plain" type="submit">Lift</button>
          </form>`
        : ''
    }
  </li>`
}

/** The kill switch: the freezes in force, and a form to pull one (confirmed on the next page). */
export function renderKillSwitch(view: KillSwitchView): Markup {
  const frozen = view.freezes.length > 0
  return html`<section
    id="kill-switch"
    class="killswitch${frozen ? ' frozen' : ''}"
    aria-labelledby="kill-switch-title"
  >
    <div class="killswitch-inner">
      <div class="ks-state">
        <span class="ks-dot" aria-hidden="true"></span>
        <div>
          <span id="kill-switch-title"
            >Kill switch:
            ${
              frozen
                ? html`FROZEN — ${view.freezes.length} freeze${view.freezes.length === 1 ? '' : 's'}
                  in force`
                : 'no freeze in force; agents act within their policies'
            }</span
          >
          ${
            frozen
              ? html`<ul>
                  ${view.freezes.map((freeze) => renderFreeze(freeze, view))}
                </ul>`
              : ''
          }
        </div>
      </div>
      <details id="freeze-panel">
        <summary>Freeze…</summary>
        <form class="freeze-form" method="post" action="/freeze">
          <input type="hidden" name="csrf" value="${view.csrf}" />
          <input type="hidden" name="back" value="${view.back}" />
          <label for="freeze-scope"
            >What to freeze
            <select id="freeze-scope" name="scope">
              ${listFreezeScopes(view.config).map(
                (scope) => html`<option value="${scope.value}">${scope.label}</option>`,
              )}
            </select>
          </label>
          <label for="freeze-reason"
            >Reason
            <input id="freeze-reason" name="reason" required maxlength="500" />
          </label>
          <button class="btn btn-danger" type="submit">Freeze…</button>
        </form>
      </details>
    </div>
  </section>`
}
