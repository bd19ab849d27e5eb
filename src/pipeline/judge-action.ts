/**
 * @module pipeline
 * Runs the stages in order against their ports: parse → (simulate) → decide. It is the only
 * code that knows the order. Imports model/ and the stages' entry points; no storage, no surfaces.
 */
import { decideByRisk } from '../decide/decide-by-risk.js'
import type { Action } from '../model/action.js'
import type { Analysis } from '../model/analysis.js'
import type { Decision } from '../model/decision.js'
import { type AnalysisOptions, analyzeAction } from '../parse/analyze-action.js'
import { loadParsers } from '../parse/load-parsers.js'

/** An action with what airlock made of it and what it decided. */
export interface Judgement {
  readonly analysis: Analysis
  readonly decision: Decision
}

/** Configuration that judging takes into account. */
export type JudgingOptions = AnalysisOptions

/** Loads what judging needs (the WASM parsers); call once before `judgeAction`. */
export function prepareJudging(): Promise<void> {
  return loadParsers()
}

/**
 * Analyses and decides one action offline, without state. Any failure while deciding holds the
 * action for approval; it never allows it.
 */
export function judgeAction(action: Action, options: JudgingOptions = {}): Judgement {
  const analysis = analyzeAction(action, options)
  try {
    return { analysis, decision: decideByRisk(analysis) }
  } catch (error) {
    const reason = `decision failed: ${error instanceof Error ? error.message : String(error)}`
    return {
      analysis,
      decision: {
        decision: 'approve',
        approvals: 2,
        reasons: [reason],
        policies: ['builtin:fail-closed'],
      },
    }
  }
}
