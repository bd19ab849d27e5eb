import type { Effect } from '../model/effect.js'
import type { ImpactReport } from '../model/impact-report.js'
import { computeBlastRadius, fateOf } from './blast-radius.js'
import type { InventoryGraph } from './inventory-graph.js'
import { resolveEffectTarget } from './resolve-effect-target.js'
import { type SimulateOptions, summariseBlastRadius } from './simulate-impact.js'

function isRemoval(effect: Effect): boolean {
  const fate = fateOf(effect)
  return fate === 'destroyed' || fate === 'replaced'
}

function isRebuild(effect: Effect): boolean {
  return effect.verb === 'create' || effect.verb === 'deploy'
}

/**
 * Simulates a session's actions in order, as one change. A delete followed by a create or
 * deploy of the same stack or environment is not a no-op: it is the environment's destruction,
 * and the rebuild in between is downtime.
 */
export function simulateSession(
  steps: readonly (readonly Effect[])[],
  graph: InventoryGraph,
  options: SimulateOptions = {},
): ImpactReport {
  const effects = steps.flat()
  const radius = computeBlastRadius(effects, graph, options.environment)
  const removed = new Set<number>()
  const recreated = new Set<number>()
  for (const effect of effects) {
    const removal = isRemoval(effect)
    if (!removal && !isRebuild(effect)) continue
    const resolution = resolveEffectTarget(graph, effect, options.environment)
    if (resolution.kind !== 'resources') continue
    for (const index of resolution.indexes) {
      if (removal) removed.add(index)
      else if (removed.has(index)) recreated.add(index)
    }
  }
  const report = summariseBlastRadius(graph, radius)
  if (recreated.size === 0) return report
  const resources = [...recreated].flatMap((index) => graph.resources[index] ?? [])
  // Recreating one resource is a repair; recreating a whole environment (its root) is its
  // destruction, with the rebuild as downtime.
  const roots = [...recreated].filter(
    (index) => (graph.parents[index] ?? -1) < 0 && (graph.children[index]?.length ?? 0) > 0,
  )
  const environment =
    report.environmentDestroyed ??
    roots.map((index) => graph.resources[index]?.environment).find((name) => name !== undefined)
  return {
    ...report,
    recreated: resources.map((resource) => resource.id),
    ...(environment === undefined ? {} : { environmentDestroyed: environment }),
  }
}
