import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { GatewayStore } from '../../src/pipeline/gateway-store.js'
import { openSqliteStore } from '../../src/storage/sqlite/open-sqlite-store.js'
import { type RunningServer, startHttpServer } from '../../src/surfaces/http/http-server.js'
import {
  ACTIONS,
  type CliRun,
  type GatewayUnderTest,
  runCliCapturing,
  startGateway,
  type TestPrincipal,
  TOKENS,
  writeTestConfig,
} from './gateway-harness.js'

let store: GatewayStore
let gw: GatewayUnderTest
let server: RunningServer
let configFile: string

beforeAll(async () => {
  configFile = writeTestConfig(
    `storage: { url: 'sqlite:./gateway.db' }\nvelocity: { catastrophic: { limit: 100 } }`,
  )
  store = await openSqliteStore({ file: configFile.replace(/airlock\.yaml$/, 'gateway.db') })
  gw = await startGateway(store, { configFile })
  server = await startHttpServer(gw.app, { host: '127.0.0.1', port: 0 })
})

afterAll(async () => {
  await server.close()
  await store.close()
})

function cli(as: TestPrincipal | undefined, argv: string[]): Promise<CliRun> {
  return runCliCapturing(argv, {
    env: { AIRLOCK_URL: server.url, ...(as === undefined ? {} : { AIRLOCK_TOKEN: TOKENS[as] }) },
    services: {
      openStore: (url) => openSqliteStore({ file: url.slice('sqlite:'.length) }),
      untilShutdown: () => Promise.resolve(),
    },
  })
}

async function openRequest(): Promise<string> {
  const { body } = await gw.call('claude', 'POST', '/v1/actions', {
    ...ACTIONS.catastrophicProd,
    command: `terraform destroy -auto-approve -lock=${String(Math.random())}`,
  })
  return (body.request as { id: string }).id
}

describe('the gateway commands of the CLI', () => {
  it('lists the pending requests with their approvals so far', async () => {
    const id = await openRequest()
    const { code, out } = await cli('bob', ['requests'])
    expect(code).toBe(0)
    expect(out).toMatch(new RegExp(`${id}\\s+pending\\s+catastrophic\\s+0/2\\s+claude\\s+prod`))
  })

  it('approves twice and reports the grant on the second approval', async () => {
    const id = await openRequest()
    const first = await cli('bob', ['approve', id, '--comment', 'plan reviewed'])
    expect(first).toMatchObject({ code: 0 })
    expect(first.out).toContain('1 of 2 approvals; still pending')
    const second = await cli('carol', ['approve', id])
    expect(second.out).toMatch(/2 of 2 approvals; grant grt_\w+ issued/)
  })

  it('exits 2 with the gateway’s reason when an agent token tries to approve', async () => {
    const id = await openRequest()
    const { code, err } = await cli('claude', ['approve', id])
    expect(code).toBe(2)
    expect(err).toContain('agent tokens are refused')
  })

  it('denies a request', async () => {
    const id = await openRequest()
    const { code, out } = await cli('bob', ['deny', id])
    expect(code).toBe(0)
    expect(out).toContain(`denied ${id}`)
  })

  it('freezes an environment and lifts it only with breakglass', async () => {
    const frozen = await cli('bob', ['freeze', '--env', 'prod', '--reason', 'incident'])
    expect(frozen.out).toContain('frozen: environment:prod')
    expect(
      (await gw.call('claude', 'POST', '/v1/actions', ACTIONS.mutatingProd)).body.decision,
    ).toBe('deny')
    const refused = await cli('bob', ['unfreeze', '--env', 'prod', '--reason', 'done'])
    expect(refused.code).toBe(2)
    expect(refused.err).toContain('breakglass')
    const lifted = await cli('carol', ['unfreeze', '--env', 'prod', '--reason', 'done'])
    expect(lifted.out).toContain('lifted: environment:prod')
  })

  it('refuses a freeze without a reason before calling the gateway', async () => {
    const { code, err } = await cli('bob', ['freeze'])
    expect(code).toBe(2)
    expect(err).toContain('--reason')
  })

  it('verifies and exports the audit through the API and on the database', async () => {
    const remote = await cli('bob', ['audit', 'verify'])
    expect(remote.code).toBe(0)
    expect(remote.out).toMatch(/audit chain intact: \d+ records verified/)
    const local = await cli(undefined, ['audit', 'verify', '--config', configFile])
    expect(local.out).toBe(remote.out)
    const exported = await cli('bob', ['audit', 'export', '--format', 'jsonl'])
    const lines = exported.out.trim().split('\n')
    expect(lines.length).toBeGreaterThan(3)
    expect(lines[0]).toContain('"kind":"action.proposed"')
  })

  it('needs a token from AIRLOCK_TOKEN', async () => {
    const { code, err } = await cli(undefined, ['requests'])
    expect(code).toBe(2)
    expect(err).toContain('AIRLOCK_TOKEN')
  })

  it('exits 3 naming the address when the gateway cannot be reached', async () => {
    const { code, err } = await cli('bob', ['requests', '--url', 'http://127.0.0.1:1'])
    expect(code).toBe(3)
    expect(err).toContain('cannot reach the gateway at http://127.0.0.1:1')
  })

  it('refuses to serve a configuration with an error, naming the file, line and field', async () => {
    const bad = writeTestConfig('velocity: { destructive: { window: 90 } }')
    const { code, err } = await cli(undefined, ['serve', '--config', bad, '--port', '0'])
    expect(code).toBe(2)
    expect(err).toMatch(/line \d+: field `velocity\.destructive\.window`: expected a duration/)
  })

  it('serves until asked to stop, then closes the database', async () => {
    const file = writeTestConfig(`storage: { url: 'sqlite::memory:' }`)
    const { code, out } = await cli(undefined, ['serve', '--config', file, '--port', '0'])
    expect(code).toBe(0)
    expect(out).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+ \(store: sqlite/)
    expect(out).toContain('airlock serve: stopped')
  })

  it('refuses an oversized body over real HTTP by its length, recording nothing', async () => {
    const before = (await gw.gateway.verifyAudit()).records
    const response = await fetch(`${server.url}/v1/actions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKENS.claude}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...ACTIONS.safe, command: `echo ${'x'.repeat(9 * 1024 * 1024)}` }),
    })
    expect(response.status).toBe(413)
    expect((await gw.gateway.verifyAudit()).records).toBe(before)
  })
})
