import type { InventoryDependency, InventoryResource } from '../../model/inventory.js'
import type { InventoryIssue } from './inventory-issue.js'
import { readJsonDocument } from './inventory-json-schema.js'
import {
  emptyInventoryPart,
  type InventoryPart,
  type InventorySourceText,
} from './inventory-part.js'
import { json } from './json-fields.js'
import { STATEFUL_TYPE } from './stateful-type.js'

type JsonRecord = Readonly<Record<string, unknown>>
type JsonPath = readonly (string | number)[]

// Attributes that hold a name or hostname someone may use for the resource.
const NAME_ATTRIBUTES = [
  'name',
  'bucket',
  'identifier',
  'cluster_identifier',
  'function_name',
  'db_name',
  'domain_name',
  'fqdn',
  'dns_name',
  'hostname',
  'endpoint',
]

// `aws_db_instance.address` is its hostname; elsewhere `address` is an IP or a postal address.
const HOSTNAME_ADDRESS = /^aws_(db_instance|rds_cluster_instance|elasticache_cluster)$/
const DATABASE_TYPES =
  /^(google_sql_database|azurerm_(mssql|sql|postgresql|mysql|mariadb)_database)$/
const BACKUP_RETENTION_TYPES = /^aws_(db_instance|rds_cluster|docdb_cluster|neptune_cluster)$/
// `module.db.aws_db_instance.this[0]` → `module.db.aws_db_instance.this`
const TRAILING_INDEX = /\[(\d+|"(?:[^"\\]|\\.)*")\]$/

function first(value: unknown): JsonRecord | undefined {
  return Array.isArray(value) && json.isRecord(value[0]) ? value[0] : undefined
}

function hasAutomatedBackup(type: string, values: JsonRecord): boolean {
  if (BACKUP_RETENTION_TYPES.test(type)) {
    return typeof values.backup_retention_period === 'number' && values.backup_retention_period > 0
  }
  if (type === 'aws_dynamodb_table') return first(values.point_in_time_recovery)?.enabled === true
  if (type === 'google_sql_database_instance') {
    return first(first(values.settings)?.backup_configuration)?.enabled === true
  }
  return false
}

function tagValue(values: JsonRecord, key: string): string | undefined {
  for (const field of ['tags', 'labels']) {
    const tags = json.record(values, field)
    if (tags === undefined) continue
    for (const [name, value] of Object.entries(tags)) {
      if (name.toLowerCase() === key && typeof value === 'string' && value !== '') return value
    }
  }
  return undefined
}

function namesOf(type: string, values: JsonRecord): string[] {
  const names = new Set<string>()
  const add = (value: unknown): void => {
    if (typeof value === 'string' && value !== '') names.add(value)
  }
  for (const attribute of NAME_ATTRIBUTES) {
    const value = values[attribute]
    add(value)
    if (attribute === 'endpoint' && typeof value === 'string' && /:\d+$/.test(value)) {
      add(value.replace(/:\d+$/, ''))
    }
  }
  if (HOSTNAME_ADDRESS.test(type)) add(values.address)
  add(tagValue(values, 'name'))
  return [...names]
}

function physicalIdOf(values: JsonRecord): string | undefined {
  const id = values.id
  if (typeof id === 'number') return String(id)
  return typeof id === 'string' && id !== '' ? id : undefined
}

/** Builds resources and resolves `depends_on` once every address is known. */
class StateCollector {
  readonly resources: InventoryResource[] = []
  readonly issues: InventoryIssue[] = []
  readonly #source: InventorySourceText
  readonly #byBaseAddress = new Map<string, string[]>()
  readonly #byModule = new Map<string, string[]>()
  readonly #dependsOn: { readonly id: string; readonly targets: readonly string[] }[] = []

  constructor(source: InventorySourceText) {
    this.#source = source
  }

  invalid(path: JsonPath, message: string): void {
    const file = this.#source.file
    this.issues.push({
      code: 'inventory_invalid_entry',
      message: `\`${file}\` at \`${json.formatPath(path)}\`: ${message}`,
      file,
      path,
    })
  }

