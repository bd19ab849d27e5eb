/**
 * @module simulate
 * Stage 2: effects + the inventory twin → ImpactReport. Pure: indexes the inventory, resolves
 * each effect's target to resources and follows containment and dependencies. Imports model/
 * only; importing the inventory (Terraform state, CloudFormation, YAML) is a source's job.
 */
import type { Inventory, InventoryResource, ServiceObjective } from '../model/inventory.js'

/** The identifier an action may name a resource by. */
export type LookupKind =
  | 'arn'
  | 'terraform'
  | 'physical'
  | 'stack'
  | 'logical'
  | 'kubernetes'
  | 'namespace'
  | 'database'
  | 'name'
  | 'environment'

/**
 * The inventory indexed for simulation. Resources are numbered by their position; containment
 * and dependencies are lists of those numbers, so that a traversal is array reads. Look
 * resources up with `findResources`.
 */
export interface InventoryGraph {
  readonly inventory: Inventory
  /** Resource by number. */
  readonly resources: readonly InventoryResource[]
  /** Resource id → number. */
  readonly indexOf: ReadonlyMap<string, number>
  /** Number → number of its parent, or -1. */
  readonly parents: Int32Array
  /** Number → numbers it contains directly. */
  readonly children: readonly (readonly number[])[]
  /** Number → numbers that need it (reverse dependencies). */
  readonly dependents: readonly (readonly number[])[]
  /** Number → numbers it needs. */
  readonly dependencies: readonly (readonly number[])[]
  /** Environment name → numbers of its resources, its `env:NAME` root first. */
  readonly environments: ReadonlyMap<string, readonly number[]>
  readonly objectives: ReadonlyMap<string, ServiceObjective>
}

// Terraform addresses are kept four ways: as given, without instance keys (`~`), without
// module prefixes (`*`) and without both (`~*`).
type TableKind =
  Exclude<LookupKind, 'terraform' | 'environment'> | `terraform${'' | '~' | '*' | '~*'}`

// A value → the number of the one resource it names, or of several.
type Table = Map<string, number | number[]>

const NONE: readonly number[] = []

// `module.a["x"].aws_instance.web[0]` → `module.a.aws_instance.web`
function stripIndexes(address: string): string {
  return address.includes('[') ? address.replace(/\[[^\]]*\]/g, '') : address
}

// `module.a.module.b.aws_instance.web` → `aws_instance.web`
function stripModules(address: string): string {
  return address.startsWith('module.') ? address.replace(/^(module\.[^.]+\.)+/, '') : address
}

/** The Kubernetes lookup value of an object: `namespace/kind/name`, kind in lowercase. */
export function kubernetesKey(namespace: string | undefined, kind: string, name: string): string {
  return `${namespace ?? ''}/${kind.toLowerCase()}/${name}`
}

// INVARIANT: most values name one resource; a bare number spares an array per key.
function add(table: Table, key: string, index: number): void {
  const found = table.get(key)
  if (found === undefined) table.set(key, index)
  else if (typeof found === 'number') {
    if (found !== index) table.set(key, [found, index])
  } else if (found[found.length - 1] !== index) found.push(index)
}

function push(lists: (number[] | undefined)[], at: number, index: number): void {
  const list = lists[at]
  if (list === undefined) lists[at] = [index]
  else list.push(index)
}

function freeze(lists: (number[] | undefined)[], size: number): (readonly number[])[] {
  const out = new Array<readonly number[]>(size)
  for (let at = 0; at < size; at++) out[at] = lists[at] ?? NONE
  return out
}

/**
 * Indexes an inventory: containment and dependencies as arrays of resource numbers, and
 * lookup tables by identifier, each built on its first use. A resource listed twice keeps its
 * first entry; dependencies on unknown ids are dropped.
 */
