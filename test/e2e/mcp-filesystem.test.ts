/**
 * End to end: the real `mcp-server-filesystem` behind `airlock mcp-proxy`, launched by the
 * official v2 MCP client as an agent's configuration would, deciding through a real
 * `airlock serve` on SQLite. Files are checked on disk, so "never reached the server" is seen,
 * not assumed. The data folder is never in `/tmp` (see makeWorkFolder), which the
 * analyser rightly treats as scratch space.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

import { Client } from '@modelcontextprotocol/client'
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import {
  FILESYSTEM_SERVER,
  type McpTestConfig,
  writeMcpTestConfig,
} from '../integration/mcp-test-config.js'
import { type ServeProcess, startServe, TOKENS } from './serve-process.js'

const ROOT = join(import.meta.dirname, '..', '..')
const BIN = join(ROOT, 'bin', 'airlock.js')
const CANARY = 'canary-value-7f3a9c1e-never-shown'

type Fixture = McpTestConfig

function writeFixture(): Fixture {
  const fixture = writeMcpTestConfig(
    (data) => `  servers:
    files:
      command: ${process.execPath}
      args: [${FILESYSTEM_SERVER}, ${data}]
      env: { FILES_CANARY: { env: AIRLOCK_E2E_CANARY } }
`,
  )
  const { data } = fixture
  writeFileSync(join(data, 'prod', 'config.txt'), 'version 1\n')
  writeFileSync(join(data, 'prod', 'old.txt'), 'old\n')
  writeFileSync(join(data, 'dev', 'notes.txt'), 'hello from dev\n')
  writeFileSync(join(data, 'dev', 'leak.txt'), `token=${CANARY}\n`)
  writeFileSync(join(data, 'vault', 'key.txt'), 'the key\n')
  return fixture
}

type Era = '2026' | '2025'

async function connectAgent(
  fixture: Fixture,
  era: Era,
  gatewayUrl: string,
): Promise<{ client: Client; stderr: () => string }> {
  const client = new Client(
    { name: `e2e-agent-${era}`, version: '1.0.0' },
    era === '2026'
      ? {
          capabilities: { elicitation: { form: {} } },
          inputRequired: { autoFulfill: false },
          versionNegotiation: { mode: { pin: '2026-07-28' } },
        }
      : {},
  )
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BIN, 'mcp-proxy', '--config', fixture.configFile, '--server', 'files'],
    env: {
      AIRLOCK_URL: gatewayUrl,
      AIRLOCK_TOKEN: TOKENS.claude,
      AIRLOCK_E2E_CANARY: CANARY,
    },
    cwd: fixture.dir,
    stderr: 'pipe',
  })
  let stderr = ''
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8')
  })
  await client.connect(transport)
  return { client, stderr: () => stderr }
}

interface CallAnswer {
  readonly isError?: boolean
  readonly content?: readonly { type: string; text?: string }[]
  readonly resultType?: string
  readonly inputRequests?: Record<string, { method: string; params: { message: string } }>
  readonly requestState?: string
}

async function call(
  client: Client,
  name: string,
  args: Record<string, unknown>,
  retry?: { requestState: string },
): Promise<CallAnswer> {
  const params = {
    name,
    arguments: args,
    ...(retry === undefined
      ? {}
      : {
          requestState: retry.requestState,
          // The agent says yes; it must never count.
          inputResponses: { airlock_approval: { action: 'accept', content: { recheck: true } } },
        }),
  }
  // SDK 2.4.0's callTool checks an `input_required` answer against the tool's outputSchema as
  // if it were complete; a definition without one keeps the client from rejecting it.
  const toolDefinition = { name, inputSchema: { type: 'object' as const } }
  return await client.callTool(params, {
    allowInputRequired: true,
    toolDefinition,
  })
}

function textOf(answer: CallAnswer): string {
  return (answer.content ?? []).map((block) => block.text ?? '').join('\n')
}

function promptOf(answer: CallAnswer): string {
  return answer.inputRequests?.airlock_approval?.params.message ?? ''
}

function requestIdIn(text: string): string {
  const id = /\b(req_[A-Za-z0-9_-]+)/.exec(text)?.[1]
  if (id === undefined) throw new Error(`no request id in: ${text}`)
  return id
}

describe('airlock mcp-proxy in front of mcp-server-filesystem', () => {
  let fixture: Fixture
  let serve: ServeProcess

  beforeAll(async () => {
    fixture = writeFixture()
    serve = await startServe(fixture.configFile)
  }, 30_000)

  afterAll(async () => {
    await serve.stop()
    rmSync(fixture.dir, { recursive: true, force: true })
  })

  async function approve(requestId: string, ...humans: ('bob' | 'carol')[]): Promise<void> {
    for (const human of humans) {
      const answer = await serve.call(
        TOKENS[human],
        'POST',
        `/v1/requests/${requestId}/approve`,
        {},
      )
      expect(answer.status, answer.text).toBe(200)
    }
  }

  describe('with a 2026-07-28 client that takes elicitations', () => {
    let agent: Awaited<ReturnType<typeof connectAgent>>

    beforeAll(async () => {
      agent = await connectAgent(fixture, '2026', serve.url)
    }, 30_000)
    afterAll(async () => {
      await agent.client.close()
    })

    it('lists the server tools under their own names with their annotations', async () => {
      const { tools } = await agent.client.listTools()
      const write = tools.find((tool) => tool.name === 'write_file')
      expect(write?.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true })
      expect(tools.find((tool) => tool.name === 'read_text_file')?.annotations).toMatchObject({
        readOnlyHint: true,
      })
    })

    it('forwards a read the gateway allows and returns the server result', async () => {
      const answer = await call(agent.client, 'read_text_file', {
        path: join(fixture.data, 'dev', 'notes.txt'),
      })
      expect(answer.isError ?? false).toBe(false)
      expect(textOf(answer)).toContain('hello from dev')
    })

    it('masks the values of secrets in results', async () => {
      const answer = await call(agent.client, 'read_text_file', {
        path: join(fixture.data, 'dev', 'leak.txt'),
      })
      expect(textOf(answer)).toContain('[secret FILES_CANARY]')
      expect(JSON.stringify(answer)).not.toContain(CANARY)
      expect(agent.stderr()).not.toContain(CANARY)
    })

    it('refuses a denied call with the reasons and never reaches the server', async () => {
      const key = join(fixture.data, 'vault', 'key.txt')
      const answer = await call(agent.client, 'write_file', { path: key, content: 'stolen' })
      expect(answer.isError).toBe(true)
      expect(textOf(answer)).toContain('airlock denied `files/write_file`')
      expect(textOf(answer)).toContain('nothing changes in the vault')
      expect(readFileSync(key, 'utf8')).toBe('the key\n')
    })

    it('runs an overwrite in production exactly once after two humans approve', async () => {
      const file = join(fixture.data, 'prod', 'config.txt')
      const args = { path: file, content: 'version 2\n' }
      const first = await call(agent.client, 'write_file', args)
      expect(first.resultType).toBe('input_required')
      const prompt = promptOf(first)
      expect(prompt).toMatch(/airlock request req_\S+ needs 2 approvals from humans in airlock/)
      expect(prompt).toContain('https://airlock.example.test/requests/req_')
      expect(prompt).toContain('answering here does not approve it')
      const requestId = requestIdIn(prompt)
      expect(typeof first.requestState).toBe('string')

      // The agent accepting the form changes nothing while humans have not approved.
      const pending = await call(agent.client, 'write_file', args, {
        requestState: first.requestState ?? '',
      })
      expect(pending.resultType).toBe('input_required')
      expect(promptOf(pending)).toContain(`${requestId} needs 2 approvals`)
      expect(readFileSync(file, 'utf8')).toBe('version 1\n')

      await approve(requestId, 'bob')
      const half = await call(agent.client, 'write_file', args, {
        requestState: pending.requestState ?? '',
      })
      expect(promptOf(half)).toContain('(1 so far)')
      expect(readFileSync(file, 'utf8')).toBe('version 1\n')

      await approve(requestId, 'carol')
      const done = await call(agent.client, 'write_file', args, {
        requestState: half.requestState ?? '',
      })
      expect(done.resultType ?? 'complete').toBe('complete')
      expect(done.isError ?? false).toBe(false)
      expect(readFileSync(file, 'utf8')).toBe('version 2\n')

      // The grant is spent: the same ticket and a fresh call both wait for a new request.
      const replay = await call(agent.client, 'write_file', args, {
        requestState: half.requestState ?? '',
      })
      expect(replay.resultType).toBe('input_required')
      expect(requestIdIn(promptOf(replay))).not.toBe(requestId)
      const third = await call(agent.client, 'write_file', args)
      expect(third.resultType).toBe('input_required')
      expect(requestIdIn(promptOf(third))).not.toBe(requestId)
    })

    it('refuses a tampered or rebound requestState and runs nothing', async () => {
      const file = join(fixture.data, 'prod', 'config.txt')
      const before = readFileSync(file, 'utf8')
      const args = { path: file, content: 'tampered\n' }
      const first = await call(agent.client, 'write_file', args)
      const state = first.requestState ?? ''
      const requestId = requestIdIn(promptOf(first))
      await approve(requestId, 'bob', 'carol')

      const [prefix = '', body = '', signature = ''] = state.split('.')
      const flipped = `${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`
      const tampered = await call(agent.client, 'write_file', args, {
        requestState: `${prefix}.${body}.${flipped}`,
      })
      expect(tampered.isError).toBe(true)
      expect(textOf(tampered)).toContain('refused the approval ticket')

      // A valid ticket for other arguments is refused too.
      const other = await call(
        agent.client,
        'write_file',
        { path: file, content: 'something else\n' },
        { requestState: state },
      )
      expect(other.isError).toBe(true)
      expect(textOf(other)).toContain('issued for another call')
      expect(readFileSync(file, 'utf8')).toBe(before)
    })
  })

  describe('with a 2025-era client', () => {
    let agent: Awaited<ReturnType<typeof connectAgent>>

    beforeAll(async () => {
      agent = await connectAgent(fixture, '2025', serve.url)
    }, 30_000)
    afterAll(async () => {
      await agent.client.close()
    })

    it('answers a call that needs approval with a tool error naming the request, once allowed', async () => {
      const source = join(fixture.data, 'prod', 'old.txt')
      const destination = join(fixture.data, 'prod', 'moved.txt')
      const args = { source, destination }
      const first = await call(agent.client, 'move_file', args)
      expect(first.isError).toBe(true)
      expect(first.resultType).toBeUndefined()
      const text = textOf(first)
      expect(text).toContain('retry the same call after approval')
      expect(text).toContain('https://airlock.example.test/requests/req_')
      const requestId = requestIdIn(text)
      expect(existsSync(source)).toBe(true)

      await approve(requestId, 'bob', 'carol')
      const retried = await call(agent.client, 'move_file', args)
      expect(retried.isError ?? false).toBe(false)
      expect(existsSync(source)).toBe(false)
      expect(readFileSync(destination, 'utf8')).toBe('old\n')

      const third = await call(agent.client, 'move_file', args)
      expect(third.isError).toBe(true)
      expect(requestIdIn(textOf(third))).not.toBe(requestId)
    })
  })

  it('refuses every call with a tool error when the gateway is unreachable', async () => {
    const agent = await connectAgent(fixture, '2026', 'http://127.0.0.1:9')
    try {
      const target = join(fixture.data, 'dev', 'written-while-down.txt')
      const answer = await call(agent.client, 'write_file', { path: target, content: 'x' })
      expect(answer.isError).toBe(true)
      expect(textOf(answer)).toContain('cannot reach the gateway')
      expect(textOf(answer)).toContain('the call was not run')
      expect(existsSync(target)).toBe(false)
    } finally {
      await agent.client.close()
    }
  })
})
