import { describe, expect, it } from 'vitest'

import type { Action } from '../model/action.js'
import { summariseAnalysis } from '../model/analysis.js'
import { createEffect } from '../model/effect.js'
import type { ImpactReport } from '../model/impact-report.js'
import { escalateForImpact } from './escalate-for-impact.js'

const ACTION: Action = { kind: 'shell', command: 'infra-tool reset prod', cwd: '/srv' }

const ANALYSIS = summariseAnalysis(
  ACTION,
  'd'.repeat(64),
  [
    createEffect({
      system: 'cloud',
      verb: 'delete',
      target: 'stack:cost-prod',
      risk: 'destructive',
      reason: 'deletes a stack',
    }),
    createEffect({ system: 'fs', verb: 'read', target: 'x', risk: 'safe', reason: 'reads' }),
  ],
  [],
)

function impact(environmentDestroyed?: string): ImpactReport {
  return {
    resources: [],
    unknownTargets: [],
    dataLost: [],
    servicesBroken: [],
    customerFacing: [],
    estimatedRestoreMinutes: 0,
    budgetBurn: [],
    ...(environmentDestroyed === undefined ? {} : { environmentDestroyed }),
  }
}

describe('escalateForImpact', () => {
  it('makes a destroying effect catastrophic and environment-wide when an environment goes', () => {
    const escalated = escalateForImpact(ANALYSIS, impact('prod'))
    expect(escalated.risk).toBe('catastrophic')
    expect(escalated.effects[0]).toMatchObject({ scope: 'environment', risk: 'catastrophic' })
    expect(escalated.effects[0]?.reason).toContain('destroys environment `prod`')
    expect(escalated.effects[1]?.risk).toBe('safe')
  })

  it('leaves the analysis as it is when no environment goes', () => {
    expect(escalateForImpact(ANALYSIS, impact())).toBe(ANALYSIS)
  })

  it('adds an environment-wide effect when no step of its own destroys', () => {
    const reads = summariseAnalysis(ACTION, 'd'.repeat(64), ANALYSIS.effects.slice(1), [])
    const escalated = escalateForImpact(reads, impact('prod'))
    expect(escalated.risk).toBe('catastrophic')
    expect(escalated.effects.at(-1)).toMatchObject({ target: 'environment:prod', verb: 'delete' })
  })
})
