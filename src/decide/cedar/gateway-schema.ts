import type { EffectSystem } from '../../model/effect.js'

// Keyed by the union so that a new effect system fails to compile until it has a Cedar action.
const SYSTEM_SET: Readonly<Record<EffectSystem, true>> = {
  fs: true,
  git: true,
  process: true,
  service: true,
  package: true,
  container: true,
  k8s: true,
  cloud: true,
  iac: true,
  database: true,
  network: true,
  device: true,
  shell: true,
}

/** Every effect system, each of which is one Cedar action (`Action::"k8s"`). */
export const EFFECT_SYSTEMS = Object.keys(SYSTEM_SET) as readonly EffectSystem[]

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
  customerFacing: Long,
  downtimeMinutes: Long,
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
