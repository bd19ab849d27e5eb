/**
 * @module execute/mcp-upstream
 * Connections to the real MCP servers airlock proxies: a stdio server is spawned with its
 * credentials in its own process environment only; an HTTP server gets them as headers. Every
 * result and message that comes back is masked before anyone sees it. Imports model/ only.
 */
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client'
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio'

import type { McpToolAnnotations } from '../model/action.js'
import type { McpServerConfig, SecretBinding } from '../model/gateway-config.js'
import {
  maskSecrets,
  maskSecretsDeep,
  SecretMasker,
  type SecretValue,
} from '../model/secret-mask.js'
import { resolveSecrets } from './resolve-secrets.js'

/** A tool as its server lists it; fields airlock does not read pass through untouched. */
export interface McpToolDefinition {
  readonly name: string
  readonly annotations?: McpToolAnnotations
  readonly [field: string]: unknown
}

/** A `tools/call` result: content blocks, structured content and the tool-error flag. */
export interface McpToolResult {
  readonly content: readonly unknown[]
  readonly structuredContent?: unknown
  readonly isError?: boolean
  readonly [field: string]: unknown
}

/** One connected upstream server. */
export interface McpUpstream {
  readonly name: string
  /** The server's tools, as it lists them (cached; `refresh` asks again). */
  listTools(options?: { readonly refresh?: boolean }): Promise<readonly McpToolDefinition[]>
  /** Calls a tool; the result is masked. Throws when the server fails or cannot be reached. */
  callTool(tool: string, args: Readonly<Record<string, unknown>>): Promise<McpToolResult>
  /** Masks the upstream's secrets in a message about it. */
  mask(text: string): string
  close(): Promise<void>
}

/** Where upstreams get their environment's credentials and their own. */
export interface McpUpstreamOptions {
  /** Credentials per environment (`config.secrets`). */
  readonly secrets: ReadonlyMap<string, readonly SecretBinding[]>
  /** The environment credentials are read from: the gateway's own. */
  readonly env?: Readonly<Record<string, string | undefined>>
  /** Where a stdio server's own log lines go, masked; dropped unless given. */
  readonly onStderr?: (text: string) => void
  readonly clientName?: string
  readonly clientVersion?: string
}

const CLIENT_NAME = 'airlock'
const CLIENT_VERSION = '0.1.0'

async function resolveUpstreamSecrets(
  server: McpServerConfig,
  options: McpUpstreamOptions,
): Promise<{ variables: Readonly<Record<string, string>>; secrets: readonly SecretValue[] }> {
  const environment =
    server.environment === undefined ? [] : (options.secrets.get(server.environment) ?? [])
  const own = server.transport.kind === 'stdio' ? server.transport.env : server.transport.headers
  const shared = await resolveSecrets(
    environment,
    `secrets.${server.environment ?? ''}`,
    options.env,
  )
  const mine = await resolveSecrets(
    own,
    `mcp.servers.${server.name}.${server.transport.kind === 'stdio' ? 'env' : 'headers'}`,
    options.env,
  )
  return {
    variables: { ...shared.variables, ...mine.variables },
    secrets: [...shared.secrets, ...mine.secrets],
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/**
 * Connects to one upstream server. A stdio server is started with the variables of its
 * environment's secrets and its own `env` added to a minimal inherited environment (PATH,
 * HOME, …): airlock's own variables, such as `AIRLOCK_TOKEN`, never reach it.
 */
export async function connectMcpUpstream(
  server: McpServerConfig,
  options: McpUpstreamOptions,
): Promise<McpUpstream> {
  const { variables, secrets } = await resolveUpstreamSecrets(server, options)
  const mask = (text: string) => maskSecrets(text, secrets)
  const client = new Client(
    { name: options.clientName ?? CLIENT_NAME, version: options.clientVersion ?? CLIENT_VERSION },
    { inputRequired: { autoFulfill: false } },
  )
  const { transport } = server
  try {
    if (transport.kind === 'stdio') {
      const stdio = new StdioClientTransport({
        command: transport.command,
        args: [...transport.args],
        env: { ...variables },
        stderr: 'pipe',
        ...(transport.cwd === undefined ? {} : { cwd: transport.cwd }),
      })
      const masker = new SecretMasker(secrets)
      const { onStderr } = options
      stdio.stderr?.on('data', (chunk: Buffer) => {
        const text = masker.push(chunk.toString('utf8'))
        if (text !== '') onStderr?.(text)
      })
      await client.connect(stdio)
    } else {
      // A Streamable HTTP server may speak 2026-07-28; the probe runs on the connection itself.
      client.setVersionNegotiation({ mode: 'auto' })
      await client.connect(
        new StreamableHTTPClientTransport(new URL(transport.url), {
          requestInit: { headers: { ...variables } },
        }),
      )
    }
  } catch (error) {
    await client.close().catch(() => undefined)
    throw new Error(`mcp server \`${server.name}\`: cannot connect: ${mask(messageOf(error))}`)
  }

  let tools: Promise<readonly McpToolDefinition[]> | undefined
  const fetchTools = async (): Promise<readonly McpToolDefinition[]> => {
    const listed = await client.listTools(undefined, { cacheMode: 'bypass' })
    return listed.tools
  }
  return {
    name: server.name,
    async listTools(listOptions) {
      if (tools === undefined || listOptions?.refresh === true) {
        const next = fetchTools()
        tools = next
        // A failed listing is not remembered: the next caller asks again.
        next.catch(() => {
          if (tools === next) tools = undefined
        })
      }
      try {
        return await tools
      } catch (error) {
        throw new Error(
          `mcp server \`${server.name}\`: tools/list failed: ${mask(messageOf(error))}`,
        )
      }
    },
    async callTool(tool, args) {
      let result: unknown
      try {
        result = await client.callTool({ name: tool, arguments: { ...args } })
      } catch (error) {
        throw new Error(
          `mcp server \`${server.name}\`: \`${tool}\` failed: ${mask(messageOf(error))}`,
        )
      }
      return maskSecretsDeep(result as McpToolResult, secrets)
    },
    mask,
    async close() {
      await client.close()
    },
  }
}
