import { describe, expect, it } from 'vitest'

import type { Action } from '../../model/action.js'
import { digestAction } from '../../model/action-digest.js'
import { type Analysis, summariseAnalysis } from '../../model/analysis.js'
import type { DecisionRequest } from '../../model/decision-request.js'
import { createEffect, createOpaqueEffect, type Effect } from '../../model/effect.js'
import type { Risk } from '../../model/risk.js'
import { validatePolicySources } from './cedar-policy-engine.js'
import { DEFAULT_POLICIES, loadDefaultPolicyEngine } from './default-policies.js'

const ACTION: Action = { kind: 'shell', command: 'true', cwd: '/srv/app' }

function analysisOf(effect: Effect): Analysis {
  return summariseAnalysis(ACTION, digestAction(ACTION), [effect], [])
}

function effectOf(risk: Risk): Effect {
  return createEffect({
    system: 'shell',
    verb: 'execute',
    target: 'x',
    risk,
    reason: `${risk} effect`,
  })
}

function request(analysis: Analysis, overrides: Partial<DecisionRequest> = {}): DecisionRequest {
  return {
    analysis,
    approvals: { count: 0, distinctHumans: 0, nonOperator: 0 },
    frozen: false,
    velocityExceeded: false,
    channel: 'cli',
    ...overrides,
  }
}

const engine = loadDefaultPolicyEngine()

describe('DEFAULT_POLICIES', () => {
  it('validates against the schema when checked as configuration would be', () => {
    expect(validatePolicySources(DEFAULT_POLICIES)).toEqual([])
  })

  it.each([
    ['safe', effectOf('safe'), 'allow', 0],
    ['mutating', effectOf('mutating'), 'allow', 0],
    ['destructive', effectOf('destructive'), 'approve', 1],
    ['opaque', createOpaqueEffect('shell', 'unknown program'), 'approve', 1],
    ['catastrophic', effectOf('catastrophic'), 'approve', 2],
  ] as const)(
    'decides a %s action by its risk alone when no configuration is given',
    (_, effect, decision, approvals) => {
      const analysis = analysisOf(effect)
      expect(engine.decide(request(analysis))).toMatchObject({ decision, approvals })
    },
  )

  it('keeps the invariants when no configuration is given', () => {
    expect(
      engine.decide(request(analysisOf(effectOf('mutating')), { frozen: true })).decision,
    ).toBe('deny')
  })
})
