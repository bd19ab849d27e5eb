import { describe, expect, it } from 'vitest'

import { compareRisk, isRisk, maxRisk } from './risk.js'

describe('risk', () => {
  it('orders levels from safe to catastrophic', () => {
    expect(compareRisk('safe', 'mutating')).toBeLessThan(0)
    expect(compareRisk('catastrophic', 'destructive')).toBeGreaterThan(0)
  })

  it('takes the most harmful level', () => {
    expect(maxRisk(['mutating', 'catastrophic', 'safe'])).toBe('catastrophic')
    expect(maxRisk([])).toBe('safe')
  })

  it('recognises risk names only', () => {
    expect(isRisk('destructive')).toBe(true)
    expect(isRisk('opaque')).toBe(false)
  })
})
