import { EFFECT_SYSTEMS } from '../../model/effect.js'

/**
 * The Cedar schema every policy is validated against (strict mode). Agents and humans are
 * principals, environments (and, once an inventory exists, resources) are resources, and each
 * effect system is an action whose context describes the effects of that system.
 */
export const GATEWAY_SCHEMA = `// A person who approves, administers or breaks glass.
entity Human {
  roles: Set<String>,
};

// An AI agent with its own scope; never a member of its operator.
entity Agent {
  operator?: Human,
  environments: Set<String>,
  systems: Set<String>,
  maxRiskLevel: Long,
  anyEnvironment: Bool,
  anySystem: Bool,
};

entity Environment {
  name: String,
  production: Bool,
};

entity Resource {
  environment: Environment,
  criticality: String,
  stateful: Bool,
  customerFacing: Bool,
};

type Approvals = {
  count: Long,
  distinctHumans: Long,
  nonOperator: Long,
};

type Impact = {
  resourcesDestroyed: Long,
  resourcesBroken: Long,
  customerFacing: Long,
  servicesBroken: Long,
  dataLost: Long,
  unknownTargets: Long,
  downtimeMinutes: Long,
  environmentDestroyed: Bool,
};

// riskLevel: 0 safe, 1 mutating, 2 destructive, 3 catastrophic.
type Context = {
  risk: String,
  riskLevel: Long,
  opaque: Bool,
  system: String,
  verbs: Set<String>,
  scopes: Set<String>,
  dataLoss: Bool,
  environment: String,
  production: Bool,
  approvals: Approvals,
  frozen: Bool,
  velocityExceeded: Bool,
  channel: String,
  impact?: Impact,
};

action ${EFFECT_SYSTEMS.map((system) => JSON.stringify(system)).join(', ')} appliesTo {
  principal: [Agent, Human],
  resource: [Environment, Resource],
  context: Context,
};
`