  add(address: string, type: string, values: JsonRecord, dependsOn: readonly string[]): void {
    const id = `tf:${address}`
    const arn = json.string(values, 'arn')
    const physicalId = physicalIdOf(values)
    const service = tagValue(values, 'service')
    const database = DATABASE_TYPES.test(type)
      ? json.string(values, 'name')
      : type === 'aws_db_instance' || type === 'aws_rds_cluster'
        ? (json.string(values, 'db_name') ?? json.string(values, 'database_name'))
        : undefined
    const environment = this.#source.environment
    this.resources.push({
      id,
      type,
      name: address,
      ...(environment === undefined ? {} : { environment }),
      identifiers: {
        terraformAddress: address,
        ...(arn === undefined ? {} : { arn }),
        ...(physicalId === undefined ? {} : { physicalId }),
        ...(database === undefined ? {} : { database }),
        names: namesOf(type, values),
      },
      facts: {
        stateful: STATEFUL_TYPE.terraform(type, values),
        recentBackup: hasAutomatedBackup(type, values),
        customerFacing: false,
        ...(service === undefined ? {} : { service }),
      },
      source: this.#source.file,
    })
    const base = address.replace(TRAILING_INDEX, '')
    this.#byBaseAddress.set(base, [...(this.#byBaseAddress.get(base) ?? []), id])
    if (dependsOn.length > 0) this.#dependsOn.push({ id, targets: dependsOn })
  }

  /** Records the resources of a module under the module and each module containing it. */
  addModuleMembers(moduleAddress: string, ids: readonly string[]): void {
    for (const key of new Set([moduleAddress, moduleAddress.replace(TRAILING_INDEX, '')])) {
      const members = this.#byModule.get(key)
      if (members === undefined) this.#byModule.set(key, [...ids])
      else members.push(...ids)
    }
  }

  dependencies(): InventoryDependency[] {
    const dependencies: InventoryDependency[] = []
    for (const { id, targets } of this.#dependsOn) {
      const seen = new Set<string>()
      for (const target of targets) {
        // Data sources are read, not owned: nothing breaks when they "go".
        if (/(^|\.)data\./.test(target)) continue
        const ids =
          this.#byBaseAddress.get(target.replace(TRAILING_INDEX, '')) ??
          this.#byModule.get(target) ??
          []
        for (const to of ids) {
          if (to === id || seen.has(to)) continue
          seen.add(to)
          dependencies.push({ from: id, to })
        }
      }
    }
    return dependencies
  }
}

function stringList(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : []
}

/** `terraform show -json`: `values.root_module`, its `resources` and nested `child_modules`. */
function walkModule(
  collector: StateCollector,
  module: JsonRecord,
  path: JsonPath,
  depth: number,
): string[] {
  const ids: string[] = []
  const resources = module.resources
  if (resources !== undefined && !Array.isArray(resources)) {
    collector.invalid([...path, 'resources'], 'expected a list of resources')
  }
  if (Array.isArray(resources)) {
    resources.forEach((resource: unknown, index) => {
      const at = [...path, 'resources', index]
      if (!json.isRecord(resource)) {
        collector.invalid(at, 'expected a resource object')
        return
      }
      const address = json.string(resource, 'address')
      const type = json.string(resource, 'type')
      if (address === undefined) {
        collector.invalid([...at, 'address'], 'missing address')
        return
      }
      if (type === undefined) {
        collector.invalid([...at, 'type'], 'missing type')
        return
      }
      if (resource.mode === 'data') return
      const values = resource.values
      if (values !== undefined && values !== null && !json.isRecord(values)) {
        collector.invalid([...at, 'values'], 'expected an object of attribute values')
        return
      }
      collector.add(address, type, values ?? {}, stringList(resource.depends_on))
      ids.push(`tf:${address}`)
    })
  }
  const children = module.child_modules
  if (children !== undefined && !Array.isArray(children)) {
    collector.invalid([...path, 'child_modules'], 'expected a list of modules')
  }
  if (Array.isArray(children)) {
    if (depth > 100) {
      collector.invalid(path, 'modules nested more than 100 deep')
      return ids
    }
    children.forEach((child: unknown, index) => {
      const at = [...path, 'child_modules', index]
      if (!json.isRecord(child)) {
        collector.invalid(at, 'expected a module object')
        return
      }
      const childIds = walkModule(collector, child, at, depth + 1)
      const address = json.string(child, 'address')
      if (address !== undefined) collector.addModuleMembers(address, childIds)
      ids.push(...childIds)
    })
  }
  return ids
}

