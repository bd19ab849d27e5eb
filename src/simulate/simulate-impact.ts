import type { Effect } from '../model/effect.js'
import type { BudgetBurn, ImpactedResource, ImpactReport } from '../model/impact-report.js'
import { type BlastRadius, computeBlastRadius, isGone, type Outcome } from './blast-radius.js'
import type { InventoryGraph } from './inventory-graph.js'

/** Where the simulated action lands, when the effects do not say. */
export interface SimulateOptions {
  /** The environment the action runs in: narrows names and Terraform directories to it. */
  readonly environment?: string
}

/** Minutes to rebuild a resource whose inventory says nothing; containers take 0 of their own. */
export const DEFAULT_REBUILD_MINUTES = 15

const MINUTES_PER_DAY = 24 * 60

function round(value: number, digits: number): number {
  const factor = 10 ** digits
  return Math.round(value * factor) / factor
}

function rebuildMinutes(graph: InventoryGraph, index: number): number {
  const own = graph.resources[index]?.facts.rebuildMinutes
  if (own !== undefined) return own
  return (graph.children[index]?.length ?? 0) > 0 ? 0 : DEFAULT_REBUILD_MINUTES
}

/**
 * When each affected resource is back, rebuilding what is gone in dependency order: a resource
 * starts once what it needs and what contains it are back (longest path of rebuild minutes).
 * A broken resource rebuilds nothing itself; it is back when what it needs is.
 */
function computeBackAt(graph: InventoryGraph, radius: BlastRadius): Map<number, number> {
  const { outcomes } = radius
  const isDown = (index: number): boolean => {
    const fate = outcomes.get(index)?.fate
    return fate !== undefined && fate !== 'modified'
  }
  const waiting = new Map<number, number>()
  const startAt = new Map<number, number>()
  const backAt = new Map<number, number>()
  const ready: number[] = []
  for (const [index, outcome] of outcomes) {
    if (outcome.fate === 'modified') continue
    let count = 0
    for (const need of graph.dependencies[index] ?? []) if (isDown(need)) count++
    const parent = graph.parents[index] ?? -1
    if (parent >= 0 && isDown(parent)) count++
    waiting.set(index, count)
    if (count === 0) ready.push(index)
  }
  const unlock = (next: number, back: number): void => {
    const left = waiting.get(next)
    if (left === undefined || backAt.has(next)) return
    startAt.set(next, Math.max(startAt.get(next) ?? 0, back))
    waiting.set(next, left - 1)
    if (left === 1) ready.push(next)
  }
  const finish = (index: number): void => {
    const own = outcomes.get(index)?.fate === 'broken' ? 0 : rebuildMinutes(graph, index)
    const back = (startAt.get(index) ?? 0) + own
    backAt.set(index, back)
    for (const next of graph.dependents[index] ?? []) unlock(next, back)
    for (const next of graph.children[index] ?? []) unlock(next, back)
  }
  // `ready` grows while it is walked: for-of visits what is appended.
  for (const index of ready) finish(index)
  // A dependency cycle never becomes ready: rebuild its members with what is known so far.
  for (const index of waiting.keys()) if (!backAt.has(index)) finish(index)
  return backAt
}

function findDestroyedEnvironment(graph: InventoryGraph, radius: BlastRadius): string | undefined {
  const { outcomes } = radius
  const gone = (index: number): boolean => isGone(outcomes.get(index)?.fate)
  const candidates = new Set<string>()
  for (const [index, outcome] of outcomes) {
    const environment = graph.resources[index]?.environment
    if (environment !== undefined && isGone(outcome.fate)) candidates.add(environment)
  }
  for (const environment of candidates) {
    const root = graph.indexOf.get(`env:${environment}`)
    if (root !== undefined && gone(root)) return environment
    let leaves = 0
    let covered = true
    for (const index of graph.environments.get(environment) ?? []) {
      if ((graph.children[index]?.length ?? 0) > 0) continue
      leaves++
      if (!gone(index)) {
        covered = false
        break
      }
    }
    if (covered && leaves > 0) return environment
  }
  return undefined
}

