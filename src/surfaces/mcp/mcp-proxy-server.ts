/**
 * @module surfaces/mcp
 * The MCP faces of the proxy: an SDK server over stdio (`airlock mcp-proxy`) and the
 * Streamable HTTP endpoint `/mcp` of `airlock serve`. They translate MCP requests into
 * pipeline/ proxy calls and render its outcomes; they decide nothing. Imports model/ and
 * pipeline/ only.
 */
import {
  type CallToolResult,
  inputRequired,
  type ListToolsResult,
  McpServer,
  type ServerContext,
} from '@modelcontextprotocol/server'

import type { McpClientTraits, McpProxy } from '../../pipeline/mcp-proxy.js'

const SERVER_INFO = { name: 'airlock', version: '0.1.0' }

const CAPABILITIES_KEY = 'io.modelcontextprotocol/clientCapabilities'

// On the 2026 revision each request declares what its client can do; an empty `elicitation`
// object means form mode.
function declaresFormElicitation(ctx: ServerContext): boolean {
  const capabilities = (ctx.mcpReq.envelope as Record<string, unknown> | undefined)?.[
    CAPABILITIES_KEY
  ]
  if (typeof capabilities !== 'object' || capabilities === null) return false
  const elicitation = (capabilities as { elicitation?: unknown }).elicitation
  if (typeof elicitation !== 'object' || elicitation === null) return false
  const modes = elicitation as { form?: unknown; url?: unknown }
  return modes.form !== undefined || modes.url === undefined
}

function traitsOf(era: 'legacy' | 'modern', ctx: ServerContext): McpClientTraits {
  // A 2025-era client is never sent `input_required`: it has no such vocabulary.
  return { era, elicitation: era === 'modern' && declaresFormElicitation(ctx) }
}

/**
 * An MCP server, for one client era, whose tools are the proxy's. The tools are the upstreams'
 * (plain JSON schemas, passed through), so the handlers sit on the protocol server itself
 * rather than being registered one by one.
 */
export function createMcpProxyServer(proxy: McpProxy, era: 'legacy' | 'modern'): McpServer {
  const mcp = new McpServer(SERVER_INFO, { capabilities: { tools: {} } })
  const { server } = mcp
  server.setRequestHandler('tools/list', async () => ({
    tools: (await proxy.listTools()) as unknown as ListToolsResult['tools'],
  }))
  server.setRequestHandler('tools/call', async (request, ctx) => {
    const state = ctx.mcpReq.requestState()
    const outcome = await proxy.callTool(
      {
        name: request.params.name,
        arguments: request.params.arguments ?? {},
        ...(typeof state === 'string' ? { requestState: state } : {}),
      },
      traitsOf(era, ctx),
    )
    if (outcome.kind === 'result') return outcome.result as unknown as CallToolResult
    return inputRequired({
      inputRequests: {
        [outcome.key]: inputRequired.elicit({
          message: outcome.prompt.message,
          requestedSchema: outcome.prompt.requestedSchema as never,
        }),
      },
      requestState: outcome.requestState,
    })
  })
  return mcp
}
