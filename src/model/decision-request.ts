import type { Analysis } from './analysis.js'
import type { AgentConfig, EnvironmentConfig } from './gateway-config.js'
import type { ImpactReport } from './impact-report.js'

/** Approvals recorded so far for the exact action, as facts for the policies. */
export interface ApprovalFacts {
  /** Approvals given. */
  readonly count: number
  /** Distinct humans among them. */
  readonly distinctHumans: number
  /** Distinct humans among them who are not the agent's operator. */
  readonly nonOperator: number
}

/** Where an action came in. */
export type Channel = 'cli' | 'hook' | 'mcp' | 'api' | 'exec'

/** Everything a policy engine decides on. */
export interface DecisionRequest {
  readonly analysis: Analysis
  /** The proposing agent; unknown agents have no scope and are judged by the invariants alone. */
  readonly agent?: AgentConfig
  /** The environment the action lands in, when recognised. */
  readonly environment?: EnvironmentConfig
  readonly approvals: ApprovalFacts
  /** A kill switch covers this action (globally, its environment or its agent). */
  readonly frozen: boolean
  /** The agent went over a velocity budget. */
  readonly velocityExceeded: boolean
  readonly channel: Channel
  /** What the action would cost, simulated against the inventory; absent without one. */
  readonly impact?: ImpactReport
}

/** No approvals yet. */
export const NO_APPROVALS: ApprovalFacts = { count: 0, distinctHumans: 0, nonOperator: 0 }
