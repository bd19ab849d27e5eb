/**
 * @module pipeline/mcp-proxy
 * The MCP proxy: every `tools/call` becomes an `mcp` action, is decided by the gateway and is
 * forwarded upstream only when allowed. Denials and waits for humans become tool errors or
 * `input_required` results with a signed approval ticket. Any failure on the way refuses the
 * call. Imports model/, pipeline/ and the execute/ upstream connections.
 */
import type { McpAction, McpToolAnnotations } from '../model/action.js'
import { requestLink } from '../model/gateway-config.js'
import {
  digestMcpCall,
  signTicket,
  type TicketRefusal,
  verifyTicket,
} from './mcp-approval-ticket.js'
import type { McpDecider, McpDecisionView, McpRequestView } from './mcp-decider.js'
import { namespaceTool, splitNamespacedTool } from './mcp-tool-namespace.js'
import type {
  McpToolDefinition,
  McpToolResult,
  McpUpstream,
  McpUpstreamPool,
} from './mcp-upstream-pool.js'

/** What the calling client can do: its protocol era and whether it takes form elicitations. */
export interface McpClientTraits {
  /** `modern` for 2026-07-28 requests, `legacy` for the 2025 revisions. */
  readonly era: 'modern' | 'legacy'
  /** The request declared the `elicitation` (form) capability. */
  readonly elicitation: boolean
}

/** One `tools/call` as the agent sent it, with the retry fields of the 2026 revision. */
export interface McpToolCall {
  readonly name: string
  readonly arguments: Readonly<Record<string, unknown>>
  /** The ticket of an earlier `input_required` answer, echoed back (attacker-controlled). */
  readonly requestState?: string
}

/** The form an `input_required` answer asks the client to show; its answer never counts. */
export interface McpApprovalPrompt {
  readonly message: string
  readonly requestedSchema: {
    readonly type: 'object'
    readonly properties: Readonly<Record<string, Readonly<Record<string, unknown>>>>
  }
}

/** What the proxy answers a call with. */
export type McpCallOutcome =
  | { readonly kind: 'result'; readonly result: McpToolResult }
  | {
      readonly kind: 'input_required'
      /** The key of the one input request. */
      readonly key: string
      readonly prompt: McpApprovalPrompt
      readonly requestState: string
    }

/** What a proxy is built from. */
export interface McpProxyOptions {
  readonly upstreams: McpUpstreamPool
  readonly decider: McpDecider
  /** Offer tools as `SERVER__tool` (aggregating `/mcp`) or under their own names (one server). */
  readonly namespaced: boolean
  /** The key approval tickets are signed with. */
  readonly ticketKey: Uint8Array
  /** Base of the approval links. */
  readonly publicUrl: string
  /** How long to hold a call that needs approval for clients that cannot be asked; 0 = not. */
  readonly approvalWaitMs: number
  /** The environment a server's calls land in, when configured. */
  readonly environmentOf: (server: string) => string | undefined
  /** The agent every ticket must belong to, when known up front (`/mcp`). */
  readonly agent?: string
  /** Told about upstreams that could not be listed; never blocks. */
  readonly onUpstreamError?: (server: string, error: unknown) => void
  readonly now?: () => number
  /** How often a held call asks for its request's status. */
  readonly pollMs?: number
  readonly sleep?: (ms: number) => Promise<void>
}

const APPROVAL_KEY = 'airlock_approval'
const DEFAULT_POLL_MS = 500

const REFUSALS: Record<TicketRefusal, string> = {
  malformed: 'it is not an airlock approval ticket',
  signature: 'its signature does not match (it was altered or issued by another airlock)',
  expired: 'it has expired',
  other_call: 'it was issued for another call (a different tool or arguments)',
  other_agent: 'it was issued to another agent',
}

function toolError(text: string): McpCallOutcome {
  return { kind: 'result', result: { content: [{ type: 'text', text }], isError: true } }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

function plural(count: number, word: string): string {
  return `${String(count)} ${word}${count === 1 ? '' : 's'}`
}

// Only the four hints the gateway reads; a server's `title` and the like are not the action.
function hintsOf(tool: McpToolDefinition | undefined): McpToolAnnotations | undefined {
  const annotations = tool?.annotations
  if (annotations === undefined) return undefined
  const hints: Record<string, boolean> = {}
  for (const key of [
    'readOnlyHint',
    'destructiveHint',
    'idempotentHint',
    'openWorldHint',
  ] as const) {
    const value = annotations[key]
    if (typeof value === 'boolean') hints[key] = value
  }
  return hints
}

/** Sleeps without keeping the process alive for it alone. */
function sleepFor(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref())
}

/**
 * One proxy per agent connection (stdio) or per authenticated agent (`/mcp`). Holds no state of
 * its own between calls: what a waiting call needs comes back in its signed ticket.
 */
