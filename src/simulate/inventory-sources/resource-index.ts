import type { InventoryResource } from '../../model/inventory.js'
import type { ResourceSelector } from './resource-selector.js'

const STACK_TYPE = 'AWS::CloudFormation::Stack'
const TRAILING_INDEX = /\[(\d+|"(?:[^"\\]|\\.)*")\]$/

function add(
  map: Map<string, InventoryResource[]>,
  key: string | undefined,
  resource: InventoryResource,
) {
  if (key === undefined) return
  const list = map.get(key)
  if (list === undefined) map.set(key, [resource])
  else if (list.at(-1) !== resource) list.push(resource)
}

function kubernetesKey(kind: string, namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${kind.toLowerCase()}/${name}`
}

/** Finds resources by any of their identifiers, for selectors written in hand-written YAML. */
export class ResourceIndex {
  readonly #byId = new Map<string, InventoryResource[]>()
  readonly #byArn = new Map<string, InventoryResource[]>()
  readonly #byAddress = new Map<string, InventoryResource[]>()
  readonly #byBaseAddress = new Map<string, InventoryResource[]>()
  readonly #byPhysicalId = new Map<string, InventoryResource[]>()
  readonly #byName = new Map<string, InventoryResource[]>()
  readonly #byStack = new Map<string, InventoryResource[]>()
  readonly #byKubernetes = new Map<string, InventoryResource[]>()
  readonly #byService = new Map<string, InventoryResource[]>()

  constructor(resources: Iterable<InventoryResource>) {
    for (const resource of resources) this.add(resource)
  }

  add(resource: InventoryResource): void {
    const { identifiers } = resource
    add(this.#byId, resource.id, resource)
    add(this.#byArn, identifiers.arn, resource)
    add(this.#byAddress, identifiers.terraformAddress, resource)
    add(this.#byBaseAddress, identifiers.terraformAddress?.replace(TRAILING_INDEX, ''), resource)
    add(this.#byPhysicalId, identifiers.physicalId, resource)
    for (const name of identifiers.names) add(this.#byName, name, resource)
    add(this.#byName, identifiers.database, resource)
    if (identifiers.stack !== undefined) {
      const isStack = resource.type === STACK_TYPE && identifiers.logicalId === undefined
      add(
        this.#byStack,
        isStack ? identifiers.stack : `${identifiers.stack}/${identifiers.logicalId ?? ''}`,
        resource,
      )
    }
    const object = identifiers.kubernetes
    if (object !== undefined) {
      add(this.#byKubernetes, kubernetesKey(object.kind, object.namespace, object.name), resource)
    }
    if (resource.type === 'service') add(this.#byService, resource.name, resource)
  }

  /** Every resource the selector names, within `environment` when one is given. */
  select(selector: ResourceSelector, environment?: string): readonly InventoryResource[] {
    const found = this.#find(selector)
    const scope = selector.environment ?? environment
    if (scope === undefined) return found
    return found.filter(
      (resource) => resource.environment === undefined || resource.environment === scope,
    )
  }

  #find(selector: ResourceSelector): readonly InventoryResource[] {
    switch (selector.by) {
      case 'id':
        return this.#byId.get(selector.id) ?? []
      case 'arn':
        return this.#byArn.get(selector.arn) ?? []
      case 'terraform':
        return (
          this.#byAddress.get(selector.address) ?? this.#byBaseAddress.get(selector.address) ?? []
        )
      case 'physical-id':
        return this.#byPhysicalId.get(selector.physicalId) ?? []
      case 'name':
        return this.#byName.get(selector.name) ?? []
      case 'stack':
        return (
          this.#byStack.get(
            selector.logicalId === undefined
              ? selector.stack
              : `${selector.stack}/${selector.logicalId}`,
          ) ?? []
        )
      case 'kubernetes':
        return (
          this.#byKubernetes.get(kubernetesKey(selector.kind, selector.namespace, selector.name)) ??
          []
        )
      case 'service':
        return this.#byService.get(selector.service) ?? []
      case 'any': {
        const found = new Set([
          ...(this.#byId.get(selector.value) ?? []),
          ...(this.#byPhysicalId.get(selector.value) ?? []),
          ...(this.#byName.get(selector.value) ?? []),
        ])
        return [...found]
      }
    }
  }
}
