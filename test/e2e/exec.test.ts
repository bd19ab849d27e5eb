import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import {
  exportAudit,
  type ServeConfig,
  type ServeProcess,
  startServe,
  TOKENS,
  writeServeConfig,
} from './serve-process.js'

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'airlock.js')

/** Only the gateway's environment holds these; the agent's never does. */
const PG_SECRET = 'pg-password-only-the-gateway-knows'
const FILE_SECRET = 'api-key-from-a-file-0123456789'

interface ExecRun {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/** `airlock exec` as the agent claude: its environment has the gateway's address and its token. */
function exec(
  gateway: ServeProcess,
  cwd: string,
  args: readonly string[],
): { done: Promise<ExecRun>; stderrSoFar: () => string } {
  const child = spawn(process.execPath, [BIN, 'exec', ...args], {
    cwd,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      AIRLOCK_URL: gateway.url,
      AIRLOCK_TOKEN: TOKENS.claude,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  const done = new Promise<ExecRun>((resolve, reject) => {
    child.once('error', reject)
    child.once('close', (code) => {
      resolve({ code, stdout, stderr })
    })
  })
  return { done, stderrSoFar: () => stderr }
}

async function until<T>(what: string, probe: () => T | undefined, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const value = probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

describe('airlock exec against a real gateway', () => {
  let config: ServeConfig
  let gateway: ServeProcess
  let work: string

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'airlock-exec-'))
    const secretFile = join(work, 'api-key')
    writeFileSync(secretFile, `${FILE_SECRET}\n`, { mode: 0o600 })
    config = writeServeConfig({
      extra: `secrets:
  prod:
    PGPASSWORD: { env: AIRLOCK_TEST_PG_SECRET }
    API_KEY: { file: ${secretFile} }
    AWS_PROFILE: prod-deployer
`,
    })
    gateway = await startServe(config.file, { env: { AIRLOCK_TEST_PG_SECRET: PG_SECRET } })
  }, 30_000)

  afterAll(async () => {
    await gateway.stop()
    config.remove()
    rmSync(work, { recursive: true, force: true })
  })

  it('runs an allowed command with the credentials injected and masked in what the agent sees', async () => {
    const { done } = exec(gateway, work, [
      '--env',
      'prod',
      '--',
      'echo "pw=$PGPASSWORD key=$API_KEY profile=$AWS_PROFILE"; echo "agent=${AIRLOCK_TOKEN-none}"',
    ])
    const run = await done
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.stdout).toBe(
      'pw=[secret PGPASSWORD] key=[secret API_KEY] profile=prod-deployer\nagent=none\n',
    )
  })

