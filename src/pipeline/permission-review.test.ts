import { describe, expect, it } from 'vitest'

import { findPolicyGrants } from '../decide/cedar/policy-grants.js'
import type { AuditRecord } from '../model/audit-record.js'
import {
  type AgentConfig,
  DEFAULT_APPROVALS,
  DEFAULT_PERMISSIONS,
  DEFAULT_VELOCITY,
  type GatewayConfig,
  type PolicySource,
} from '../model/gateway-config.js'
import {
  type AgentUse,
  type PermissionCertification,
  readPermissionHistory,
  reviewAgentPermissions,
} from './permission-review.js'
import { describeReviewStatus } from './permission-review-status.js'

const DAY = 86_400_000
const NOW = Date.UTC(2026, 10, 21)

const WIDE: AgentConfig = {
  id: 'claude',
  operator: 'alice',
  scope: { environments: ['*'], systems: ['*'], maxRisk: 'catastrophic' },
}
const NARROW: AgentConfig = {
  id: 'codex',
  scope: { environments: ['dev'], systems: ['fs', 'git'], maxRisk: 'mutating' },
}

function configWith(
  policies: readonly PolicySource[] = [],
  agents = [WIDE, NARROW],
): GatewayConfig {
  return {
    file: 'airlock.yaml',
    agents,
    humans: [{ id: 'alice', roles: ['approver'] }],
    environments: [
      { name: 'prod', production: true, match: {} },
      { name: 'dev', production: false, match: {} },
    ],
    policies,
    inventory: [],
    notifications: [],
    storage: { url: 'sqlite::memory:' },
    approvals: DEFAULT_APPROVALS,
    velocity: DEFAULT_VELOCITY,
    mcpToolRisks: new Map(),
    secrets: new Map(),
    mcp: { servers: [], approvalWaitMs: 0 },
    hooks: { onApproval: 'deny' },
    publicUrl: 'http://127.0.0.1:8470',
    permissions: DEFAULT_PERMISSIONS,
  }
}

function use(partial: Partial<AgentUse>): AgentUse {
  return {
    at: NOW - DAY,
    agent: 'claude',
    environment: 'dev',
    systems: ['fs'],
    risk: 'safe',
    decision: 'allow',
    ...partial,
  }
}

function review(
  agent: AgentConfig,
  uses: readonly AgentUse[],
  options: {
    policies?: readonly PolicySource[]
    lastReviews?: ReadonlyMap<string, PermissionCertification>
  } = {},
) {
  const config = configWith(options.policies)
  return reviewAgentPermissions(agent, {
    config,
    permits: findPolicyGrants(config.policies),
    uses,
    lastReviews: options.lastReviews ?? new Map(),
    window: { since: NOW - 30 * DAY, until: NOW },
  })
}

const policy = (text: string, shadow = false): PolicySource => ({
  file: shadow ? 'trial.shadow.cedar' : 'grants.cedar',
  text,
  shadow,
})

describe('reviewAgentPermissions', () => {
  it('lists every unused grant of a wildcard scope when the agent only read in dev', () => {
    const result = review(WIDE, [use({}), use({ systems: ['git'] })])
    expect(result.used).toMatchObject({
      proposals: 2,
      environments: ['dev'],
      systems: ['fs', 'git'],
      maxRisk: 'safe',
    })
    expect(result.unused.environments).toEqual(['prod', 'unknown'])
    expect(result.unused.risks).toEqual(['mutating', 'destructive', 'catastrophic'])
    expect(result.unused.systems).not.toContain('fs')
    expect(result.unused.systems).toContain('k8s')
    expect(result.unused.wildcards).toEqual(['environments', 'systems'])
  })

  it('flags wildcards and catastrophic-with-wildcard as always-allow exceptions', () => {
    const kinds = review(WIDE, []).exceptions.map((exception) => exception.kind)
    expect(kinds).toEqual(['any-environment', 'any-system', 'catastrophic-wildcard'])
    expect(review(NARROW, []).exceptions).toEqual([])
  })

  it('flags permits without conditions and shadow permits that would allow the agent', () => {
    const result = review(NARROW, [], {
      policies: [
        policy(
          '@id("everyone-always") permit (principal, action, resource) when { true };\n' +
            '@id("codex-reads") permit (principal == Agent::"codex", action, resource) when { context.riskLevel == 0 };\n' +
            '@id("claude-only") permit (principal == Agent::"claude", action, resource);\n' +
            '@id("humans-only") permit (principal is Human, action, resource);',
        ),
        policy('@id("trial-agents") permit (principal is Agent, action, resource);', true),
      ],
    })
    expect(result.granted.permits.map((permit) => permit.id)).toEqual([
      'everyone-always',
      'codex-reads',
      'trial-agents',
    ])
    expect(result.exceptions.map((exception) => [exception.kind, exception.policy ?? ''])).toEqual([
      ['unconditional-permit', 'everyone-always'],
      ['shadow-permit', 'trial-agents'],
    ])
  })

  it('leaves denied attempts out of what the agent used when proposing least privilege', () => {
    const result = review(WIDE, [
      use({}),
      use({ environment: 'prod', systems: ['k8s'], risk: 'catastrophic', decision: 'deny' }),
    ])
    expect(result.used.byDecision).toEqual({ allow: 1, approve: 0, deny: 1 })
    expect(result.used.maxRisk).toBe('safe')
    expect(result.proposal.scope).toEqual({
      environments: ['dev'],
      systems: ['fs'],
      maxRisk: 'safe',
    })
  })

  it('proposes a read-only Cedar policy when the agent only read', () => {
    const { cedar, yaml } = review(WIDE, [use({})]).proposal
    expect(cedar).toContain('forbid (principal == Agent::"claude", action, resource)')
    expect(cedar).toContain('when { context.riskLevel > 0 };')
    expect(cedar).toContain('unless { ["fs"].contains(context.system) };')
    expect(cedar).toContain('unless { ["dev"].contains(context.environment) };')
    expect(cedar).not.toMatch(/^@approvals/m)
    expect(yaml).toBe('scope: { environments: [dev], systems: [fs], maxRisk: safe }\n')
  })

  it('keeps the scope at `*` and names `unknown` in Cedar when the agent acted where no environment was recognised', () => {
    const { cedar, scope } = review(WIDE, [
      use({ environment: 'unknown', risk: 'mutating' }),
    ]).proposal
    expect(scope.environments).toEqual(['*'])
    expect(cedar).toContain('unless { ["unknown"].contains(context.environment) };')
    expect(cedar).toContain('when { context.riskLevel > 1 };')
  })

  it('forbids everything when the agent used nothing in the window', () => {
    const { cedar, scope } = review(NARROW, []).proposal
    expect(cedar).toContain('forbid (principal == Agent::"codex", action, resource);')
    expect(scope).toEqual({ environments: [], systems: [], maxRisk: 'safe' })
  })

  it('reports the environments, systems, risk and permits gained since the last review', () => {
    const last: PermissionCertification = {
      at: NOW - 40 * DAY,
      by: 'human:bob',
      agent: 'codex',
      scope: { environments: ['dev'], systems: ['fs'], maxRisk: 'safe' },
      permits: [],
    }
    const grown = {
      ...NARROW,
      scope: { environments: ['dev', 'prod'], systems: ['fs', 'git'], maxRisk: 'mutating' },
    } satisfies AgentConfig
    const result = review(grown, [], {
      policies: [
        policy('@id("codex-all") permit (principal == Agent::"codex", action, resource);'),
      ],
      lastReviews: new Map([['codex', last]]),
    })
    expect(result.growth).toEqual({
      environments: ['prod'],
      systems: ['git'],
      maxRisk: { from: 'safe', to: 'mutating' },
      permits: ['codex-all'],
      grew: true,
    })
    expect(result.lastReview?.by).toBe('human:bob')
  })

  it('reports no growth when the scope narrowed since the last review', () => {
    const last: PermissionCertification = {
      at: NOW - DAY,
      by: 'human:bob',
      agent: 'claude',
      scope: { environments: ['*'], systems: ['*'], maxRisk: 'catastrophic' },
      permits: [],
    }
    const narrowed = { ...WIDE, scope: NARROW.scope }
    const result = review(narrowed, [], { lastReviews: new Map([['claude', last]]) })
    expect(result.growth?.grew).toBe(false)
  })
})

