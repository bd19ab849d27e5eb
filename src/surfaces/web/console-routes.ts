/**
 * @module surfaces/web
 * The approver console of `airlock serve`: server-rendered pages over the same gateway the API
 * uses, signed in with a human token into an in-memory session. It decides nothing itself:
 * votes, freezes and reads go through pipeline/. Imports model/, pipeline/ and hono.
 */
import { randomBytes } from 'node:crypto'

import type { Context, Env, Hono, MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { html } from 'hono/html'
import type { ContentfulStatusCode } from 'hono/utils/http-status'

import type { AuditRecord } from '../../model/audit-record.js'
import { ApiError } from '../../model/errors.js'
import {
  describeFreezeScope,
  type Freeze,
  type FreezeScope,
  isCoveredByFreeze,
} from '../../model/freeze.js'
import type { Authenticator } from '../../pipeline/authenticate.js'
import { describeFourEyes } from '../../pipeline/four-eyes.js'
import type { Gateway } from '../../pipeline/gateway.js'
import { toErrorResponse } from '../http/error-response.js'
import { renderAgents } from './agents-page.js'
import { matchesAuditFilter, parseAuditFilter } from './audit-filter.js'
import { renderAudit } from './audit-page.js'
import { streamConsoleEvents } from './console-events.js'
import type { Markup } from './console-format.js'
import { type Notice, renderPage } from './console-layout.js'
import { CONSOLE_JS } from './console-script.js'
import {
  type ConsoleSession,
  ConsoleSessions,
  SESSION_COOKIE,
  SESSION_TTL_MS,
} from './console-sessions.js'
import { CONSOLE_CSS } from './console-style.js'
import { renderFreezeConfirm } from './freeze-confirm-page.js'
import { listFreezeScopes } from './kill-switch-panel.js'
import { renderLogin } from './login-page.js'
import { renderQueue } from './queue-page.js'
import { renderRequest } from './request-page.js'
import { isSameSecret } from './same-secret.js'

/** What the console is built on. */
export interface ConsoleOptions {
  readonly gateway: Gateway
  readonly authenticator: Authenticator
  /** The sessions; a fresh in-memory set unless given. */
  readonly sessions?: ConsoleSessions
  /** The time shown as "now" (ages, expiry); the system clock unless given. */
  readonly now?: () => number
  /** How often an idle event stream sends a heartbeat. */
  readonly heartbeatMs?: number
  /** Told about failures the console answered with a 5xx, for the server's log. */
  readonly onInternalError?: (error: unknown) => void
}

/** The cookie that carries the sign-in form's CSRF nonce until the session exists. */
const LOGIN_COOKIE = 'airlock_login'
const LOGIN_TTL_S = 600
const MAX_FORM_BYTES = 64 * 1024
const MAX_REASON = 500
const AUDIT_LIMIT = 200
const AGENT_RECENT = 8

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
}

/** Every path the console answers on, for its headers and form limits. */
const CONSOLE_PATHS = [
  '/',
  '/login',
  '/logout',
  '/requests/*',
  '/audit',
  '/agents',
  '/freeze',
  '/freeze/*',
  '/events',
  '/console.js',
  '/console.css',
] as const

const VOTED: Readonly<Record<string, string>> = {
  approved: 'Your approval is recorded; more approvals are needed.',
  'approved-approved': 'Your approval completed the request: a single-use grant was issued.',
  denied: 'Your denial is recorded.',
  'denied-denied': 'You denied the request: it is closed and the action will not run.',
}

// A path on this site to come back to; anything else (`//evil`, `https://…`) goes to the queue.
function localPath(text: string | undefined): string {
  if (text === undefined || !text.startsWith('/') || text.startsWith('//') || text.includes('\\')) {
    return '/'
  }
  return text
}

function parseScope(text: string): FreezeScope {
  if (text === 'global') return { kind: 'global' }
  const [kind, name] = text.split(':', 2)
  if (kind === 'environment' && name !== undefined && name !== '') {
    return { kind: 'environment', environment: name }
  }
  if (kind === 'agent' && name !== undefined && name !== '') return { kind: 'agent', agent: name }
  throw new ApiError(
    'input_invalid',
    `field \`scope\`: expected global, environment:NAME or agent:NAME; got \`${text}\``,
  )
}

