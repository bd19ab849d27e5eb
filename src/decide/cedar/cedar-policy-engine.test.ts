import { describe, expect, it } from 'vitest'

import type { Action } from '../../model/action.js'
import { digestAction } from '../../model/action-digest.js'
import { type Analysis, summariseAnalysis } from '../../model/analysis.js'
import type { ApprovalFacts, DecisionRequest } from '../../model/decision-request.js'
import {
  createEffect,
  createOpaqueEffect,
  type Effect,
  type EffectInit,
} from '../../model/effect.js'
import type {
  AgentConfig,
  EnvironmentConfig,
  HumanConfig,
  PolicySource,
} from '../../model/gateway-config.js'
import type { ImpactReport } from '../../model/impact-report.js'
import type { PolicyEngineInput } from '../policy-engine.js'
import { PolicyLoadError } from '../policy-load-error.js'
import { CedarPolicyEngine, loadCedarPolicyEngine } from './cedar-policy-engine.js'

const ACTION: Action = { kind: 'shell', command: 'true', cwd: '/srv/app' }

const EFFECTS = {
  safe: {
    system: 'fs',
    verb: 'read',
    target: '/srv/app/README.md',
    risk: 'safe',
    reason: '`cat` only reads',
  },
  mutating: {
    system: 'package',
    verb: 'write',
    target: 'dependencies',
    risk: 'mutating',
    reason: '`npm install` changes installed packages',
  },
  destructive: {
    system: 'fs',
    verb: 'delete',
    target: '/srv/app',
    risk: 'destructive',
    reason: '`rm -r` deletes `/srv/app` recursively',
    source: 'rm -rf /srv/app',
  },
  catastrophic: {
    system: 'iac',
    verb: 'delete',
    scope: 'environment',
    target: 'terraform:/srv/infra',
    risk: 'catastrophic',
    reason: '`terraform destroy` destroys every resource',
    source: 'terraform destroy',
  },
  device: {
    system: 'device',
    verb: 'overwrite',
    scope: 'device',
    target: '/dev/sda',
    risk: 'catastrophic',
    reason: '`dd` overwrites `/dev/sda`',
    source: 'dd if=/dev/zero of=/dev/sda',
  },
} satisfies Record<string, EffectInit>

type Level = keyof typeof EFFECTS

function analysisOf(...effects: (Level | Effect)[]): Analysis {
  const built = effects.map((effect) =>
    typeof effect === 'string' ? createEffect(EFFECTS[effect]) : effect,
  )
  return summariseAnalysis(ACTION, digestAction(ACTION), built, [])
}

const OPAQUE = createOpaqueEffect(
  'shell',
  '`eval` runs a string only known at run time',
  'eval "$X"',
)

const HUMANS: readonly HumanConfig[] = [
  { id: 'alice', roles: ['approver', 'admin'] },
  { id: 'bob', roles: ['approver'] },
  { id: 'carol', roles: ['approver'] },
]

const BOT: AgentConfig = {
  id: 'bot',
  operator: 'alice',
  scope: { environments: ['*'], systems: ['*'], maxRisk: 'catastrophic' },
}

const NARROW: AgentConfig = {
  id: 'narrow',
  operator: 'bob',
  scope: { environments: ['staging'], systems: ['fs', 'git'], maxRisk: 'destructive' },
}

const INTERN: AgentConfig = {
  id: 'intern',
  operator: 'alice',
  scope: { environments: [], systems: [], maxRisk: 'safe' },
}

const PROD: EnvironmentConfig = { name: 'prod', production: true, match: {} }
const STAGING: EnvironmentConfig = { name: 'staging', production: false, match: {} }

const NO_APPROVALS: ApprovalFacts = { count: 0, distinctHumans: 0, nonOperator: 0 }

function approvals(distinctHumans: number, nonOperator: number): ApprovalFacts {
  return { count: distinctHumans, distinctHumans, nonOperator }
}

function policy(text: string, file = 'policies/user.cedar', shadow = false): PolicySource {
  return { file, text, shadow }
}

function engineWith(...policies: PolicySource[]): CedarPolicyEngine {
  return loadCedarPolicyEngine(inputWith(...policies))
}

function inputWith(...policies: PolicySource[]): PolicyEngineInput {
  return {
    policies,
    agents: [BOT, NARROW, INTERN],
    humans: HUMANS,
    environments: [PROD, STAGING],
  }
}

