/**
 * End-to-end harness: `airlock serve` as a real process on a real database, spoken to over
 * HTTP, as an operator runs it. It runs the build (`bin/airlock.js` → `dist/`), not `src/`:
 * `npm test` builds first; after changing `src/`, run `npm run build` before `vitest run test/e2e`.
 */
import { spawn } from 'node:child_process'
import { existsSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'

import { writeTestConfig } from '../integration/gateway-harness.js'

export { TOKENS } from '../integration/gateway-harness.js'

const ROOT = join(import.meta.dirname, '..', '..')
const BIN = join(ROOT, 'bin', 'airlock.js')
const MAIN = join(ROOT, 'dist', 'main.js')

/** How long `airlock serve` may take to print its listening line. */
const START_TIMEOUT_MS = 15_000
/** How long it may take to stop after SIGTERM (or die after SIGKILL). */
const STOP_TIMEOUT_MS = 10_000
/** How much of a process's standard error is kept for error messages. */
const STDERR_KEEP = 16_384

const LISTENING = /^airlock serve: listening on (http:\/\/\S+) /m

/** A configuration file in a temporary folder of its own, and how to remove that folder. */
export interface ServeConfig {
  readonly file: string
  readonly dir: string
  remove(): void
}

/** What the configuration stores where, and how much it lets the agents do. */
export interface ServeConfigOptions {
  /** `sqlite:PATH` (relative to the folder) or `postgres://…`; `sqlite:./data/airlock.db` unless given. */
  readonly storageUrl?: string
  /** Destructive and catastrophic actions per agent per hour; high enough for load tests unless given. */
  readonly velocityLimit?: number
  /** More configuration, appended as YAML. */
  readonly extra?: string
}

/**
 * Writes the integration tests' configuration (humans alice, bob, carol, dave; agents claude,
 * run by alice, and codex; prod and dev told apart by path) with its own storage and velocity.
 */
export function writeServeConfig(options: ServeConfigOptions = {}): ServeConfig {
  const limit = options.velocityLimit ?? 1_000_000
  const file = writeTestConfig(
    `storage: { url: '${options.storageUrl ?? 'sqlite:./data/airlock.db'}' }
velocity:
  destructive: { limit: ${String(limit)}, window: 1h }
  catastrophic: { limit: ${String(limit)}, window: 1h }
approvals: { expiresAfter: 1h }
${options.extra ?? ''}`,
  )
  const dir = dirname(file)
  return {
    file,
    dir,
    remove: () => {
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** An HTTP answer: the status, the JSON body (empty when it is not JSON) and the raw text. */
export interface Answer {
  readonly status: number
  readonly body: Record<string, unknown>
  readonly text: string
}

/** A running `airlock serve`. */
export interface ServeProcess {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string
  readonly pid: number
  /** Calls the API with a bearer token; `body` is sent as JSON. Rejects when the connection fails. */
  call(token: string, method: string, path: string, body?: unknown): Promise<Answer>
  /** SIGTERM, then waits for the exit; resolves to the exit code (0 after a clean shutdown). */
  stop(): Promise<number | null>
  /** SIGKILL (`kill -9`), then waits until the process is gone. */
  kill9(): Promise<void>
  /** The last 16 KiB of its standard error. */
  stderr(): string
}

function requireBuild(): void {
  if (!existsSync(MAIN)) {
    throw new Error(
      `the end-to-end tests run the built gateway, and \`${MAIN}\` is missing: run \`npm run build\` first (\`npm test\` builds before it tests)`,
    )
  }
}

function keepTail(text: string): string {
  return text.length > STDERR_KEEP ? text.slice(-STDERR_KEEP) : text
}

/** Starts `airlock serve --config FILE --host 127.0.0.1 --port 0` and waits until it listens. */
export async function startServe(
  configFile: string,
  options: {
    readonly nodeArgs?: readonly string[]
    /** Added to the server's environment: where its credentials live. */
    readonly env?: Readonly<Record<string, string>>
  } = {},
): Promise<ServeProcess> {
  requireBuild()
  const child = spawn(
    process.execPath,
    [
      ...(options.nodeArgs ?? []),
      BIN,
      'serve',
      '--config',
      configFile,
      '--host',
      '127.0.0.1',
      '--port',
      '0',
    ],
    {
      cwd: dirname(configFile),
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...options.env },
    },
  )
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8')
  child.stderr.setEncoding('utf8')
  child.stderr.on('data', (chunk: string) => {
    stderr = keepTail(stderr + chunk)
  })
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      resolve({ code, signal })
    })
  })
  const describeFailure = (what: string): Error =>
    new Error(
      `airlock serve (pid ${String(child.pid)}) ${what}\n--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`,
    )

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(describeFailure(`printed no listening line within ${String(START_TIMEOUT_MS)} ms`))
    }, START_TIMEOUT_MS)
    child.stdout.on('data', (chunk: string) => {
      stdout = keepTail(stdout + chunk)
      const match = LISTENING.exec(stdout)
      if (match?.[1] !== undefined) {
        clearTimeout(timer)
        resolve(match[1])
      }
    })
    void exited.then(({ code, signal }) => {
      clearTimeout(timer)
      reject(
        describeFailure(`exited before listening (code ${String(code)}, signal ${String(signal)})`),
      )
    })
  })

  const waitForExit = async (signal: NodeJS.Signals): Promise<number | null> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal)
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        child.kill('SIGKILL')
        reject(describeFailure(`did not exit within ${String(STOP_TIMEOUT_MS)} ms of ${signal}`))
      }, STOP_TIMEOUT_MS)
    })
    try {
      return (await Promise.race([exited, timeout])).code
    } finally {
      clearTimeout(timer)
    }
  }

  return {
    url,
    pid: child.pid ?? -1,
    async call(token, method, path, body) {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
      const text = await response.text()
      const isJson = (response.headers.get('content-type') ?? '').includes('application/json')
      return {
        status: response.status,
        body: isJson && text !== '' ? (JSON.parse(text) as Record<string, unknown>) : {},
        text,
      }
    },
    stop: () => waitForExit('SIGTERM'),
    async kill9() {
      await waitForExit('SIGKILL')
    },
    stderr: () => stderr,
  }
}

/** What a one-shot `airlock` command printed and returned. */
export interface CliResult {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/** Runs `airlock ARGS…` (e.g. `audit verify --config FILE`) to its end. */
export async function runAirlock(args: readonly string[], cwd = ROOT): Promise<CliResult> {
  requireBuild()
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const stdout: Buffer[] = []
  const stderr: Buffer[] = []
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk))
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk))
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject)
    child.once('close', resolve)
  })
  return {
    code,
    stdout: Buffer.concat(stdout).toString('utf8'),
    stderr: Buffer.concat(stderr).toString('utf8'),
  }
}

/** One record of `airlock audit export`, as far as these tests read it. */
export interface ExportedRecord {
  readonly seq: number
  readonly kind: string
  readonly actor: string
  readonly subject?: string
  readonly data: Record<string, unknown>
}

/** `airlock audit export --config FILE`, read from the database, parsed. */
export async function exportAudit(configFile: string): Promise<ExportedRecord[]> {
  const result = await runAirlock(['audit', 'export', '--config', configFile])
  if (result.code !== 0) {
    throw new Error(`airlock audit export exited ${String(result.code)}: ${result.stderr}`)
  }
  return result.stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as ExportedRecord)
}
