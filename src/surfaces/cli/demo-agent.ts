import { Client } from '@modelcontextprotocol/client'
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio'

import { AIRLOCK_BIN } from './demo-processes.js'

/** How airlock answered one tool call of the scripted agent. */
export type DemoToolAnswer =
  | { readonly kind: 'result'; readonly text: string }
  | { readonly kind: 'error'; readonly text: string }
  | { readonly kind: 'held'; readonly text: string }

interface CallAnswer {
  readonly isError?: boolean
  readonly content?: readonly { type: string; text?: string }[]
  readonly resultType?: string
  readonly inputRequests?: Record<string, { params?: { message?: string } }>
}

/**
 * The replay's scripted agent: an MCP client of the current revision that declares form
 * elicitation, connected to `airlock mcp-proxy --server NAME` launched over stdio with the
 * agent's token, as an agent's own MCP configuration would launch it.
 */
export class DemoAgent {
  readonly #client: Client
  readonly #stderr: () => string

  private constructor(client: Client, stderr: () => string) {
    this.#client = client
    this.#stderr = stderr
  }

  /** Launches the proxy and connects; fails with the proxy's own words when it cannot start. */
  static async connect(options: {
    readonly configFile: string
    readonly server: string
    readonly cwd: string
    readonly gatewayUrl: string
    readonly token: string
  }): Promise<DemoAgent> {
    const client = new Client(
      { name: 'demo-agent', version: '1.0.0' },
      {
        capabilities: { elicitation: { form: {} } },
        inputRequired: { autoFulfill: false },
        versionNegotiation: { mode: { pin: '2026-07-28' } },
      },
    )
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [AIRLOCK_BIN, 'mcp-proxy', '--config', options.configFile, '--server', options.server],
      env: {
        ...(process.env.PATH === undefined ? {} : { PATH: process.env.PATH }),
        AIRLOCK_URL: options.gatewayUrl,
        AIRLOCK_TOKEN: options.token,
      },
      cwd: options.cwd,
      stderr: 'pipe',
    })
    let stderr = ''
    transport.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-8_192)
    })
    try {
      await client.connect(transport)
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      throw new Error(`airlock mcp-proxy did not start: ${message}: ${stderr.trim()}`, {
        cause: error,
      })
    }
    return new DemoAgent(client, () => stderr)
  }

  /** What the proxy wrote on standard error (its log lines and the upstream's). */
  stderr(): string {
    return this.#stderr()
  }

  /** Calls a tool through the proxy and says how airlock answered. */
  async call(name: string, args: Record<string, unknown>): Promise<DemoToolAnswer> {
    // SDK 2.4.0 checks an `input_required` answer against the tool's output schema as if it
    // were complete; a definition without one keeps the client from rejecting it.
    const answer: CallAnswer = await this.#client.callTool(
      { name, arguments: args },
      { allowInputRequired: true, toolDefinition: { name, inputSchema: { type: 'object' } } },
    )
    if (answer.resultType === 'input_required') {
      const prompts = Object.values(answer.inputRequests ?? {})
      return { kind: 'held', text: prompts.map((p) => p.params?.message ?? '').join('\n') }
    }
    const text = (answer.content ?? []).map((block) => block.text ?? '').join('\n')
    return { kind: answer.isError === true ? 'error' : 'result', text }
  }

  /** Ends the session: the proxy exits when its standard input closes. */
  async close(): Promise<void> {
    await this.#client.close()
  }
}