function request(analysis: Analysis, overrides: Partial<DecisionRequest> = {}): DecisionRequest {
  return {
    analysis,
    agent: BOT,
    environment: STAGING,
    approvals: NO_APPROVALS,
    frozen: false,
    velocityExceeded: false,
    channel: 'cli',
    ...overrides,
  }
}

const INVARIANTS_ONLY = engineWith()

/** A blanket permit: the first thing anyone tries to get past a guardrail. */
const PERMIT_ALL = policy('permit (principal, action, resource);', 'policies/permit-all.cedar')

describe('CedarPolicyEngine', () => {
  describe('airlock::freeze', () => {
    it.each<Level>(['mutating', 'destructive', 'catastrophic'])(
      'denies a %s action when a freeze covers it',
      (level) => {
        const decision = INVARIANTS_ONLY.decide(request(analysisOf(level), { frozen: true }))
        expect(decision.decision).toBe('deny')
        expect(decision.policies).toContain('airlock::freeze')
      },
    )

    it('allows a safe action when a freeze covers it', () => {
      expect(INVARIANTS_ONLY.decide(request(analysisOf('safe'), { frozen: true })).decision).toBe(
        'allow',
      )
    })

    it('denies when the environment is frozen and approvals are present', () => {
      const decision = engineWith(PERMIT_ALL).decide(
        request(analysisOf('catastrophic'), {
          environment: PROD,
          frozen: true,
          approvals: { count: 5, distinctHumans: 5, nonOperator: 4 },
        }),
      )
      expect(decision).toMatchObject({ decision: 'deny', approvals: 0 })
      expect(decision.reasons[0]).toMatch(/freeze/)
    })
  })

  describe('airlock::velocity', () => {
    it('denies even a safe action when the agent is over its velocity budget', () => {
      const decision = INVARIANTS_ONLY.decide(
        request(analysisOf('safe'), { velocityExceeded: true }),
      )
      expect(decision).toMatchObject({ decision: 'deny', policies: ['airlock::velocity'] })
    })

    it('denies when the agent is over its velocity budget and approvals are present', () => {
      const decision = engineWith(PERMIT_ALL).decide(
        request(analysisOf('destructive'), {
          velocityExceeded: true,
          approvals: approvals(3, 2),
        }),
      )
      expect(decision.decision).toBe('deny')
    })
  })

  describe('airlock::catastrophic-two-humans', () => {
    it('asks for two approvals when a catastrophic action has none', () => {
      const decision = INVARIANTS_ONLY.decide(request(analysisOf('catastrophic')))
      expect(decision).toMatchObject({
        decision: 'approve',
        approvals: 2,
        policies: ['airlock::catastrophic-two-humans'],
      })
    })

    it('allows a catastrophic action when two distinct humans approved, one not the operator', () => {
      const decision = INVARIANTS_ONLY.decide(
        request(analysisOf('catastrophic'), { approvals: approvals(2, 1) }),
      )
      expect(decision.decision).toBe('allow')
    })

    it.each([
      ['the operator alone approved', approvals(1, 0)],
      ['the operator approved twice', { count: 2, distinctHumans: 1, nonOperator: 0 }],
      ['one non-operator approved', approvals(1, 1)],
      ['no approver is a non-operator', approvals(2, 0)],
    ])('still asks for two approvals when %s', (_, given) => {
      const decision = INVARIANTS_ONLY.decide(
        request(analysisOf('catastrophic'), { approvals: given }),
      )
      expect(decision).toMatchObject({ decision: 'approve', approvals: 2 })
    })

    it('still asks for two approvals when a blanket permit is configured', () => {
      const decision = engineWith(PERMIT_ALL).decide(request(analysisOf('catastrophic')))
      expect(decision).toMatchObject({ decision: 'approve', approvals: 2 })
    })

    it('never asks for fewer approvals when a user forbid lifts with @approvals("1")', () => {
      const lenient = policy(`@id("one-is-enough")
@approvals("1")
forbid (principal, action, resource)
when { context.riskLevel == 3 }
unless { context.approvals.count >= 1 };`)
      const decision = engineWith(PERMIT_ALL, lenient).decide(
        request(analysisOf('catastrophic'), { approvals: approvals(1, 0) }),
      )
      expect(decision).toMatchObject({ decision: 'approve', approvals: 2 })
      expect(decision.policies).toEqual(['airlock::catastrophic-two-humans'])
    })

    it.each(['0', '1'])(
      'denies rather than lets through when a user forbid without unless carries @approvals("%s")',
      (n) => {
        const annotated = policy(`@id("catastrophic-${n}")
@approvals("${n}")
forbid (principal, action, resource)
when { context.riskLevel == 3 };`)
        const decision = engineWith(PERMIT_ALL, annotated).decide(
          request(analysisOf('catastrophic'), { approvals: approvals(2, 1) }),
        )
        expect(decision).toMatchObject({ decision: 'deny', approvals: 0 })
        expect(decision.policies).toContain(`catastrophic-${n}`)
      },
    )
  })

  describe('airlock::production-destructive', () => {
    it('asks for one approval when a destructive action lands in production', () => {
      const decision = INVARIANTS_ONLY.decide(
        request(analysisOf('destructive'), { environment: PROD }),
      )
      expect(decision).toMatchObject({
        decision: 'approve',
        approvals: 1,
        policies: ['airlock::production-destructive'],
      })
      expect(decision.reasons[0]).toMatch(/other than the agent's operator/)
    })

    it('still asks for an approval when only the operator approved a production destructive action', () => {
      const decision = engineWith(PERMIT_ALL).decide(
        request(analysisOf('destructive'), { environment: PROD, approvals: approvals(1, 0) }),
      )
      expect(decision).toMatchObject({ decision: 'approve', approvals: 1 })
    })

    it('allows a production destructive action when a non-operator approved', () => {
      const decision = INVARIANTS_ONLY.decide(
        request(analysisOf('destructive'), { environment: PROD, approvals: approvals(1, 1) }),
      )
      expect(decision.decision).toBe('allow')
    })

    it('allows a destructive action outside production when only invariants apply', () => {
      expect(INVARIANTS_ONLY.decide(request(analysisOf('destructive'))).decision).toBe('allow')
    })
  })

  describe('airlock::opaque', () => {
    it('asks for one approval when the action is opaque', () => {
      const decision = INVARIANTS_ONLY.decide(request(analysisOf(OPAQUE)))
      expect(decision).toMatchObject({
        decision: 'approve',
        approvals: 1,
        policies: ['airlock::opaque'],
      })
    })

    it('asks for one approval when only a parse issue makes the action opaque', () => {
      const analysis = summariseAnalysis(
        ACTION,
        digestAction(ACTION),
        [createEffect(EFFECTS.safe)],
        [{ code: 'parse_syntax_error', message: 'the command does not parse' }],
      )
      const decision = INVARIANTS_ONLY.decide(request(analysis))
      expect(decision).toMatchObject({ decision: 'approve', approvals: 1 })
      expect(decision.reasons).toContain('the command does not parse')
    })

    it('still asks for an approval when a blanket permit is configured', () => {
      expect(engineWith(PERMIT_ALL).decide(request(analysisOf(OPAQUE)))).toMatchObject({
        decision: 'approve',
        approvals: 1,
      })
    })

    it('allows an opaque action when a human approved', () => {
      expect(
        INVARIANTS_ONLY.decide(request(analysisOf(OPAQUE), { approvals: approvals(1, 0) }))
          .decision,
      ).toBe('allow')
    })
  })

  describe('airlock::agent-scope', () => {
    it('allows an action when it is within the agent scope', () => {
      const decision = INVARIANTS_ONLY.decide(
        request(analysisOf('destructive'), { agent: NARROW, environment: STAGING }),
      )
      expect(decision).toMatchObject({ decision: 'allow', policies: ['airlock::agent-scope'] })
    })

    it.each([
      ['the environment is outside it', 'destructive', PROD],
      ['the system is outside it', 'mutating', STAGING],
      ['the risk is above it', 'catastrophic', STAGING],
      ['the environment was not recognised', 'safe', undefined],
    ] as const)('denies an action when %s', (_, level, environment) => {
      const decision = INVARIANTS_ONLY.decide(
        request(analysisOf(level), { agent: NARROW, environment }),
      )
      expect(decision.decision).toBe('deny')
      expect(decision.reasons[0]).toMatch(/is outside the scope of agent `narrow`$/)
    })

    it('denies an out-of-scope agent when a blanket permit is configured', () => {
      const decision = engineWith(PERMIT_ALL).decide(
        request(analysisOf('destructive'), { agent: NARROW, environment: PROD }),
      )
      expect(decision).toMatchObject({
        decision: 'deny',
        policies: ['airlock::outside-agent-scope'],
      })
    })

    it('denies an out-of-scope agent when approvals are present', () => {
      const decision = INVARIANTS_ONLY.decide(
        request(analysisOf('catastrophic'), { agent: NARROW, approvals: approvals(3, 3) }),
      )
      expect(decision.decision).toBe('deny')
    })

    it('denies every action when the agent is unknown', () => {
      const decision = INVARIANTS_ONLY.decide(
        request(analysisOf('safe'), { agent: undefined, environment: undefined }),
      )
      expect(decision.decision).toBe('deny')
      expect(decision.reasons[0]).toBe(
        '`fs` at `safe` risk in `unknown` is outside the scope of agent `unknown`',
      )
    })

    it.each([
      'permit (principal == Human::"alice", action, resource);',
      'permit (principal in Human::"alice", action, resource);',
      'permit (principal is Human, action, resource);',
    ])('never permits an agent through its operator when a user policy says %s', (text) => {
      const decision = engineWith(policy(text)).decide(
        request(analysisOf('safe'), { agent: INTERN }),
      )
      expect(decision).toMatchObject({ decision: 'deny' })
      expect(decision.reasons[0]).toMatch(/outside the scope of agent `intern`/)
    })

    it('never applies a forbid for the operator to the agent it runs', () => {
      const decision = engineWith(
        policy('forbid (principal == Human::"alice", action, resource);'),
      ).decide(request(analysisOf('mutating'), { agent: BOT }))
      expect(decision.decision).toBe('allow')
    })
  })

  describe('configuration', () => {
    it.each(['airlock::freeze', 'airlock::agent-scope', 'airlock::my-own'])(
      'refuses to load when a user policy takes the reserved id %s',
      (id) => {
        const load = (): unknown =>
          engineWith(policy(`@id("${id}")\npermit (principal, action, resource);`))
        expect(load).toThrow(PolicyLoadError)
        expect(load).toThrow(/`airlock::` is reserved for built-in policies/)
      },
    )

    it('adds a forbid without @approvals as a plain deny', () => {
      const decision = engineWith(
        policy(`@id("no-git-in-prod")
@reason("agents do not touch git in production")
forbid (principal is Agent, action == Action::"git", resource)
when { context.production };`),
      ).decide(
        request(analysisOf(createEffect({ ...EFFECTS.mutating, system: 'git' })), {
          environment: PROD,
          approvals: approvals(3, 3),
        }),
      )
      expect(decision).toMatchObject({
        decision: 'deny',
        approvals: 0,
        reasons: [
          'agents do not touch git in production',
          '`npm install` changes installed packages',
        ],
        policies: ['no-git-in-prod'],
      })
    })

    it('names the policy in the reason when it has no @reason', () => {
      const decision = engineWith(
        policy('@id("stop")\nforbid (principal, action, resource);'),
      ).decide(request(analysisOf('safe')))
      expect(decision.reasons[0]).toBe('policy `stop` forbids this action')
    })

    it('takes the most approvals any lifting forbid asks for when several apply', () => {
      const three = policy(`@id("three-for-iac")
@approvals("3")
forbid (principal, action == Action::"iac", resource)
unless { context.approvals.distinctHumans >= 3 };`)
      const decision = engineWith(three).decide(request(analysisOf('catastrophic')))
      expect(decision).toMatchObject({ decision: 'approve', approvals: 3 })
      expect(decision.policies).toEqual(['airlock::catastrophic-two-humans', 'three-for-iac'])
    })
  })

  describe('fail closed', () => {
    const OVERFLOWING = policy(`@id("overflows")
forbid (principal, action, resource)
when { 9223372036854775807 + context.riskLevel < 0 };`)

    it('asks for two approvals when a forbid fails to evaluate on a destructive action', () => {
      const decision = engineWith(OVERFLOWING).decide(request(analysisOf('destructive')))
      expect(decision).toMatchObject({ decision: 'approve', approvals: 2 })
      expect(decision.policies).toContain('airlock::fail-closed')
      expect(decision.errors?.[0]).toMatch(/^policy `overflows`: integer overflow/)
    })

    it('allows a safe action when a policy fails to evaluate on it, and reports the error', () => {
      const decision = engineWith(
        policy(`@id("always-overflows")
forbid (principal, action, resource)
when { 9223372036854775807 + 1 < 0 };`),
      ).decide(request(analysisOf('safe')))
      expect(decision.decision).toBe('allow')
      expect(decision.errors).toHaveLength(1)
    })

    it('keeps at least the approvals the policies ask for when evaluation fails', () => {
      const decision = engineWith(OVERFLOWING).decide(
        request(analysisOf('catastrophic'), { environment: PROD }),
      )
      expect(decision).toMatchObject({ decision: 'approve', approvals: 2 })
    })

    it('asks for two approvals when a policy reads an operator nobody declared', () => {
      const ghostly: AgentConfig = { ...BOT, id: 'ghostly', operator: 'ghost' }
      const decision = engineWith(
        policy(`@id("operator-role")
forbid (principal is Agent, action, resource)
when { principal has operator && principal.operator.roles.contains("intern") };`),
      ).decide(request(analysisOf('mutating'), { agent: ghostly }))
      expect(decision).toMatchObject({ decision: 'approve', approvals: 2 })
      expect(decision.errors?.[0]).toMatch(/Human::"ghost"/)
    })

    it('stays a deny when a policy fails to evaluate and another forbids', () => {
      const decision = engineWith(OVERFLOWING).decide(
        request(analysisOf('destructive'), { frozen: true }),
      )
      expect(decision.decision).toBe('deny')
      expect(decision.errors).toHaveLength(1)
    })
  })

  describe('effect systems', () => {
    it('judges each system on its own and takes the worst outcome when an action has several', () => {
      const decision = INVARIANTS_ONLY.decide(
        request(analysisOf('safe', 'catastrophic', 'mutating'), { environment: PROD }),
      )
      expect(decision).toMatchObject({ decision: 'approve', approvals: 2 })
      expect(decision.policies).toEqual([
        'airlock::catastrophic-two-humans',
        'airlock::production-destructive',
      ])
    })

    it('denies the whole action when one system is denied', () => {
      const decision = engineWith(
        policy(
          '@id("no-devices")\nforbid (principal is Agent, action == Action::"device", resource);',
        ),
      ).decide(request(analysisOf('safe', 'device', 'catastrophic')))
      expect(decision).toMatchObject({ decision: 'deny', approvals: 0, policies: ['no-devices'] })
    })

    it('judges an action without effects as a process action', () => {
      const decision = engineWith(
        policy('@id("no-process")\nforbid (principal, action == Action::"process", resource);'),
      ).decide(request(analysisOf()))
      expect(decision).toMatchObject({ decision: 'deny', policies: ['no-process'] })
      expect(decision.reasons).toContain('nothing to do')
    })
  })

  describe('decision', () => {
    it('suggests a safer alternative when the action is held', () => {
      const decision = INVARIANTS_ONLY.decide(request(analysisOf('catastrophic')))
      expect(decision.alternative).toBe(
        '`terraform plan -destroy` to see what would go, then `-target` the broken resource',
      )
    })

    it('gives no alternative when the action is allowed', () => {
      expect(INVARIANTS_ONLY.decide(request(analysisOf('destructive'))).alternative).toBeUndefined()
    })

    it('writes reasons in lower case without a final period whatever the outcome', () => {
      const decisions = [
        INVARIANTS_ONLY.decide(request(analysisOf('catastrophic'), { environment: PROD })),
        INVARIANTS_ONLY.decide(
          request(analysisOf('safe'), { frozen: true, velocityExceeded: true }),
        ),
        INVARIANTS_ONLY.decide(request(analysisOf(OPAQUE), { agent: NARROW })),
      ]
      for (const reason of decisions.flatMap((decision) => decision.reasons)) {
        expect(reason).toMatch(/^[^A-Z].*[^.]$/)
      }
    })
  })

  describe('shadow policies', () => {
    const SHADOW = policy(
      `@id("trial-mutating-needs-approval")
@approvals("1")
forbid (principal, action, resource)
when { context.riskLevel >= 1 }
unless { context.approvals.distinctHumans >= 1 };`,
      'policies/trial.shadow.cedar',
      true,
    )

    it('reports what a shadow policy would decide without enforcing it', () => {
      const decision = engineWith(SHADOW).decide(request(analysisOf('mutating')))
      expect(decision).toMatchObject({
        decision: 'allow',
        policies: ['airlock::agent-scope'],
        shadow: { decision: 'approve', approvals: 1, policies: ['trial-mutating-needs-approval'] },
      })
    })

    it('reports the enforced outcome as the shadow one when the shadow policy does not apply', () => {
      const decision = engineWith(SHADOW).decide(request(analysisOf('safe')))
      expect(decision.shadow).toEqual({
        decision: 'allow',
        approvals: 0,
        policies: ['airlock::agent-scope'],
      })
    })

    it('keeps a satisfied shadow permit out of the enforced decision', () => {
      const trial = policy(
        '@id("trial-permit")\npermit (principal, action, resource) when { context.riskLevel == 0 };',
        'policies/permit.shadow.cedar',
        true,
      )
      const decision = engineWith(trial).decide(request(analysisOf('safe')))
      expect(decision.policies).toEqual(['airlock::agent-scope'])
      expect(decision.shadow?.policies).toContain('trial-permit')
    })

    it('reports no shadow outcome when no shadow policy is configured', () => {
      expect(INVARIANTS_ONLY.decide(request(analysisOf('safe'))).shadow).toBeUndefined()
    })

    it('refuses to load when a shadow policy does not validate', () => {
      expect(() =>
        engineWith(
          policy(
            'forbid (principal, action, resource) when { context.nope };',
            'x.shadow.cedar',
            true,
          ),
        ),
      ).toThrow(
        /x\.shadow\.cedar:1:45: policy `x\.shadow\.cedar#1`: attribute `nope` in context not found/,
      )
    })
  })

  describe('reload', () => {
    it('enforces the new policies when they load', () => {
      const engine = engineWith()
      expect(engine.decide(request(analysisOf('mutating'))).decision).toBe('allow')
      expect(
        engine.reload(inputWith(policy('@id("stop")\nforbid (principal, action, resource);'))),
      ).toEqual({
        ok: true,
      })
      expect(engine.decide(request(analysisOf('mutating'))).decision).toBe('deny')
    })

    it('keeps the last good set and reports the problems when the new policies fail to load', () => {
      const engine = engineWith(policy('@id("stop")\nforbid (principal, action, resource);'))
      const result = engine.reload(
        inputWith(policy('permit (principal, action, resource)', 'policies/broken.cedar')),
      )
      expect(result).toMatchObject({
        ok: false,
        problems: [{ file: 'policies/broken.cedar', line: 1 }],
      })
      expect(engine.decide(request(analysisOf('safe')))).toMatchObject({
        decision: 'deny',
        policies: ['stop'],
      })
    })

    it('takes new agents and humans when it reloads', () => {
      const engine = engineWith()
      const widened: AgentConfig = { ...NARROW, scope: { ...NARROW.scope, environments: ['*'] } }
      expect(engine.reload({ ...inputWith(), agents: [widened] })).toEqual({ ok: true })
      expect(
        engine.decide(request(analysisOf('destructive'), { agent: widened, environment: PROD })),
      ).toMatchObject({ decision: 'approve', approvals: 1 })
    })
  })

  it('is built with the same result by its constructor and its factory', () => {
    const built = new CedarPolicyEngine(inputWith())
    const analysis = analysisOf('catastrophic')
    expect(built.decide(request(analysis))).toEqual(INVARIANTS_ONLY.decide(request(analysis)))
  })
})

describe('impact in the context', () => {
  const impact = (customerFacing: number, restoreMinutes: number): ImpactReport => ({
    resources: [],
    unknownTargets: [],
    dataLost: [],
    servicesBroken: [],
    customerFacing: Array.from({ length: customerFacing }, (_, i) => `svc-${String(i)}`),
    estimatedRestoreMinutes: restoreMinutes,
    budgetBurn: [],
  })
  const RULES = policy(
    `permit (principal, action, resource);
@id("wide-blast") @approvals("2") @reason("more than two customer-facing services")
forbid (principal, action, resource)
when { context has impact && context.impact.customerFacing > 2 }
unless { context.approvals.distinctHumans >= 2 };
@id("long-outage") @approvals("1") @reason("over 30 minutes of estimated downtime")
forbid (principal, action, resource)
when { context has impact && context.impact.downtimeMinutes > 30 }
unless { context.approvals.distinctHumans >= 1 };`,
  )
  const engine = engineWith(RULES)

  it('lets a policy hold an action that breaks more than N customer-facing services', () => {
    const decision = engine.decide(request(analysisOf('mutating'), { impact: impact(3, 0) }))
    expect(decision).toMatchObject({ decision: 'approve', approvals: 2 })
    expect(decision.policies).toContain('wide-blast')
  })

  it('lets a policy hold an action whose estimated downtime is over 30 minutes', () => {
    const decision = engine.decide(request(analysisOf('mutating'), { impact: impact(0, 45.5) }))
    expect(decision).toMatchObject({ decision: 'approve', approvals: 1 })
    expect(decision.policies).toContain('long-outage')
  })

  it('allows the same action when its impact is small or unknown', () => {
    expect(engine.decide(request(analysisOf('mutating'), { impact: impact(1, 5) })).decision).toBe(
      'allow',
    )
    expect(engine.decide(request(analysisOf('mutating'))).decision).toBe('allow')
  })
})
