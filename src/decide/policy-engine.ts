/**
 * @module decide
 * Stage 3: a DecisionRequest (analysis, agent, environment, approvals, freeze) in, a Decision
 * out: allow, approve with N approvals, or deny, with reasons. Imports model/ only; Cedar lives
 * in decide/cedar/.
 */
import type { Decision } from '../model/decision.js'
import type { DecisionRequest } from '../model/decision-request.js'
import type {
  AgentConfig,
  AgentScope,
  EnvironmentConfig,
  HumanConfig,
  PolicySource,
} from '../model/gateway-config.js'

/** The policy id a decision lists when it failed closed because evaluation went wrong. */
export const FAIL_CLOSED_POLICY_ID = 'airlock::fail-closed'

/** Decides requests against a policy set; implementations fail closed on any error. */
export interface PolicyEngine {
  decide(request: DecisionRequest): Decision
}

/** A problem in a policy file, with where it is. */
export interface PolicyProblem {
  readonly file: string
  readonly line: number
  readonly column: number
  readonly message: string
}

/** What a policy engine is built from: policy files and the principals and places they name. */
export interface PolicyEngineInput {
  readonly policies: readonly PolicySource[]
  readonly agents: readonly AgentConfig[]
  readonly humans: readonly HumanConfig[]
  readonly environments: readonly EnvironmentConfig[]
  /** The scope of a request whose agent is absent; an empty scope unless given. */
  readonly unknownAgentScope?: AgentScope
}

/** The outcome of replacing an engine's policies; on failure the last good set stays in force. */
export type PolicyReloadResult =
  { readonly ok: true } | { readonly ok: false; readonly problems: readonly PolicyProblem[] }
