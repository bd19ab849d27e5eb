import type { Action } from './action.js'
import type { Effect } from './effect.js'
import type { ParseIssue } from './parse-issue.js'
import { maxRisk, type Risk } from './risk.js'

/** What parsing made of an action: its effects, its overall risk and what stayed unclear. */
export interface Analysis {
  readonly action: Action
  readonly digest: string
  readonly effects: readonly Effect[]
  readonly risk: Risk
  /** True when any part could not be understood; such an action is treated as dangerous. */
  readonly opaque: boolean
  readonly issues: readonly ParseIssue[]
}

/**
 * Combines effects into an analysis. The most harmful effect decides the risk; any opaque
 * effect or issue makes the whole action opaque, and an opaque action is at least destructive.
 */
export function summariseAnalysis(
  action: Action,
  digest: string,
  effects: readonly Effect[],
  issues: readonly ParseIssue[],
): Analysis {
  const opaque = issues.length > 0 || effects.some((effect) => effect.opaque)
  const risks = effects.map((effect) => effect.risk)
  // INVARIANT: an action nobody understood is never below destructive.
  if (opaque) risks.push('destructive')
  return { action, digest, effects, risk: maxRisk(risks), opaque, issues }
}