export class McpProxy {
  readonly #options: McpProxyOptions
  readonly #now: () => number
  readonly #sleep: (ms: number) => Promise<void>

  constructor(options: McpProxyOptions) {
    this.#options = options
    this.#now = options.now ?? Date.now
    this.#sleep = options.sleep ?? sleepFor
  }

  /** The upstreams' tools, annotations intact; namespaced when the proxy aggregates. */
  async listTools(): Promise<McpToolDefinition[]> {
    const { upstreams, namespaced } = this.#options
    if (!namespaced) {
      const [only] = upstreams.names
      if (only === undefined) return []
      return [...(await (await upstreams.get(only)).listTools())]
    }
    const lists = await Promise.all(
      upstreams.names.map(async (server) => {
        try {
          const tools = await (await upstreams.get(server)).listTools()
          return tools.map((tool) => ({ ...tool, name: namespaceTool(server, tool.name) }))
        } catch (error) {
          // One server that is down does not hide the others' tools.
          this.#options.onUpstreamError?.(server, error)
          return []
        }
      }),
    )
    return lists.flat()
  }

  /** Decides one call and forwards it, refuses it, or asks the client to wait for humans. */
  async callTool(call: McpToolCall, client: McpClientTraits): Promise<McpCallOutcome> {
    const target = this.#resolve(call.name)
    if (target === undefined) return toolError(`airlock: no tool \`${call.name}\``)
    const { server, tool } = target
    let upstream: McpUpstream
    let definition: McpToolDefinition | undefined
    try {
      upstream = await this.#options.upstreams.get(server)
      definition = await this.#findTool(upstream, tool)
    } catch (error) {
      return toolError(`airlock: ${messageOf(error)}; the call was not run`)
    }
    const annotations = hintsOf(definition)
    const environment = this.#options.environmentOf(server)
    const action: McpAction = {
      kind: 'mcp',
      server,
      tool,
      arguments: call.arguments,
      ...(annotations === undefined ? {} : { annotations }),
      ...(environment === undefined ? {} : { environment }),
    }
    const digest = digestMcpCall(server, tool, call.arguments)
    const context = { action, upstream, digest, client }
    try {
      if (call.requestState !== undefined) {
        return await this.#resume(call.requestState, context)
      }
      return await this.#decide(context)
    } catch (error) {
      // SECURITY: whatever failed on the way to a decision, nothing is forwarded.
      return toolError(
        `airlock: could not decide \`${server}/${tool}\` (${upstream.mask(messageOf(error))}); the call was not run`,
      )
    }
  }

