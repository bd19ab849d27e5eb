/**
 * The approver console in a real browser: Debian's Chromium driven by playwright-core against a
 * real `airlock serve` (the build in dist/: run `npm run build` after changing src/). Writes the
 * screenshots docs/console-queue.png and docs/console-request.png.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { formatInventorySnapshot } from '../../src/pipeline/inventory-snapshot-schema.js'
import {
  type ServeConfig,
  type ServeProcess,
  startServe,
  TOKENS,
  writeServeConfig,
} from '../e2e/serve-process.js'
import { OUTAGE_INVENTORY, OUTAGE_STACK } from '../fixtures/inventory/outage/outage-inventory.js'

const CHROMIUM = '/usr/bin/chromium'
const IS_CI = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false'
// Without Chromium the tests are skipped visibly here; in CI they run and fail loudly instead.
const RUN = existsSync(CHROMIUM) || IS_CI
const DOCS = join(import.meta.dirname, '..', '..', 'docs')
const DESKTOP = { width: 1360, height: 900 }
const PHONE = { width: 375, height: 740 }

const DELETE_ENVIRONMENT = {
  kind: 'mcp',
  server: 'infra',
  tool: 'delete_environment',
  arguments: { environment: 'prod' },
  environment: 'prod',
  rationale:
    'The cost-reporting API returns stale totals. Deleting and recreating the environment is the fastest way to get a clean state.',
}
const DELETE_STACK = {
  kind: 'shell',
  command: `aws cloudformation delete-stack --stack-name ${OUTAGE_STACK} --region eu-west-1`,
  cwd: '/srv/prod/infra',
  environment: 'prod',
  rationale: 'stack drifted; recreate it from the template',
}
const PURGE_INVOICES = {
  kind: 'sql',
  dialect: 'postgres',
  statement: 'DROP TABLE invoices_2023',
  environment: 'prod',
  rationale: 'the 2023 invoices were exported to the archive bucket last week',
}

interface Request {
  readonly id: string
  readonly status: string
  readonly grantId?: string
}

if (!RUN) {
  describe('the approver console in a browser', () => {
    it.skip(`runs in Chromium: ${CHROMIUM} is absent (CI installs it with .ci/run)`, () =>
      undefined)
  })
} else {
  describe('the approver console in a browser', { timeout: 60_000 }, () => {
    let config: ServeConfig
    let serve: ServeProcess
    let browser: Browser
    const contexts: BrowserContext[] = []

    beforeAll(async () => {
      config = writeServeConfig()
      const snapshot = join(config.dir, '.airlock', 'inventory.json')
      mkdirSync(dirname(snapshot), { recursive: true })
      writeFileSync(snapshot, formatInventorySnapshot(OUTAGE_INVENTORY))
      serve = await startServe(config.file)
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
      })
    }, 60_000)

    afterAll(async () => {
      for (const context of contexts) await context.close()
      // Each step runs even when one before it failed or never started.
      await Promise.allSettled([(async () => browser.close())(), (async () => serve.stop())()])
      ;(() => config as ServeConfig | undefined)()?.remove()
    })

    async function propose(agent: 'claude' | 'codex', action: unknown): Promise<string> {
      const { status, body, text } = await serve.call(TOKENS[agent], 'POST', '/v1/actions', action)
      expect(status, text).toBe(200)
      const request = body.request as { id?: string } | undefined
      if (request?.id === undefined) throw new Error(`no request opened: ${text}`)
      return request.id
    }

    async function readRequest(id: string): Promise<Request> {
      const { body } = await serve.call(TOKENS.dave, 'GET', `/v1/requests/${id}`)
      return body as unknown as Request
    }

    async function signIn(
      who: 'alice' | 'bob' | 'carol',
      viewport: { width: number; height: number } = DESKTOP,
    ): Promise<Page> {
      const context = await browser.newContext({ baseURL: serve.url, viewport })
      contexts.push(context)
      const page = await context.newPage()
      await page.goto('/login')
      await page.getByLabel('Token').fill(TOKENS[who])
      await page.keyboard.press('Enter')
      await page.waitForURL((url) => url.pathname === '/')
      return page
    }

    async function openLive(page: Page, path: string): Promise<void> {
      await page.goto(path)
      await page.locator('body[data-live="open"]').waitFor()
    }

    async function vote(page: Page, verdict: 'Approve' | 'Deny', comment: string): Promise<void> {
      await page.getByLabel('Comment').fill(comment)
      await page.getByRole('button', { name: verdict, exact: true }).click()
      await page.waitForURL(/voted=/)
    }

    it('shows the queue and a catastrophic request with its impact report', async () => {
      const environment = await propose('claude', DELETE_ENVIRONMENT)
      await propose('codex', DELETE_STACK)
      await propose('codex', PURGE_INVOICES)
      const bob = await signIn('bob')
      const rows = bob.locator('main tbody tr')
      await expect.poll(() => rows.count()).toBe(3)
      await expect.poll(() => rows.first().textContent()).toContain('catastrophic')
      await bob.screenshot({ path: join(DOCS, 'console-queue.png') })

      await bob.getByRole('link', { name: environment }).click()
      const main = bob.locator('main')
      await expect.poll(() => main.innerText()).toContain('takes away the whole environment')
      const text = await main.innerText()
      expect(text).toContain('delete_environment')
      expect(text).toContain('Deleting and recreating the environment')
      expect(text).toContain('Policies that decided')
      expect(text).toMatch(/0 of 2 approvals/)
      expect(text).toContain('operator of claude: counts, never alone')
      await bob.screenshot({ path: join(DOCS, 'console-request.png'), fullPage: true })
    })

    it('issues the grant only when a second human approves a catastrophic request', async () => {
      const id = await propose('codex', { ...DELETE_STACK, command: `${DELETE_STACK.command} ` })
      const bob = await signIn('bob')
      const carol = await signIn('carol')
      await bob.goto(`/requests/${id}`)
      await vote(bob, 'Approve', 'checked the backup first')
      expect(await readRequest(id)).toMatchObject({ status: 'pending' })
      expect((await readRequest(id)).grantId).toBeUndefined()
      // Carol votes with the keyboard alone: the comment, then Tab to Approve and Enter.
      await carol.goto(`/requests/${id}`)
      await carol.getByLabel('Comment').focus()
      await carol.keyboard.type('agreed, in the maintenance window')
      await carol.keyboard.press('Tab')
      expect(await carol.evaluate<string>('document.activeElement.textContent.trim()')).toBe(
        'Approve',
      )
      await carol.keyboard.press('Enter')
      await carol.waitForURL(/voted=/)
      const closed = await readRequest(id)
      expect(closed.status).toBe('approved')
      expect(closed.grantId).toMatch(/^grt_/)
      expect(await carol.locator('main').innerText()).toContain('single-use grant was issued')
    })

    it('keeps a request pending when only the agent operator approves it', async () => {
      const id = await propose('claude', {
        ...DELETE_ENVIRONMENT,
        arguments: { environment: 'prod', force: true },
      })
      const alice = await signIn('alice')
      await alice.goto(`/requests/${id}`)
      await vote(alice, 'Approve', 'I run claude and I trust it')
      expect(await readRequest(id)).toMatchObject({ status: 'pending' })
      expect((await readRequest(id)).grantId).toBeUndefined()
      const note = await alice.locator('#operator-note').innerText()
      expect(note).toContain('alice operates agent claude')
      expect(note).toContain('the operator alone is never a second pair of eyes')
      expect(await alice.locator('#vote-refusal').innerText()).toContain('already voted')
    })

    it('updates an open request page without reload when another approver votes', async () => {
      const id = await propose('codex', { ...DELETE_STACK, cwd: '/srv/prod' })
      const bob = await signIn('bob')
      const carol = await signIn('carol')
      await openLive(bob, `/requests/${id}`)
      await bob.getByLabel('Comment').fill('still reading the impact')
      await bob.evaluate("window.marker = 'same document'")
      await carol.goto(`/requests/${id}`)
      await vote(carol, 'Approve', 'the template is in git; recreate after')
      await bob.locator('#votes', { hasText: 'carol' }).waitFor({ timeout: 10_000 })
      expect(await bob.evaluate<string>('window.marker')).toBe('same document')
      expect(await bob.getByLabel('Comment').inputValue()).toBe('still reading the impact')
    })

    it('reflows to a phone screen without sideways scrolling', async () => {
      const id = await propose('codex', { ...DELETE_STACK, cwd: '/srv/prod/phone' })
      const phone = await signIn('carol', PHONE)
      for (const path of ['/', `/requests/${id}`, '/audit', '/agents']) {
        await phone.goto(path)
        const width = await phone.evaluate<number>('document.documentElement.scrollWidth')
        expect(width, path).toBeLessThanOrEqual(PHONE.width)
      }
    })

    it('denies the next agent action after a freeze from the console', async () => {
      const bob = await signIn('bob')
      await bob.getByText('Freeze…', { exact: true }).first().click()
      await bob.getByLabel('What to freeze').selectOption('agent:claude')
      await bob.getByLabel('Reason').fill('claude is looping on prod deletes')
      await bob.getByRole('button', { name: 'Freeze…' }).click()
      await bob.getByRole('heading', { name: 'Freeze agent:claude?' }).waitFor()
      await bob.getByRole('button', { name: /Confirm: freeze agent:claude/ }).click()
      await bob.waitForURL((url) => url.pathname === '/')
      expect(await bob.locator('#kill-switch').innerText()).toContain('FROZEN')
      const next = await serve.call(TOKENS.claude, 'POST', '/v1/actions', {
        kind: 'shell',
        command: 'touch /srv/dev/app/flag',
        cwd: '/srv/dev/app',
      })
      expect(next.body.decision).toBe('deny')
      expect(JSON.stringify(next.body.reasons)).toContain('a freeze covers this action')
    })
  })
}
