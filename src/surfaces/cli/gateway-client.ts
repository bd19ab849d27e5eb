import { ApiError } from '../../model/errors.js'
import {
  type GatewayAnswer,
  parseGatewayAnswer,
  readGatewayError,
} from './gateway-response-schema.js'

/** Where the gateway is and who is calling it. */
export interface GatewayTarget {
  readonly url: string
  readonly token: string
}

/** The gateway's address unless `--url` or `AIRLOCK_URL` says otherwise. */
export const DEFAULT_GATEWAY_URL = 'http://127.0.0.1:8470'

/** Options every command that talks to `airlock serve` takes. */
export interface GatewayFlags {
  readonly url?: string
}

/**
 * The gateway to talk to: `--url`, else `AIRLOCK_URL`, else the default; the token only from
 * `AIRLOCK_TOKEN` (a token on the command line would show in `ps` and shell history).
 */
export function resolveGatewayTarget(
  flags: GatewayFlags,
  env: Readonly<Record<string, string | undefined>>,
): GatewayTarget {
  const url = (flags.url ?? env.AIRLOCK_URL ?? DEFAULT_GATEWAY_URL).replace(/\/+$/, '')
  const token = env.AIRLOCK_TOKEN ?? ''
  if (token === '') {
    throw new ApiError(
      'usage_invalid',
      'no token: set `AIRLOCK_TOKEN` to your airlock token (it is never taken from the command line)',
    )
  }
  return { url, token }
}

/** Calls the gateway's API; a 4xx becomes an ApiError with the gateway's own message. */
export async function callGateway(
  target: GatewayTarget,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<GatewayAnswer> {
  const response = await sendToGateway(target, method, path, body)
  const what = `${method} ${path}`
  const answer = parseGatewayAnswer(await response.text(), what)
  if (response.ok) return answer
  const message = readGatewayError(answer) ?? `HTTP ${String(response.status)}`
  if (response.status >= 500) {
    throw new ApiError('gateway_unreachable', `the gateway failed: ${message}`)
  }
  throw new ApiError(
    response.status === 404 ? 'input_not_found' : 'input_invalid',
    `the gateway refused: ${message}`,
  )
}

/** Sends one request and returns the raw response, for streaming answers. */
export async function sendToGateway(
  target: GatewayTarget,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<Response> {
  try {
    return await fetch(`${target.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${target.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(30_000),
    })
  } catch (error) {
    const reason =
      error instanceof Error
        ? error.cause instanceof Error
          ? error.cause.message
          : error.message
        : String(error)
    throw new ApiError(
      'gateway_unreachable',
      `cannot reach the gateway at ${target.url} (${reason}): is \`airlock serve\` running? set its address with --url or AIRLOCK_URL`,
    )
  }
}
