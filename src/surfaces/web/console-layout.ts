import { html } from 'hono/html'

import type { Markup } from './console-format.js'
import { type KillSwitchView, renderKillSwitch } from './kill-switch-panel.js'

/** A message shown above a page's content. */
export interface Notice {
  readonly kind: 'error' | 'info' | 'warn'
  readonly text: string
}

/** What every signed-in page is made of. */
export interface PageView {
  readonly title: string
  /** The path of the page, for the navigation and to come back to after a freeze. */
  readonly path: string
  readonly killSwitch: KillSwitchView
  readonly body: Markup
  readonly notice?: Notice
}

const NAV = [
  { href: '/', label: 'Queue' },
  { href: '/audit', label: 'Audit' },
  { href: '/agents', label: 'Agents' },
] as const

function isCurrent(href: string, path: string): boolean {
  return href === '/' ? path === '/' || path.startsWith('/requests/') : path.startsWith(href)
}

/** The document around a page: head, skip link, navigation, kill switch, notice and script. */
export function renderDocument(title: string, content: Markup, live = true): Markup {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>${title} · airlock</title>
        <link rel="stylesheet" href="/console.css" />
        <script src="/console.js" defer></script>
      </head>
      <body data-live="${live ? 'off' : 'none'}">
        <a class="skip" href="#content">Skip to content</a>
        ${content}
        <div id="live" class="live" role="status" aria-live="polite"></div>
      </body>
    </html>`
}

/** A signed-in page of the console. */
export function renderPage(view: PageView): Markup {
  const { principal, csrf } = view.killSwitch
  return renderDocument(
    view.title,
    html`<header class="topbar">
        <div class="topbar-inner">
          <a class="brand" href="/"><span class="brand-mark" aria-hidden="true"></span>airlock</a>
          <nav aria-label="Console">
            <ul>
              ${NAV.map(
                (item) =>
                  html`<li>
                    <a
                      href="${item.href}"
                      ${isCurrent(item.href, view.path) ? html`aria-current="page"` : ''}
                      >${item.label}</a
                    >
                  </li>`,
              )}
            </ul>
          </nav>
          <div class="who">
            <span>Signed in as <strong>${principal.id}</strong></span>
            <span class="muted">(${principal.roles.join(', ')})</span>
            <form method="post" action="/logout">
              <input type="hidden" name="csrf" value="${csrf}" />
              <button class="linklike" type="submit">Sign out</button>
            </form>
          </div>
        </div>
      </header>
      ${renderKillSwitch(view.killSwitch)}
      <main id="content" tabindex="-1">
        ${
          view.notice === undefined
            ? ''
            : html`<div
                class="notice ${view.notice.kind}"
                role="${view.notice.kind === 'error' ? 'alert' : 'status'}"
              >
                ${view.notice.text}
              </div>`
        }
        ${view.body}
      </main>`,
  )
}
