import { html } from 'hono/html'

import type { Markup } from './console-format.js'
import { renderDocument } from './console-layout.js'

/**
 * The sign-in form; `nonce` is the login form's CSRF token, also set as a cookie, and `next` the
 * page to go to afterwards.
 */
export function renderLogin(nonce: string, next: string, error?: string): Markup {
  return renderDocument(
    'Sign in',
    html`<main id="content" tabindex="-1">
      <div class="login panel">
        <h1><span class="brand-mark" aria-hidden="true"></span> airlock console</h1>
        <p class="lede">Sign in with your human token to review and approve agents' actions.</p>
        ${error === undefined ? '' : html`<p class="notice error" role="alert">${error}</p>`}
        <form method="post" action="/login" class="stack">
          <input type="hidden" name="csrf" value="${nonce}" />
          <input type="hidden" name="next" value="${next}" />
          <label for="token"
            >Token
            <input
              id="token"
              name="token"
              type="password"
              autocomplete="current-password"
              required
              autofocus
            />
          </label>
          <p><button class="btn btn-approve" type="submit">Sign in</button></p>
        </form>
        <p class="muted">Agents' tokens are refused here: only humans approve.</p>
      </div>
    </main>`,
    false,
  )
}
