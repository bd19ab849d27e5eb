import { ApiError } from '../../model/errors.js'
import type { CliIo } from './cli-io.js'

/** Exit codes of every command: 0 success, 1 the decision was deny, 2 usage or input error. */
export const EXIT = { ok: 0, denied: 1, usage: 2, internal: 3 } as const

/**
 * The one place that turns a failure into CLI output: a caller's mistake is exit 2 with what
 * was wrong and where; anything else is an internal error, reported as such.
 */
export function reportCliError(error: unknown, io: CliIo): number {
  if (error instanceof ApiError) {
    io.stderr(`airlock: ${error.message}\n`)
    return error.code === 'gateway_unreachable' ? EXIT.internal : EXIT.usage
  }
  const message = error instanceof Error ? error.message : String(error)
  io.stderr(`airlock: internal error: ${message}\n`)
  return EXIT.internal
}
