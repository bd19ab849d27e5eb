import type { Agent as HttpAgent, request as httpRequest } from 'node:http'

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

// One connection kept open for the process: a proxy calls the gateway for every tool call, and
// node:http costs a fraction of fetch's CPU per request. Loaded on first use, so that commands
// that never call the gateway (`check`) do not pay for it at start.
interface Transport {
  readonly request: typeof httpRequest
  readonly agent: HttpAgent
}
const transports = new Map<'http:' | 'https:', Promise<Transport>>()

function transportFor(protocol: 'http:' | 'https:'): Promise<Transport> {
  let transport = transports.get(protocol)
  if (transport === undefined) {
    transport =
      protocol === 'https:'
        ? import('node:https').then((https) => ({
            request: https.request,
            agent: new https.Agent({ keepAlive: true }),
          }))
        : import('node:http').then((http) => ({
            request: http.request,
            agent: new http.Agent({ keepAlive: true }),
          }))
    transports.set(protocol, transport)
  }
  return transport
}

function unreachable(target: GatewayTarget, reason: string): ApiError {
  return new ApiError(
    'gateway_unreachable',
    `cannot reach the gateway at ${target.url} (${reason}): is \`airlock serve\` running? set its address with --url or AIRLOCK_URL`,
  )
}

// A JSON request over a kept-alive connection; resolves with the status and the body's text.
async function requestJson(
  target: GatewayTarget,
  method: 'GET' | 'POST',
  path: string,
  body: unknown,
): Promise<{ status: number; text: string }> {
  let url: URL
  try {
    url = new URL(`${target.url}${path}`)
  } catch {
    throw unreachable(target, 'not a URL')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw unreachable(target, `\`${url.protocol}\` is not http or https`)
  }
  const { request: send, agent } = await transportFor(url.protocol)
  const payload = body === undefined ? undefined : JSON.stringify(body)
  return new Promise((resolve, reject) => {
    const request = send(
      url,
      {
        method,
        agent,
        headers: {
          authorization: `Bearer ${target.token}`,
          ...(payload === undefined
            ? {}
            : {
                'content-type': 'application/json',
                'content-length': String(Buffer.byteLength(payload)),
              }),
        },
        timeout: 30_000,
      },
      (response) => {
        const chunks: Buffer[] = []
        response.on('data', (chunk: Buffer) => chunks.push(chunk))
        response.on('end', () => {
          resolve({
            status: response.statusCode ?? 0,
            text: Buffer.concat(chunks).toString('utf8'),
          })
        })
        response.on('error', (error) => {
          reject(unreachable(target, error.message))
        })
      },
    )
    request.on('timeout', () => {
      request.destroy(new Error('no answer within 30 s'))
    })
    request.on('error', (error) => {
      reject(unreachable(target, error.message))
    })
    request.end(payload)
  })
}

/** Calls the gateway's API; a 4xx becomes an ApiError with the gateway's own message. */
export async function callGateway(
  target: GatewayTarget,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<GatewayAnswer> {
  const response = await requestJson(target, method, path, body)
  const what = `${method} ${path}`
  const answer = parseGatewayAnswer(response.text, what)
  if (response.status >= 200 && response.status < 300) return answer
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
  options: { readonly timeoutMs?: number } = {},
): Promise<Response> {
  // 0 waits as long as the answer streams (a command's output); otherwise 30 s.
  const timeoutMs = options.timeoutMs ?? 30_000
  try {
    return await fetch(`${target.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${target.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      ...(timeoutMs === 0 ? {} : { signal: AbortSignal.timeout(timeoutMs) }),
    })
  } catch (error) {
    const reason =
      error instanceof Error
        ? error.cause instanceof Error
          ? error.cause.message
          : error.message
        : String(error)
    throw unreachable(target, reason)
  }
}
