/** The three outcomes of a decision. */
export type DecisionOutcome = 'allow' | 'approve' | 'deny'

/** What the gateway decided about an action, and why. */
export interface Decision {
  readonly decision: DecisionOutcome
  /** Distinct human approvals needed before the action may run; 0 unless `approve`. */
  readonly approvals: number
  readonly reasons: readonly string[]
  /** Ids of the rules or policies that decided. */
  readonly policies: readonly string[]
  /** A less dangerous way to reach the same goal, where one is known. */
  readonly alternative?: string
  /** What shadow-mode policies would have decided; reported, never enforced. */
  readonly shadow?: ShadowOutcome
  /** Evaluation errors that made the decision fail closed. */
  readonly errors?: readonly string[]
}

/** The outcome shadow policies would have produced, for trying a policy before enforcing it. */
export interface ShadowOutcome {
  readonly decision: DecisionOutcome
  readonly approvals: number
  readonly policies: readonly string[]
}
