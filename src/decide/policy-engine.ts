import type { Decision } from '../model/decision.js'
import type { DecisionRequest } from '../model/decision-request.js'

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
