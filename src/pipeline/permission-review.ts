import { grantsAgent, type PolicyGrant } from '../decide/cedar/policy-grants.js'
import { UNKNOWN_ENVIRONMENT_NAME } from '../decide/cedar/to-cedar-entities.js'
import type { AuditRecord } from '../model/audit-record.js'
import type { DecisionOutcome } from '../model/decision.js'
import { EFFECT_SYSTEMS, type EffectSystem } from '../model/effect.js'
import type { AgentConfig, AgentScope, GatewayConfig } from '../model/gateway-config.js'
import { compareRisk, isRisk, maxRisk, type Risk, RISKS } from '../model/risk.js'
import { type LeastPrivilegeProposal, proposeLeastPrivilege } from './permission-review-proposal.js'

/** One proposal of an agent, as the audit recorded it. */
export interface AgentUse {
  readonly at: number
  readonly agent: string
  /** `unknown` when no environment was recognised. */
  readonly environment: string
  readonly systems: readonly EffectSystem[]
  readonly risk: Risk
  readonly decision: DecisionOutcome
}

/** A human's re-certification of an agent's permissions, as the audit recorded it. */
export interface PermissionCertification {
  readonly at: number
  /** `human:alice`. */
  readonly by: string
  readonly agent: string
  /** The scope the human re-certified. */
  readonly scope: AgentScope
  /** Ids of the permits that could apply to the agent then. */
  readonly permits: readonly string[]
  readonly comment?: string
}

/** Something that lets an agent act with (almost) no limit: each a reason to look closer. */
export interface AlwaysAllowException {
  readonly kind:
    | 'any-environment'
    | 'any-system'
    | 'catastrophic-wildcard'
    | 'unconditional-permit'
    | 'shadow-permit'
  readonly message: string
  /** The policy, for the permit kinds. */
  readonly policy?: string
}

/** How an agent's permissions compare with what it used, and what it should be granted instead. */
export interface PermissionReview {
  readonly agent: string
  readonly operator?: string
  readonly window: { readonly since: number; readonly until: number }
  readonly granted: {
    readonly scope: AgentScope
    /** Configured permits that can apply to the agent (bounded by its scope all the same). */
    readonly permits: readonly PolicyGrant[]
  }
  readonly used: {
    readonly proposals: number
    readonly byDecision: Readonly<Record<DecisionOutcome, number>>
    /** From the proposals that were not denied: what it actually needed. */
    readonly environments: readonly string[]
    readonly systems: readonly EffectSystem[]
    readonly maxRisk?: Risk
    readonly firstAt?: number
    readonly lastAt?: number
  }
  /** Standing grants never used in the window. */
  readonly unused: {
    readonly environments: readonly string[]
    readonly systems: readonly EffectSystem[]
    readonly risks: readonly Risk[]
    /** Scope fields granted as `*`. */
    readonly wildcards: readonly ('environments' | 'systems')[]
  }
  /** What grew since the last re-certification; absent when the agent was never reviewed. */
  readonly growth?: ScopeGrowth
  readonly lastReview?: PermissionCertification
  readonly exceptions: readonly AlwaysAllowException[]
  readonly proposal: LeastPrivilegeProposal
}

/** What an agent's grants gained since a review. */
export interface ScopeGrowth {
  readonly environments: readonly string[]
  readonly systems: readonly string[]
  readonly maxRisk?: { readonly from: Risk; readonly to: Risk }
  readonly permits: readonly string[]
  readonly grew: boolean
}

/** What a review is computed from. */
export interface PermissionReviewInput {
  readonly config: GatewayConfig
  readonly permits: readonly PolicyGrant[]
  /** Proposals in the window, any agent. */
  readonly uses: readonly AgentUse[]
  /** The latest certification per agent. */
  readonly lastReviews: ReadonlyMap<string, PermissionCertification>
  readonly window: { readonly since: number; readonly until: number }
}

/**
 * Reviews one agent's permissions: its scope and the permits that can apply to it against what
 * it used in the window, unused grants, growth since its last certification, always-allow
 * exceptions and a least-privilege proposal.
 */
