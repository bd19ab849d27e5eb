import type { Hono } from 'hono'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { createAuthenticator } from '../../src/pipeline/authenticate.js'
import type { GatewayStore } from '../../src/pipeline/gateway-store.js'
import { openSqliteStore } from '../../src/storage/sqlite/open-sqlite-store.js'
import { mountConsole } from '../../src/surfaces/web/console-routes.js'
import {
  ACTIONS,
  type GatewayUnderTest,
  startGateway,
  type TestPrincipal,
  TOKENS,
  writeTestConfig,
} from './gateway-harness.js'

interface Browser {
  readonly cookie: string
  readonly csrf: string
}

const ORIGIN = 'http://localhost'

function cookieOf(response: Response, name: string): string | undefined {
  return response.headers.getSetCookie().find((line) => line.startsWith(`${name}=`))
}

function hiddenCsrf(page: string): string {
  const match = /name="csrf" value="([^"]+)"/.exec(page)
  if (match?.[1] === undefined) throw new Error(`no csrf field in:\n${page.slice(0, 500)}`)
  return match[1]
}

function form(fields: Record<string, string>): URLSearchParams {
  return new URLSearchParams(fields)
}

async function postLogin(app: Hono, token: string): Promise<Response> {
  const login = await app.request('/login')
  const nonce = cookieOf(login, 'airlock_login')?.split(';')[0] ?? ''
  return app.request('/login', {
    method: 'POST',
    headers: { cookie: nonce, origin: ORIGIN },
    body: form({ csrf: hiddenCsrf(await login.text()), token, next: '/' }),
  })
}

async function signIn(app: Hono, who: TestPrincipal): Promise<Browser> {
  const response = await postLogin(app, TOKENS[who])
  expect(response.status).toBe(303)
  const cookie = cookieOf(response, 'airlock_session')?.split(';')[0] ?? ''
  const page = await app.request('/', { headers: { cookie } })
  return { cookie, csrf: hiddenCsrf(await page.text()) }
}

async function post(
  app: Hono,
  browser: Browser,
  path: string,
  fields: Record<string, string>,
  headers: Record<string, string> = { origin: ORIGIN },
): Promise<Response> {
  return await app.request(path, {
    method: 'POST',
    headers: { cookie: browser.cookie, ...headers },
    body: form(fields),
  })
}

