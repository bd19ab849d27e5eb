import { createEffect, type Effect, type EffectScope } from '../../model/effect.js'
import type { ChangeContext } from './change-effect.js'
import type { ResourceClass } from './resource-class.js'
import { moduleInstancesOf } from './terraform-address.js'
import { existedBefore, isDestroying } from './terraform-change-kind.js'
import type { PlanDocument, ResourceChange } from './terraform-plan-schema.js'
import { quote, quoteList } from './terraform-wording.js'

// "More than a handful": below this many deleted resources a plan is a targeted change.
const HANDFUL = 5
const MOST = 0.8

// Classes whose loss makes a removed module a removed stack even when it is small.
const WEIGHTY = new Set<ResourceClass>([
  'environment',
  'kubernetes-cluster',
  'kubernetes-namespace',
  'database',
  'database-server',
  'network',
  'compute',
  'data',
])

const NETWORK_KEY = /(^|_)(vpc|network|vnet|vcn)(_id|_name)?$/

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function catastrophe(target: string, scope: EffectScope, reason: string): Effect {
  return createEffect({
    system: 'iac',
    verb: 'delete',
    target,
    scope,
    risk: 'catastrophic',
    reversible: false,
    dataLoss: true,
    reason,
    source: target,
  })
}

function judgeTeardown(
  managed: readonly ResourceChange[],
  document: PlanDocument,
  context: ChangeContext,
): Effect[] {
  const isReal = (type: string): boolean => context.kindOf(type).class !== 'state-only'
  const real = managed.filter((change) => isReal(change.type))
  const deleted = real.filter((change) => change.kind === 'delete')
  if (deleted.length < HANDFUL) return []
  const existing = real.filter((change) => existedBefore(change.kind)).length
  const prior = document.priorState?.filter((resource) => isReal(resource.type)).length ?? 0
  const total = Math.max(existing, prior)
  if (deleted.length < MOST * total) return []
  const names = deleted.map((change) => change.address)
  return [
    catastrophe(
      '*',
      'environment',
      `deletes ${deleted.length} of the ${total} resources the plan manages${context.where}, including ${quoteList(names)}: it tears down the whole environment`,
    ),
  ]
}

interface ModuleTally {
  total: number
  removed: number
  weighty: boolean
  readonly real: string[]
}

function judgeModuleRemovals(
  managed: readonly ResourceChange[],
  document: PlanDocument,
  context: ChangeContext,
): Effect[] {
  const tallies = new Map<string, ModuleTally>()
  for (const change of managed) {
    const removed = change.kind === 'delete' && change.actionReason === 'delete_because_no_module'
    const kind = context.kindOf(change.type)
    for (const prefix of moduleInstancesOf(change.address)) {
      let tally = tallies.get(prefix)
      if (tally === undefined) {
        tally = { total: 0, removed: 0, weighty: false, real: [] }
        tallies.set(prefix, tally)
      }
      tally.total++
      if (removed) tally.removed++
      if (kind.class !== 'state-only') tally.real.push(change.address)
      if (WEIGHTY.has(kind.class)) tally.weighty = true
    }
  }
  const priorCounts = new Map<string, number>()
  for (const resource of document.priorState ?? []) {
    for (const prefix of moduleInstancesOf(resource.address)) {
      priorCounts.set(prefix, (priorCounts.get(prefix) ?? 0) + 1)
    }
  }
  const isRemoved = (prefix: string): boolean => {
    const tally = tallies.get(prefix)
    return (
      tally !== undefined &&
      tally.removed === tally.total &&
      (priorCounts.get(prefix) ?? 0) <= tally.total
    )
  }
  const effects: Effect[] = []
  for (const [prefix, tally] of tallies) {
    if (!isRemoved(prefix)) continue
    // Only the outermost removed module is reported; its nested modules go with it.
    if (moduleInstancesOf(prefix).some((outer) => outer !== prefix && isRemoved(outer))) continue
    const size = tally.real.length
    if (size < HANDFUL && !(tally.weighty && size >= 2)) continue
    effects.push(
      catastrophe(
        prefix,
        'stack',
        `removes module ${quote(prefix)} (delete_because_no_module) and deletes all ${size} resources in it${context.where}, including ${quoteList(tally.real)}: the whole stack goes`,
      ),
    )
  }
  return effects
}

function addReference(index: Map<string, Set<string>>, key: string, address: string): void {
  let addresses = index.get(key)
  if (addresses === undefined) {
    addresses = new Set()
    index.set(key, addresses)
  }
  addresses.add(address)
}

// Which destroyed resources name which identifiers at their top level: `vpc_id = "vpc-0a1"`.
function indexReferences(destroyed: readonly ResourceChange[]): Map<string, Set<string>> {
  const index = new Map<string, Set<string>>()
  for (const change of destroyed) {
    if (!isRecord(change.before)) continue
    for (const [key, value] of Object.entries(change.before)) {
      const values: unknown[] = Array.isArray(value) ? value : [value]
      for (const item of values) {
        if (typeof item !== 'string' || item.length < 3) continue
        addReference(index, `id:${item}`, change.address)
        if (NETWORK_KEY.test(key)) addReference(index, `name:${item}`, change.address)
      }
    }
  }
  return index
}

function judgeNetworkDeletions(
  managed: readonly ResourceChange[],
  context: ChangeContext,
): Effect[] {
  const networks = managed.filter(
    (change) => change.kind === 'delete' && context.kindOf(change.type).class === 'network',
  )
  if (networks.length === 0) return []
  const index = indexReferences(managed.filter((change) => isDestroying(change.kind)))
  const effects: Effect[] = []
  for (const network of networks) {
    if (!isRecord(network.before)) continue
    const before = network.before
    const keys = [before.id, before.arn, before.self_link]
      .filter((value): value is string => typeof value === 'string' && value !== '')
      .map((value) => `id:${value}`)
    if (typeof before.name === 'string' && before.name !== '') keys.push(`name:${before.name}`)
    const inside = new Set<string>()
    for (const key of keys) {
      for (const address of index.get(key) ?? []) {
        if (address !== network.address) inside.add(address)
      }
    }
    if (inside.size === 0) continue
    effects.push(
      catastrophe(
        network.address,
        'environment',
        `deletes network ${quote(network.address)} together with ${inside.size === 1 ? 'a resource' : `${inside.size} resources`} inside it${context.where}, including ${quoteList([...inside])}: everything in the network goes`,
      ),
    )
  }
  return effects
}

/**
 * Judges the plan as a whole, for what no single change shows: most managed resources deleted
 * (a `terraform destroy`), a whole module removed with what it holds, or a network deleted
 * together with the resources inside it. Each gives one catastrophic effect. Linear in the
 * number of changes.
 */
export function judgePlanScale(document: PlanDocument, context: ChangeContext): Effect[] {
  const managed = document.changes.filter(
    (change) => change.mode === 'managed' && change.deposed === undefined,
  )
  return [
    ...judgeTeardown(managed, document, context),
    ...judgeModuleRemovals(managed, document, context),
    ...judgeNetworkDeletions(managed, context),
  ]
}
