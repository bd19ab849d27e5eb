import { describe, expect, it } from 'vitest'

import type { Action } from '../model/action.js'
import { digestAction } from '../model/action-digest.js'
import { summariseAnalysis } from '../model/analysis.js'
import type { Decision } from '../model/decision.js'
import type { DecisionRequest } from '../model/decision-request.js'
import { createEffect } from '../model/effect.js'
import type { Risk } from '../model/risk.js'
import { decide } from './decide.js'
import type { PolicyEngine } from './policy-engine.js'

const ACTION: Action = { kind: 'shell', command: 'true', cwd: '/srv/app' }

function request(risk: Risk, overrides: Partial<DecisionRequest> = {}): DecisionRequest {
  const effect = createEffect({ system: 'fs', verb: 'write', target: 'a', risk, reason: 'writes' })
  return {
    analysis: summariseAnalysis(ACTION, digestAction(ACTION), [effect], []),
    approvals: { count: 0, distinctHumans: 0, nonOperator: 0 },
    frozen: false,
    velocityExceeded: false,
    channel: 'cli',
    ...overrides,
  }
}

const BROKEN: PolicyEngine = {
  decide: () => {
    throw new Error('wasm trapped')
  },
}

describe('decide', () => {
  it('returns what the engine decides when the engine works', () => {
    const decision: Decision = {
      decision: 'allow',
      approvals: 0,
      reasons: ['fine'],
      policies: ['p'],
    }
    expect(decide(request('safe'), { decide: () => decision })).toBe(decision)
  })

  it.each<Risk>(['safe', 'destructive'])(
    'holds a %s action for two approvals when the engine throws',
    (risk) => {
      expect(decide(request(risk), BROKEN)).toEqual({
        decision: 'approve',
        approvals: 2,
        reasons: ['the decision failed, so the action waits for 2 approvals'],
        policies: ['airlock::fail-closed'],
        errors: ['decision failed: wasm trapped'],
      })
    },
  )

  it.each([
    ['a freeze covers a mutating action', request('mutating', { frozen: true })],
    ['the agent is over its velocity budget', request('safe', { velocityExceeded: true })],
  ])('denies when the engine throws and %s', (_, given) => {
    expect(decide(given, BROKEN)).toMatchObject({
      decision: 'deny',
      errors: ['decision failed: wasm trapped'],
    })
  })
})
