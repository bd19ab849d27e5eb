import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import type { GatewayStore } from '../../src/pipeline/gateway-store.js'
import { testBackends } from '../../src/storage/test-backends.js'
import type { HookAgent } from '../../src/surfaces/hooks/hook-adapter.js'
import {
  type GatewayUnderTest,
  startGateway,
  type TestPrincipal,
  TOKENS,
  writeTestConfig,
} from './gateway-harness.js'

const ROOT = join(import.meta.dirname, '..', '..')
const FIXTURES = join(ROOT, 'test', 'fixtures', 'hooks')

type Json = Record<string, unknown>

/**
 * The test configuration, with one more enforced policy: every change in a production
 * environment waits for a human. With it, the `paths` of the production environments are
 * protected paths: a file tool writing under `/srv/prod` needs an approval.
 */
function writeHookConfig(extra = ''): string {
  const file = writeTestConfig(extra)
  const policies = join(dirname(file), 'policies')
  const examples = join(ROOT, 'examples', 'policies')
  mkdirSync(policies)
  for (const name of readdirSync(examples)) {
    if (name.endsWith('.cedar')) copyFileSync(join(examples, name), join(policies, name))
  }
  writeFileSync(
    join(policies, 'production-changes-need-approval.cedar'),
    `@id("production-changes-need-approval")
@approvals("1")
@reason("changes in production need one approval")
forbid (principal is Agent, action, resource)
when { context.production && context.riskLevel >= 1 }
unless { context.approvals.distinctHumans >= 1 };
`,
  )
  writeFileSync(file, readFileSync(file, 'utf8').replace(/^policies: .*$/m, 'policies: ./policies'))
  return file
}

/** One hook answer as an agent's command client sees it. */
interface HookAnswer {
  readonly status: number
  readonly exit: number
  readonly stream: string
  readonly text: string
}

/** What the agent makes of a hook answer, read by the agent's own protocol. */
interface Reading {
  readonly verdict: 'allow' | 'deny' | 'ask'
  readonly message: string
}

function json(text: string): Json {
  return text === '' ? {} : (JSON.parse(text) as Json)
}

function readAnswer(agent: HookAgent, answer: HookAnswer): Reading {
  // Exit code 2 blocks in every agent's protocol; the reason is on standard error.
  if (answer.exit === 2) return { verdict: 'deny', message: answer.text }
  expect(answer.exit).toBe(0)
  const body = answer.stream === 'stdout' ? json(answer.text) : {}
  switch (agent) {
    case 'claude-code':
    case 'codex': {
      const output = (body.hookSpecificOutput ?? {}) as Json
      const decision = output.decision as Json | undefined
      if (decision !== undefined) {
        return { verdict: decision.behavior as 'deny', message: decision.message as string }
      }
      const permission = output.permissionDecision as 'deny' | 'ask' | 'allow' | undefined
      return {
        verdict: permission ?? 'allow',
        message: (output.permissionDecisionReason as string | undefined) ?? '',
      }
    }
    case 'gemini-cli':
      return {
        verdict: body.decision === 'deny' ? 'deny' : 'allow',
        message: (body.reason as string | undefined) ?? '',
      }
    case 'cursor':
      return {
        verdict: body.permission as 'allow' | 'deny' | 'ask',
        message: (body.agent_message as string | undefined) ?? '',
      }
    case 'copilot': {
      const output = (body.hookSpecificOutput ?? body) as Json
      return {
        verdict: (output.permissionDecision as 'deny' | 'ask' | undefined) ?? 'allow',
        message: (output.permissionDecisionReason as string | undefined) ?? '',
      }
    }
    case 'kiro':
      return { verdict: 'allow', message: '' }
  }
}

function fixture(agent: HookAgent, name: string): string {
  return readFileSync(join(FIXTURES, agent, `${name}.json`), 'utf8')
}

type Expected = 'allow' | 'approve' | 'refused'

