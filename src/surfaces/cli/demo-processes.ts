import { type ChildProcess, spawn } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { ApiError } from '../../model/errors.js'

/** The `airlock` executable of this installation, which the replay runs as separate processes. */
export const AIRLOCK_BIN = join(
  fileURLToPath(new URL('../../..', import.meta.url)),
  'bin',
  'airlock.js',
)

const START_TIMEOUT_MS = 20_000
const STOP_TIMEOUT_MS = 10_000
const KEEP = 8_192
const LISTENING = /^airlock serve: listening on (http:\/\/\S+) /m

function keepTail(text: string): string {
  return text.length > KEEP ? text.slice(-KEEP) : text
}

/** A running `airlock serve` started by the replay. */
export interface DemoGateway {
  readonly url: string
  /** Hears each line the gateway logs on standard error (its events among them). */
  onLogLine(listener: (line: string) => void): void
  /** Resolves when the process has ended, however it ended. */
  readonly exited: Promise<void>
  /** SIGTERM, then the exit (SIGKILL after 10 s); resolves to its exit code. */
  stop(): Promise<number | null>
}

/**
 * Starts `airlock serve --config FILE` as a child process and waits for its listening line;
 * a gateway that exits or stays silent fails with what it printed.
 */
export async function startDemoGateway(
  configFile: string,
  port: number,
  cwd: string,
): Promise<DemoGateway> {
  const child = spawn(
    process.execPath,
    [AIRLOCK_BIN, 'serve', '--config', configFile, '--host', '127.0.0.1', '--port', String(port)],
    { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, AIRLOCK_TOKEN: '' } },
  )
  let stdout = ''
  let stderr = ''
  let partial = ''
  const listeners: ((line: string) => void)[] = []
  child.stdout.setEncoding('utf8')
  child.stderr.setEncoding('utf8')
  child.stderr.on('data', (chunk: string) => {
    stderr = keepTail(stderr + chunk)
    partial += chunk
    const lines = partial.split('\n')
    partial = lines.pop() ?? ''
    for (const line of lines) for (const listener of listeners) listener(line)
  })
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      resolve(code)
    })
  })
  const failure = (what: string) =>
    new ApiError(
      'gateway_unreachable',
      `airlock serve ${what}: ${(stderr.trim() || stdout.trim()).split('\n').slice(-3).join(' / ')}`,
    )
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(failure(`printed no listening line within ${String(START_TIMEOUT_MS / 1000)} s`))
    }, START_TIMEOUT_MS)
    child.stdout.on('data', (chunk: string) => {
      stdout = keepTail(stdout + chunk)
      const match = LISTENING.exec(stdout)
      if (match?.[1] !== undefined) {
        clearTimeout(timer)
        resolve(match[1])
      }
    })
    void exited.then((code) => {
      clearTimeout(timer)
      reject(failure(`exited (code ${String(code)}) before it listened`))
    })
  })
  return {
    url,
    onLogLine(listener) {
      listeners.push(listener)
    },
    exited: exited.then(() => undefined),
    stop: () => stopChild(child, exited),
  }
}

async function stopChild(
  child: ChildProcess,
  exited: Promise<number | null>,
): Promise<number | null> {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => {
      child.kill('SIGKILL')
      resolve(null)
    }, STOP_TIMEOUT_MS)
  })
  try {
    return await Promise.race([exited, late])
  } finally {
    clearTimeout(timer)
  }
}

/** How a one-shot `airlock` command ended, and what it printed. */
export interface DemoCommandResult {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/**
 * Runs `airlock ARGS…` to its end with extra environment variables (a token), handing each
 * line of its output to `onLine` as it comes.
 */
export async function runDemoCommand(
  args: readonly string[],
  options: {
    readonly cwd: string
    readonly env: Readonly<Record<string, string>>
    readonly onLine?: (line: string, stream: 'stdout' | 'stderr') => void
  },
): Promise<DemoCommandResult> {
  const child = spawn(process.execPath, [AIRLOCK_BIN, ...args], {
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
  })
  const output = { stdout: '', stderr: '' }
  const partial = { stdout: '', stderr: '' }
  for (const stream of ['stdout', 'stderr'] as const) {
    child[stream].setEncoding('utf8')
    child[stream].on('data', (chunk: string) => {
      output[stream] += chunk
      partial[stream] += chunk
      const lines = partial[stream].split('\n')
      partial[stream] = lines.pop() ?? ''
      for (const line of lines) options.onLine?.(line, stream)
    })
  }
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject)
    child.once('close', resolve)
  })
  for (const stream of ['stdout', 'stderr'] as const) {
    if (partial[stream] !== '') options.onLine?.(partial[stream], stream)
  }
  return { code, ...output }
}
