import { type Analysis, summariseAnalysis } from '../model/analysis.js'
import { createEffect, type Effect } from '../model/effect.js'
import type { ImpactReport } from '../model/impact-report.js'

const DESTROYING_VERBS = new Set<Effect['verb']>(['delete', 'overwrite', 'unknown', 'execute'])

/**
 * Judges an action by what it would take away, whatever its command looked like: when the
 * simulation says an environment goes, every destroying effect becomes a catastrophic,
 * environment-wide one, so the invariants ask for two humans.
 */
export function escalateForImpact(analysis: Analysis, impact: ImpactReport): Analysis {
  const environment = impact.environmentDestroyed
  if (environment === undefined) return analysis
  const gone = impact.resources.filter(
    (resource) => resource.fate === 'destroyed' || resource.fate === 'replaced',
  ).length
  const why = `the simulation says it destroys environment \`${environment}\` (${String(gone)} resources)`
  const isDestroying = (effect: Effect): boolean =>
    DESTROYING_VERBS.has(effect.verb) && effect.risk !== 'safe'
  const effects = analysis.effects.map((effect) => {
    if (!isDestroying(effect)) return effect
    return createEffect({
      ...effect,
      scope: 'environment',
      risk: 'catastrophic',
      reason: `${effect.reason}; ${why}`,
    })
  })
  // A session whose last step only recreates still destroyed the environment with its first.
  if (!analysis.effects.some(isDestroying)) {
    const system = analysis.effects[0]?.system ?? 'cloud'
    effects.push(
      createEffect({
        system,
        verb: 'delete',
        scope: 'environment',
        target: `environment:${environment}`,
        risk: 'catastrophic',
        dataLoss: impact.dataLost.length > 0,
        reason: why,
      }),
    )
  }
  return summariseAnalysis(analysis.action, analysis.digest, effects, analysis.issues)
}
