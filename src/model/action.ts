/**
 * @module model
 * The shared vocabulary of every stage: actions, effects, risk, analyses, decisions, errors.
 * Pure data and pure functions; imports nothing else from src/ and does no I/O.
 */
/** The ways an agent can act; each surface normalises its input into one of these. */
export type ActionKind = 'shell' | 'sql' | 'terraform-plan' | 'mcp' | 'http'

/** Every action kind, in the order they are documented. */
export const ACTION_KINDS: readonly ActionKind[] = ['shell', 'sql', 'terraform-plan', 'mcp', 'http']

/** SQL dialects airlock parses with a real parser. */
export type SqlDialect = 'postgres' | 'mysql' | 'sqlite'

/** Where an action will land, as far as the caller knows it. */
export type EnvironmentName = string

/** What every action carries besides its payload: who proposes it, where and why. */
export interface ActionContext {
  /** Caller-chosen identifier (a corpus id, a tool-use id); not part of the digest. */
  readonly id?: string
  readonly environment?: EnvironmentName
  readonly agent?: string
  readonly operator?: string
  /** What the agent said it is trying to achieve; recorded, never trusted for the decision. */
  readonly rationale?: string
}

/** A shell command line, possibly several lines with heredocs. */
export interface ShellAction extends ActionContext {
  readonly kind: 'shell'
  readonly command: string
  readonly cwd: string
}

/** One or more SQL statements in a dialect. */
export interface SqlAction extends ActionContext {
  readonly kind: 'sql'
  readonly dialect: SqlDialect
  readonly statement: string
}

/** A Terraform or OpenTofu plan as printed by `terraform show -json`. */
export interface TerraformPlanAction extends ActionContext {
  readonly kind: 'terraform-plan'
  readonly plan: unknown
}

/** Hints an MCP server claims about its tool; never trusted to lower a risk. */
export interface McpToolAnnotations {
  readonly readOnlyHint?: boolean
  readonly destructiveHint?: boolean
  readonly idempotentHint?: boolean
  readonly openWorldHint?: boolean
}

/** A call of an MCP tool. */
export interface McpAction extends ActionContext {
  readonly kind: 'mcp'
  readonly server: string
  readonly tool: string
  readonly arguments: Readonly<Record<string, unknown>>
  readonly annotations?: McpToolAnnotations
}

/** HTTP methods an agent may call. */
export type HttpMethod = 'GET' | 'HEAD' | 'OPTIONS' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/** A plain HTTP request to an API. */
export interface HttpAction extends ActionContext {
  readonly kind: 'http'
  readonly method: HttpMethod
  readonly url: string
  readonly body?: unknown
}

/** A normalised action proposed by an agent. */
export type Action = ShellAction | SqlAction | TerraformPlanAction | McpAction | HttpAction
