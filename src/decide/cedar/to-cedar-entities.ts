import type {
  AgentConfig,
  AgentScope,
  EnvironmentConfig,
  HumanConfig,
} from '../../model/gateway-config.js'
import { RISKS } from '../../model/risk.js'
import type { EntityJson, EntityUidJson } from './cedar-wasm.js'

/** The id of the principal for a request that names no agent. */
export const UNKNOWN_AGENT_ID = 'unknown'

/** The id of the resource for a request whose environment was not recognised. */
export const UNKNOWN_ENVIRONMENT_NAME = 'unknown'

/** The scope of an agent nobody configured: nothing at all. */
export const EMPTY_SCOPE: AgentScope = { environments: [], systems: [], maxRisk: 'safe' }

/** Builds the uid of an entity. */
export function toEntityUid(type: 'Agent' | 'Human' | 'Environment', id: string): EntityUidJson {
  return { type, id }
}

/**
 * An agent as a Cedar entity. Its scope becomes attributes the `airlock::agent-scope` invariant
 * reads; `*` becomes `anyEnvironment` / `anySystem`.
 */
export function toAgentEntity(agent: AgentConfig): EntityJson {
  const environments = agent.scope.environments.filter((name) => name !== '*')
  const systems = agent.scope.systems.filter((system) => system !== '*')
  return {
    uid: toEntityUid('Agent', agent.id),
    attrs: {
      ...(agent.operator === undefined
        ? {}
        : { operator: { __entity: { type: 'Human', id: agent.operator } } }),
      environments,
      systems,
      // An empty scope permits nothing, not even safe actions.
      maxRiskLevel: isEmptyScope(agent.scope) ? -1 : RISKS.indexOf(agent.scope.maxRisk),
      anyEnvironment: agent.scope.environments.includes('*'),
      anySystem: agent.scope.systems.includes('*'),
    },
    // INVARIANT: an agent has no parents, so `principal in Human::"…"` never matches an agent
    // and a permit written for its operator never reaches it.
    parents: [],
  }
}

/** A human as a Cedar entity. */
export function toHumanEntity(human: HumanConfig): EntityJson {
  return { uid: toEntityUid('Human', human.id), attrs: { roles: [...human.roles] }, parents: [] }
}

/** An environment as a Cedar entity. */
export function toEnvironmentEntity(environment: EnvironmentConfig): EntityJson {
  return {
    uid: toEntityUid('Environment', environment.name),
    attrs: { name: environment.name, production: environment.production },
    parents: [],
  }
}

/** The stand-in for an agent nobody configured, with the given scope. */
export function toUnknownAgent(scope: AgentScope): AgentConfig {
  return { id: UNKNOWN_AGENT_ID, scope }
}

/** The stand-in for an environment nobody recognised; never production. */
export const UNKNOWN_ENVIRONMENT: EnvironmentConfig = {
  name: UNKNOWN_ENVIRONMENT_NAME,
  production: false,
  match: {},
}

function isEmptyScope(scope: AgentScope): boolean {
  return scope.environments.length === 0 || scope.systems.length === 0
}
