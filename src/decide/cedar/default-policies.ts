import type { AgentScope, PolicySource } from '../../model/gateway-config.js'
import type { PolicyEngineInput } from '../policy-engine.js'
import { CedarPolicyEngine } from './cedar-policy-engine.js'

/**
 * The policies used when no configuration is given, on top of the invariants: everything is
 * permitted, and a destructive action anywhere waits for one approval. With the invariants this
 * gives safe and mutating → allow, destructive or opaque → approve 1, catastrophic → approve 2.
 */
export const DEFAULT_POLICIES: readonly PolicySource[] = [
  {
    file: 'airlock:default',
    shadow: false,
    text: `// Without configuration there are no agents to scope: everyone may propose anything.
@id("default::permit-all")
permit (principal, action, resource);

// A destructive action anywhere waits for one human.
@id("default::destructive-needs-approval")
@approvals("1")
@reason("destructive actions need one approval")
forbid (principal, action, resource)
when { context.riskLevel >= 2 }
unless { context.approvals.distinctHumans >= 1 };
`,
  },
]

/** Without configuration the unidentified agent stands in for every agent, unrestricted. */
export const UNRESTRICTED_SCOPE: AgentScope = {
  environments: ['*'],
  systems: ['*'],
  maxRisk: 'catastrophic',
}

/** What the default engine is built from. */
export const DEFAULT_POLICY_ENGINE_INPUT: PolicyEngineInput = {
  policies: DEFAULT_POLICIES,
  agents: [],
  humans: [],
  environments: [],
  unknownAgentScope: UNRESTRICTED_SCOPE,
}

/**
 * The engine `airlock check` decides with when it is given no configuration. The default
 * policies are airlock's own and a test validates them, so start-up skips the schema check.
 */
export function loadDefaultPolicyEngine(): CedarPolicyEngine {
  return new CedarPolicyEngine(DEFAULT_POLICY_ENGINE_INPUT, { validate: false })
}
