/**
 * `bin/airlock-hook` (over bash's /dev/tcp, and over curl as for a remote gateway) and
 * `airlock hook` (its Node twin) as an
 * agent runs them: a real process with the payload on standard input, against a real
 * `airlock serve`, a closed port and a gateway that never answers.
 */
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer, type Server, type Socket } from 'node:net'
import { join } from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import {
  type ServeConfig,
  type ServeProcess,
  startServe,
  TOKENS,
  writeServeConfig,
} from './serve-process.js'

const ROOT = join(import.meta.dirname, '..', '..')
const SCRIPT = join(ROOT, 'bin', 'airlock-hook')
const CLI = join(ROOT, 'bin', 'airlock.js')
const FIXTURES = join(ROOT, 'test', 'fixtures', 'hooks')

interface Run {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
  readonly ms: number
}

function payload(agent: string, name: string): string {
  return readFileSync(join(FIXTURES, agent, `${name}.json`), 'utf8')
}

/** Runs the hook as an agent does: payload on stdin, environment from the agent's settings. */
async function runHook(
  how: 'script' | 'curl' | 'node',
  agent: string,
  input: string,
  env: Record<string, string | undefined>,
): Promise<Run> {
  const started = performance.now()
  const [command, args] =
    how === 'node' ? [process.execPath, [CLI, 'hook', agent]] : [SCRIPT, [agent]]
  const child = spawn(command, args, {
    env: {
      PATH: process.env.PATH,
      ...(how === 'curl' ? { AIRLOCK_HOOK_CLIENT: 'curl' } : {}),
      ...env,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  const stdout: Buffer[] = []
  const stderr: Buffer[] = []
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk))
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk))
  child.stdin.end(input)
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject)
    child.once('close', resolve)
  })
  return {
    code,
    stdout: Buffer.concat(stdout).toString('utf8'),
    stderr: Buffer.concat(stderr).toString('utf8'),
    ms: performance.now() - started,
  }
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve()
    }),
  )
  if (address === null || typeof address === 'string') throw new Error('no port')
  return address.port
}

