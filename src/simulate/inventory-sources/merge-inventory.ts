import type {
  Inventory,
  InventoryDependency,
  InventoryResource,
  ResourceFacts,
  ResourceIdentifiers,
  ServiceObjective,
} from '../../model/inventory.js'
import type { InventoryAnnotation } from './inventory-annotation.js'
import type { InventoryIssue } from './inventory-issue.js'
import type { InventoryPart } from './inventory-part.js'
import { ResourceIndex } from './resource-index.js'
import type { ResourceSelector } from './resource-selector.js'

/** One imported source, with where it came from. */
export interface ImportedInventoryPart {
  readonly part: InventoryPart
  readonly file: string
  /** The configured environment; every resource of the source lands in it. */
  readonly environment?: string
}

/** The merged inventory and every issue of its sources and of the merge. */
export interface MergedInventory {
  readonly inventory: Inventory
  readonly issues: readonly InventoryIssue[]
}

interface Entry {
  resource: InventoryResource
  facts: { -readonly [K in keyof ResourceFacts]: ResourceFacts[K] }
  implied: boolean
}

function combineIdentifiers(
  kept: ResourceIdentifiers,
  other: ResourceIdentifiers,
): ResourceIdentifiers {
  return { ...other, ...kept, names: [...new Set([...kept.names, ...other.names])] }
}

function isSameEnvironment(a: InventoryResource, b: InventoryResource): boolean {
  return (
    a.environment === undefined || b.environment === undefined || a.environment === b.environment
  )
}

/** Gives ids that two environments share an `@ENVIRONMENT` suffix, so that every id is unique. */
function qualifier(
  parts: readonly ImportedInventoryPart[],
): (id: string, environment?: string) => string {
  const environments = new Map<string, string | undefined>()
  const shared = new Set<string>()
  for (const { part, environment } of parts) {
    for (const { id } of part.resources) {
      if (!environments.has(id)) environments.set(id, environment)
      else if (environments.get(id) !== environment) shared.add(id)
    }
  }
  return (id, environment) =>
    environment !== undefined && shared.has(id) ? `${id}@${environment}` : id
}

class InventoryMerger {
  readonly issues: InventoryIssue[] = []
  readonly #entries = new Map<string, Entry>()
  readonly #dependencies = new Map<string, InventoryDependency>()

