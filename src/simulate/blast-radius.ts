import type { Effect } from '../model/effect.js'
import type { ResourceFate } from '../model/impact-report.js'
import type { InventoryGraph } from './inventory-graph.js'
import { resolveEffectTarget } from './resolve-effect-target.js'

/** How a resource was reached: as a target, by containment or by needing something. */
export type ReachKind = 'target' | 'contained' | 'depends'

/** What happens to one resource, how the action reaches it and from which resource. */
export interface Outcome {
  readonly fate: ResourceFate
  readonly reach: ReachKind
  /** The number of what contains it (`contained`) or what it needs (`depends`); else -1. */
  readonly from: number
}

/** Everything a set of effects reaches in the twin, before it is summarised into a report. */
export interface BlastRadius {
  /** Resource number → outcome, in the order reached: targets, what they contain, dependents. */
  readonly outcomes: ReadonlyMap<number, Outcome>
  readonly unknownTargets: readonly string[]
  /** Resources left in place whose data an effect overwrites or deletes (`DELETE FROM`). */
  readonly dataOverwritten: ReadonlySet<number>
}

const SEVERITY: Readonly<Record<ResourceFate, number>> = {
  modified: 1,
  broken: 2,
  replaced: 3,
  destroyed: 4,
}

/**
 * The fate an effect deals its target, or none when it leaves existing resources as they are.
 * A plan's `overwrite` of an address is a replacement (delete and create); elsewhere, and for
 * a whole configuration (`terraform state push`), `overwrite` rewrites content in place.
 */
export function fateOf(effect: Effect): ResourceFate | undefined {
  switch (effect.verb) {
    case 'read':
    case 'create':
      return undefined
    case 'delete':
      return 'destroyed'
    case 'overwrite':
      return effect.system === 'iac' && !effect.target.startsWith('terraform:')
        ? 'replaced'
        : 'modified'
    case 'write':
    case 'move':
    case 'permission':
    case 'restart':
    case 'stop':
    case 'scale':
    case 'deploy':
    case 'rewrite-history':
    case 'execute':
    case 'unknown':
      return 'modified'
  }
}

/** Whether a fate takes the resource away (destroyed or replaced). */
export function isGone(fate: ResourceFate | undefined): boolean {
  return fate === 'destroyed' || fate === 'replaced'
}

/**
 * Follows effects through the twin: each target gets its fate, whatever a destroyed or
 * replaced resource contains shares it, and everything that needs them, transitively, is
 * broken. A target the twin does not know is listed, never assumed harmless.
 */
export function computeBlastRadius(
  effects: readonly Effect[],
  graph: InventoryGraph,
  environment?: string,
): BlastRadius {
  // INVARIANT: nothing here is sized by the inventory, so a one-resource action stays cheap.
  const outcomes = new Map<number, Outcome>()
  const unknown = new Set<string>()
  const dataOverwritten = new Set<number>()
  const gone: number[] = []
  const mark = (index: number, fate: ResourceFate, how: ReachKind, from: number): boolean => {
    const current = outcomes.get(index)?.fate
    if (current !== undefined && SEVERITY[current] >= SEVERITY[fate]) return false
    outcomes.set(index, { fate, reach: how, from })
    if (isGone(fate)) gone.push(index)
    return true
  }
  const contain = (start: number): void => {
    for (let next = start; next < gone.length; next++) {
      const index = gone[next] as number
      const fate = outcomes.get(index)?.fate ?? 'destroyed'
      for (const child of graph.children[index] ?? []) mark(child, fate, 'contained', index)
    }
  }
  for (const effect of effects) {
    const fate = fateOf(effect)
    if (fate === undefined) continue
    const resolution = resolveEffectTarget(graph, effect, environment)
    if (resolution.kind === 'unknown') unknown.add(effect.target)
    if (resolution.kind !== 'resources') continue
    if (!isGone(fate)) {
      for (const index of resolution.indexes) {
        mark(index, fate, 'target', -1)
        if (effect.dataLoss) dataOverwritten.add(index)
      }
      continue
    }
    // A stack or environment resolves to its members too: the outermost are the targets and
    // the rest are reached through containment, so that reports nest.
    const resolved = new Set(resolution.indexes)
    const start = gone.length
    for (const index of resolution.indexes) {
      const parent = graph.parents[index] ?? -1
      if (parent < 0 || !resolved.has(parent)) mark(index, fate, 'target', -1)
    }
    contain(start)
    for (const index of resolution.indexes) mark(index, fate, 'target', -1)
  }
  // Reverse dependencies, transitively: whatever needs something gone or broken breaks.
  // The array grows while it is walked: for-of visits what is appended.
  const broken = [...gone]
  for (const index of broken) {
    for (const dependent of graph.dependents[index] ?? []) {
      if (mark(dependent, 'broken', 'depends', index)) broken.push(dependent)
    }
  }
  return { outcomes, unknownTargets: [...unknown], dataOverwritten }
}