describe('readPermissionHistory', () => {
  const record = (seq: number, partial: Partial<AuditRecord>): AuditRecord => ({
    seq,
    at: new Date(NOW - seq * 1000).toISOString(),
    prevHash: '0'.repeat(64),
    hash: '1'.repeat(64),
    kind: 'action.proposed',
    actor: 'agent:claude',
    data: {},
    ...partial,
  })

  it('reads uses from proposals and certifications from reviews, skipping malformed records', () => {
    const history = readPermissionHistory([
      record(1, {
        data: {
          agent: 'claude',
          environment: 'prod',
          risk: 'mutating',
          effects: [{ system: 'k8s' }, { system: 'k8s' }, { system: 'fs' }],
          decision: { decision: 'approve' },
        },
      }),
      record(2, {
        data: { agent: 'claude', risk: 'safe', effects: [], decision: { decision: 'allow' } },
      }),
      record(3, { data: { risk: 'safe', decision: { decision: 'allow' } } }),
      record(4, {
        kind: 'permissions.reviewed',
        actor: 'human:bob',
        data: {
          agent: 'claude',
          scope: { environments: ['*'], systems: ['*'], maxRisk: 'catastrophic' },
          permits: ['p'],
          comment: 'ok',
        },
      }),
      record(5, { kind: 'permissions.reviewed', data: { agent: 'claude', scope: {} } }),
    ])
    expect(
      history.uses.map(({ environment, systems, decision }) => [environment, systems, decision]),
    ).toEqual([
      ['prod', ['k8s', 'fs'], 'approve'],
      ['unknown', ['process'], 'allow'],
    ])
    expect(history.certifications).toEqual([
      {
        at: NOW - 4000,
        by: 'human:bob',
        agent: 'claude',
        scope: { environments: ['*'], systems: ['*'], maxRisk: 'catastrophic' },
        permits: ['p'],
        comment: 'ok',
      },
    ])
  })
})

describe('describeReviewStatus', () => {
  const certification = (at: number): PermissionCertification => ({
    at,
    by: 'human:bob',
    agent: 'claude',
    scope: WIDE.scope,
    permits: [],
  })

  it('flags an agent as overdue when it was never reviewed', () => {
    const [claude] = describeReviewStatus(configWith(), [], new Map(), NOW)
    expect(claude).toEqual({ agent: 'claude', overdue: true, grewSinceReview: false })
  })

  it('flags an agent as overdue when its last review is older than reviewEvery', () => {
    const config = { ...configWith(), permissions: { reviewEveryMs: DAY } }
    const old = describeReviewStatus(
      config,
      [],
      new Map([['claude', certification(NOW - 2 * DAY)]]),
      NOW,
    )
    const fresh = describeReviewStatus(
      config,
      [],
      new Map([['claude', certification(NOW - DAY / 2)]]),
      NOW,
    )
    expect(old[0]).toMatchObject({ overdue: true, lastReviewedBy: 'human:bob', dueAt: NOW - DAY })
    expect(fresh[0]).toMatchObject({ overdue: false, grewSinceReview: false })
  })
})
