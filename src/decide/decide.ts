import type { Decision } from '../model/decision.js'
import type { DecisionRequest } from '../model/decision-request.js'
import { FAIL_CLOSED_POLICY_ID, type PolicyEngine } from './policy-engine.js'

/** Approvals an action needs when no decision could be computed for it. */
const ENGINE_FAILED_APPROVALS = 2

/**
 * Decides a request with a policy engine. An engine that throws never lets the action through:
 * the action waits for two approvals (or is denied when a freeze or a velocity breach covers
 * it) and the error is reported with the decision.
 */
export function decide(request: DecisionRequest, engine: PolicyEngine): Decision {
  try {
    return engine.decide(request)
  } catch (error) {
    const errors = [`decision failed: ${error instanceof Error ? error.message : String(error)}`]
    const { analysis } = request
    // SECURITY: the kill switches hold without the engine, as the invariants do with it.
    const stopped =
      request.velocityExceeded || (request.frozen && (analysis.risk !== 'safe' || analysis.opaque))
    if (stopped) {
      return {
        decision: 'deny',
        approvals: 0,
        reasons: ['the decision failed while a freeze or a velocity breach covers the action'],
        policies: [FAIL_CLOSED_POLICY_ID],
        errors,
      }
    }
    return {
      decision: 'approve',
      approvals: ENGINE_FAILED_APPROVALS,
      reasons: [
        `the decision failed, so the action waits for ${ENGINE_FAILED_APPROVALS} approvals`,
      ],
      policies: [FAIL_CLOSED_POLICY_ID],
      errors,
    }
  }
}
