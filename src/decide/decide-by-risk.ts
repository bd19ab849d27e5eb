/**
 * @module decide
 * Stage 3: an analysis (and later the impact report and the principal) in, a Decision out.
 * Imports model/ only. Until Cedar policies land, the built-in risk floor decides.
 */
import type { Analysis } from '../model/analysis.js'
import type { Decision } from '../model/decision.js'

/** Approvals the built-in floor requires per risk level, before any policy is configured. */
export const RISK_APPROVALS = { safe: 0, mutating: 0, destructive: 1, catastrophic: 2 } as const

/**
 * The decision the risk alone implies: safe and mutating actions run, destructive and opaque
 * ones wait for one approval, catastrophic ones for two distinct humans.
 */
export function decideByRisk(analysis: Analysis): Decision {
  const approvals = Math.max(
    RISK_APPROVALS[analysis.risk],
    analysis.opaque ? RISK_APPROVALS.destructive : 0,
  )
  const harmful = analysis.effects.filter(
    (effect) => effect.opaque || effect.risk === analysis.risk,
  )
  const reasons = [
    ...new Set((harmful.length > 0 ? harmful : analysis.effects).map((effect) => effect.reason)),
  ]
  if (
    analysis.opaque &&
    !reasons.some((reason) => analysis.issues.some((issue) => issue.message === reason))
  ) {
    reasons.push(...analysis.issues.map((issue) => issue.message))
  }
  if (approvals === 0) {
    return {
      decision: 'allow',
      approvals: 0,
      reasons: reasons.length > 0 ? reasons : ['nothing to do'],
      policies: ['builtin:risk-floor'],
    }
  }
  return { decision: 'approve', approvals, reasons, policies: ['builtin:risk-floor'] }
}