describe('the approver console', () => {
  let store: GatewayStore
  let gw: GatewayUnderTest
  let app: Hono

  async function start(extra = '') {
    store = await openSqliteStore({ file: ':memory:' })
    gw = await startGateway(store, { configFile: writeTestConfig(extra) })
    app = gw.app
    mountConsole(app, {
      gateway: gw.gateway,
      authenticator: createAuthenticator(gw.config),
      now: () => gw.clock.now(),
    })
  }

  beforeEach(async () => {
    await start()
  })
  afterEach(async () => {
    await store.close()
  })

  it('refuses an agent token at sign-in and opens no session', async () => {
    const response = await postLogin(app, TOKENS.claude)
    expect(response.status).toBe(403)
    expect(await response.text()).toContain('agents are refused')
    expect(cookieOf(response, 'airlock_session')).toBeUndefined()
  })

  it('refuses an unknown token at sign-in', async () => {
    const response = await postLogin(app, 'not-a-token')
    expect(response.status).toBe(401)
    expect(await response.text()).toContain('Unknown token')
    expect(cookieOf(response, 'airlock_session')).toBeUndefined()
  })

  it('sets an HttpOnly, SameSite=Strict session cookie when a human signs in', async () => {
    const cookie = cookieOf(await postLogin(app, TOKENS.bob), 'airlock_session') ?? ''
    expect(cookie).toMatch(/^airlock_session=[\w-]{43};/)
    expect(cookie).toContain('HttpOnly')
    expect(cookie).toContain('SameSite=Strict')
    expect(cookie).toContain('Path=/')
    expect(cookie).not.toContain('Secure')
  })

  it('marks the session cookie Secure when the public URL is https', async () => {
    await store.close()
    await start("publicUrl: 'https://airlock.example.com'")
    const cookie = cookieOf(await postLogin(app, TOKENS.bob), 'airlock_session') ?? ''
    expect(cookie).toContain('Secure')
  })

  it('refuses a sign-in form posted without its nonce cookie', async () => {
    const response = await app.request('/login', {
      method: 'POST',
      body: form({ csrf: 'guessed', token: TOKENS.bob }),
    })
    expect(response.status).toBe(403)
    expect(cookieOf(response, 'airlock_session')).toBeUndefined()
  })

  it.each(['/', '/requests/req_1', '/audit', '/agents'])(
    'redirects a signed-out browser from %s to the sign-in page',
    async (path) => {
      const response = await app.request(path)
      expect(response.status).toBe(303)
      expect(response.headers.get('location')).toMatch(/^\/login/)
    },
  )

  it('sends the security headers with every page', async () => {
    const response = await app.request('/login')
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'")
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
    expect(response.headers.get('referrer-policy')).toBe('no-referrer')
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(await response.text()).not.toMatch(/<script>|<style>| style=/)
  })

  it.each<[string, { csrf?: string }, Record<string, string>]>([
    ['without a CSRF token', {}, { origin: ORIGIN }],
    ['with a wrong CSRF token', { csrf: 'x'.repeat(43) }, { origin: ORIGIN }],
    ['from another origin', { csrf: 'RIGHT' }, { origin: 'https://evil.example' }],
    ['marked cross-site by the browser', { csrf: 'RIGHT' }, { 'sec-fetch-site': 'cross-site' }],
    ['from an opaque origin the browser does not vouch for', { csrf: 'RIGHT' }, { origin: 'null' }],
  ])('refuses a freeze posted %s and freezes nothing', async (_name, fields, headers) => {
    const bob = await signIn(app, 'bob')
    const csrf = fields.csrf === 'RIGHT' ? bob.csrf : fields.csrf
    const response = await post(
      app,
      bob,
      '/freeze',
      {
        ...(csrf === undefined ? {} : { csrf }),
        scope: 'global',
        reason: 'stop',
        confirm: 'yes',
      },
      headers,
    )
    expect(response.status).toBe(403)
    expect(await gw.gateway.listFreezes()).toEqual([])
  })

  it('asks for confirmation before it freezes, then freezes the agent', async () => {
    const bob = await signIn(app, 'bob')
    const fields = { csrf: bob.csrf, scope: 'agent:claude', reason: 'runaway loop', back: '/' }
    const confirm = await post(app, bob, '/freeze', fields)
    expect(confirm.status).toBe(200)
    expect(await confirm.text()).toContain('Freeze agent:claude?')
    expect(await gw.gateway.listFreezes()).toEqual([])
    const done = await post(app, bob, '/freeze', { ...fields, confirm: 'yes' })
    expect(done.status).toBe(303)
    expect((await gw.gateway.listFreezes()).map((freeze) => freeze.scope)).toEqual([
      { kind: 'agent', agent: 'claude' },
    ])
    const proposal = await gw.call('claude', 'POST', '/v1/actions', ACTIONS.mutatingDev)
    expect(proposal.body.decision).toBe('deny')
  })

  it('shows an agent rationale with markup as text', async () => {
    const attack = '<script>alert("pwned")</script><img src=x onerror=alert(1)>'
    const proposed = await gw.call('claude', 'POST', '/v1/actions', {
      ...ACTIONS.catastrophicProd,
      rationale: attack,
      command: 'terraform destroy -auto-approve # <b>bold</b>',
    })
    const id = (proposed.body.request as { id: string }).id
    const bob = await signIn(app, 'bob')
    const page = await (
      await app.request(`/requests/${id}`, { headers: { cookie: bob.cookie } })
    ).text()
    expect(page).toContain('&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;')
    expect(page).toContain('&lt;b&gt;bold&lt;/b&gt;')
    expect(page).not.toContain('<script>alert')
    expect(page).not.toContain('<img src=x')
  })

  it('shows a refused vote as a message on the request page, not an error body', async () => {
    const proposed = await gw.call('claude', 'POST', '/v1/actions', ACTIONS.catastrophicProd)
    const id = (proposed.body.request as { id: string }).id
    const bob = await signIn(app, 'bob')
    const first = await post(app, bob, `/requests/${id}/vote`, {
      csrf: bob.csrf,
      verdict: 'approve',
    })
    expect(first.status).toBe(303)
    const again = await post(app, bob, `/requests/${id}/vote`, {
      csrf: bob.csrf,
      verdict: 'approve',
      comment: 'me again',
    })
    expect(again.status).toBe(409)
    const page = await again.text()
    expect(page).toContain('you have already voted; four eyes means two different people')
    expect(page).not.toMatch(/at .*\.ts:\d+|"error":/)
  })

  it('explains why the operator alone cannot complete a request', async () => {
    const proposed = await gw.call('claude', 'POST', '/v1/actions', ACTIONS.catastrophicProd)
    const id = (proposed.body.request as { id: string }).id
    const alice = await signIn(app, 'alice')
    await post(app, alice, `/requests/${id}/vote`, { csrf: alice.csrf, verdict: 'approve' })
    const page = await (
      await app.request(`/requests/${id}`, { headers: { cookie: alice.cookie } })
    ).text()
    expect(page).toContain('the operator alone is never a second pair of eyes')
    expect((await gw.gateway.getRequest(id)).status).toBe('pending')
  })

  it('refuses an audit filter it cannot read, naming the field', async () => {
    const bob = await signIn(app, 'bob')
    const response = await app.request('/audit?risk=huge', { headers: { cookie: bob.cookie } })
    expect(response.status).toBe(400)
    expect(await response.text()).toContain('query `risk`')
  })

  it('filters the audit timeline by agent and decision', async () => {
    await gw.call('claude', 'POST', '/v1/actions', ACTIONS.safe)
    await gw.call('codex', 'POST', '/v1/actions', ACTIONS.catastrophicProd)
    const bob = await signIn(app, 'bob')
    const page = await (
      await app.request('/audit?agent=codex&decision=approve', { headers: { cookie: bob.cookie } })
    ).text()
    expect(page).toMatch(/1\s+matching\s+record\b/)
    expect(page).toContain('Chain verified')
    expect(page).toContain('terraform destroy')
    expect(page).not.toContain('ls -la')
  })

  it('flags an agent whose permission review is overdue until a human certifies it', async () => {
    const bob = await signIn(app, 'bob')
    const agentsPage = async () =>
      (await app.request('/agents', { headers: { cookie: bob.cookie } })).text()
    const before = await agentsPage()
    expect(before.match(/<span class="tag bad">review overdue<\/span>/g)).toHaveLength(4)
    expect(before).toContain('never reviewed')

    const certified = await gw.call('carol', 'POST', '/v1/agents/claude/review', {
      comment: 'scope checked',
    })
    expect(certified.status).toBe(201)
    const after = await agentsPage()
    expect(after.match(/<span class="tag bad">review overdue<\/span>/g)).toHaveLength(2)
    expect(after).toContain('last by human:carol')
  })

  it('refuses the event stream to a signed-out browser', async () => {
    const response = await app.request('/events')
    expect(response.status).toBe(401)
  })

  it('streams a change event when another approver votes', async () => {
    const proposed = await gw.call('claude', 'POST', '/v1/actions', ACTIONS.catastrophicProd)
    const id = (proposed.body.request as { id: string }).id
    const bob = await signIn(app, 'bob')
    const controller = new AbortController()
    const response = await app.request('/events', {
      headers: { cookie: bob.cookie },
      signal: controller.signal,
    })
    expect(response.headers.get('content-type')).toBe('text/event-stream')
    const reader = (response.body as ReadableStream<Uint8Array>).getReader()
    const decoder = new TextDecoder()
    let text = ''
    const readUntil = async (needle: string) => {
      while (!text.includes(needle)) {
        const { value, done } = await reader.read()
        if (done) break
        text += decoder.decode(value)
      }
    }
    await readUntil('event: ready')
    await gw.call('carol', 'POST', `/v1/requests/${id}/approve`, {})
    await readUntil('data: request.voted')
    expect(text).toContain('event: change\ndata: request.voted')
    await reader.cancel()
  })
})