function field(form: Record<string, unknown>, name: string): string | undefined {
  const value = form[name]
  return typeof value === 'string' ? value : undefined
}

/**
 * Registers the console on the gateway's app: `/` (the queue), `/requests/:id`, `/audit`,
 * `/agents`, the kill switch (`/freeze`, `/freeze/lift`), `/events` (server-sent events),
 * sign-in and its static script and stylesheet. The JSON API under `/v1` is untouched.
 */
export function mountConsole<E extends Env>(app: Hono<E>, options: ConsoleOptions): void {
  const { gateway, authenticator } = options
  const { config } = gateway
  const sessions = options.sessions ?? new ConsoleSessions()
  const now = options.now ?? Date.now
  const secure = config.publicUrl.startsWith('https:')
  const publicOrigin = URL.canParse(config.publicUrl) ? new URL(config.publicUrl).origin : undefined

  const limitForm = bodyLimit({
    maxSize: MAX_FORM_BYTES,
    onError: (c) => c.text('form too large', 413),
  })
  const guard: MiddlewareHandler = async (c, next) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.header(name, value)
    await (c.req.method === 'POST' ? limitForm(c, next) : next())
  }
  for (const path of CONSOLE_PATHS) app.use(path, guard)

  const sessionOf = (c: Context<E>): ConsoleSession | undefined =>
    sessions.find(getCookie(c, SESSION_COOKIE))

  // A cross-site form post is refused before its token is even looked at. Under
  // `Referrer-Policy: no-referrer` browsers send `Origin: null` with form posts, so an opaque
  // origin passes only when the browser's fetch metadata says the post came from this origin.
  const isCrossOrigin = (c: Context<E>): boolean => {
    const site = c.req.header('sec-fetch-site')
    if (site !== undefined && site !== 'same-origin' && site !== 'none') return true
    const origin = c.req.header('origin')
    if (origin === undefined) return false
    if (origin === 'null') return site !== 'same-origin'
    return origin !== new URL(c.req.url).origin && origin !== publicOrigin
  }

  const killSwitch = async (session: ConsoleSession, back: string) => ({
    freezes: await gateway.listFreezes(),
    config,
    principal: session.principal,
    csrf: session.csrf,
    back,
  })

  const page = async (
    c: Context<E>,
    session: ConsoleSession,
    title: string,
    body: Markup,
    options: { notice?: Notice; status?: ContentfulStatusCode } = {},
  ) =>
    c.html(
      renderPage({
        title,
        path: c.req.path,
        killSwitch: await killSwitch(session, c.req.path + (new URL(c.req.url).search || '')),
        body,
        ...(options.notice === undefined ? {} : { notice: options.notice }),
      }),
      options.status ?? 200,
    )

  const failure = (error: unknown): { status: ContentfulStatusCode; notice: Notice } => {
    const { status, body } = toErrorResponse(error)
    if (status >= 500) options.onInternalError?.(error)
    return { status, notice: { kind: 'error', text: body.error.message } }
  }

  type Handler = (c: Context<E>, session: ConsoleSession) => Promise<Response>

  // Pages for a signed-out browser send it to sign in, and back here afterwards.
  const signedIn =
    (handler: Handler) =>
    async (c: Context<E>): Promise<Response> => {
      const session = sessionOf(c)
      if (session === undefined) {
        const next = c.req.method === 'GET' ? c.req.path + (new URL(c.req.url).search || '') : '/'
        return c.redirect(next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`, 303)
      }
      try {
        return await handler(c, session)
      } catch (error) {
        const { status, notice } = failure(error)
        return page(c, session, 'Error', html`<h1>Something went wrong</h1>`, { notice, status })
      }
    }

  // Every form post: same origin, and the session's CSRF token in the form.
  const form = (
    handler: (
      c: Context<E>,
      session: ConsoleSession,
      form: Record<string, unknown>,
    ) => Promise<Response>,
  ) =>
    signedIn(async (c, session) => {
      if (isCrossOrigin(c)) return c.text('cross-origin form posts are refused', 403)
      const body = await c.req.parseBody()
      if (!isSameSecret(field(body, 'csrf') ?? '', session.csrf)) {
        return c.text('missing or wrong CSRF token: reload the page and try again', 403)
      }
      return handler(c, session, body)
    })

  app.get('/console.css', (c) =>
    c.body(CONSOLE_CSS, 200, { 'content-type': 'text/css; charset=utf-8' }),
  )
  app.get('/console.js', (c) =>
    c.body(CONSOLE_JS, 200, { 'content-type': 'text/javascript; charset=utf-8' }),
  )

  const loginForm = (c: Context<E>, status: ContentfulStatusCode, error?: string) => {
    const nonce = randomBytes(32).toString('base64url')
    setCookie(c, LOGIN_COOKIE, nonce, {
      httpOnly: true,
      sameSite: 'Strict',
      path: '/login',
      secure,
      maxAge: LOGIN_TTL_S,
    })
    return c.html(renderLogin(nonce, localPath(c.req.query('next')), error), status)
  }

  app.get('/login', (c) => (sessionOf(c) === undefined ? loginForm(c, 200) : c.redirect('/', 303)))
  app.post('/login', async (c) => {
    if (isCrossOrigin(c)) return c.text('cross-origin form posts are refused', 403)
    const body = await c.req.parseBody()
    if (!isSameSecret(field(body, 'csrf') ?? '', getCookie(c, LOGIN_COOKIE) ?? '')) {
      return loginForm(c, 403, 'The sign-in form expired or came from elsewhere: sign in again.')
    }
    const principal = authenticator.authenticate(field(body, 'token')?.trim() ?? '')
    if (principal === undefined) return loginForm(c, 401, 'Unknown token.')
    if (principal.kind !== 'human') {
      // An agent never approves, freezes or reads the queue, whatever token it holds.
      return loginForm(
        c,
        403,
        'This is an agent token: agents are refused, only humans sign in here.',
      )
    }
    const { id } = sessions.open(principal)
    deleteCookie(c, LOGIN_COOKIE, { path: '/login', secure })
    setCookie(c, SESSION_COOKIE, id, {
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
      secure,
      maxAge: SESSION_TTL_MS / 1000,
    })
    return c.redirect(localPath(field(body, 'next')), 303)
  })
  app.post(
    '/logout',
    form((c) => {
      sessions.close(getCookie(c, SESSION_COOKIE))
      deleteCookie(c, SESSION_COOKIE, { path: '/', secure })
      return Promise.resolve(c.redirect('/login', 303))
    }),
  )

  app.get(
    '/',
    signedIn(async (c, session) => {
      const requests = await gateway.listRequests({ status: 'pending' })
      const items = await Promise.all(
        requests.map(async (request) => {
          const proposal = await gateway.getRequestProposal(request)
          return { request, ...(proposal === undefined ? {} : { proposal }) }
        }),
      )
      return page(c, session, `Queue (${String(items.length)})`, renderQueue(items, now()))
    }),
  )

  const requestPage = async (
    c: Context<E>,
    session: ConsoleSession,
    id: string,
    extra: { notice?: Notice; status?: ContentfulStatusCode; comment?: string } = {},
  ) => {
    const request = await gateway.getRequest(id)
    const proposal = await gateway.getRequestProposal(request)
    const progress = describeFourEyes(request, config.humans, session.principal.id)
    return page(
      c,
      session,
      `Request ${request.id}`,
      renderRequest({
        request,
        ...(proposal === undefined ? {} : { proposal }),
        progress,
        csrf: session.csrf,
        now: now(),
        ...(extra.comment === undefined ? {} : { comment: extra.comment }),
      }),
      extra,
    )
  }

  app.get(
    '/requests/:id',
    signedIn((c, session) => {
      const voted = VOTED[c.req.query('voted') ?? '']
      return requestPage(
        c,
        session,
        c.req.param('id') ?? '',
        voted === undefined ? {} : { notice: { kind: 'info', text: voted } },
      )
    }),
  )
  app.post(
    '/requests/:id/vote',
    form(async (c, session, body) => {
      const id = c.req.param('id') ?? ''
      const verdict = field(body, 'verdict')
      const comment = field(body, 'comment')?.trim()
      try {
        if (verdict !== 'approve' && verdict !== 'deny') {
          throw new ApiError('input_invalid', `field \`verdict\`: expected approve or deny`)
        }
        const outcome = await gateway.vote(
          session.principal,
          id,
          verdict,
          comment === undefined || comment === '' ? undefined : comment,
        )
        const done =
          outcome.request.status === 'pending'
            ? `${verdict}d`
            : `${verdict}d-${outcome.request.status}`
        return c.redirect(`/requests/${encodeURIComponent(id)}?voted=${done}`, 303)
      } catch (error) {
        const { status, notice } = failure(error)
        return requestPage(c, session, id, {
          notice,
          status,
          ...(comment === undefined ? {} : { comment }),
        })
      }
    }),
  )

  app.get(
    '/audit',
    signedIn(async (c, session) => {
      const query = c.req.query()
      let filter
      try {
        filter = parseAuditFilter(query)
      } catch (error) {
        const { status, notice } = failure(error)
        const verification = await gateway.verifyAudit()
        return page(
          c,
          session,
          'Audit',
          renderAudit({ config, query, verification, records: [], matched: 0, limit: AUDIT_LIMIT }),
          { notice, status },
        )
      }
      const verification = await gateway.verifyAudit()
      // Reads the whole log and filters here: fine at the sizes one gateway keeps today.
      const newest: AuditRecord[] = []
      let matched = 0
      for await (const record of gateway.exportAudit()) {
        if (!matchesAuditFilter(record, filter)) continue
        matched += 1
        newest.push(record)
        if (newest.length > AUDIT_LIMIT) newest.shift()
      }
      return page(
        c,
        session,
        'Audit',
        renderAudit({
          config,
          query,
          verification,
          records: newest.reverse(),
          matched,
          limit: AUDIT_LIMIT,
        }),
      )
    }),
  )

  app.get(
    '/agents',
    signedIn(async (c, session) => {
      const recent = new Map<string, AuditRecord[]>(config.agents.map((agent) => [agent.id, []]))
      for await (const record of gateway.exportAudit()) {
        if (record.kind !== 'action.proposed') continue
        const list =
          typeof record.data.agent === 'string' ? recent.get(record.data.agent) : undefined
        if (list === undefined) continue
        list.push(record)
        if (list.length > AGENT_RECENT) list.shift()
      }
      const freezes: Freeze[] = await gateway.listFreezes()
      const reviews = new Map(
        (await gateway.reviewStatus()).map((status) => [status.agent, status]),
      )
      return page(
        c,
        session,
        'Agents',
        renderAgents(
          config.agents.map((agent) => ({
            agent,
            recent: [...(recent.get(agent.id) ?? [])].reverse(),
            frozen: freezes.some((freeze) => isCoveredByFreeze(freeze.scope, { agent: agent.id })),
            ...(reviews.has(agent.id) ? { review: reviews.get(agent.id) } : {}),
          })),
        ),
      )
    }),
  )

  app.post(
    '/freeze',
    form(async (c, session, body) => {
      const back = localPath(field(body, 'back'))
      const scope = parseScope(field(body, 'scope') ?? '')
      const known = listFreezeScopes(config).some(
        (option) => option.value === describeFreezeScope(scope),
      )
      if (!known) {
        throw new ApiError(
          'input_invalid',
          `field \`scope\`: no such scope \`${describeFreezeScope(scope)}\``,
        )
      }
      const reason = field(body, 'reason')?.trim() ?? ''
      if (reason === '' || reason.length > MAX_REASON) {
        throw new ApiError(
          'input_invalid',
          `field \`reason\`: a freeze needs a reason of 1-${String(MAX_REASON)} characters`,
        )
      }
      if (field(body, 'confirm') !== 'yes') {
        return page(
          c,
          session,
          'Confirm freeze',
          renderFreezeConfirm(scope, reason, session.csrf, back),
        )
      }
      await gateway.freeze(session.principal, scope, reason)
      return c.redirect(back, 303)
    }),
  )
  app.post(
    '/freeze/lift',
    form(async (c, session, body) => {
      const scope = parseScope(field(body, 'scope') ?? '')
      const reason = field(body, 'reason')?.trim() ?? ''
      if (reason === '') {
        throw new ApiError('input_invalid', 'field `reason`: lifting a freeze needs a reason')
      }
      await gateway.unfreeze(session.principal, scope, reason)
      return c.redirect(localPath(field(body, 'back')), 303)
    }),
  )

  app.get('/events', (c) => {
    if (sessionOf(c) === undefined) return c.text('sign in first', 401)
    return streamConsoleEvents(c, gateway, options.heartbeatMs)
  })
}