describe('agent command hooks against a real gateway', () => {
  let config: ServeConfig
  let serve: ServeProcess
  let silent: Server
  let silentUrl: string
  const sockets: Socket[] = []

  beforeAll(async () => {
    config = writeServeConfig()
    serve = await startServe(config.file)
    // A gateway that accepts the connection and never says a word.
    silent = createServer((socket) => sockets.push(socket))
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    const address = silent.address()
    if (address === null || typeof address === 'string') throw new Error('no port')
    silentUrl = `http://127.0.0.1:${String(address.port)}`
  }, 30_000)

  afterAll(async () => {
    for (const socket of sockets) socket.destroy()
    await new Promise<void>((resolve) =>
      silent.close(() => {
        resolve()
      }),
    )
    await serve.stop()
    config.remove()
  })

  for (const how of ['script', 'curl', 'node'] as const) {
    describe(
      { script: 'bin/airlock-hook', curl: 'bin/airlock-hook through curl', node: 'airlock hook' }[
        how
      ],
      () => {
        const env = () => ({ AIRLOCK_URL: serve.url, AIRLOCK_TOKEN: TOKENS.claude })

        it('lets a safe command run', async () => {
          const run = await runHook(how, 'claude-code', payload('claude-code', 'bash-safe'), env())
          expect(run).toMatchObject({ code: 0, stderr: '' })
          expect(JSON.parse(run.stdout)).toEqual({})
        })

        it('denies a destructive command with the approval link', async () => {
          const run = await runHook(
            how,
            'claude-code',
            payload('claude-code', 'bash-destructive'),
            env(),
          )
          expect(run.code).toBe(0)
          expect(JSON.parse(run.stdout)).toMatchObject({
            hookSpecificOutput: {
              hookEventName: 'PreToolUse',
              permissionDecision: 'deny',
              permissionDecisionReason: expect.stringMatching(
                /^airlock request req_\w+ needs 1 approval: http:\/\/127\.0\.0\.1:8470\/requests\/req_\w+; retry the same action after approval/,
              ) as unknown,
            },
          })
        })

        it('blocks Kiro by exit code 2 with the reason on standard error', async () => {
          const run = await runHook(how, 'kiro', payload('kiro', 'execute-bash-destructive'), env())
          expect(run).toMatchObject({ code: 2, stdout: '' })
          expect(run.stderr).toMatch(/^airlock request req_\w+ needs 1 approval: /)
        })

        it('answers Cursor in its own JSON', async () => {
          const run = await runHook(how, 'cursor', payload('cursor', 'shell-safe'), env())
          expect(run.code).toBe(0)
          expect(JSON.parse(run.stdout)).toEqual({ permission: 'allow' })
        })

        it('denies when the gateway is down (closed port)', async () => {
          const url = `http://127.0.0.1:${String(await closedPort())}`
          const run = await runHook(how, 'claude-code', payload('claude-code', 'bash-safe'), {
            AIRLOCK_URL: url,
            AIRLOCK_TOKEN: TOKENS.claude,
          })
          expect(run.code).toBe(2)
          expect(run.stdout).toBe('')
          expect(run.stderr).toContain(`airlock: cannot reach the gateway at ${url}`)
          expect(run.stderr).toContain('the tool call is blocked')
        })

        it('denies Cursor and Copilot in their JSON too when the gateway is down', async () => {
          const url = `http://127.0.0.1:${String(await closedPort())}`
          const cursor = await runHook(how, 'cursor', payload('cursor', 'shell-safe'), {
            AIRLOCK_URL: url,
            AIRLOCK_TOKEN: TOKENS.claude,
          })
          expect(cursor.code).toBe(2)
          expect(JSON.parse(cursor.stdout)).toMatchObject({ permission: 'deny' })
          const copilot = await runHook(how, 'copilot', payload('copilot', 'bash-safe'), {
            AIRLOCK_URL: url,
            AIRLOCK_TOKEN: TOKENS.claude,
          })
          expect(copilot.code).toBe(2)
          expect(JSON.parse(copilot.stdout)).toMatchObject({ permissionDecision: 'deny' })
        })

        it('denies when the gateway never answers, after AIRLOCK_HOOK_TIMEOUT', async () => {
          const run = await runHook(how, 'codex', payload('codex', 'bash-safe'), {
            AIRLOCK_URL: silentUrl,
            AIRLOCK_TOKEN: TOKENS.claude,
            AIRLOCK_HOOK_TIMEOUT: '1',
          })
          expect(run.code).toBe(2)
          expect(run.stderr).toContain(`the gateway at ${silentUrl} did not answer within 1s`)
          expect(run.ms).toBeLessThan(5_000)
        })

        it('denies without AIRLOCK_TOKEN, with a wrong token and with a human token', async () => {
          const input = payload('gemini-cli', 'shell-safe')
          const none = await runHook(how, 'gemini-cli', input, { AIRLOCK_URL: serve.url })
          expect(none.code).toBe(2)
          expect(none.stderr).toContain('AIRLOCK_TOKEN is not set')
          const wrong = await runHook(how, 'gemini-cli', input, {
            AIRLOCK_URL: serve.url,
            AIRLOCK_TOKEN: 'not-a-token',
          })
          expect(wrong.code).toBe(2)
          expect(wrong.stderr).toContain('401')
          const human = await runHook(how, 'gemini-cli', input, {
            AIRLOCK_URL: serve.url,
            AIRLOCK_TOKEN: TOKENS.bob,
          })
          expect(human.code).toBe(2)
          expect(human.stderr).toContain('403')
        })

        it('denies an unknown agent', async () => {
          const run = await runHook(how, 'windsurf', '{}', env())
          expect(run.code).toBe(2)
          expect(run.stderr).toContain('unknown agent `windsurf`')
        })
      },
    )
  }
})
