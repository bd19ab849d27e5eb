import { createHmac } from 'node:crypto'
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'

import { describe, expect, it } from 'vitest'

import { ACTIONS } from '../integration/gateway-harness.js'
import { runAirlock, startServe, TOKENS, writeServeConfig } from './serve-process.js'

const SECRET = 'e2e-webhook-secret'

function notificationsYaml(url: string): string {
  return `notifications:\n  - { kind: webhook, url: '${url}', secretEnv: AIRLOCK_TEST_HOOK_SECRET }\n`
}

describe('airlock serve with notifications', () => {
  it('refuses to start while the signing secret is not in its environment', async () => {
    const config = writeServeConfig({ extra: notificationsYaml('http://127.0.0.1:9/hook') })
    try {
      const result = await runAirlock(['serve', '--config', config.file, '--port', '0'], config.dir)
      expect(result.code).toBe(2)
      expect(result.stderr).toContain(
        "field `notifications[0].secretEnv`: environment variable `AIRLOCK_TEST_HOOK_SECRET` is not set in the gateway's environment",
      )
    } finally {
      config.remove()
    }
  })

  it('posts a signed notification when an action needs approval', async () => {
    const received: { headers: IncomingHttpHeaders; body: string }[] = []
    let arrived!: () => void
    const first = new Promise<void>((resolve) => (arrived = resolve))
    const receiver = createServer((request, response) => {
      let body = ''
      request.setEncoding('utf8')
      request.on('data', (chunk: string) => (body += chunk))
      request.on('end', () => {
        received.push({ headers: request.headers, body })
        response.end()
        arrived()
      })
    })
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${String((receiver.address() as AddressInfo).port)}/hook`
    const config = writeServeConfig({ extra: notificationsYaml(url) })
    const serve = await startServe(config.file, { env: { AIRLOCK_TEST_HOOK_SECRET: SECRET } })
    try {
      const answer = await serve.call(TOKENS.claude, 'POST', '/v1/actions', ACTIONS.destructiveProd)
      expect(answer.body.decision).toBe('approve')
      await first
      const [delivery] = received
      const timestamp = String(delivery?.headers['x-airlock-timestamp'])
      const mac = createHmac('sha256', SECRET).update(`${timestamp}.${delivery?.body ?? ''}`)
      expect(delivery?.headers['x-airlock-signature']).toBe(`v1=${mac.digest('hex')}`)
      expect(JSON.parse(delivery?.body ?? '{}')).toMatchObject({ type: 'request.opened' })
      expect(await serve.stop()).toBe(0)
    } finally {
      receiver.close()
      config.remove()
    }
  })
})
