import { ApiError } from '../../model/errors.js'
import { createTicketKey } from '../../pipeline/mcp-approval-ticket.js'
import type { McpDecider } from '../../pipeline/mcp-decider.js'
import { McpProxy } from '../../pipeline/mcp-proxy.js'
import { createMcpUpstreamPool } from '../../pipeline/mcp-upstream-pool.js'
import { loadGatewayConfig } from '../config/load-gateway-config.js'
import { serveProxyOverStdio } from '../mcp/stdio-proxy-server.js'
import { EXIT } from './cli-error.js'
import type { GatewayCliIo } from './cli-io.js'
import { callGateway, type GatewayTarget, resolveGatewayTarget } from './gateway-client.js'
import { resolveFrom } from './judging-options.js'
import { readMcpDecision } from './mcp-decision-schema.js'

/** Options of `airlock mcp-proxy`. */
export interface McpProxyOptions {
  readonly config: string
  readonly server: string
  readonly url?: string
}

/** Decides over the gateway's HTTP API with the agent's token. */
export function createHttpDecider(target: GatewayTarget): McpDecider {
  return {
    propose: async (action) =>
      readMcpDecision(await callGateway(target, 'POST', '/v1/actions?channel=mcp', action)),
    status: async (actionId) =>
      readMcpDecision(
        await callGateway(target, 'GET', `/v1/actions/${encodeURIComponent(actionId)}`),
      ),
  }
}

/**
 * `airlock mcp-proxy --config FILE --server NAME`: the MCP server an agent launches instead of
 * NAME. Standard output carries MCP messages only; airlock's and the server's (masked) log lines
 * go to standard error. Runs until the client closes standard input or the process is stopped.
 */
export async function runMcpProxy(options: McpProxyOptions, io: GatewayCliIo): Promise<number> {
  const env = io.env ?? {}
  const target = resolveGatewayTarget(options.url === undefined ? {} : { url: options.url }, env)
  const config = await loadGatewayConfig(resolveFrom(io.cwd, options.config), io)
  const server = config.mcp.servers.find((candidate) => candidate.name === options.server)
  if (server === undefined) {
    const known = config.mcp.servers.map((candidate) => `\`${candidate.name}\``).join(', ')
    throw new ApiError(
      'usage_invalid',
      `\`--server\`: no mcp server \`${options.server}\` in \`${config.file}\` (configured: ${known || 'none'})`,
    )
  }
  const log = (line: string) => {
    io.stderr(`airlock mcp-proxy: ${line}\n`)
  }
  const upstreams = createMcpUpstreamPool([server], {
    secrets: config.secrets,
    env,
    onStderr: (text) => {
      io.stderr(text)
    },
  })
  try {
    try {
      await upstreams.get(server.name)
    } catch (error) {
      throw new ApiError('usage_invalid', error instanceof Error ? error.message : String(error))
    }
    const proxy = new McpProxy({
      upstreams,
      decider: createHttpDecider(target),
      namespaced: false,
      ticketKey: createTicketKey(),
      publicUrl: config.publicUrl,
      approvalWaitMs: config.mcp.approvalWaitMs,
      environmentOf: (name) =>
        config.mcp.servers.find((candidate) => candidate.name === name)?.environment,
    })
    const handle = serveProxyOverStdio(proxy, (error) => {
      log(error.message)
    })
    const shutdown = io.services?.untilShutdown() ?? new Promise<void>(() => undefined)
    await Promise.race([handle.closed, shutdown])
    await handle.close()
    return EXIT.ok
  } finally {
    await upstreams.close()
  }
}
