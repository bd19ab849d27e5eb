/**
 * `/mcp` on the gateway's app, in process (no sockets): the official v2 client over Streamable
 * HTTP, two real `mcp-server-filesystem` upstreams aggregated as `SERVER__tool`, decisions made
 * by the gateway itself on SQLite.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { createAuthenticator } from '../../src/pipeline/authenticate.js'
import type { GatewayStore } from '../../src/pipeline/gateway-store.js'
import { testBackends } from '../../src/storage/test-backends.js'
import { type McpEndpoint, mountMcpEndpoint } from '../../src/surfaces/mcp/mcp-http-endpoint.js'
import { type GatewayUnderTest, ManualClock, startGateway, TOKENS } from './gateway-harness.js'
import { FILESYSTEM_SERVER, writeMcpTestConfig } from './mcp-test-config.js'

const ENDPOINT = 'http://127.0.0.1:8470/mcp'

interface CallAnswer {
  readonly isError?: boolean
  readonly content?: readonly { type: string; text?: string }[]
  readonly resultType?: string
  readonly inputRequests?: Record<string, { params: { message: string } }>
  readonly requestState?: string
}

function textOf(answer: CallAnswer): string {
  return (answer.content ?? []).map((block) => block.text ?? '').join('\n')
}

const [sqlite] = testBackends({ kinds: ['sqlite'] })

describe('/mcp on the gateway', () => {
  let dir: string
  let data: string
  let store: GatewayStore
  let gw: GatewayUnderTest
  let endpoint: McpEndpoint
  const clients: Client[] = []

  beforeAll(async () => {
    const fixture = writeMcpTestConfig(
      (data) => `  servers:
    files: { command: ${process.execPath}, args: [${FILESYSTEM_SERVER}, ${join(data, 'prod')}], environment: prod }
    notes: { command: ${process.execPath}, args: [${FILESYSTEM_SERVER}, ${join(data, 'dev')}], environment: dev }
`,
    )
    dir = fixture.dir
    data = fixture.data
    writeFileSync(join(data, 'prod', 'config.txt'), 'version 1\n')
    writeFileSync(join(data, 'dev', 'todo.txt'), 'buy milk\n')
    const { configFile } = fixture
    if (sqlite === undefined) throw new Error('no sqlite test backend')
    store = await sqlite.open()
    gw = await startGateway(store, { configFile, clock: new ManualClock(Date.now()) })
    endpoint = mountMcpEndpoint(gw.app, {
      gateway: gw.gateway,
      authenticator: createAuthenticator(gw.config),
      env: {},
    })
  }, 30_000)

  afterAll(async () => {
    await Promise.allSettled(clients.map((client) => client.close()))
    await endpoint.close()
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  async function connect(era: '2026' | '2025', token: string = TOKENS.claude): Promise<Client> {
    const client = new Client(
      { name: `endpoint-${era}`, version: '1.0.0' },
      era === '2026'
        ? {
            capabilities: { elicitation: { form: {} } },
            inputRequired: { autoFulfill: false },
            versionNegotiation: { mode: { pin: '2026-07-28' } },
          }
        : {},
    )
    await client.connect(
      new StreamableHTTPClientTransport(new URL(ENDPOINT), {
        fetch: async (url, init) => gw.app.request(url, init),
        requestInit: { headers: { authorization: `Bearer ${token}` } },
      }),
    )
    clients.push(client)
    return client
  }

  async function call(
    client: Client,
    name: string,
    args: Record<string, unknown>,
    requestState?: string,
  ): Promise<CallAnswer> {
    return await client.callTool(
      {
        name,
        arguments: args,
        ...(requestState === undefined
          ? {}
          : { requestState, inputResponses: { airlock_approval: { action: 'accept' } } }),
      },
      { allowInputRequired: true, toolDefinition: { name, inputSchema: { type: 'object' } } },
    )
  }

  it('offers every configured server tools as SERVER__tool with their annotations', async () => {
    const client = await connect('2026')
    const { tools } = await client.listTools()
    const names = tools.map((tool) => tool.name)
    expect(names).toContain('files__read_text_file')
    expect(names).toContain('notes__read_text_file')
    expect(names.every((name) => /^(files|notes)__/.test(name))).toBe(true)
    expect(tools.find((tool) => tool.name === 'notes__write_file')?.annotations).toMatchObject({
      destructiveHint: true,
    })
  })

  it('routes a namespaced call to its own server', async () => {
    const client = await connect('2025')
    const notes = await call(client, 'notes__read_text_file', {
      path: join(data, 'dev', 'todo.txt'),
    })
    expect(textOf(notes)).toContain('buy milk')
    // The files server only serves prod/: a dev path through it is outside its roots.
    const files = await call(client, 'files__read_text_file', {
      path: join(data, 'dev', 'todo.txt'),
    })
    expect(files.isError).toBe(true)
    expect(textOf(files)).not.toContain('buy milk')
  })

  it('refuses a tool name that names no configured server', async () => {
    const client = await connect('2025')
    const answer = await call(client, 'shell__run', { command: 'id' })
    expect(answer.isError).toBe(true)
    expect(textOf(answer)).toContain('no tool `shell__run`')
  })

  it('refuses requests without a token, with a human token or from a foreign origin', async () => {
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} })
    const post = (headers: Record<string, string>) =>
      gw.app.request(ENDPOINT, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          ...headers,
        },
        body,
      })
    expect((await post({})).status).toBe(401)
    expect((await post({ authorization: 'Bearer not-a-token' })).status).toBe(401)
    const human = await post({ authorization: `Bearer ${TOKENS.bob}` })
    expect(human.status).toBe(403)
    expect(await human.text()).toContain('human tokens are refused')
    const foreign = await post({
      authorization: `Bearer ${TOKENS.claude}`,
      origin: 'https://evil.example',
    })
    expect(foreign.status).toBe(403)
  })

  it('refuses a tampered requestState and runs nothing', async () => {
    const client = await connect('2026')
    const file = join(data, 'prod', 'config.txt')
    const args = { path: file, content: 'version 2\n' }
    const first = await call(client, 'files__write_file', args)
    expect(first.resultType).toBe('input_required')
    expect(first.inputRequests?.airlock_approval?.params.message).toContain(
      'https://airlock.example.test/requests/req_',
    )
    const requestId = /req_\w+/.exec(
      first.inputRequests?.airlock_approval?.params.message ?? '',
    )?.[0]
    for (const human of ['bob', 'carol'] as const) {
      const vote = await gw.call(human, 'POST', `/v1/requests/${String(requestId)}/approve`, {})
      expect(vote.status).toBe(200)
    }
    const state = first.requestState ?? ''
    const [prefix, body = '', signature] = state.split('.')
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >
    const forged = Buffer.from(JSON.stringify({ ...payload, agent: 'codex' })).toString('base64url')
    const tampered = await call(
      client,
      'files__write_file',
      args,
      `${String(prefix)}.${forged}.${String(signature)}`,
    )
    expect(tampered.isError).toBe(true)
    expect(textOf(tampered)).toContain('refused the approval ticket')
    expect(readFileSync(file, 'utf8')).toBe('version 1\n')

    // The genuine ticket, after two approvals, runs the call once.
    const genuine = await call(client, 'files__write_file', args, state)
    expect(genuine.isError ?? false).toBe(false)
    expect(readFileSync(file, 'utf8')).toBe('version 2\n')
  })

  it('tells a 2025-era client which request to get approved', async () => {
    const client = await connect('2025')
    const answer = await call(client, 'files__write_file', {
      path: join(data, 'prod', 'config.txt'),
      content: 'version 3\n',
    })
    expect(answer.isError).toBe(true)
    expect(textOf(answer)).toMatch(/airlock request req_\w+ needs 2 approvals/)
    expect(textOf(answer)).toContain('retry the same call after approval')
  })
})