/** Every fixture and what the gateway makes of it under the hook test configuration. */
const CASES: readonly { agent: HookAgent; name: string; expected: Expected }[] = [
  { agent: 'claude-code', name: 'bash-safe', expected: 'allow' },
  { agent: 'claude-code', name: 'bash-destructive', expected: 'approve' },
  { agent: 'claude-code', name: 'write-production', expected: 'approve' },
  { agent: 'claude-code', name: 'edit-dev', expected: 'allow' },
  { agent: 'claude-code', name: 'mcp-destructive', expected: 'approve' },
  { agent: 'claude-code', name: 'mcp-safe', expected: 'allow' },
  { agent: 'claude-code', name: 'permission-request', expected: 'approve' },
  { agent: 'claude-code', name: 'unknown-tool', expected: 'approve' },
  { agent: 'claude-code', name: 'malformed', expected: 'refused' },
  { agent: 'codex', name: 'bash-safe', expected: 'allow' },
  { agent: 'codex', name: 'bash-destructive', expected: 'approve' },
  { agent: 'codex', name: 'apply-patch-production', expected: 'approve' },
  { agent: 'codex', name: 'mcp-destructive', expected: 'approve' },
  { agent: 'codex', name: 'malformed', expected: 'refused' },
  { agent: 'gemini-cli', name: 'shell-safe', expected: 'allow' },
  { agent: 'gemini-cli', name: 'shell-destructive', expected: 'approve' },
  { agent: 'gemini-cli', name: 'write-file-production', expected: 'approve' },
  { agent: 'gemini-cli', name: 'mcp-destructive', expected: 'approve' },
  { agent: 'gemini-cli', name: 'malformed', expected: 'refused' },
  { agent: 'cursor', name: 'shell-safe', expected: 'allow' },
  { agent: 'cursor', name: 'shell-destructive', expected: 'approve' },
  { agent: 'cursor', name: 'mcp-destructive', expected: 'approve' },
  { agent: 'cursor', name: 'write-production', expected: 'approve' },
  { agent: 'cursor', name: 'malformed', expected: 'refused' },
  { agent: 'copilot', name: 'bash-safe', expected: 'allow' },
  { agent: 'copilot', name: 'bash-destructive', expected: 'approve' },
  { agent: 'copilot', name: 'create-production', expected: 'approve' },
  { agent: 'copilot', name: 'mcp-destructive', expected: 'approve' },
  { agent: 'copilot', name: 'malformed', expected: 'refused' },
  { agent: 'kiro', name: 'execute-bash-safe', expected: 'allow' },
  { agent: 'kiro', name: 'execute-bash-destructive', expected: 'approve' },
  { agent: 'kiro', name: 'fs-write-production', expected: 'approve' },
  { agent: 'kiro', name: 'use-aws-destructive', expected: 'approve' },
  { agent: 'kiro', name: 'mcp-destructive', expected: 'approve' },
  { agent: 'kiro', name: 'malformed', expected: 'refused' },
]

const REQUEST_ID = /airlock request (req_\w+) needs (\d+) approvals?: (\S+);/

