import { describe, expect, it } from 'vitest'

import { type OutputStream, runCommand } from './run-command.js'

const BASE_ENV = { PATH: process.env.PATH ?? '/usr/bin:/bin' }

async function run(command: string, env: Record<string, string> = {}, signal?: AbortSignal) {
  const output: { stream: OutputStream; text: string }[] = []
  const result = await runCommand({
    command,
    cwd: process.cwd(),
    env: { ...BASE_ENV, ...env },
    secrets: [{ variable: 'PGPASSWORD', value: 'pg-secret-value-123' }],
    onOutput: (stream, text) => output.push({ stream, text }),
    ...(signal === undefined ? {} : { signal }),
  })
  const text = (stream: OutputStream) =>
    output
      .filter((item) => item.stream === stream)
      .map((item) => item.text)
      .join('')
  return { result, stdout: text('stdout'), stderr: text('stderr') }
}

describe('runCommand', () => {
  it('streams both outputs and returns the exit code', async () => {
    const { result, stdout, stderr } = await run('echo out; echo err >&2; exit 3')
    expect(result).toEqual({ exitCode: 3 })
    expect(stdout).toBe('out\n')
    expect(stderr).toBe('err\n')
  })

  it('gives the command only the environment it is handed, and masks secrets it prints', async () => {
    process.env.AIRLOCK_TEST_LEAK = 'gateway-only'
    const { stdout } = await run('printf "%s|%s|" "$PGPASSWORD" "${AIRLOCK_TEST_LEAK-unset}"', {
      PGPASSWORD: 'pg-secret-value-123',
    })
    expect(stdout).toBe('[secret PGPASSWORD]|unset|')
  })

  it('masks a secret printed one byte at a time', async () => {
    const { stdout } = await run(
      'for c in p g - s e c r e t - v a l u e - 1 2 3; do printf %s "$c"; sleep 0.01; done',
    )
    expect(stdout).toBe('[secret PGPASSWORD]')
  })

  it('kills the command and what it started when aborted', async () => {
    const controller = new AbortController()
    setTimeout(() => {
      controller.abort()
    }, 200)
    const started = Date.now()
    const { result } = await run('sleep 30 & sleep 30; wait', {}, controller.signal)
    expect(Date.now() - started).toBeLessThan(5000)
    expect(result.signal).toBe('SIGKILL')
  })

  it('reports a working directory that does not exist', async () => {
    const result = await runCommand({
      command: 'true',
      cwd: '/nonexistent/airlock',
      env: BASE_ENV,
      secrets: [],
      onOutput: () => undefined,
    })
    expect(result.error).toMatch(/ENOENT/)
  })
})