export function reviewAgentPermissions(
  agent: AgentConfig,
  input: PermissionReviewInput,
): PermissionReview {
  const uses = input.uses.filter((use) => use.agent === agent.id)
  const byDecision = { allow: 0, approve: 0, deny: 0 }
  for (const use of uses) byDecision[use.decision]++
  // Denied attempts were never granted: they count, but least privilege leaves them out.
  const needed = uses.filter((use) => use.decision !== 'deny')
  const environments = new Set(needed.map((use) => use.environment))
  const systems = new Set(needed.flatMap((use) => use.systems))
  const usedRisk = needed.length === 0 ? undefined : maxRisk(needed.map((use) => use.risk))
  const configured = input.config.environments.map((environment) => environment.name)
  const { scope } = agent
  const permits = input.permits.filter((grant) => grantsAgent(grant, agent.id))
  const lastReview = input.lastReviews.get(agent.id)
  const times = uses.map((use) => use.at)
  const usedEnvironments = [...configured, UNKNOWN_ENVIRONMENT_NAME].filter((name) =>
    environments.has(name),
  )
  const usedSystems = EFFECT_SYSTEMS.filter((system) => systems.has(system))
  return {
    agent: agent.id,
    ...(agent.operator === undefined ? {} : { operator: agent.operator }),
    window: input.window,
    granted: { scope, permits },
    used: {
      proposals: uses.length,
      byDecision,
      environments: usedEnvironments,
      systems: usedSystems,
      ...(usedRisk === undefined ? {} : { maxRisk: usedRisk }),
      ...(times.length === 0 ? {} : { firstAt: Math.min(...times), lastAt: Math.max(...times) }),
    },
    unused: {
      environments: grantedEnvironments(scope, configured).filter(
        (name) => !environments.has(name),
      ),
      systems: grantedSystems(scope).filter((system) => !systems.has(system)),
      risks: RISKS.filter(
        (risk) =>
          compareRisk(risk, scope.maxRisk) <= 0 &&
          (usedRisk === undefined || compareRisk(risk, usedRisk) > 0),
      ),
      wildcards: [
        ...(scope.environments.includes('*') ? (['environments'] as const) : []),
        ...(scope.systems.includes('*') ? (['systems'] as const) : []),
      ],
    },
    ...(lastReview === undefined
      ? {}
      : { lastReview, growth: compareGrants(lastReview, scope, permits) }),
    exceptions: findExceptions(agent, permits),
    proposal: proposeLeastPrivilege(
      agent.id,
      {
        environments: usedEnvironments,
        systems: usedSystems,
        ...(usedRisk === undefined ? {} : { maxRisk: usedRisk }),
      },
      configured,
      describeBasis(uses.length, input.window),
    ),
  }
}

/** What the agent's grants gained since a certification: environments, systems, risk, permits. */
export function compareGrants(
  review: Pick<PermissionCertification, 'scope' | 'permits'>,
  scope: AgentScope,
  permits: readonly PolicyGrant[],
): ScopeGrowth {
  const gained = (now: readonly string[], before: readonly string[]) =>
    before.includes('*') ? [] : now.filter((item) => !before.includes(item))
  const environments = gained(scope.environments, review.scope.environments)
  const systems = gained(scope.systems, review.scope.systems)
  const raised = compareRisk(scope.maxRisk, review.scope.maxRisk) > 0
  const newPermits = permits.map((grant) => grant.id).filter((id) => !review.permits.includes(id))
  return {
    environments,
    systems,
    ...(raised ? { maxRisk: { from: review.scope.maxRisk, to: scope.maxRisk } } : {}),
    permits: newPermits,
    grew: environments.length + systems.length + newPermits.length > 0 || raised,
  }
}

/** Reads the proposals and certifications out of audit records; malformed ones are skipped. */
export function readPermissionHistory(records: Iterable<AuditRecord>): {
  uses: AgentUse[]
  certifications: PermissionCertification[]
} {
  const uses: AgentUse[] = []
  const certifications: PermissionCertification[] = []
  for (const record of records) {
    const at = Date.parse(record.at)
    if (record.kind === 'action.proposed') {
      const use = toUse(record.data, at)
      if (use !== undefined) uses.push(use)
    } else if (record.kind === 'permissions.reviewed') {
      const certification = toCertification(record, at)
      if (certification !== undefined) certifications.push(certification)
    }
  }
  return { uses, certifications }
}