  depend(from: string, to: string): void {
    if (from === to) return
    const key = `${from}\u0000${to}`
    if (!this.#dependencies.has(key)) this.#dependencies.set(key, { from, to })
  }

  has(id: string): boolean {
    return this.#entries.has(id)
  }

  entry(id: string): Entry | undefined {
    return this.#entries.get(id)
  }

  put(resource: InventoryResource, implied: boolean): void {
    const known = this.#entries.get(resource.id)
    if (known === undefined) {
      this.#entries.set(resource.id, { resource, facts: { ...resource.facts }, implied })
      return
    }
    if (known.implied && !implied) {
      this.#entries.set(resource.id, {
        resource: {
          ...resource,
          identifiers: combineIdentifiers(resource.identifiers, known.resource.identifiers),
        },
        facts: { ...resource.facts },
        implied: false,
      })
      return
    }
    if (!implied && known.resource.source !== resource.source) {
      this.issues.push({
        code: 'inventory_duplicate',
        message: `\`${resource.source}\`: \`${resource.id}\` is also in \`${known.resource.source}\`${resource.environment === undefined ? '' : ` for environment \`${resource.environment}\``}: kept as one resource`,
        file: resource.source,
      })
    }
    known.resource = {
      ...known.resource,
      identifiers: combineIdentifiers(known.resource.identifiers, resource.identifiers),
    }
    if (!implied) {
      known.facts.stateful ||= resource.facts.stateful
      known.facts.recentBackup ||= resource.facts.recentBackup
      known.facts.customerFacing ||= resource.facts.customerFacing
    }
  }

  resources(): InventoryResource[] {
    return [...this.#entries.values()].map(({ resource, facts }) => ({ ...resource, facts }))
  }

  dependencies(): InventoryDependency[] {
    return [...this.#dependencies.values()].filter(
      ({ from, to }) => this.#entries.has(from) && this.#entries.has(to),
    )
  }
}

function unmatched(
  annotation: InventoryAnnotation,
  selector: ResourceSelector,
  what: string,
): InventoryIssue {
  const scope = selector.environment ?? annotation.environment
  return {
    code: 'inventory_unmatched',
    message: `\`${annotation.file}\` line ${annotation.line}: ${what} \`${selector.text}\` matches no resource${scope === undefined ? '' : ` in environment \`${scope}\``}`,
    file: annotation.file,
    line: annotation.line,
  }
}

/** Sets facts and dependencies from the hand-written YAML on every resource they name. */
function applyAnnotations(
  merger: InventoryMerger,
  index: ResourceIndex,
  annotations: readonly InventoryAnnotation[],
): void {
  for (const annotation of annotations) {
    const matches = index.select(annotation.match, annotation.environment)
    if (matches.length === 0) {
      merger.issues.push(
        unmatched(
          annotation,
          annotation.match,
          annotation.role === 'dependency' ? 'dependency' : 'resource',
        ),
      )
      continue
    }
    for (const match of matches) {
      const entry = merger.entry(match.id)
      if (entry !== undefined) Object.assign(entry.facts, annotation.facts)
    }
    for (const selector of annotation.dependsOn) {
      const targets = index.select(selector, annotation.environment)
      if (targets.length === 0) {
        merger.issues.push(unmatched(annotation, selector, 'dependency'))
        continue
      }
      for (const from of matches) {
        for (const to of targets) if (isSameEnvironment(from, to)) merger.depend(from.id, to.id)
      }
    }
  }
}

/** Each resource that names a service is needed by it; a service named only by its resources is implied. */
function linkServices(merger: InventoryMerger, index: ResourceIndex): void {
  for (const resource of merger.resources()) {
    const service = resource.facts.service
    if (service === undefined || resource.type === 'service') continue
    let owners = index
      .select({ by: 'service', service, text: service })
      .filter((candidate) => isSameEnvironment(candidate, resource))
    if (owners.length === 0) {
      const implied: InventoryResource = {
        id: `service:${service}`,
        type: 'service',
        name: service,
        identifiers: { names: [service] },
        facts: { stateful: false, recentBackup: false, customerFacing: false, service },
        source: resource.source,
      }
      merger.put(implied, true)
      index.add(implied)
      owners = [implied]
    }
    for (const owner of owners) merger.depend(owner.id, resource.id)
  }
}

/**
 * Merges what several sources imported into one Inventory: ids made unique across environments
 * (`tf:ADDRESS@ENV` when two environments share one), each environment an `env:NAME` resource at
 * the root of everything in it, annotations of the hand-written YAML applied (one that matches
 * nothing is an issue), and each service linked to the resources that name it.
 */
export function mergeInventory(
  parts: readonly ImportedInventoryPart[],
  importedAt: number,
): MergedInventory {
  const merger = new InventoryMerger()
  const qualify = qualifier(parts)
  const environments = [...new Set(parts.flatMap(({ environment }) => environment ?? []))]
  for (const name of environments) {
    merger.put(
      {
        id: `env:${name}`,
        type: 'environment',
        name,
        environment: name,
        identifiers: { names: [name] },
        facts: { stateful: false, recentBackup: false, customerFacing: false },
        source: 'configuration',
      },
      false,
    )
  }
  const annotations: InventoryAnnotation[] = []
  const objectives: ServiceObjective[] = []
  for (const { part, environment } of parts) {
    merger.issues.push(...part.issues)
    const implied = new Set(part.implied)
    const root = environment === undefined ? undefined : `env:${environment}`
    for (const resource of part.resources) {
      const parent = resource.parent === undefined ? root : qualify(resource.parent, environment)
      const { environment: _environment, parent: _parent, ...rest } = resource
      merger.put(
        {
          ...rest,
          id: qualify(resource.id, environment),
          ...(environment === undefined ? {} : { environment }),
          ...(parent === undefined ? {} : { parent }),
        },
        implied.has(resource.id),
      )
    }
    for (const { from, to } of part.dependencies) {
      merger.depend(qualify(from, environment), qualify(to, environment))
    }
    annotations.push(...part.annotations)
    objectives.push(...part.objectives)
  }
  const index = new ResourceIndex(merger.resources())
  applyAnnotations(merger, index, annotations)
  linkServices(merger, index)
  const resources = merger
    .resources()
    .map((resource) =>
      resource.parent !== undefined && !merger.has(resource.parent)
        ? (({ parent: _, ...rest }) =>
            rest.environment === undefined ? rest : { ...rest, parent: `env:${rest.environment}` })(
            resource,
          )
        : resource,
    )
  return {
    inventory: { resources, dependencies: merger.dependencies(), objectives, importedAt },
    issues: merger.issues,
  }
}