function indexSuffix(key: unknown): string {
  if (typeof key === 'number') return `[${key}]`
  if (typeof key === 'string') return `[${JSON.stringify(key)}]`
  return ''
}

/** A raw `terraform.tfstate` (version 4): `resources[].instances[]`. */
function walkRawState(collector: StateCollector, resources: unknown): void {
  if (!Array.isArray(resources)) {
    collector.invalid(['resources'], 'expected a list of resources')
    return
  }
  resources.forEach((resource: unknown, index) => {
    const at = ['resources', index]
    if (!json.isRecord(resource)) {
      collector.invalid(at, 'expected a resource object')
      return
    }
    const type = json.string(resource, 'type')
    const name = json.string(resource, 'name')
    if (type === undefined) {
      collector.invalid([...at, 'type'], 'missing type')
      return
    }
    if (name === undefined) {
      collector.invalid([...at, 'name'], 'missing name')
      return
    }
    if (resource.mode === 'data') return
    const module = json.string(resource, 'module')
    const base = `${module === undefined ? '' : `${module}.`}${type}.${name}`
    const instances = resource.instances
    if (!Array.isArray(instances)) {
      collector.invalid([...at, 'instances'], 'expected a list of instances')
      return
    }
    const ids: string[] = []
    instances.forEach((instance: unknown, position) => {
      const instanceAt = [...at, 'instances', position]
      if (!json.isRecord(instance)) {
        collector.invalid(instanceAt, 'expected an instance')
        return
      }
      if (instance.deposed !== undefined) return
      const attributes = instance.attributes ?? {}
      if (!json.isRecord(attributes)) {
        collector.invalid([...instanceAt, 'attributes'], 'expected an object')
        return
      }
      const address = `${base}${indexSuffix(instance.index_key)}`
      collector.add(address, type, attributes, stringList(instance.dependencies))
      ids.push(`tf:${address}`)
    })
    if (module !== undefined) {
      // `module.a.module.b` is a member of `module.a` too.
      const parts = module.split(/\.(?=module\.)/)
      parts.forEach((_, end) => {
        collector.addModuleMembers(parts.slice(0, end + 1).join('.'), ids)
      })
    }
  })
}

/**
 * Imports Terraform or OpenTofu state: the output of `terraform show -json` (or `tofu show
 * -json`), or a raw version-4 `terraform.tfstate`. Each managed resource instance becomes a
 * `tf:ADDRESS` resource; data sources are left out; `depends_on` becomes dependencies.
 */
export function importTerraformState(source: InventorySourceText): InventoryPart {
  const document = readJsonDocument(source.text, source.file)
  if (!document.ok) return emptyInventoryPart([document.issue])
  const state = document.value
  const collector = new StateCollector(source)
  const values = state.values
  if (json.isRecord(values)) {
    const root = values.root_module
    if (root !== undefined && !json.isRecord(root)) {
      collector.invalid(['values', 'root_module'], 'expected a module object')
    } else if (root !== undefined) {
      walkModule(collector, root, ['values', 'root_module'], 0)
    }
  } else if (typeof state.version === 'number' && 'resources' in state) {
    if (state.version !== 4) {
      collector.invalid(['version'], `state version \`${state.version}\` is not supported (4 is)`)
    } else {
      walkRawState(collector, state.resources)
    }
  } else if ('resource_changes' in state || 'planned_values' in state) {
    return emptyInventoryPart([
      {
        code: 'inventory_unreadable',
        message: `\`${source.file}\`: this is a plan, not state: give \`terraform show -json\` without a plan file`,
        file: source.file,
      },
    ])
  } else if (!('format_version' in state)) {
    return emptyInventoryPart([
      {
        code: 'inventory_unreadable',
        message: `\`${source.file}\`: not Terraform state: expected \`values.root_module\` (terraform show -json) or \`version\` and \`resources\` (terraform.tfstate)`,
        file: source.file,
      },
    ])
  }
  return {
    resources: collector.resources,
    dependencies: collector.dependencies(),
    objectives: [],
    annotations: [],
    implied: [],
    issues: collector.issues,
  }
}
