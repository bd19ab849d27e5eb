/** The id prefix reserved for built-in policies; configuration may never use it. */
export const RESERVED_ID_PREFIX = 'airlock::'

/** The invariant that gives every agent exactly its own scope. */
export const AGENT_SCOPE_ID = 'airlock::agent-scope'

/** The invariant that stops every agent at the edge of its scope. */
export const OUTSIDE_AGENT_SCOPE_ID = 'airlock::outside-agent-scope'

/** A built-in policy with the annotations airlock reads, written out as its Cedar text. */
export interface InvariantPolicy {
  readonly id: string
  readonly effect: 'permit' | 'forbid'
  readonly approvals?: number
  readonly reason?: string
  readonly text: string
}

// An agent is within its scope when the risk, the environment and the system all are.
const WITHIN_SCOPE = `context.riskLevel <= principal.maxRiskLevel &&
  (principal.anyEnvironment || principal.environments.contains(context.environment)) &&
  (principal.anySystem || principal.systems.contains(context.system))`

// The annotations are generated from the fields, so what the engine reads and what Cedar
// parses never disagree.
function invariant(
  id: string,
  annotations: { readonly approvals?: number; readonly reason?: string },
  body: string,
): InvariantPolicy {
  const effect = body.startsWith('permit') ? 'permit' : 'forbid'
  const lines = [
    `@id("${id}")`,
    ...(annotations.approvals === undefined ? [] : [`@approvals("${annotations.approvals}")`]),
    ...(annotations.reason === undefined ? [] : [`@reason("${annotations.reason}")`]),
    body,
  ]
  return { id, effect, ...annotations, text: lines.join('\n') }
}

/**
 * The built-in policies, appended to every policy set. Forbid overrides permit in Cedar and
 * approvals are only facts in the context, so configuration cannot remove or weaken them: it
 * can add permits (which these forbids still override) and more forbids.
 */
export const INVARIANTS: readonly InvariantPolicy[] = [
  // Guarantees that under a freeze nothing but safe actions runs, whatever the approvals.
  invariant(
    'airlock::freeze',
    { reason: 'a freeze covers this action: only safe actions run until it is lifted' },
    `forbid (principal, action, resource)
when { context.frozen && context.riskLevel > 0 };`,
  ),

  // Guarantees that an agent over its velocity budget is stopped, whatever the approvals.
  invariant(
    'airlock::velocity',
    { reason: 'the agent went over its velocity budget' },
    `forbid (principal, action, resource)
when { context.velocityExceeded };`,
  ),

  // Guarantees that a catastrophic action runs only after two distinct humans approve, one not the agent's operator.
  invariant(
    'airlock::catastrophic-two-humans',
    {
      approvals: 2,
      reason:
        "catastrophic actions need approvals from two distinct humans, at least one not the agent's operator",
    },
    `forbid (principal, action, resource)
when { context.riskLevel >= 3 }
unless { context.approvals.distinctHumans >= 2 && context.approvals.nonOperator >= 1 };`,
  ),

  // Guarantees that a destructive action in production runs only after a human other than the agent's operator approves.
  invariant(
    'airlock::production-destructive',
    {
      approvals: 1,
      reason:
        "destructive actions in production need an approval from a human other than the agent's operator",
    },
    `forbid (principal, action, resource)
when { context.production && context.riskLevel >= 2 }
unless { context.approvals.nonOperator >= 1 };`,
  ),

  // Guarantees that an action airlock could not fully understand runs only after a human approves.
  invariant(
    'airlock::opaque',
    {
      approvals: 1,
      reason: 'airlock could not fully understand this action, so a human must approve it',
    },
    `forbid (principal, action, resource)
when { context.opaque }
unless { context.approvals.distinctHumans >= 1 };`,
  ),

  // Guarantees that an agent may act within its own scope; a Human is never an Agent, so a permit for a human never reaches the agents that human operates.
  invariant(
    AGENT_SCOPE_ID,
    {},
    `permit (principal is Agent, action, resource)
when {
  ${WITHIN_SCOPE}
};`,
  ),

  // Guarantees that no permit from configuration takes an agent beyond its own scope.
  invariant(
    OUTSIDE_AGENT_SCOPE_ID,
    {},
    `forbid (principal is Agent, action, resource)
unless {
  ${WITHIN_SCOPE}
};`,
  ),
]

/** Whether a policy id belongs to airlock: the reserved prefix or the id of an invariant. */
export function isReservedPolicyId(id: string): boolean {
  return id.startsWith(RESERVED_ID_PREFIX) || INVARIANTS.some((policy) => policy.id === id)
}
