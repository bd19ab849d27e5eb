import { ApiError } from '../../model/errors.js'
import { EXIT } from './cli-error.js'
import type { GatewayCliIo as CliIo } from './cli-io.js'
import {
  callGateway,
  type GatewayFlags,
  resolveGatewayTarget,
  sendToGateway,
} from './gateway-client.js'
import type { GatewayAnswer } from './gateway-response-schema.js'

/** Options of `airlock requests`. */
export interface RequestsOptions extends GatewayFlags {
  readonly status?: string
  readonly json?: boolean
}

/** Options of `airlock approve` and `airlock deny`. */
export interface VoteOptions extends GatewayFlags {
  readonly comment?: string
  readonly json?: boolean
}

/** Options of `airlock freeze` and `airlock unfreeze`. */
export interface FreezeOptions extends GatewayFlags {
  readonly agent?: string
  readonly env?: string
  readonly reason?: string
  readonly json?: boolean
}

/** Options of `airlock audit verify` and `airlock audit export` against a running gateway. */
export interface AuditOptions extends GatewayFlags {
  readonly json?: boolean
  readonly format?: string
}

const text = (value: unknown): string =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : ''

function age(iso: unknown, now: number): string {
  const ms = now - Date.parse(text(iso))
  if (!Number.isFinite(ms)) return '?'
  const minutes = Math.floor(ms / 60_000)
  if (minutes < 1) return 'just now'
  if (minutes < 60) return `${String(minutes)}m`
  return `${String(Math.floor(minutes / 60))}h${String(minutes % 60).padStart(2, '0')}m`
}

function renderRequestLine(request: GatewayAnswer, now: number): string {
  return [
    text(request.id),
    text(request.status).padEnd(8),
    text(request.risk).padEnd(12),
    `${text(request.approvals)}/${text(request.needed)}`.padEnd(5),
    text(request.agent ?? request.requester).padEnd(12),
    text(request.environment ?? '-').padEnd(10),
    age(request.createdAt, now),
  ].join('  ')
}

/** `airlock requests`: the approval queue. */
export async function runRequests(options: RequestsOptions, io: CliIo): Promise<number> {
  const target = resolveGatewayTarget(options, io.env ?? {})
  const status = options.status ?? 'pending'
  const answer = await callGateway(
    target,
    'GET',
    `/v1/requests?status=${encodeURIComponent(status)}`,
  )
  const requests = Array.isArray(answer.requests) ? (answer.requests as GatewayAnswer[]) : []
  if (options.json === true) {
    io.stdout(`${JSON.stringify(requests)}\n`)
    return EXIT.ok
  }
  if (requests.length === 0) {
    io.stdout(`no ${status === 'all' ? '' : `${status} `}requests\n`)
    return EXIT.ok
  }
  const now = Date.now()
  io.stdout(
    'id                        status    risk          ok     agent         env         age\n',
  )
  for (const request of requests) io.stdout(`${renderRequestLine(request, now)}\n`)
  return EXIT.ok
}

/** `airlock approve ID` and `airlock deny ID`. */
export async function runVote(
  verdict: 'approve' | 'deny',
  id: string,
  options: VoteOptions,
  io: CliIo,
): Promise<number> {
  const target = resolveGatewayTarget(options, io.env ?? {})
  const answer = await callGateway(
    target,
    'POST',
    `/v1/requests/${encodeURIComponent(id)}/${verdict}`,
    options.comment === undefined ? {} : { comment: options.comment },
  )
  if (options.json === true) {
    io.stdout(`${JSON.stringify(answer)}\n`)
    return EXIT.ok
  }
  const request = (answer.request ?? {}) as GatewayAnswer
  const grant = answer.grant as GatewayAnswer | undefined
  const progress = `${text(request.approvals)} of ${text(request.needed)} approvals`
  if (grant !== undefined) {
    io.stdout(`approved ${id}: ${progress}; grant ${text(grant.id)} issued for one execution\n`)
  } else if (request.status === 'denied') {
    io.stdout(`denied ${id}: the request is closed\n`)
  } else {
    io.stdout(`recorded your approval of ${id}: ${progress}; still pending\n`)
  }
  return EXIT.ok
}

