import { ApiError } from '../../model/errors.js'
import { EXIT } from './cli-error.js'
import type { CliIo, GatewayCliIo } from './cli-io.js'
import {
  callGateway,
  type GatewayFlags,
  type GatewayTarget,
  resolveGatewayTarget,
  sendToGateway,
} from './gateway-client.js'
import {
  parseGatewayAnswer,
  parseRunEvent,
  type ProposalAnswer,
  readGatewayError,
  readProposalAnswer,
} from './gateway-response-schema.js'
import { joinCommandLine } from './shell-quote.js'

/** Options of `airlock exec`. */
export interface ExecOptions extends GatewayFlags {
  readonly env?: string
  readonly timeout: string
  readonly rationale?: string
}

/** `airlock exec` gave up waiting for humans: like timeout(1), so scripts can tell it apart. */
export const EXIT_APPROVAL_TIMEOUT = 124

const POLL_MS = 500

const UNITS_MS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000 }

function parseTimeout(text: string): number {
  const match = /^(\d+)([smh])$/.exec(text)
  if (match === null) {
    throw new ApiError(
      'usage_invalid',
      `option --timeout: expected a duration such as \`90s\`, \`15m\` or \`2h\`; got \`${text}\``,
    )
  }
  return Number(match[1]) * (UNITS_MS[match[2] ?? 's'] ?? 1000)
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

function formatAge(ms: number): string {
  const seconds = Math.floor(ms / 1000)
  return seconds < 60
    ? `${String(seconds)}s`
    : `${String(Math.floor(seconds / 60))}m${String(seconds % 60).padStart(2, '0')}s`
}

/** Shows one status line that changes in place on a terminal, and line by line elsewhere. */
class StatusLine {
  readonly #io: CliIo
  readonly #tty: boolean
  #last = ''

  constructor(io: CliIo, tty: boolean) {
    this.#io = io
    this.#tty = tty
  }

  show(text: string, volatile = ''): void {
    if (this.#tty) {
      this.#io.stderr(`\r\u001B[K${text}${volatile}`)
    } else if (text !== this.#last) {
      this.#io.stderr(`${text}\n`)
    }
    this.#last = text
  }

  end(): void {
    if (this.#tty && this.#last !== '') this.#io.stderr('\n')
    this.#last = ''
  }
}

function describeRefusal(answer: ProposalAnswer): string {
  const lines = [`airlock: denied: ${answer.reasons.join('; ') || 'no reason given'}`]
  if (answer.alternative !== undefined)
    lines.push(`airlock: safer alternative: ${answer.alternative}`)
  return `${lines.join('\n')}\n`
}

// Waits for the humans; resolves with the grant's id, or the exit code to give up with.
async function waitForApproval(
  target: GatewayTarget,
  first: ProposalAnswer,
  timeoutMs: number,
  io: GatewayCliIo,
): Promise<{ grant: string } | { exit: number }> {
  const request = first.request
  if (request === undefined) {
    throw new ApiError(
      'gateway_unreachable',
      'the gateway asked for approval but opened no request',
    )
  }
  io.stderr(
    `airlock: this needs ${String(request.needed)} approval${request.needed === 1 ? '' : 's'} by humans: request ${request.id}\n`,
  )
  for (const reason of first.reasons) io.stderr(`  - ${reason}\n`)
  if (request.link !== undefined) io.stderr(`airlock: approve or deny it at ${request.link}\n`)
  const status = new StatusLine(io, io.stderrIsTty === true)
  const started = Date.now()
  let answer = first
  for (;;) {
    const current = answer.request ?? request
    if (answer.grant !== undefined && answer.grant.redeemedAt === undefined) {
      status.show(`airlock: approved by ${approversOf(current)}`)
      status.end()
      return { grant: answer.grant.id }
    }
    if (current.status === 'denied' || current.status === 'expired') {
      status.show(`airlock: request ${current.id} ${current.status}`)
      status.end()
      return { exit: EXIT.denied }
    }
    const waited = Date.now() - started
    if (waited >= timeoutMs) {
      status.end()
      io.stderr(
        `airlock: gave up after ${formatAge(waited)}: request ${current.id} is still waiting; run the same command again once it is approved\n`,
      )
      return { exit: EXIT_APPROVAL_TIMEOUT }
    }
    status.show(
      `airlock: waiting for approval of ${current.id}: ${String(current.approvals)}/${String(current.needed)}${current.approvals > 0 ? ` (${approversOf(current)})` : ''}`,
      ` · ${formatAge(waited)}`,
    )
    await sleep(Math.min(POLL_MS, timeoutMs - waited))
    answer = readProposalAnswer(
      await callGateway(target, 'GET', `/v1/actions/${encodeURIComponent(first.id)}`),
      'GET /v1/actions',
    )
  }
}

function approversOf(request: NonNullable<ProposalAnswer['request']>): string {
  return request.votes
    .filter((vote) => vote.verdict === 'approve')
    .map((vote) => vote.human)
    .join(', ')
}

// Runs the command on the gateway and relays its output; returns its exit code.
async function runOnGateway(
  target: GatewayTarget,
  grant: string,
  action: Record<string, unknown>,
  io: GatewayCliIo,
): Promise<number> {
  const path = `/v1/grants/${encodeURIComponent(grant)}/run`
  const response = await sendToGateway(target, 'POST', path, { action }, { timeoutMs: 0 })
  if (!response.ok) {
    const answer = parseGatewayAnswer(await response.text(), `POST ${path}`)
    const message = readGatewayError(answer) ?? `HTTP ${String(response.status)}`
    io.stderr(`airlock: the gateway refused to run it: ${message}\n`)
    return EXIT.denied
  }
  if (response.body === null)
    throw new ApiError('gateway_unreachable', 'the gateway sent no output stream')
  const decoder = new TextDecoder()
  let buffered = ''
  let exit: number | undefined
  const handle = (line: string): void => {
    if (line.trim() === '') return
    const event = parseRunEvent(line)
    switch (event.type) {
      case 'stdout':
        io.stdout(event.data)
        break
      case 'stderr':
        io.stderr(event.data)
        break
      case 'exit':
        if (event.error !== undefined)
          io.stderr(`airlock: the command could not start: ${event.error}\n`)
        if (event.signal !== undefined)
          io.stderr(`airlock: the command was ended by ${event.signal}\n`)
        exit = event.exitCode ?? EXIT.internal
        break
      case 'error':
        io.stderr(`airlock: ${event.message}\n`)
        exit = EXIT.internal
        break
    }
  }
  for await (const chunk of response.body) {
    buffered += decoder.decode(chunk as Uint8Array, { stream: true })
    let newline = buffered.indexOf('\n')
    while (newline !== -1) {
      handle(buffered.slice(0, newline))
      buffered = buffered.slice(newline + 1)
      newline = buffered.indexOf('\n')
    }
  }
  handle(buffered + decoder.decode())
  if (exit === undefined) {
    io.stderr('airlock: the connection to the gateway ended before the command did\n')
    return EXIT.internal
  }
  return exit
}

/**
 * `airlock exec [--env E] -- CMD…`: proposes the command as the calling agent, waits for the
 * humans when it needs approval, then has the gateway run it with the environment's
 * credentials injected into the command alone, relaying its output and exit code.
 */
export async function runExec(
  words: readonly string[],
  options: ExecOptions,
  io: GatewayCliIo,
): Promise<number> {
  const command = joinCommandLine(words)
  if (command.trim() === '') {
    throw new ApiError(
      'usage_invalid',
      'no command: give it after `--`, e.g. `airlock exec -- kubectl get pods`',
    )
  }
  const timeoutMs = parseTimeout(options.timeout)
  const target = resolveGatewayTarget(options, io.env ?? {})
  const action: Record<string, unknown> = {
    kind: 'shell',
    command,
    cwd: io.cwd,
    ...(options.env === undefined ? {} : { environment: options.env }),
    ...(options.rationale === undefined ? {} : { rationale: options.rationale }),
  }
  const answer = readProposalAnswer(
    await callGateway(target, 'POST', '/v1/actions?channel=exec', action),
    'POST /v1/actions',
  )
  if (answer.decision === 'deny') {
    io.stderr(describeRefusal(answer))
    return EXIT.denied
  }
  let grant: string
  if (answer.decision === 'approve') {
    const waited = await waitForApproval(target, answer, timeoutMs, io)
    if ('exit' in waited) return waited.exit
    grant = waited.grant
  } else if (answer.grant === undefined) {
    throw new ApiError(
      'gateway_unreachable',
      'the gateway allowed the command but issued no grant to run it',
    )
  } else {
    grant = answer.grant.id
  }
  return runOnGateway(target, grant, action, io)
}
