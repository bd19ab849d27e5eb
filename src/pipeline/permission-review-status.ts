import { grantsAgent, type PolicyGrant } from '../decide/cedar/policy-grants.js'
import type { GatewayConfig } from '../model/gateway-config.js'
import type { PermissionCertification } from './permission-review.js'
import { compareGrants } from './permission-review.js'

/** Where one agent's permission review stands. */
export interface AgentReviewStatus {
  readonly agent: string
  readonly lastReviewedAt?: number
  /** `human:alice`. */
  readonly lastReviewedBy?: string
  /** When the next review is due; absent when the agent was never reviewed (due now). */
  readonly dueAt?: number
  /** Never reviewed, or reviewed longer than `permissions.reviewEvery` ago. */
  readonly overdue: boolean
  /** Its scope or permits grew since the last review. */
  readonly grewSinceReview: boolean
}

/** Each configured agent's review status at `now`, in configuration order. */
export function describeReviewStatus(
  config: GatewayConfig,
  permits: readonly PolicyGrant[],
  lastReviews: ReadonlyMap<string, PermissionCertification>,
  now: number,
): AgentReviewStatus[] {
  return config.agents.map((agent) => {
    const last = lastReviews.get(agent.id)
    if (last === undefined) return { agent: agent.id, overdue: true, grewSinceReview: false }
    const dueAt = last.at + config.permissions.reviewEveryMs
    const growth = compareGrants(
      last,
      agent.scope,
      permits.filter((grant) => grantsAgent(grant, agent.id)),
    )
    return {
      agent: agent.id,
      lastReviewedAt: last.at,
      lastReviewedBy: last.by,
      dueAt,
      overdue: now > dueAt,
      grewSinceReview: growth.grew,
    }
  })
}
