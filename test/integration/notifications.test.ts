import { createHmac, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

import { afterEach, describe, expect, it } from 'vitest'

import {
  type NotificationTarget,
  Notifier,
  resolveNotificationTargets,
  type RetryPolicy,
} from '../../src/pipeline/notifier.js'
import { openSqliteStore } from '../../src/storage/sqlite/open-sqlite-store.js'
import { ACTIONS, type GatewayUnderTest, startGateway } from './gateway-harness.js'

/** What the receiver got: one entry per HTTP request, in order. */
interface Received {
  readonly headers: IncomingHttpHeaders
  readonly body: string
}

/** A local HTTP receiver that answers each request with the next status of `statuses` (then 200). */
class Receiver {
  readonly received: Received[] = []
  readonly #server: Server
  #statuses: number[]

  constructor(statuses: number[] = []) {
    this.#statuses = [...statuses]
    this.#server = createServer((request, response) => {
      const chunks: Buffer[] = []
      request.on('data', (chunk: Buffer) => chunks.push(chunk))
      request.on('end', () => {
        this.received.push({
          headers: request.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        })
        response.statusCode = this.#statuses.shift() ?? 200
        response.end()
      })
    })
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve))
    return `http://127.0.0.1:${String((this.#server.address() as AddressInfo).port)}/hook`
  }

  close(): Promise<void> {
    return new Promise((resolve) =>
      this.#server.close(() => {
        resolve()
      }),
    )
  }
}

const FAST_RETRY: RetryPolicy = { attempts: 4, firstDelayMs: 20, maxDelayMs: 200, timeoutMs: 5000 }
// For a receiver that never answers: one long attempt, ended by the test.
const PATIENT: RetryPolicy = { attempts: 1, firstDelayMs: 10, maxDelayMs: 10, timeoutMs: 60_000 }
const SECRET = 'webhook-signing-secret-for-tests'

const receivers: Receiver[] = []
const gateways: GatewayUnderTest[] = []

afterEach(async () => {
  await Promise.all(receivers.splice(0).map((receiver) => receiver.close()))
  gateways.splice(0)
})

async function receiver(statuses: number[] = []): Promise<{ receiver: Receiver; url: string }> {
  const created = new Receiver(statuses)
  receivers.push(created)
  return { receiver: created, url: await created.start() }
}

function webhook(url: string, events?: NotificationTarget['events']): NotificationTarget {
  return {
    name: 'notifications[0] (webhook, 127.0.0.1)',
    kind: 'webhook',
    url,
    secret: SECRET,
    events: events ?? new Set(['request.opened', 'request.closed', 'freeze.set']),
  }
}

// A gateway on SQLite whose events go to a notifier, as `airlock serve` wires them.
async function gatewayNotifying(
  targets: readonly NotificationTarget[],
  retry = FAST_RETRY,
): Promise<{ gw: GatewayUnderTest; notifier: Notifier }> {
  const gw = await startGateway(await openSqliteStore({ file: ':memory:' }))
  gateways.push(gw)
  const notifier = new Notifier({
    targets,
    publicUrl: 'https://airlock.example.com/',
    retry,
    onFailure: (failure) => gw.gateway.recordNotificationFailure(failure),
  })
  gw.gateway.listen((event) => {
    notifier.notify(event)
  })
  return { gw, notifier }
}

async function auditKinds(gw: GatewayUnderTest): Promise<string[]> {
  const kinds: string[] = []
  for await (const record of gw.gateway.exportAudit()) kinds.push(record.kind)
  return kinds
}

function verifySignature(received: Received, secret: string): boolean {
  const timestamp = String(received.headers['x-airlock-timestamp'])
  const expected = `v1=${createHmac('sha256', secret).update(`${timestamp}.${received.body}`).digest('hex')}`
  const given = String(received.headers['x-airlock-signature'])
  return (
    given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected))
  )
}

