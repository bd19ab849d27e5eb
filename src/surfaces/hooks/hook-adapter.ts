import type { Action } from '../../model/action.js'
import { type HooksConfig, requestLink } from '../../model/gateway-config.js'
import type { ProposalOutcome } from '../../pipeline/gateway.js'

/** The agents airlock has hook adapters for, as named in `/v1/hooks/:agent` and `airlock-hook`. */
export type HookAgent = 'claude-code' | 'codex' | 'gemini-cli' | 'cursor' | 'copilot' | 'kiro'

/** Every hook agent, in the order they are documented. */
export const HOOK_AGENTS: readonly HookAgent[] = [
  'claude-code',
  'codex',
  'gemini-cli',
  'cursor',
  'copilot',
  'kiro',
]

/** Whether a name is one of the hook agents. */
export function isHookAgent(name: string): name is HookAgent {
  return (HOOK_AGENTS as readonly string[]).includes(name)
}

/**
 * What a hook answers, in the agent's protocol: `body` goes to standard output (JSON for most
 * agents), `stderr` to standard error, and the hook process exits with `exitCode`.
 */
export interface HookReply {
  readonly status: 200
  readonly body: string
  readonly exitCode: number
  readonly stderr?: string
}

/** What the gateway's decision means for the tool call, as a hook can say it. */
export type HookVerdict =
  | { readonly kind: 'allow' }
  | { readonly kind: 'deny'; readonly message: string }
  | { readonly kind: 'ask'; readonly message: string }

/** One agent's payload, read: the action it proposes and what the reply must echo back. */
export interface HookCall<Event extends string = string> {
  readonly action: Action
  /** The hook event the agent fired (`PreToolUse`, `beforeShellExecution`, …). */
  readonly event: Event
}

/** A payload read, or why not (with the event, when that much could be read). */
export type HookParse<Event extends string = string> =
  | { readonly ok: true; readonly value: HookCall<Event> }
  | { readonly ok: false; readonly message: string; readonly event?: Event }

/** The glue between one agent's hook protocol and the gateway. */
export interface HookAdapter<Event extends string = string> {
  readonly agent: HookAgent
  /** Whether the agent can show its own approval prompt (`ask`). */
  readonly canAsk: boolean
  /** Reads the payload; what cannot be read is a reason to deny, never a default allow. */
  parse(text: string): HookParse<Event>
  /** Renders a verdict for the event the payload came from (its default event when unknown). */
  render(verdict: HookVerdict, event?: Event): HookReply
}

/** How hooks render decisions: the configuration's choice and where the console is. */
export interface HookSettings {
  readonly onApproval: HooksConfig['onApproval']
  readonly publicUrl: string
}

function sentence(reasons: readonly string[]): string {
  return reasons.length === 0 ? '' : `: ${reasons.join('; ')}`
}

/**
 * What a proposal's decision means for the tool call: `allow` runs it (the agent's own
 * permission prompts still apply), `deny` refuses it with the reasons and a safer alternative,
 * and `approve` refuses it with the approval link — or, with `hooks.onApproval: ask` on an agent
 * that can prompt, hands the same text to the agent's own prompt.
 */
export function verdictOf(
  outcome: ProposalOutcome,
  settings: HookSettings,
  canAsk: boolean,
): HookVerdict {
  const { decision } = outcome.proposal
  switch (decision.decision) {
    case 'allow':
      return { kind: 'allow' }
    case 'deny': {
      const alternative =
        decision.alternative === undefined ? '' : `; safer alternative: ${decision.alternative}`
      return {
        kind: 'deny',
        message: `airlock denied this action${sentence(decision.reasons)}${alternative}`,
      }
    }
    case 'approve': {
      const { request } = outcome
      const needed = request?.needed ?? decision.approvals
      const approvals = `${String(needed)} approval${needed === 1 ? '' : 's'}`
      const why = decision.reasons.length === 0 ? '' : ` (${decision.reasons.join('; ')})`
      if (request === undefined) {
        return { kind: 'deny', message: `airlock: this action needs ${approvals}${why}` }
      }
      const message =
        `airlock request ${request.id} needs ${approvals}: ` +
        `${requestLink(settings.publicUrl, request.id)}; retry the same action after approval${why}`
      return settings.onApproval === 'ask' && canAsk
        ? { kind: 'ask', message }
        : { kind: 'deny', message }
    }
  }
}

/** A JSON body for standard output, exit code 0. */
export function jsonReply(body: unknown): HookReply {
  return { status: 200, body: JSON.stringify(body), exitCode: 0 }
}

/** A block by exit code 2 with the reason on standard error, the contract every agent knows. */
export function blockReply(message: string, body = ''): HookReply {
  return { status: 200, body, exitCode: 2, stderr: message }
}

/**
 * Refuses a tool call the gateway could not judge (a malformed payload, an internal error) as
 * the agent's own deny, for the event it fired where that much could be read.
 */
export function refuseReply<Event extends string>(
  adapter: HookAdapter<Event>,
  message: string,
  event?: Event,
): HookReply {
  return adapter.render({ kind: 'deny', message }, event)
}