  it("returns the command's exit code and records the outcome", async () => {
    const run = await exec(gateway, work, ['--env', 'prod', '--', 'ls', 'no-such-file']).done
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/no-such-file/)
    const executed = (await exportAudit(config.file)).filter((r) => r.kind === 'action.executed')
    expect(executed.at(-1)?.data).toMatchObject({ status: 'failed', exitCode: 2 })
  })

  it('refuses a denied command and never runs it', async () => {
    const marker = join(work, 'denied-ran')
    const frozen = await gateway.call(TOKENS.dave, 'POST', '/v1/freezes', {
      scope: { environment: 'prod' },
      reason: 'incident in progress',
    })
    expect(frozen.status).toBe(201)
    try {
      const run = await exec(gateway, work, [
        '--env',
        'prod',
        '--',
        `rm -rf /srv/prod/airlock-frozen; touch ${marker}`,
      ]).done
      expect(run.code).toBe(1)
      expect(run.stderr).toMatch(/airlock: denied: .*freeze/)
      expect(existsSync(marker)).toBe(false)
    } finally {
      const lifted = await gateway.call(TOKENS.carol, 'POST', '/v1/freezes/lift', {
        scope: { environment: 'prod' },
        reason: 'incident over',
      })
      expect(lifted.status).toBe(200)
    }
  })

  it('holds a destructive command until a human other than the operator approves, then the child alone sees the credential once', async () => {
    const seen = join(work, 'seen.txt')
    const command = `rm -rf /srv/prod/airlock-test-data; printenv PGPASSWORD > ${seen}; echo done`
    const run = exec(gateway, work, ['--env', 'prod', '--timeout', '60s', '--', command])
    // The request, its reasons and its link are separate writes: wait for the last of them.
    const link = /approve or deny it at http:\/\/127\.0\.0\.1:8470\/requests\/(req_[\w-]+)/
    const requestId = await until('the approval link', () => link.exec(run.stderrSoFar())?.[1])
    expect(run.stderrSoFar()).toMatch(
      new RegExp(`needs 1 approval by humans: request ${requestId}`),
    )
    // Waiting: nothing ran, and the status line says so.
    await new Promise((resolve) => setTimeout(resolve, 700))
    expect(existsSync(seen)).toBe(false)
    expect(run.stderrSoFar()).toMatch(/waiting for approval of req_[\w-]+: 0\/1/)

    expect(
      (await gateway.call(TOKENS.alice, 'POST', `/v1/requests/${requestId}/approve`, {})).status,
    ).toBe(200)
    // The operator's approval never suffices alone.
    await new Promise((resolve) => setTimeout(resolve, 700))
    expect(existsSync(seen)).toBe(false)
    const second = await gateway.call(TOKENS.bob, 'POST', `/v1/requests/${requestId}/approve`, {})
    expect(second.status).toBe(200)
    const grant = (second.body.grant as { id: string }).id

    const result = await run.done
    expect(result.code).toBe(0)
    expect(result.stdout).toBe('done\n')
    expect(result.stderr).toMatch(/approved by alice, bob/)
    expect(readFileSync(seen, 'utf8')).toBe(`${PG_SECRET}\n`)
    // Nothing the agent saw or the audit holds has the value.
    expect(result.stderr + result.stdout).not.toContain(PG_SECRET)
    const audit = JSON.stringify(await exportAudit(config.file))
    expect(audit).not.toContain(PG_SECRET)
    expect(audit).not.toContain(FILE_SECRET)

    // The grant ran once: running it again is refused, and nothing runs.
    rmSync(seen)
    const again = await gateway.call(TOKENS.claude, 'POST', `/v1/grants/${grant}/run`, {
      action: { kind: 'shell', command, cwd: work, environment: 'prod' },
    })
    expect(again.status).toBe(409)
    expect(again.text).toMatch(/already redeemed/)
    expect(existsSync(seen)).toBe(false)

    // Proposing the same command again needs new approvals.
    const retry = await exec(gateway, work, ['--env', 'prod', '--timeout', '1s', '--', command])
      .done
    expect(retry.code).toBe(124)
    expect(retry.stderr).toMatch(/still waiting/)
    expect(existsSync(seen)).toBe(false)
  }, 60_000)

  it('lets no one but the agent the grant was issued to run it', async () => {
    const run = await exec(gateway, work, [
      '--env',
      'prod',
      '--timeout',
      '1s',
      '--',
      'rm -rf /srv/prod/airlock-test-orders',
    ]).done
    expect(run.code).toBe(124)
    const requestId = /request (req_[\w-]+)/.exec(run.stderr)?.[1] ?? ''
    const approved = await gateway.call(TOKENS.bob, 'POST', `/v1/requests/${requestId}/approve`, {})
    expect(approved.body.grant, approved.text).toBeDefined()
    const grant = (approved.body.grant as { id: string }).id
    const action = {
      kind: 'shell',
      command: 'rm -rf /srv/prod/airlock-test-orders',
      cwd: work,
      environment: 'prod',
    }
    const asOther = await gateway.call(TOKENS.codex, 'POST', `/v1/grants/${grant}/run`, { action })
    expect(asOther.status).toBe(404)
    const asHuman = await gateway.call(TOKENS.bob, 'POST', `/v1/grants/${grant}/run`, { action })
    expect(asHuman.status).toBe(403)
    const otherAction = await gateway.call(TOKENS.claude, 'POST', `/v1/grants/${grant}/run`, {
      action: { ...action, command: 'rm -rf /srv/prod/airlock-test-customers' },
    })
    expect(otherAction.status).toBe(409)
    expect(otherAction.text).toMatch(/different action/)
  }, 30_000)
})
