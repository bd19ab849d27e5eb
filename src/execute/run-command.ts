import { spawn } from 'node:child_process'
import { StringDecoder } from 'node:string_decoder'

import { SecretMasker, type SecretValue } from '../model/secret-mask.js'

/** Which output stream a chunk came from. */
export type OutputStream = 'stdout' | 'stderr'

/** How to run one approved shell command. */
export interface RunCommandOptions {
  readonly command: string
  readonly cwd: string
  /**
   * The command's whole environment: the gateway's own environment never reaches it, only what
   * the caller puts here (a minimal base and the environment's credentials).
   */
  readonly env: Readonly<Record<string, string>>
  /** Values masked in everything the command prints, even when a chunk splits one. */
  readonly secrets: readonly SecretValue[]
  /** Told each piece of output, already masked, in order per stream. */
  readonly onOutput: (stream: OutputStream, text: string) => void
  /** Aborting kills the command and everything it started. */
  readonly signal?: AbortSignal
}

/** How the command ended. */
export interface RunCommandResult {
  /** Absent when a signal ended it. */
  readonly exitCode?: number
  readonly signal?: string
  /** Set when the command could not start at all (no bash, no such directory). */
  readonly error?: string
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return
  try {
    process.kill(-pid, 'SIGKILL')
  } catch {
    // Already gone.
  }
}

/**
 * Runs a shell command line with `bash -c` in its own process group, stdin closed, streaming
 * its masked output as it comes. The only place airlock runs an agent's command for real.
 */
export function runCommand(options: RunCommandOptions): Promise<RunCommandResult> {
  return new Promise((resolve) => {
    if (options.signal?.aborted === true) {
      resolve({ signal: 'SIGKILL', error: 'cancelled before it started' })
      return
    }
    const child = spawn('bash', ['-c', options.command], {
      cwd: options.cwd,
      env: { ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    })
    const pipes = (['stdout', 'stderr'] as const).map((stream) => {
      const masker = new SecretMasker(options.secrets)
      const decoder = new StringDecoder('utf8')
      const emit = (text: string): void => {
        if (text !== '') options.onOutput(stream, text)
      }
      child[stream].on('data', (chunk: Buffer) => {
        emit(masker.push(decoder.write(chunk)))
      })
      return () => {
        emit(masker.push(decoder.end()))
        emit(masker.flush())
      }
    })
    const abort = (): void => {
      killGroup(child.pid)
    }
    options.signal?.addEventListener('abort', abort, { once: true })
    let spawnError: string | undefined
    child.on('error', (error) => {
      spawnError = error.message
    })
    child.on('close', (code, signal) => {
      options.signal?.removeEventListener('abort', abort)
      for (const flush of pipes) flush()
      // INVARIANT: nothing the command started outlives it in the background unnoticed.
      killGroup(child.pid)
      resolve({
        ...(code === null ? {} : { exitCode: code }),
        ...(signal === null ? {} : { signal }),
        ...(spawnError === undefined ? {} : { error: spawnError }),
      })
    })
  })
}
