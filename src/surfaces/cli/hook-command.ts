import { HOOK_AGENTS, type HookReply, isHookAgent } from '../hooks/hook-adapter.js'
import { failClosedReply } from '../hooks/hook-adapters.js'
import type { GatewayCliIo } from './cli-io.js'
import { DEFAULT_GATEWAY_URL } from './gateway-client.js'

/** Options of `airlock hook`. */
export interface HookOptions {
  readonly url?: string
}

/** Seconds to wait for the gateway's decision unless `AIRLOCK_HOOK_TIMEOUT` says otherwise. */
const DEFAULT_TIMEOUT_S = 10

function print(reply: HookReply, io: GatewayCliIo): number {
  if (reply.body !== '') io.stdout(`${reply.body}\n`)
  if (reply.stderr !== undefined && reply.stderr !== '') io.stderr(`${reply.stderr}\n`)
  return reply.exitCode
}

async function ask(agent: string, options: HookOptions, io: GatewayCliIo): Promise<HookReply> {
  const env = io.env ?? {}
  const agentName = isHookAgent(agent) ? agent : undefined
  if (agentName === undefined) {
    return failClosedReply(
      undefined,
      `unknown agent \`${agent}\`: expected ${HOOK_AGENTS.join(', ')}`,
    )
  }
  const token = env.AIRLOCK_TOKEN ?? ''
  if (token === '') return failClosedReply(agentName, 'AIRLOCK_TOKEN is not set')
  const timeoutText = env.AIRLOCK_HOOK_TIMEOUT ?? String(DEFAULT_TIMEOUT_S)
  const timeout = Number(timeoutText)
  if (!/^\d+$/.test(timeoutText) || timeout <= 0) {
    return failClosedReply(
      agentName,
      `AIRLOCK_HOOK_TIMEOUT must be a number of seconds, got \`${timeoutText}\``,
    )
  }
  const url = (options.url ?? env.AIRLOCK_URL ?? DEFAULT_GATEWAY_URL).replace(/\/+$/, '')
  const payload = await io.readStdin()
  let response: Response
  try {
    response = await fetch(`${url}/v1/hooks/${agentName}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: payload,
      signal: AbortSignal.timeout(timeout * 1000),
    })
  } catch (error) {
    const timedOut = error instanceof Error && error.name === 'TimeoutError'
    return failClosedReply(
      agentName,
      timedOut
        ? `the gateway at ${url} did not answer within ${String(timeout)}s`
        : `cannot reach the gateway at ${url}: is \`airlock serve\` running?`,
    )
  }
  const text = await response.text()
  if (!response.ok) {
    return failClosedReply(agentName, `the gateway answered HTTP ${String(response.status)}`)
  }
  const exitCode = Number(response.headers.get('airlock-hook-exit') ?? 'NaN')
  const stream = response.headers.get('airlock-hook-stream')
  if (!Number.isInteger(exitCode) || (stream !== 'stdout' && stream !== 'stderr')) {
    return failClosedReply(agentName, 'the gateway answered without a hook exit code and stream')
  }
  return stream === 'stdout'
    ? { status: 200, body: text, exitCode }
    : { status: 200, body: '', exitCode, stderr: text }
}

/**
 * `airlock hook AGENT`: the Node twin of `bin/airlock-hook`. Sends the hook payload on standard
 * input to the gateway and answers in the agent's protocol; fails closed like the script.
 */
export async function runHook(
  agent: string,
  options: HookOptions,
  io: GatewayCliIo,
): Promise<number> {
  try {
    return print(await ask(agent, options, io), io)
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    return print(
      failClosedReply(isHookAgent(agent) ? agent : undefined, `hook failed: ${reason}`),
      io,
    )
  }
}