function freezeScope(options: FreezeOptions): unknown {
  if (options.agent !== undefined && options.env !== undefined) {
    throw new ApiError('usage_invalid', 'give `--agent` or `--env`, not both (neither: global)')
  }
  if (options.agent !== undefined) return { agent: options.agent }
  if (options.env !== undefined) return { environment: options.env }
  return 'global'
}

// Sends a freeze or its lifting: scope and reason are checked before the gateway is called.
function sendFreeze(options: FreezeOptions, io: CliIo, path: string): Promise<GatewayAnswer> {
  const scope = freezeScope(options)
  if (options.reason === undefined || options.reason.trim() === '') {
    throw new ApiError('usage_invalid', '`--reason` is required: say why, it goes in the audit')
  }
  const target = resolveGatewayTarget(options, io.env ?? {})
  return callGateway(target, 'POST', path, { scope, reason: options.reason })
}

/** `airlock freeze [--agent A | --env E] --reason R`. */
export async function runFreeze(options: FreezeOptions, io: CliIo): Promise<number> {
  const answer = await sendFreeze(options, io, '/v1/freezes')
  io.stdout(
    options.json === true
      ? `${JSON.stringify(answer)}\n`
      : `frozen: ${text(answer.scope)} (${text(answer.id)}); only safe actions run until a breakglass holder lifts it\n`,
  )
  return EXIT.ok
}

/** `airlock unfreeze [--agent A | --env E] --reason R`: needs the breakglass role. */
export async function runUnfreeze(options: FreezeOptions, io: CliIo): Promise<number> {
  const answer = await sendFreeze(options, io, '/v1/freezes/lift')
  if (options.json === true) {
    io.stdout(`${JSON.stringify(answer)}\n`)
    return EXIT.ok
  }
  const lifted = Array.isArray(answer.lifted) ? (answer.lifted as GatewayAnswer[]) : []
  for (const freeze of lifted) io.stdout(`lifted: ${text(freeze.scope)} (${text(freeze.id)})\n`)
  return EXIT.ok
}

/** Prints a chain verification; exit 0 when intact, 1 when tampered with. */
export function reportVerification(
  answer: GatewayAnswer,
  options: AuditOptions,
  io: CliIo,
): number {
  if (options.json === true) {
    io.stdout(`${JSON.stringify(answer)}\n`)
  } else if (answer.ok === true) {
    io.stdout(`audit chain intact: ${text(answer.records)} records verified\n`)
  } else {
    const problem = (answer.problem ?? {}) as GatewayAnswer
    io.stdout(`audit chain BROKEN at record ${text(problem.seq)}: ${text(problem.message)}\n`)
  }
  return answer.ok === true ? EXIT.ok : EXIT.denied
}

/** `airlock audit verify` against a running gateway. */
export async function runAuditVerifyRemote(options: AuditOptions, io: CliIo): Promise<number> {
  const target = resolveGatewayTarget(options, io.env ?? {})
  return reportVerification(await callGateway(target, 'GET', '/v1/audit/verify'), options, io)
}

/** `airlock audit export --format jsonl` from a running gateway, streamed to standard output. */
export async function runAuditExportRemote(options: AuditOptions, io: CliIo): Promise<number> {
  const target = resolveGatewayTarget(options, io.env ?? {})
  const response = await sendToGateway(target, 'GET', '/v1/audit/export?format=jsonl')
  if (!response.ok || response.body === null) {
    await callGateway(target, 'GET', '/v1/audit/export?format=jsonl')
    return EXIT.internal
  }
  const decoder = new TextDecoder()
  for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
    io.stdout(decoder.decode(chunk, { stream: true }))
  }
  return EXIT.ok
}