function toUse(data: Readonly<Record<string, unknown>>, at: number): AgentUse | undefined {
  const { agent, environment, risk, effects, decision } = data
  const outcome = (decision as { decision?: unknown } | undefined)?.decision
  if (typeof agent !== 'string' || !isRisk(risk) || !isOutcome(outcome)) return undefined
  const systems = Array.isArray(effects)
    ? effects
        .map((effect) => (effect as { system?: unknown } | null)?.system)
        .filter((system): system is EffectSystem => isSystem(system))
    : []
  return {
    at,
    agent,
    environment: typeof environment === 'string' ? environment : UNKNOWN_ENVIRONMENT_NAME,
    // A proposal without effects is judged as `process`, as the policies see it.
    systems: systems.length === 0 ? ['process'] : [...new Set(systems)],
    risk,
    decision: outcome,
  }
}

function toCertification(record: AuditRecord, at: number): PermissionCertification | undefined {
  const { agent, scope, permits, comment } = record.data
  const read = scope as Partial<Record<keyof AgentScope, unknown>> | undefined
  if (
    typeof agent !== 'string' ||
    !isStrings(read?.environments) ||
    !isStrings(read.systems) ||
    !isRisk(read.maxRisk)
  ) {
    return undefined
  }
  return {
    at,
    by: record.actor,
    agent,
    scope: {
      environments: read.environments,
      systems: read.systems.filter((system) => system === '*' || isSystem(system)),
      maxRisk: read.maxRisk,
    },
    permits: isStrings(permits) ? permits : [],
    ...(typeof comment === 'string' ? { comment } : {}),
  }
}

function isStrings(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string')
}

function isSystem(value: unknown): value is EffectSystem {
  return typeof value === 'string' && (EFFECT_SYSTEMS as readonly string[]).includes(value)
}

function isOutcome(value: unknown): value is DecisionOutcome {
  return value === 'allow' || value === 'approve' || value === 'deny'
}

// `*` covers every configured environment and any unrecognised one.
function grantedEnvironments(scope: AgentScope, configured: readonly string[]): string[] {
  return scope.environments.includes('*')
    ? [...configured, UNKNOWN_ENVIRONMENT_NAME]
    : scope.environments.filter((name) => name !== '*')
}

function grantedSystems(scope: AgentScope): EffectSystem[] {
  return scope.systems.includes('*')
    ? [...EFFECT_SYSTEMS]
    : EFFECT_SYSTEMS.filter((system) => scope.systems.includes(system))
}

function findExceptions(
  agent: AgentConfig,
  permits: readonly PolicyGrant[],
): AlwaysAllowException[] {
  const { scope } = agent
  const exceptions: AlwaysAllowException[] = []
  const anyEnvironment = scope.environments.includes('*')
  const anySystem = scope.systems.includes('*')
  if (anyEnvironment) {
    exceptions.push({
      kind: 'any-environment',
      message: `scope \`environments: ['*']\`: \`${agent.id}\` may act in every environment, unrecognised ones included`,
    })
  }
  if (anySystem) {
    exceptions.push({
      kind: 'any-system',
      message: `scope \`systems: ['*']\`: \`${agent.id}\` may act on every system`,
    })
  }
  if (scope.maxRisk === 'catastrophic' && (anyEnvironment || anySystem)) {
    exceptions.push({
      kind: 'catastrophic-wildcard',
      message: `scope \`maxRisk: catastrophic\` with \`*\`: \`${agent.id}\` may ask for anything anywhere; only the built-in four-eyes invariants stand in the way`,
    })
  }
  for (const permit of permits) {
    const whom =
      permit.appliesTo.kind === 'agent'
        ? `\`${agent.id}\``
        : permit.appliesTo.kind === 'agents'
          ? 'every agent'
          : 'everyone'
    if (permit.shadow) {
      exceptions.push({
        kind: 'shadow-permit',
        policy: permit.id,
        message: `shadow policy \`${permit.id}\` (${permit.file}) would permit ${whom}${permit.unconditional ? ' without any condition' : ''} once enforced`,
      })
    } else if (permit.unconditional) {
      exceptions.push({
        kind: 'unconditional-permit',
        policy: permit.id,
        message: `policy \`${permit.id}\` (${permit.file}) permits ${whom} without any condition; only the scope and the forbids limit it`,
      })
    }
  }
  return exceptions
}

function describeBasis(count: number, window: { since: number; until: number }): string {
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10)
  return `from its ${String(count)} proposal${count === 1 ? '' : 's'} between ${day(window.since)} and ${day(window.until)}`
}
