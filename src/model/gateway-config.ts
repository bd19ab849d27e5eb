import type { EffectSystem } from './effect.js'
import type { Risk } from './risk.js'

/** What a human may do in airlock. */
export type HumanRole = 'approver' | 'admin' | 'breakglass'

/** The actions an agent may take on its own: where, on which systems, up to which risk. */
export interface AgentScope {
  /** Environment names, or `*` for any (including an unrecognised one). */
  readonly environments: readonly string[]
  /** Effect systems (`fs`, `git`, `k8s`, …), or `*` for all. */
  readonly systems: readonly (EffectSystem | '*')[]
  /** The highest risk the agent may act at at all; the policies decide which approvals that takes. */
  readonly maxRisk: Risk
}

/** An AI agent: its own principal, token and scope; never its operator's. */
export interface AgentConfig {
  readonly id: string
  /** The human who runs the agent; never counts alone as a second pair of eyes. */
  readonly operator?: string
  /** SHA-256 (hex) of the agent's bearer token; the token itself is never stored. */
  readonly tokenHash?: string
  readonly scope: AgentScope
}

/** A person who approves, administers, or breaks glass. */
export interface HumanConfig {
  readonly id: string
  readonly roles: readonly HumanRole[]
  readonly tokenHash?: string
}

/** How to tell that an action lands in an environment. Any one match is enough. */
export interface EnvironmentMatch {
  readonly awsAccounts?: readonly string[]
  readonly awsRegions?: readonly string[]
  readonly awsProfiles?: readonly string[]
  readonly kubeContexts?: readonly string[]
  readonly kubeNamespaces?: readonly string[]
  readonly terraformWorkspaces?: readonly string[]
  readonly terraformDirs?: readonly string[]
  readonly databaseHosts?: readonly string[]
  readonly mcpServers?: readonly string[]
  readonly urlHosts?: readonly string[]
  /** Working-directory or target path prefixes. */
  readonly paths?: readonly string[]
}

/** A named environment and whether it is production. */
export interface EnvironmentConfig {
  readonly name: string
  readonly production: boolean
  readonly match: EnvironmentMatch
}

/** One policy file as loaded: its path (for errors) and Cedar text. */
export interface PolicySource {
  readonly file: string
  readonly text: string
  /** Shadow policies are evaluated and reported, never enforced. */
  readonly shadow: boolean
}

/** Where an inventory of the real environment comes from. */
export interface InventorySourceConfig {
  readonly kind: 'terraform-state' | 'cloudformation' | 'kubernetes' | 'yaml'
  readonly path: string
  readonly environment?: string
}

/** What a notification can be about. */
export type NotificationEventKind =
  | 'request.opened'
  | 'request.voted'
  | 'request.closed'
  | 'action.denied'
  | 'freeze.set'
  | 'freeze.lifted'
  | 'velocity.breached'

/** Every notification kind, in the order they are documented. */
export const NOTIFICATION_EVENT_KINDS: readonly NotificationEventKind[] = [
  'request.opened',
  'request.voted',
  'request.closed',
  'action.denied',
  'freeze.set',
  'freeze.lifted',
  'velocity.breached',
]

/** What a target hears about unless it lists its own: new requests, their end, freezes, breaches. */
export const DEFAULT_NOTIFICATION_EVENTS: readonly NotificationEventKind[] = [
  'request.opened',
  'request.closed',
  'freeze.set',
  'freeze.lifted',
  'velocity.breached',
]

/** Where notifications about requests and freezes go. */
export interface NotificationTargetConfig {
  readonly kind: 'webhook' | 'slack'
  /** The address, when it is no secret; otherwise `urlEnv` names the variable holding it. */
  readonly url?: string
  /** Name of the environment variable holding the address (a Slack webhook URL is a secret). */
  readonly urlEnv?: string
  /** Name of the environment variable holding the signing secret; never the secret itself. */
  readonly secretEnv?: string
  readonly events: readonly NotificationEventKind[]
}

/** At most `limit` proposals of one risk class per agent in any window of `windowMs`. */
export interface VelocityBudget {
  readonly limit: number
  readonly windowMs: number
}

/** Velocity budgets per risk class; a breach denies, freezes the agent and notifies. */
export interface VelocityConfig {
  readonly destructive: VelocityBudget
  readonly catastrophic: VelocityBudget
}

/** The default budgets: 3 destructive actions per hour, 1 catastrophic per day. */
export const DEFAULT_VELOCITY: VelocityConfig = {
  destructive: { limit: 3, windowMs: 3_600_000 },
  catastrophic: { limit: 1, windowMs: 86_400_000 },
}