  #resolve(name: string): { server: string; tool: string } | undefined {
    const { upstreams, namespaced } = this.#options
    if (namespaced) return splitNamespacedTool(name, upstreams.names)
    const [server] = upstreams.names
    return server === undefined || name === '' ? undefined : { server, tool: name }
  }

  async #findTool(upstream: McpUpstream, tool: string): Promise<McpToolDefinition | undefined> {
    const find = (tools: readonly McpToolDefinition[]) => tools.find((entry) => entry.name === tool)
    // A tool the cached listing lacks may be new: ask the server once more before judging it
    // without its annotations (the gateway then assumes the worst).
    return find(await upstream.listTools()) ?? find(await upstream.listTools({ refresh: true }))
  }

  async #decide(context: CallContext): Promise<McpCallOutcome> {
    const view = await this.#options.decider.propose(context.action)
    switch (view.decision) {
      case 'allow':
        return this.#forward(context)
      case 'deny':
        return toolError(describeDenial(context.action, view))
      case 'approve':
        return this.#awaitApproval(context, view)
    }
  }

  async #forward({ action, upstream }: CallContext): Promise<McpCallOutcome> {
    try {
      return { kind: 'result', result: await upstream.callTool(action.tool, action.arguments) }
    } catch (error) {
      return toolError(`airlock: allowed, but ${messageOf(error)}`)
    }
  }

  async #awaitApproval(context: CallContext, view: McpDecisionView): Promise<McpCallOutcome> {
    const { request } = view
    if (request === undefined) {
      return toolError(
        `airlock: \`${describeCall(context.action)}\` needs approval, but no request was opened; the call was not run`,
      )
    }
    if (context.client.era === 'modern' && context.client.elicitation) {
      return this.#inputRequired(context, view, request)
    }
    if (this.#options.approvalWaitMs > 0) return this.#hold(context, view, request)
    return toolError(this.#describeWait(context.action, request, 'retry'))
  }

  #inputRequired(
    context: CallContext,
    view: McpDecisionView,
    request: McpRequestView,
  ): McpCallOutcome {
    const requestState = signTicket(
      {
        requestId: request.id,
        actionId: view.actionId,
        digest: context.digest,
        agent: view.agent ?? this.#options.agent ?? '-',
        expiresAt: request.expiresAt,
      },
      this.#options.ticketKey,
    )
    return {
      kind: 'input_required',
      key: APPROVAL_KEY,
      prompt: {
        message: this.#describeWait(context.action, request, 'elicit'),
        requestedSchema: {
          type: 'object',
          properties: {
            recheck: {
              type: 'boolean',
              title: 'Check again',
              description:
                'Approval happens in airlock, not here: whatever you answer, the call runs only once humans approved it there',
            },
          },
        },
      },
      requestState,
    }
  }

  // A retry that echoes a ticket: it is checked, then the gateway's record of the request
  // decides. The client's answer to the form is never read.
  async #resume(requestState: string, context: CallContext): Promise<McpCallOutcome> {
    const checked = verifyTicket(requestState, this.#options.ticketKey, {
      digest: context.digest,
      ...(this.#options.agent === undefined ? {} : { agent: this.#options.agent }),
      now: this.#now(),
    })
    if (!checked.ok) {
      return toolError(
        `airlock: refused the approval ticket in \`requestState\`: ${REFUSALS[checked.reason]}; the call was not run (call again without it to ask for approval)`,
      )
    }
    const { ticket } = checked
    const view = await this.#options.decider.status(ticket.actionId)
    const request = view.request
    if (request?.id !== ticket.requestId || (view.agent ?? '-') !== ticket.agent) {
      return toolError(
        `airlock: refused the approval ticket in \`requestState\`: ${REFUSALS.other_agent}; the call was not run`,
      )
    }
    switch (this.#statusOf(request)) {
      case 'pending':
        return this.#inputRequired(context, view, request)
      case 'approved':
        // Proposing again redeems the grant the approval issued: allowed exactly once.
        return this.#decide(context)
      case 'denied':
        return toolError(
          `airlock: request ${request.id} for \`${describeCall(context.action)}\` was denied in airlock; the call was not run`,
        )
      case 'expired':
        return toolError(
          `airlock: request ${request.id} for \`${describeCall(context.action)}\` expired before enough humans approved it; the call was not run (call again to ask anew)`,
        )
    }
  }

  // For clients that cannot be asked: hold the call while humans decide, up to the limit.
  async #hold(
    context: CallContext,
    view: McpDecisionView,
    request: McpRequestView,
  ): Promise<McpCallOutcome> {
    const deadline = this.#now() + this.#options.approvalWaitMs
    const pollMs = this.#options.pollMs ?? DEFAULT_POLL_MS
    let current = request
    while (this.#now() < deadline) {
      await this.#sleep(Math.min(pollMs, Math.max(0, deadline - this.#now())))
      const status = await this.#options.decider.status(view.actionId)
      current = status.request ?? current
      switch (this.#statusOf(current)) {
        case 'pending':
          continue
        case 'approved': {
          const again = await this.#options.decider.propose(context.action)
          if (again.decision === 'allow') return this.#forward(context)
          if (again.decision === 'deny') return toolError(describeDenial(context.action, again))
          return toolError(
            again.request === undefined
              ? `airlock: \`${describeCall(context.action)}\` still needs approval; the call was not run`
              : this.#describeWait(context.action, again.request, 'retry'),
          )
        }
        case 'denied':
          return toolError(
            `airlock: request ${current.id} for \`${describeCall(context.action)}\` was denied in airlock; the call was not run`,
          )
        case 'expired':
          return toolError(
            `airlock: request ${current.id} for \`${describeCall(context.action)}\` expired; the call was not run (call again to ask anew)`,
          )
      }
    }
    return toolError(this.#describeWait(context.action, current, 'retry'))
  }

  // A pending request past its time is expired, whether or not the sweep closed it yet.
  #statusOf(request: McpRequestView): McpRequestView['status'] {
    return request.status === 'pending' && request.expiresAt <= this.#now()
      ? 'expired'
      : request.status
  }

  #describeWait(action: McpAction, request: McpRequestView, how: 'retry' | 'elicit'): string {
    const link = requestLink(this.#options.publicUrl, request.id)
    const status = `airlock request ${request.id} needs ${plural(request.needed, 'approval')} from humans in airlock (${String(request.approvals)} so far) before \`${describeCall(action)}\` may run; approve at ${link}`
    return how === 'elicit'
      ? `${status}; answering here does not approve it`
      : `${status}; the call was not run: retry the same call after approval`
  }
}

interface CallContext {
  readonly action: McpAction
  readonly upstream: McpUpstream
  readonly digest: string
  readonly client: McpClientTraits
}

function describeCall(action: McpAction): string {
  return `${action.server}/${action.tool}`
}

function describeDenial(action: McpAction, view: McpDecisionView): string {
  const reasons = view.reasons.length === 0 ? 'no reason given' : view.reasons.join('; ')
  const alternative =
    view.alternative === undefined ? '' : `; safer alternative: ${view.alternative}`
  return `airlock denied \`${describeCall(action)}\`: ${reasons}${alternative}; the call was not run`
}