describe('webhook notifications', () => {
  it('signs a new request with HMAC-SHA256 that the receiver can verify', async () => {
    const { receiver: target, url } = await receiver()
    const { gw, notifier } = await gatewayNotifying([webhook(url)])

    const answer = await gw.call('claude', 'POST', '/v1/actions', ACTIONS.destructiveProd)
    await notifier.idle()

    expect(answer.body.decision).toBe('approve')
    expect(target.received).toHaveLength(1)
    const [delivery] = target.received
    if (delivery === undefined) throw new Error('nothing received')
    expect(verifySignature(delivery, SECRET)).toBe(true)
    expect(verifySignature(delivery, 'another-secret')).toBe(false)
    expect(delivery.headers['x-airlock-event']).toBe('request.opened')
    const body = JSON.parse(delivery.body) as Record<string, unknown>
    const requestId = (answer.body.request as { id: string }).id
    expect(body).toMatchObject({
      schemaVersion: 1,
      type: 'request.opened',
      subject: requestId,
      link: `https://airlock.example.com/requests/${requestId}`,
      data: { request: { id: requestId, risk: 'destructive', agent: 'claude', needed: 1 } },
    })
    expect(body.summary).toContain('needs 1 approval(s)')
  })

  it('fails verification when the body was changed in transit', async () => {
    const { receiver: target, url } = await receiver()
    const { gw, notifier } = await gatewayNotifying([webhook(url)])
    await gw.call('alice', 'POST', '/v1/freezes', { scope: 'global', reason: 'drill' })
    await notifier.idle()

    const [delivery] = target.received
    if (delivery === undefined) throw new Error('nothing received')
    expect(
      verifySignature({ ...delivery, body: delivery.body.replace('drill', 'dril') }, SECRET),
    ).toBe(false)
  })

  it('retries with the same delivery id until the receiver accepts', async () => {
    const { receiver: target, url } = await receiver([503, 500, 429])
    const { gw, notifier } = await gatewayNotifying([webhook(url)])

    await gw.call('alice', 'POST', '/v1/freezes', { scope: 'global', reason: 'incident' })
    await notifier.idle()

    expect(target.received.map((r) => r.headers['x-airlock-attempt'])).toEqual(['1', '2', '3', '4'])
    expect(new Set(target.received.map((r) => r.headers['x-airlock-delivery'])).size).toBe(1)
    expect(target.received.every((r) => verifySignature(r, SECRET))).toBe(true)
    expect(await auditKinds(gw)).not.toContain('notification.failed')
  })

  it('does not retry a delivery the receiver refuses, and audits it', async () => {
    const { receiver: target, url } = await receiver([400, 400, 400])
    const { gw, notifier } = await gatewayNotifying([webhook(url)])

    await gw.call('alice', 'POST', '/v1/freezes', { scope: 'global', reason: 'incident' })
    await notifier.idle()

    expect(target.received).toHaveLength(1)
    const failed = []
    for await (const record of gw.gateway.exportAudit()) {
      if (record.kind === 'notification.failed') failed.push(record)
    }
    expect(failed).toHaveLength(1)
    expect(failed[0]?.data).toMatchObject({ event: 'freeze.set', attempts: 1, error: 'HTTP 400' })
  })

  it('sends only the events a target asked for', async () => {
    const { receiver: target, url } = await receiver()
    const { gw, notifier } = await gatewayNotifying([webhook(url, new Set(['freeze.set']))])

    await gw.call('claude', 'POST', '/v1/actions', ACTIONS.destructiveProd)
    const frozen = await gw.call('alice', 'POST', '/v1/freezes', {
      scope: { agent: 'claude' },
      reason: 'x',
    })
    expect(frozen.status).toBe(201)
    await notifier.idle()

    expect(target.received.map((r) => r.headers['x-airlock-event'])).toEqual(['freeze.set'])
  })
})

describe('Slack notifications', () => {
  it('posts a Slack-compatible payload with a link to the request', async () => {
    const { receiver: target, url } = await receiver()
    const { gw, notifier } = await gatewayNotifying([
      {
        name: 'notifications[0] (slack, 127.0.0.1)',
        kind: 'slack',
        url,
        events: new Set(['request.opened']),
      },
    ])

    const answer = await gw.call('claude', 'POST', '/v1/actions', ACTIONS.catastrophicProd)
    await notifier.idle()

    const requestId = (answer.body.request as { id: string }).id
    const body = JSON.parse(target.received[0]?.body ?? '{}') as {
      text: string
      blocks: { type: string; elements?: { url?: string }[] }[]
    }
    expect(body.text).toContain('catastrophic action by claude in prod needs 2 approval(s)')
    expect(body.text).toContain(
      `<https://airlock.example.com/requests/${requestId}|open in airlock>`,
    )
    const button = body.blocks.find((block) => block.type === 'actions')?.elements?.[0]
    expect(button?.url).toBe(`https://airlock.example.com/requests/${requestId}`)
    expect(target.received[0]?.headers['x-airlock-signature']).toBeUndefined()
  })
})