export function buildInventoryGraph(inventory: Inventory): InventoryGraph {
  const resources: InventoryResource[] = []
  const indexOf = new Map<string, number>()
  for (const resource of inventory.resources) {
    if (indexOf.has(resource.id)) continue
    indexOf.set(resource.id, resources.length)
    resources.push(resource)
  }
  const size = resources.length
  const parents = new Int32Array(size).fill(-1)
  const children: (number[] | undefined)[] = []
  const environments = new Map<string, number[]>()
  resources.forEach((resource, index) => {
    const parent = resource.parent === undefined ? undefined : indexOf.get(resource.parent)
    if (parent !== undefined && parent !== index) {
      parents[index] = parent
      push(children, parent, index)
    }
    if (resource.environment === undefined) return
    const members = environments.get(resource.environment)
    if (members === undefined) environments.set(resource.environment, [index])
    else members.push(index)
  })
  const dependents: (number[] | undefined)[] = []
  const dependencies: (number[] | undefined)[] = []
  for (const { from, to } of inventory.dependencies) {
    const needer = indexOf.get(from)
    const needed = indexOf.get(to)
    if (needer === undefined || needed === undefined || needer === needed) continue
    push(dependents, needed, needer)
    push(dependencies, needer, needed)
  }
  for (const [name, members] of environments) {
    const root = indexOf.get(`env:${name}`)
    if (root === undefined) continue
    const at = members.indexOf(root)
    if (at > 0) members.splice(at, 1)
    if (at !== 0) members.unshift(root)
  }
  return {
    inventory,
    resources,
    indexOf,
    parents,
    children: freeze(children, size),
    dependents: freeze(dependents, size),
    dependencies: freeze(dependencies, size),
    environments,
    objectives: new Map(inventory.objectives.map((objective) => [objective.service, objective])),
  }
}

// Lookup tables are built on first use: indexing every identifier of 100,000 resources up
// front costs more than the few lookups a simulation makes. The graph itself stays immutable.
const TABLES = new WeakMap<InventoryGraph, Partial<Record<TableKind, Table>>>()

// The values a resource is found by, for one kind of identifier.
function keysOf(kind: TableKind, resource: InventoryResource): readonly string[] {
  const { identifiers } = resource
  const address = identifiers.terraformAddress
  const one = (value: string | undefined) => (value === undefined ? NONE_KEYS : [value])
  const object = identifiers.kubernetes
  switch (kind) {
    case 'arn':
      return one(identifiers.arn)
    case 'physical':
      return one(identifiers.physicalId)
    case 'stack':
      return one(identifiers.stack)
    case 'logical':
      return identifiers.stack === undefined || identifiers.logicalId === undefined
        ? NONE_KEYS
        : [`${identifiers.stack}/${identifiers.logicalId}`]
    case 'kubernetes':
      return object === undefined
        ? NONE_KEYS
        : [kubernetesKey(object.namespace, object.kind, object.name)]
    case 'namespace':
      if (object?.namespace !== undefined) return [object.namespace]
      return object?.kind.toLowerCase() === 'namespace' ? [object.name] : NONE_KEYS
    case 'database':
      return one(identifiers.database)
    case 'name':
      return [...identifiers.names, resource.name]
    case 'terraform':
      return one(address)
    case 'terraform~':
      return one(address === undefined ? undefined : stripIndexes(address))
    case 'terraform*':
      return one(address === undefined ? undefined : stripModules(address))
    case 'terraform~*':
      return one(address === undefined ? undefined : stripIndexes(stripModules(address)))
  }
}

const NONE_KEYS: readonly string[] = []

function tableOf(graph: InventoryGraph, kind: TableKind): Table {
  let tables = TABLES.get(graph)
  if (tables === undefined) {
    tables = {}
    TABLES.set(graph, tables)
  }
  let table = tables[kind]
  if (table !== undefined) return table
  table = new Map()
  const resources = graph.resources
  for (let index = 0; index < resources.length; index++) {
    for (const key of keysOf(kind, resources[index] as InventoryResource)) add(table, key, index)
  }
  tables[kind] = table
  return table
}

function listOf(found: number | readonly number[] | undefined): readonly number[] | undefined {
  return typeof found === 'number' ? [found] : found
}

// An address with an instance key finds that instance, or the resource recorded without keys;
// one without keys finds every instance.
function findTerraform(graph: InventoryGraph, local: boolean, address: string) {
  const exact = tableOf(graph, local ? 'terraform*' : 'terraform')
  const bare = stripIndexes(address)
  const all = bare === address ? tableOf(graph, local ? 'terraform~*' : 'terraform~') : exact
  return listOf(exact.get(address) ?? all.get(bare))
}

/**
 * The numbers of the resources a value names as one kind of identifier. A Terraform address
 * finds its instance (`web[1]`), a resource recorded without instance keys, or every instance
 * when it has none (`web` → `web[0]`, `web[1]`); failing those, the same without module
 * prefixes, so a plan's `module.app.aws_instance.web` finds an inventory's `aws_instance.web`
 * and the reverse.
 */
export function findResources(
  graph: InventoryGraph,
  kind: LookupKind,
  value: string,
): readonly number[] {
  if (kind === 'environment') return graph.environments.get(value) ?? NONE
  if (kind !== 'terraform') return listOf(tableOf(graph, kind).get(value)) ?? NONE
  return (
    findTerraform(graph, false, value) ?? findTerraform(graph, true, stripModules(value)) ?? NONE
  )
}
