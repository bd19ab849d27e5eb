import {
  createMcpHandler,
  localhostAllowedOrigins,
  originValidationResponse,
} from '@modelcontextprotocol/server'
import type { Env, Hono } from 'hono'

import type { Principal } from '../../model/principal.js'
import type { Authenticator } from '../../pipeline/authenticate.js'
import type { Gateway } from '../../pipeline/gateway.js'
import { createTicketKey } from '../../pipeline/mcp-approval-ticket.js'
import { createGatewayDecider } from '../../pipeline/mcp-decider.js'
import { McpProxy } from '../../pipeline/mcp-proxy.js'
import { createMcpUpstreamPool, type McpUpstreamPool } from '../../pipeline/mcp-upstream-pool.js'
import { createMcpProxyServer } from './mcp-proxy-server.js'

/** What `/mcp` is built on. */
export interface McpEndpointOptions {
  readonly gateway: Gateway
  readonly authenticator: Authenticator
  /** The environment upstream credentials are read from: the gateway's own. */
  readonly env: Readonly<Record<string, string | undefined>>
  /** Told about upstream failures and rejected requests, for the server's log. */
  readonly log?: (line: string) => void
  /** The upstreams; the configured ones unless given. */
  readonly upstreams?: McpUpstreamPool
  /** Signs approval tickets; random for this process unless given. */
  readonly ticketKey?: Uint8Array
}

/** The mounted endpoint; `close` stops the upstream servers it started. */
export interface McpEndpoint {
  close(): Promise<void>
}

/** The path the endpoint is served on. */
export const MCP_PATH = '/mcp'

function bearerToken(header: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1]
}

function refusal(status: 401 | 403, code: string, message: string): Response {
  return new Response(JSON.stringify({ error: { code, message } }), {
    status,
    headers: {
      'content-type': 'application/json',
      ...(status === 401 ? { 'www-authenticate': 'Bearer realm="airlock"' } : {}),
    },
  })
}

function originHostnames(publicUrl: string): string[] {
  const hosts = localhostAllowedOrigins()
  try {
    hosts.push(new URL(publicUrl).hostname)
  } catch {
    // The configuration validated the URL; an unparsable one adds nothing.
  }
  return hosts
}

/**
 * Mounts the Streamable HTTP endpoint `/mcp` on the gateway's app: every configured upstream's
 * tools as `SERVER__tool`, each call decided in this process on the `mcp` channel as the agent
 * whose bearer token came with it. Human tokens are refused (humans approve in airlock, they do
 * not call tools through it), and so are browser requests from origins other than localhost and
 * the public URL (DNS rebinding). Serves 2026-07-28 clients and, statelessly, 2025-era ones.
 */
export function mountMcpEndpoint<E extends Env>(
  app: Hono<E>,
  options: McpEndpointOptions,
): McpEndpoint {
  const { gateway, authenticator } = options
  const { config } = gateway
  const log = options.log ?? (() => undefined)
  const upstreams =
    options.upstreams ??
    createMcpUpstreamPool(config.mcp.servers, {
      secrets: config.secrets,
      env: options.env,
      onStderr: (text) => {
        for (const line of text.split('\n')) if (line.trim() !== '') log(`mcp upstream: ${line}`)
      },
    })
  const ticketKey = options.ticketKey ?? createTicketKey()
  const origins = originHostnames(config.publicUrl)
  const environmentOf = (server: string) =>
    config.mcp.servers.find((candidate) => candidate.name === server)?.environment

  const handler = createMcpHandler(
    (context) => {
      const extra = context.authInfo?.extra
      const id = typeof extra?.agent === 'string' ? extra.agent : undefined
      // INVARIANT: the route below only reaches the handler with an authenticated agent.
      if (id === undefined) throw new Error('mcp request without an authenticated agent')
      const principal: Principal = {
        kind: 'agent',
        id,
        ...(typeof extra?.operator === 'string' ? { operator: extra.operator } : {}),
      }
      const proxy = new McpProxy({
        upstreams,
        decider: createGatewayDecider(gateway, principal),
        namespaced: true,
        ticketKey,
        publicUrl: config.publicUrl,
        approvalWaitMs: config.mcp.approvalWaitMs,
        environmentOf,
        agent: principal.id,
        onUpstreamError: (server, error) => {
          log(
            `mcp server ${server} is unavailable: ${error instanceof Error ? error.message : String(error)}`,
          )
        },
      })
      return createMcpProxyServer(proxy, context.era)
    },
    {
      onerror: (error) => {
        log(`mcp: ${error.message}`)
      },
    },
  )

  app.all(MCP_PATH, async (c) => {
    const request = c.req.raw
    const foreign = originValidationResponse(request, origins)
    if (foreign !== undefined) return foreign
    const token = bearerToken(c.req.header('authorization'))
    if (token === undefined) {
      return refusal(
        401,
        'auth_missing',
        'missing bearer token: send `Authorization: Bearer TOKEN`',
      )
    }
    const principal = authenticator.authenticate(token)
    if (principal === undefined) return refusal(401, 'auth_missing', 'unknown token')
    if (principal.kind !== 'agent') {
      return refusal(403, 'auth_forbidden', '/mcp is for agents: human tokens are refused')
    }
    return handler.fetch(request, {
      authInfo: {
        // The token itself stays here: handlers only learn whose it was.
        token: '',
        clientId: principal.id,
        scopes: [],
        extra: {
          agent: principal.id,
          ...(principal.operator === undefined ? {} : { operator: principal.operator }),
        },
      },
    })
  })

  return {
    async close() {
      await handler.close()
      await upstreams.close()
    },
  }
}