describe('a dead receiver', () => {
  it('changes no decision, approval or grant, and every failed delivery is audited', async () => {
    const { receiver: dead, url } = await receiver()
    await dead.close()
    receivers.splice(receivers.indexOf(dead), 1)
    const { gw, notifier } = await gatewayNotifying([
      webhook(url, new Set(['request.opened', 'request.voted', 'request.closed', 'action.denied'])),
    ])
    const quiet = await startGateway(await openSqliteStore({ file: ':memory:' }))

    for (const [name, action] of Object.entries(ACTIONS)) {
      const notified = await gw.call('claude', 'POST', '/v1/actions', action)
      const silent = await quiet.call('claude', 'POST', '/v1/actions', action)
      expect(notified.status, name).toBe(silent.status)
      expect(notified.body.decision, name).toBe(silent.body.decision)
      expect(notified.body.status, name).toBe(silent.body.status)
    }
    const requests = (await gw.call('bob', 'GET', '/v1/requests')).body.requests as {
      id: string
      risk: string
    }[]
    const destructive = requests.find((request) => request.risk === 'destructive')?.id ?? ''
    const vote = await gw.call('bob', 'POST', `/v1/requests/${destructive}/approve`, {})
    expect(vote.status).toBe(200)
    expect(vote.body.grant).toBeDefined()
    await notifier.idle()

    const failed: Record<string, unknown>[] = []
    for await (const record of gw.gateway.exportAudit()) {
      if (record.kind === 'notification.failed') failed.push(record.data)
    }
    expect(failed.map((data) => data.event)).toEqual([
      'request.opened',
      'request.opened',
      'request.closed',
    ])
    expect(failed.every((data) => data.attempts === FAST_RETRY.attempts)).toBe(true)
    expect(failed.every((data) => data.error === 'unreachable (ECONNREFUSED)')).toBe(true)
    expect(JSON.stringify(failed)).not.toContain('/hook')
    expect((await gw.gateway.verifyAudit()).ok).toBe(true)
  })

  it('answers proposals while a receiver that never answers is still being tried', async () => {
    let connected!: () => void
    const reached = new Promise<void>((resolve) => (connected = resolve))
    const hanging = createServer(() => {
      connected()
    })
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${String((hanging.address() as AddressInfo).port)}/`
    try {
      const { gw, notifier } = await gatewayNotifying([webhook(url)], PATIENT)
      const answer = await gw.call('claude', 'POST', '/v1/actions', ACTIONS.destructiveProd)
      expect(answer.body.decision).toBe('approve')
      await reached
      const state = await Promise.race([
        notifier.idle().then(() => 'idle'),
        new Promise((resolve) => setTimeout(resolve, 100, 'delivering')),
      ])
      expect(state).toBe('delivering')

      hanging.closeAllConnections()
      await notifier.idle()
      expect((await auditKinds(gw)).filter((kind) => kind === 'notification.failed')).toHaveLength(
        1,
      )
    } finally {
      await new Promise((resolve) => hanging.close(resolve))
    }
  })
})

describe('resolveNotificationTargets', () => {
  it('reads the URL and secret from the environment and names the target by field and host', () => {
    const [target] = resolveNotificationTargets(
      {
        notifications: [
          { kind: 'slack', urlEnv: 'SLACK_URL', secretEnv: 'SLACK_SECRET', events: ['freeze.set'] },
        ],
      },
      { SLACK_URL: 'https://hooks.slack.example.com/services/T0/B0/XYZ', SLACK_SECRET: 's' },
    )
    expect(target?.url).toBe('https://hooks.slack.example.com/services/T0/B0/XYZ')
    expect(target?.name).toBe('notifications[0] (slack, hooks.slack.example.com)')
  })

  it('refuses a missing variable naming the field, not a value', () => {
    expect(() =>
      resolveNotificationTargets(
        {
          notifications: [
            {
              kind: 'webhook',
              url: 'https://h.example.com/',
              secretEnv: 'HOOK_SECRET',
              events: ['freeze.set'],
            },
          ],
        },
        {},
      ),
    ).toThrow(
      "field `notifications[0].secretEnv`: environment variable `HOOK_SECRET` is not set in the gateway's environment",
    )
  })

  it('refuses a variable that holds no URL', () => {
    expect(() =>
      resolveNotificationTargets(
        { notifications: [{ kind: 'slack', urlEnv: 'SLACK_URL', events: ['freeze.set'] }] },
        { SLACK_URL: 'not a url' },
      ),
    ).toThrow('field `notifications[0].urlEnv`: `SLACK_URL` does not hold an http or https URL')
  })
})
