import type { Action } from '../model/action.js'
import type { Effect } from '../model/effect.js'
import type { ImpactReport } from '../model/impact-report.js'
import type { Inventory } from '../model/inventory.js'
import { escalateForImpact } from '../simulate/escalate-for-impact.js'
import { buildInventoryGraph, type InventoryGraph } from '../simulate/inventory-graph.js'
import { simulateImpact } from '../simulate/simulate-impact.js'
import { simulateSession } from '../simulate/simulate-session.js'
import { loadInventorySnapshot } from './inventory-snapshot-schema.js'
import { assessAction, type Assessment, type JudgingOptions } from './judge-action.js'

export type { InventoryGraph } from '../simulate/inventory-graph.js'

/** An assessment with what it would cost: its analysis escalated by the impact it has. */
export interface SimulatedAssessment extends Assessment {
  readonly impact: ImpactReport
}

/** Indexes an inventory for simulation. */
export function toInventoryGraph(inventory: Inventory): InventoryGraph {
  return buildInventoryGraph(inventory)
}

/** Reads an inventory snapshot (`.airlock/inventory.json`) into a graph ready for simulation. */
export function loadInventoryGraph(text: string, file?: string): InventoryGraph {
  return toInventoryGraph(loadInventorySnapshot(text, file))
}

/**
 * Simulates an assessed action against the twin. An action whose blast radius is an
 * environment is judged catastrophic, whatever its command looked like.
 */
export function simulateAssessment(
  assessment: Assessment,
  graph: InventoryGraph,
): SimulatedAssessment {
  const environment = assessment.environment?.name
  const impact = simulateImpact(
    assessment.analysis.effects,
    graph,
    environment === undefined ? {} : { environment },
  )
  return { ...assessment, analysis: escalateForImpact(assessment.analysis, impact), impact }
}

/**
 * Simulates a new step of a session after the effects of its earlier steps: when together they
 * take an environment away (deleted, then created again), the step is judged as that
 * destruction and carries the session's impact; otherwise it keeps its own.
 */
export function simulateSessionStep(
  earlier: readonly (readonly Effect[])[],
  assessment: SimulatedAssessment,
  graph: InventoryGraph,
): SimulatedAssessment {
  const environment = assessment.environment?.name
  const options = environment === undefined ? {} : { environment }
  const impact = simulateSession([...earlier, assessment.analysis.effects], graph, options)
  if (impact.environmentDestroyed === undefined) return assessment
  // The step is judged by the session only when it takes part in the destruction: it completes
  // a delete-then-recreate, or rebuilds more of what the session removed. A change made after an
  // environment's deletion was proposed (and held) is judged on its own.
  const before = simulateSession(earlier, graph, options)
  const joins =
    before.environmentDestroyed === undefined ||
    (impact.recreated?.length ?? 0) > (before.recreated?.length ?? 0)
  if (!joins) return assessment
  return { ...assessment, analysis: escalateForImpact(assessment.analysis, impact), impact }
}

/**
 * Simulates the actions of one agent session in order: deleting an environment and creating it
 * again is judged as its destruction, with the rebuild as downtime. Returns each action's
 * assessment (the last one escalated by the session's impact) and the session's impact.
 */
export function simulateActions(
  actions: readonly Action[],
  graph: InventoryGraph,
  options: Pick<JudgingOptions, 'judge' | 'agent' | 'mcpToolRisks'> = {},
): { assessments: Assessment[]; impact: ImpactReport } {
  const assessments = actions.map((action) => assessAction(action, options))
  const environment = assessments.find((item) => item.environment !== undefined)?.environment?.name
  const impact = simulateSession(
    assessments.map((item) => item.analysis.effects),
    graph,
    environment === undefined ? {} : { environment },
  )
  const last = assessments.at(-1)
  if (last !== undefined) {
    assessments[assessments.length - 1] = {
      ...last,
      analysis: escalateForImpact(last.analysis, impact),
    }
  }
  return { assessments, impact }
}

/** The impact report as a readable tree, for terminals and approval requests. */
export { renderImpactTree } from '../simulate/render-impact-tree.js'
