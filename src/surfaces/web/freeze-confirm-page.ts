import { html } from 'hono/html'

import { describeFreezeScope, type FreezeScope } from '../../model/freeze.js'
import type { Markup } from './console-format.js'

/** What a freeze would stop, in words. */
function describeStop(scope: FreezeScope): string {
  switch (scope.kind) {
    case 'global':
      return 'every agent, in every environment: every action they propose is denied, and approved grants not yet used are voided'
    case 'environment':
      return `every action any agent proposes in environment ${scope.environment}; approved grants there not yet used are voided`
    case 'agent':
      return `every action agent ${scope.agent} proposes, anywhere; its approved grants not yet used are voided`
  }
}

/** The page that asks once more before a kill switch is pulled; works without script. */
export function renderFreezeConfirm(
  scope: FreezeScope,
  reason: string,
  csrf: string,
  back: string,
): Markup {
  const name = describeFreezeScope(scope)
  return html`<section class="panel" aria-labelledby="confirm-title">
    <h1 id="confirm-title">Freeze ${name}?</h1>
    <p>This stops ${describeStop(scope)}. Only someone with the breakglass role can lift it.</p>
    <p>Reason: <strong>${reason}</strong></p>
    <form method="post" action="/freeze" class="vote-form">
      <input type="hidden" name="csrf" value="${csrf}" />
      <input type="hidden" name="scope" value="${name}" />
      <input type="hidden" name="reason" value="${reason}" />
      <input type="hidden" name="back" value="${back}" />
      <input type="hidden" name="confirm" value="yes" />
      <div class="actions">
        <button class="btn btn-danger" type="submit" id="confirm-freeze">
          Confirm: freeze ${name}
        </button>
        <a class="btn btn-plain" href="${back}">Cancel</a>
      </div>
    </form>
  </section>`
}
