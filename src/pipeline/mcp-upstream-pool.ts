import {
  connectMcpUpstream,
  type McpUpstream,
  type McpUpstreamOptions,
} from '../execute/mcp-upstream.js'
import type { McpServerConfig } from '../model/gateway-config.js'

export type {
  McpToolDefinition,
  McpToolResult,
  McpUpstream,
  McpUpstreamOptions,
} from '../execute/mcp-upstream.js'

/** The upstream servers a proxy forwards to, connected on first use. */
export interface McpUpstreamPool {
  /** The configured servers' names, in configuration order. */
  readonly names: readonly string[]
  /** The connected server; a failed connection is tried again on the next call. */
  get(name: string): Promise<McpUpstream>
  close(): Promise<void>
}

/** A pool over the configured servers; nothing is started until it is needed. */
export function createMcpUpstreamPool(
  servers: readonly McpServerConfig[],
  options: McpUpstreamOptions,
): McpUpstreamPool {
  const connections = new Map<string, Promise<McpUpstream>>()
  return {
    names: servers.map((server) => server.name),
    get(name) {
      const known = connections.get(name)
      if (known !== undefined) return known
      const server = servers.find((candidate) => candidate.name === name)
      if (server === undefined) {
        return Promise.reject(new Error(`no mcp server \`${name}\` is configured`))
      }
      const connecting = connectMcpUpstream(server, options)
      connections.set(name, connecting)
      connecting.catch(() => {
        if (connections.get(name) === connecting) connections.delete(name)
      })
      return connecting
    },
    async close() {
      const open = [...connections.values()]
      connections.clear()
      await Promise.allSettled(open.map(async (upstream) => (await upstream).close()))
    },
  }
}
