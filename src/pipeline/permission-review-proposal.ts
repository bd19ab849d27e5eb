import { UNKNOWN_ENVIRONMENT_NAME } from '../decide/cedar/to-cedar-entities.js'
import { EFFECT_SYSTEMS, type EffectSystem } from '../model/effect.js'
import type { AgentScope } from '../model/gateway-config.js'
import { type Risk, RISKS } from '../model/risk.js'

/** What an agent used over a window, as the least-privilege proposal needs it. */
export interface UsedScope {
  /** Environment names; `unknown` for actions in no recognised environment. */
  readonly environments: readonly string[]
  readonly systems: readonly EffectSystem[]
  /** The highest risk among its proposals that were not denied; absent when there were none. */
  readonly maxRisk?: Risk
}

/** A least-privilege policy for one agent: Cedar to add, and the scope to write in airlock.yaml. */
export interface LeastPrivilegeProposal {
  /** Cedar forbids (no `@approvals`, so no approval lifts them) that stop the agent at what it used. */
  readonly cedar: string
  /** The matching `scope:` of the agent in airlock.yaml. */
  readonly scope: AgentScope
  /** The same scope as a YAML snippet, with a note where YAML cannot say as much as Cedar. */
  readonly yaml: string
}

/**
 * Proposes the least privilege an agent needs for what it used: forbids for anything above the
 * highest risk it used, outside the systems it used and outside the environments it acted in.
 * An agent that only read gets a read-only policy; one that used nothing is forbidden everything.
 * @example
 * proposeLeastPrivilege('claude', { environments: ['dev'], systems: ['fs'], maxRisk: 'safe' }, ['prod', 'dev'], 'from 12 proposals')
 * // cedar: forbid (principal == Agent::"claude", …) when { context.riskLevel > 0 }; …
 */
export function proposeLeastPrivilege(
  agent: string,
  used: UsedScope,
  configuredEnvironments: readonly string[],
  basis: string,
): LeastPrivilegeProposal {
  const principal = `principal == Agent::${cedarString(agent)}`
  const header = [
    `// Least privilege for agent \`${agent}\`, proposed by \`airlock permissions review\` ${basis}.`,
    '// These forbids carry no @approvals, so no approval lifts them; the built-in invariants and',
    '// the other policies still apply to whatever they leave.',
  ]
  const id = (suffix: string) => `@id(${cedarString(`least-privilege-${agent}-${suffix}`)})`
  const reason = (text: string) => `@reason(${cedarString(text)})`
  if (used.maxRisk === undefined) {
    return {
      cedar: [
        ...header,
        `// It proposed nothing that was not denied: consider removing the agent.`,
        id('nothing'),
        reason(`\`${agent}\` used none of its permissions when it was last reviewed`),
        `forbid (${principal}, action, resource);`,
        '',
      ].join('\n'),
      scope: { environments: [], systems: [], maxRisk: 'safe' },
      yaml: 'scope: { environments: [], systems: [], maxRisk: safe } # permits nothing\n',
    }
  }
  // `environments` → forbid unless `["dev"].contains(context.environment)`
  const onlyAmong = (field: string, items: readonly string[], attribute: string) =>
    [
      id(field),
      reason(`\`${agent}\` was reviewed for the ${field} ${items.join(', ')} only`),
      `forbid (${principal}, action, resource)`,
      `unless { ${cedarSet(items)}.contains(${attribute}) };`,
    ].join('\n')
  const policies: string[] = []
  const level = RISKS.indexOf(used.maxRisk)
  if (level < RISKS.length - 1) {
    policies.push(
      [
        id('risk'),
        reason(
          used.maxRisk === 'safe'
            ? `\`${agent}\` was reviewed as read-only: it may not act above safe`
            : `\`${agent}\` was reviewed up to ${used.maxRisk}: it may not act above that`,
        ),
        `forbid (${principal}, action, resource)`,
        `when { context.riskLevel > ${String(level)} };`,
      ].join('\n'),
    )
  }
  const systems = EFFECT_SYSTEMS.filter((system) => used.systems.includes(system))
  const allSystems = systems.length === EFFECT_SYSTEMS.length
  if (!allSystems) {
    policies.push(onlyAmong('systems', systems, 'context.system'))
  }
  const known = configuredEnvironments.filter((name) => used.environments.includes(name))
  const unrecognised = used.environments.includes(UNKNOWN_ENVIRONMENT_NAME)
  const environments = unrecognised ? [...known, UNKNOWN_ENVIRONMENT_NAME] : known
  const allEnvironments = unrecognised && known.length === configuredEnvironments.length
  if (!allEnvironments) {
    policies.push(onlyAmong('environments', environments, 'context.environment'))
  }
  // An unrecognised environment has no name a scope could list: only `*` covers it.
  const scope: AgentScope = {
    environments: unrecognised ? ['*'] : known,
    systems: allSystems ? ['*'] : systems,
    maxRisk: used.maxRisk,
  }
  const note = unrecognised
    ? ` # '*': it acted where no environment was recognised; the Cedar policy keeps it to ${environments.join(', ')}`
    : ''
  return {
    cedar: [...header, policies.join('\n\n'), ''].join('\n'),
    scope,
    yaml: `scope: { environments: ${yamlList(scope.environments)}, systems: ${yamlList(scope.systems)}, maxRisk: ${scope.maxRisk} }${note}\n`,
  }
}

function cedarString(text: string): string {
  return JSON.stringify(text)
}

function cedarSet(items: readonly string[]): string {
  return `[${items.map(cedarString).join(', ')}]`
}

function yamlList(items: readonly string[]): string {
  return `[${items.map((item) => (item === '*' ? "'*'" : item)).join(', ')}]`
}
