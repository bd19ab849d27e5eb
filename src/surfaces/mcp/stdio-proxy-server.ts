import { serveStdio, StdioServerTransport } from '@modelcontextprotocol/server/stdio'

import type { McpProxy } from '../../pipeline/mcp-proxy.js'
import { createMcpProxyServer } from './mcp-proxy-server.js'

/** A running stdio MCP server. */
export interface StdioProxyHandle {
  /** Resolves when the client closed its end (standard input ended). */
  readonly closed: Promise<void>
  close(): Promise<void>
}

/**
 * Serves the proxy's tools on this process's standard input and output: the client's opening
 * picks the era (2026 `server/discover` or 2025 `initialize`) for the whole connection.
 */
export function serveProxyOverStdio(
  proxy: McpProxy,
  onError: (error: Error) => void,
): StdioProxyHandle {
  let markClosed: () => void = () => undefined
  const closed = new Promise<void>((resolve) => {
    markClosed = resolve
  })
  class WatchedTransport extends StdioServerTransport {
    override async close(): Promise<void> {
      try {
        await super.close()
      } finally {
        markClosed()
      }
    }
  }
  const handle = serveStdio((context) => createMcpProxyServer(proxy, context.era), {
    transport: new WatchedTransport(),
    onerror: onError,
  })
  return {
    closed,
    async close() {
      await handle.close()
    },
  }
}
