import { describe, expect, it } from 'vitest'

import { EFFECT_SYSTEMS } from '../../model/effect.js'
import { validatePolicySources } from './cedar-policy-engine.js'

describe('GATEWAY_SCHEMA', () => {
  it.each(EFFECT_SYSTEMS)(
    'declares the action %s for agents and humans on environments and resources',
    (system) => {
      const text = `forbid (principal is Agent, action == Action::"${system}", resource is Resource)
when { resource.environment.production && context.approvals.nonOperator == 0 };
forbid (principal is Human, action == Action::"${system}", resource is Environment)
when { resource.production && principal.roles.contains("breakglass") };`
      expect(validatePolicySources([{ file: 'p.cedar', text, shadow: false }])).toEqual([])
    },
  )

  it('declares the optional impact record when a policy tests for it first', () => {
    const text = `forbid (principal, action, resource)
when { context has impact && context.impact.resourcesDestroyed > 10 };`
    expect(validatePolicySources([{ file: 'p.cedar', text, shadow: false }])).toEqual([])
  })

  it('covers every effect system once', () => {
    expect(new Set(EFFECT_SYSTEMS).size).toBe(13)
  })
})