for (const backend of testBackends()) {
  describe(`agent hooks over HTTP on ${backend.name}`, () => {
    let store: GatewayStore
    let gw: GatewayUnderTest

    beforeEach(async () => {
      store = await backend.open()
      gw = await startGateway(store, { configFile: writeHookConfig() })
    })

    afterEach(async () => {
      await store.close()
    })

    async function hook(
      agent: string,
      payload: string,
      as: TestPrincipal | null = 'claude',
    ): Promise<HookAnswer> {
      const response = await gw.app.request(`/v1/hooks/${agent}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(as === null ? {} : { authorization: `Bearer ${TOKENS[as]}` }),
        },
        body: payload,
      })
      return {
        status: response.status,
        exit: Number(response.headers.get('airlock-hook-exit') ?? 'NaN'),
        stream: response.headers.get('airlock-hook-stream') ?? '',
        text: await response.text(),
      }
    }

    async function requestOf(message: string): Promise<Json> {
      const match = REQUEST_ID.exec(message)
      expect(match, message).not.toBeNull()
      const { body } = await gw.call('bob', 'GET', `/v1/requests/${match?.[1] ?? ''}`)
      return body
    }

    it.each(CASES)('answers $agent/$name as $expected', async ({ agent, name, expected }) => {
      const answer = await hook(agent, fixture(agent, name))
      expect(answer.status).toBe(200)
      const reading = readAnswer(agent, answer)
      switch (expected) {
        case 'allow':
          expect(reading).toEqual({ verdict: 'allow', message: '' })
          break
        case 'approve': {
          expect(reading.verdict).toBe('deny')
          expect(reading.message).toMatch(REQUEST_ID)
          expect(reading.message).toContain('retry the same action after approval')
          const request = await requestOf(reading.message)
          expect(request).toMatchObject({ status: 'pending', agent: 'claude' })
          break
        }
        case 'refused':
          expect(reading.verdict).toBe('deny')
          expect(reading.message).toMatch(/^airlock refused this tool call: /)
          break
      }
    })

    it('records hook proposals on channel hook with the rationale and the link to the request', async () => {
      const answer = await hook('claude-code', fixture('claude-code', 'bash-destructive'))
      const { message } = readAnswer('claude-code', answer)
      expect(message).toMatch(
        /^airlock request req_1 needs 1 approval: http:\/\/127\.0\.0\.1:8470\/requests\/req_1; retry the same action after approval \(/,
      )
      const request = await requestOf(message)
      expect(request).toMatchObject({
        environment: 'prod',
        rationale: 'Clear a stale cache',
        action: { kind: 'shell', command: 'rm -rf /srv/prod/app/cache', cwd: '/srv/prod/app' },
      })
      const records: Json[] = []
      for await (const record of gw.gateway.exportAudit()) records.push(record as unknown as Json)
      const proposed = records.find((record) => record.kind === 'action.proposed')
      expect(proposed?.data).toMatchObject({ channel: 'hook' })
    })

    it('turns a write onto a production path into a write of that path, bound to its content', async () => {
      const answer = await hook('claude-code', fixture('claude-code', 'write-production'))
      const request = await requestOf(readAnswer('claude-code', answer).message)
      expect(request.environment).toBe('prod')
      const action = request.action as Json
      expect(action.command).toMatch(
        /^tee -- \/srv\/prod\/app\/config\.yaml >\/dev\/null {2}# content sha256:[0-9a-f]{64}$/,
      )
      // Other content for the same path is another action: the request is not reused.
      const other = JSON.stringify({
        ...json(fixture('claude-code', 'write-production')),
        tool_input: { file_path: '/srv/prod/app/config.yaml', content: 'replicas: 0\n' },
      })
      const second = readAnswer('claude-code', await hook('claude-code', other))
      expect(REQUEST_ID.exec(second.message)?.[1]).not.toBe(REQUEST_ID.exec(answer.text)?.[1])
    })

    it('uses the MCP server name Claude Code sends over the prefix of the tool name', async () => {
      const answer = await hook('claude-code', fixture('claude-code', 'mcp-destructive'))
      const request = await requestOf(readAnswer('claude-code', answer).message)
      expect(request.action).toMatchObject({
        kind: 'mcp',
        server: 'github',
        tool: 'delete_repository',
        arguments: { owner: 'acme', repo: 'billing' },
      })
    })

    it('renders a PermissionRequest refusal as a deny of the permission dialog', async () => {
      const answer = await hook('claude-code', fixture('claude-code', 'permission-request'))
      expect(json(answer.text)).toMatchObject({
        hookSpecificOutput: {
          hookEventName: 'PermissionRequest',
          decision: { behavior: 'deny', message: expect.stringMatching(REQUEST_ID) as unknown },
        },
      })
    })

    it('lets the same action through once after the humans approved it, then asks again', async () => {
      const payload = fixture('claude-code', 'bash-destructive')
      const first = readAnswer('claude-code', await hook('claude-code', payload))
      const id = REQUEST_ID.exec(first.message)?.[1] ?? ''
      // Still pending: the same request, no new one.
      const pending = readAnswer('claude-code', await hook('claude-code', payload))
      expect(REQUEST_ID.exec(pending.message)?.[1]).toBe(id)
      const vote = await gw.call('bob', 'POST', `/v1/requests/${id}/approve`, {})
      expect(vote.status).toBe(200)
      expect(readAnswer('claude-code', await hook('claude-code', payload)).verdict).toBe('allow')
      const again = readAnswer('claude-code', await hook('claude-code', payload))
      expect(again.verdict).toBe('deny')
      expect(REQUEST_ID.exec(again.message)?.[1]).not.toBe(id)
    })

    it('renders a deny with its reasons', async () => {
      await gw.call('bob', 'POST', '/v1/freezes', {
        scope: { environment: 'prod' },
        reason: 'incident 4711',
      })
      const answer = await hook('cursor', fixture('cursor', 'shell-destructive'))
      const body = json(answer.text)
      expect(body.permission).toBe('deny')
      expect(body.user_message).toMatch(/^airlock denied this action: .*freeze/)
    })

    it('never allows a malformed payload, whatever the agent', async () => {
      for (const agent of [
        'claude-code',
        'codex',
        'gemini-cli',
        'cursor',
        'copilot',
        'kiro',
      ] as const) {
        for (const payload of ['', 'not json', '[]', '{"tool_name": 3}']) {
          const answer = await hook(agent, payload)
          expect(answer.status, `${agent} ${payload}`).toBe(200)
          const reading = readAnswer(agent, answer)
          expect(reading.verdict, `${agent} ${payload}`).toBe('deny')
          expect(reading.message).toMatch(/^airlock refused this tool call: /)
        }
      }
    })

    it('refuses human tokens, missing tokens and unknown agents', async () => {
      const payload = fixture('claude-code', 'bash-safe')
      expect((await hook('claude-code', payload, 'bob')).status).toBe(403)
      expect((await hook('claude-code', payload, null)).status).toBe(401)
      const unknown = await hook('windsurf', payload)
      expect(unknown.status).toBe(404)
      expect(json(unknown.text)).toMatchObject({ error: { code: 'input_not_found' } })
    })

    it('tells Kiro by exit code and standard error', async () => {
      const answer = await hook('kiro', fixture('kiro', 'use-aws-destructive'))
      expect(answer).toMatchObject({ exit: 2, stream: 'stderr' })
      const request = await requestOf(answer.text)
      expect(request.action).toMatchObject({
        kind: 'shell',
        command:
          'aws --region us-east-1 --profile prod ec2 terminate-instances --instance-ids i-0abc123def4567890',
      })
      expect(request).toMatchObject({ risk: 'destructive', rationale: 'Terminate the old bastion' })
      const safe = await hook('kiro', fixture('kiro', 'execute-bash-safe'))
      expect(safe).toMatchObject({ exit: 0, text: '' })
    })
  })
}

describe('agent hooks with hooks.onApproval: ask', () => {
  let store: GatewayStore
  let gw: GatewayUnderTest

  beforeEach(async () => {
    const [backend] = testBackends({ kinds: ['sqlite'] })
    if (backend === undefined) throw new Error('no sqlite backend')
    store = await backend.open()
    gw = await startGateway(store, {
      configFile: writeHookConfig(
        "hooks: { onApproval: ask }\npublicUrl: 'https://airlock.example.com/'\n",
      ),
    })
  })

  afterEach(async () => {
    await store.close()
  })

  async function hookBody(agent: HookAgent, name: string): Promise<Json> {
    const response = await gw.app.request(`/v1/hooks/${agent}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKENS.claude}` },
      body: fixture(agent, name),
    })
    return json(await response.text())
  }

  it('asks through the agents that have a prompt of their own', async () => {
    const link = 'https://airlock.example.com/requests/req_1'
    expect(await hookBody('claude-code', 'bash-destructive')).toMatchObject({
      hookSpecificOutput: {
        permissionDecision: 'ask',
        permissionDecisionReason: expect.stringContaining(link) as unknown,
      },
    })
    expect(await hookBody('cursor', 'shell-destructive')).toMatchObject({ permission: 'ask' })
    expect(await hookBody('copilot', 'bash-destructive')).toMatchObject({
      permissionDecision: 'ask',
    })
  })

  it('still denies through the agents that cannot ask', async () => {
    expect(await hookBody('codex', 'bash-destructive')).toMatchObject({
      hookSpecificOutput: { permissionDecision: 'deny' },
    })
    expect(await hookBody('gemini-cli', 'shell-destructive')).toMatchObject({ decision: 'deny' })
  })
})