/** How long approval requests stay open, and grants stay redeemable. */
export interface ApprovalsConfig {
  readonly expiresAfterMs: number
}

/** Requests expire after an hour unless configured otherwise. */
export const DEFAULT_APPROVALS: ApprovalsConfig = { expiresAfterMs: 3_600_000 }

/**
 * Where one credential comes from. The configuration names the source, never the value:
 * `env` and `file` are secrets (read by the gateway only, masked wherever they could show);
 * `path` hands the process the path of a file it reads itself (`KUBECONFIG`); `value` is a
 * plain setting that is no secret (`AWS_PROFILE`, `AWS_REGION`).
 */
export type SecretSource =
  | { readonly kind: 'env'; readonly name: string }
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'path'; readonly path: string }
  | { readonly kind: 'value'; readonly value: string }

/** One variable injected into the processes that act on an environment. */
export interface SecretBinding {
  readonly variable: string
  readonly source: SecretSource
}

/** How airlock reaches one upstream MCP server. */
export type McpTransportConfig =
  | {
      readonly kind: 'stdio'
      readonly command: string
      readonly args: readonly string[]
      /** Extra variables for the server's process, besides its environment's secrets. */
      readonly env: readonly SecretBinding[]
      readonly cwd?: string
    }
  | {
      readonly kind: 'http'
      readonly url: string
      /** Headers sent upstream; their values may come from secrets. */
      readonly headers: readonly SecretBinding[]
    }

/** An upstream MCP server airlock proxies; its tools are offered as `NAME__tool` on `/mcp`. */
export interface McpServerConfig {
  readonly name: string
  readonly transport: McpTransportConfig
  /** Where its calls land: the environment whose secrets it gets and whose policies apply. */
  readonly environment?: string
}

/** The MCP proxy's upstreams and how it treats clients that cannot wait for a human. */
export interface McpConfig {
  readonly servers: readonly McpServerConfig[]
  /**
   * How long a call that needs approval is held open for clients of the 2025 revisions before
   * they are told to retry; 0 answers at once.
   */
  readonly approvalWaitMs: number
}

/** How agent hooks render a decision that needs humans. */
export interface HooksConfig {
  /**
   * `deny` (the default) refuses the call with the approval link until airlock's approvers
   * grant it; `ask` shows the agent's own prompt, where the person at the keyboard could say
   * yes alone, so it is only for agents that hold no production credentials.
   */
  readonly onApproval: 'deny' | 'ask'
}

/** How often each agent's permissions must be reviewed and re-certified by a human. */
export interface PermissionsConfig {
  /** An agent whose last review is older than this (or that was never reviewed) is overdue. */
  readonly reviewEveryMs: number
}

/** Permissions are reviewed every 90 days unless configured otherwise. */
export const DEFAULT_PERMISSIONS: PermissionsConfig = { reviewEveryMs: 90 * 86_400_000 }

/** The address people use to reach the gateway: links in hook replies, MCP results, `exec`. */
export const DEFAULT_PUBLIC_URL = 'http://127.0.0.1:8470'

/** The link to an approval request in the console. */
export function requestLink(publicUrl: string, requestId: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/requests/${encodeURIComponent(requestId)}`
}

/** The whole configuration of a gateway, validated. */
export interface GatewayConfig {
  /** The file it was read from, for messages. */
  readonly file: string
  readonly agents: readonly AgentConfig[]
  readonly humans: readonly HumanConfig[]
  readonly environments: readonly EnvironmentConfig[]
  readonly policies: readonly PolicySource[]
  readonly inventory: readonly InventorySourceConfig[]
  readonly notifications: readonly NotificationTargetConfig[]
  readonly storage: { readonly url: string }
  readonly approvals: ApprovalsConfig
  readonly velocity: VelocityConfig
  /** Operators' own word on their MCP tools: `server/tool` or `tool` → risk. */
  readonly mcpToolRisks: ReadonlyMap<string, Risk>
  /** Credentials per environment name, injected only into processes that execute actions. */
  readonly secrets: ReadonlyMap<string, readonly SecretBinding[]>
  readonly mcp: McpConfig
  readonly hooks: HooksConfig
  /** Base of the links people follow to the console. */
  readonly publicUrl: string
  /** Permission reviews: how often each agent's scope must be re-certified. */
  readonly permissions: PermissionsConfig
}