function describeReach(graph: InventoryGraph, outcome: Outcome): string {
  const from = graph.resources[outcome.from]?.id ?? '?'
  switch (outcome.reach) {
    case 'contained':
      return `contained in ${from}`
    case 'depends':
      return `depends on ${from}`
    case 'target':
      return 'target'
  }
}

/**
 * Turns a blast radius into a report: data lost, services broken, customer-facing resources,
 * the restore estimate and the error budget each affected objective would burn.
 */
export function summariseBlastRadius(graph: InventoryGraph, radius: BlastRadius): ImpactReport {
  const resources: ImpactedResource[] = []
  const dataLost: string[] = []
  const services = new Set<string>()
  const customerFacing: string[] = []
  const backAt = computeBackAt(graph, radius)
  let estimatedRestoreMinutes = 0
  const downtime = new Map<string, number>()
  for (const [index, outcome] of radius.outcomes) {
    const resource = graph.resources[index]
    const { fate } = outcome
    if (resource === undefined) continue
    const { facts } = resource
    resources.push({
      id: resource.id,
      name: resource.name,
      type: resource.type,
      fate,
      via: describeReach(graph, outcome),
      stateful: facts.stateful,
      customerFacing: facts.customerFacing,
      ...(facts.service === undefined ? {} : { service: facts.service }),
    })
    if (
      facts.stateful &&
      !facts.recentBackup &&
      (isGone(fate) || radius.dataOverwritten.has(index))
    ) {
      dataLost.push(resource.id)
    }
    if (fate === 'modified') continue
    if (facts.customerFacing) customerFacing.push(resource.id)
    const back = backAt.get(index) ?? 0
    estimatedRestoreMinutes = Math.max(estimatedRestoreMinutes, back)
    if (facts.service !== undefined) {
      services.add(facts.service)
      downtime.set(facts.service, Math.max(downtime.get(facts.service) ?? 0, back))
    }
  }
  const budgetBurn: BudgetBurn[] = []
  for (const service of services) {
    const objective = graph.objectives.get(service)
    const downtimeMinutes = downtime.get(service) ?? 0
    if (objective === undefined || downtimeMinutes <= 0) continue
    const budgetMinutes = (1 - objective.objective) * objective.windowDays * MINUTES_PER_DAY
    budgetBurn.push({
      service,
      objective: objective.objective,
      windowDays: objective.windowDays,
      budgetMinutes: round(budgetMinutes, 3),
      downtimeMinutes,
      // INVARIANT: an objective of 100 % has no budget: any downtime burns all of it, without
      // end; MAX_SAFE_INTEGER says so and, unlike Infinity, survives JSON.
      burn: budgetMinutes > 0 ? round(downtimeMinutes / budgetMinutes, 3) : Number.MAX_SAFE_INTEGER,
    })
  }
  const environmentDestroyed = findDestroyedEnvironment(graph, radius)
  return {
    resources,
    unknownTargets: radius.unknownTargets,
    dataLost,
    servicesBroken: [...services],
    customerFacing,
    estimatedRestoreMinutes,
    budgetBurn,
    ...(dataLost.length > 0 ? { unrecoverable: true as const } : {}),
    ...(environmentDestroyed === undefined ? {} : { environmentDestroyed }),
  }
}

/**
 * Simulates effects against the inventory twin: what is destroyed, replaced, modified or
 * broken, what data is lost, how long a rebuild takes and what error budget it burns. Reads
 * and creates change nothing that exists; targets the twin does not know are listed.
 */
export function simulateImpact(
  effects: readonly Effect[],
  graph: InventoryGraph,
  options: SimulateOptions = {},
): ImpactReport {
  return summariseBlastRadius(graph, computeBlastRadius(effects, graph, options.environment))
}
