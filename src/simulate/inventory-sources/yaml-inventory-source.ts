import {
  type Document,
  isAlias,
  isMap,
  isNode,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
} from 'yaml'
import { z } from 'zod'

import type { InventoryResource, ServiceObjective } from '../../model/inventory.js'
import type { AnnotatedFacts, InventoryAnnotation } from './inventory-annotation.js'
import type { InventoryIssue } from './inventory-issue.js'
import {
  emptyInventoryPart,
  type InventoryPart,
  type InventorySourceText,
} from './inventory-part.js'
import { json } from './json-fields.js'
import { readResourceSelector, type ResourceSelector } from './resource-selector.js'

type Path = readonly (string | number)[]

const NAME = z.string().trim().min(1, { error: 'expected a non-empty name' })
const MINUTES = z.number().nonnegative({ error: 'expected minutes, 0 or more' })
const SELECTORS = z.array(z.unknown(), { error: 'expected a list of resources' })

const FACTS = {
  service: NAME.optional(),
  customerFacing: z.boolean().optional(),
  stateful: z.boolean().optional(),
  backup: z.boolean().optional(),
  rebuildMinutes: MINUTES.optional(),
  dependsOn: SELECTORS.optional(),
}

const SLO = z.strictObject({
  objective: z.union([z.number(), z.string()], { error: 'expected a percentage such as 99.9' }),
  window: z.union([z.number(), z.string()]).optional(),
})

const SERVICE = z.strictObject({
  name: NAME,
  description: z.string().optional(),
  owner: z.string().optional(),
  customerFacing: z.boolean().optional(),
  rebuildMinutes: MINUTES.optional(),
  slo: z.union([SLO, z.array(SLO)]).optional(),
  resources: SELECTORS.optional(),
  dependsOn: SELECTORS.optional(),
})

const RESOURCE = z.strictObject({
  id: NAME,
  type: NAME,
  name: NAME.optional(),
  description: z.string().optional(),
  arn: NAME.optional(),
  physicalId: NAME.optional(),
  database: NAME.optional(),
  names: z.array(NAME).optional(),
  ...FACTS,
})

const ANNOTATION = z.strictObject({ match: z.unknown().optional(), ...FACTS })

const DEPENDENCY = z.strictObject({
  from: z.unknown().optional(),
  to: z.unknown().optional(),
})

const SECTIONS = ['services', 'resources', 'annotations', 'dependencies'] as const

const WINDOW = /^(\d+(?:\.\d+)?)\s*(d|w|h)$/
const WINDOW_DAYS = { d: 1, w: 7, h: 1 / 24 } as const

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1)
}

/** `99.95`, `'99.95%'` or `0.9995` → 0.9995 */
function readObjective(value: number | string): number | undefined {
  const number = typeof value === 'number' ? value : Number(value.trim().replace(/%$/, ''))
  if (!Number.isFinite(number) || number <= 0 || number >= 100) return undefined
  // 99.99 / 100 is 0.9998999999999999 in binary: round to what was written.
  return number < 1 ? number : Number((number / 100).toPrecision(12))
}

/** `30d`, `4w`, `720h` or a number of days → days; 30 when absent. */
function readWindowDays(value: number | string | undefined): number | undefined {
  if (value === undefined) return 30
  if (typeof value === 'number') return value > 0 ? value : undefined
  const match = WINDOW.exec(value.trim())
  if (match?.[1] === undefined || match[2] === undefined) return undefined
  const days = Number(match[1]) * WINDOW_DAYS[match[2] as keyof typeof WINDOW_DAYS]
  return days > 0 ? days : undefined
}

/** The line of a field's key, or of its item in a list; the nearest present parent otherwise. */
function lineOf(document: Document, lines: LineCounter, path: Path): number {
  let node: unknown = document.contents
  let offset = isNode(node) ? (node.range?.[0] ?? 0) : 0
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(document)
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isScalar(item.key) && String(item.key.value) === String(segment),
      )
      if (pair === undefined) break
      if (isNode(pair.key)) offset = pair.key.range?.[0] ?? offset
      node = pair.value
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment]
      if (!isNode(item)) break
      offset = item.range?.[0] ?? offset
      node = item
    } else {
      break
    }
  }
  return lines.linePos(offset).line
}

class YamlReader {
  readonly issues: InventoryIssue[] = []
  readonly resources: InventoryResource[] = []
  readonly objectives: ServiceObjective[] = []
  readonly annotations: InventoryAnnotation[] = []
  readonly #source: InventorySourceText
  readonly #document: Document
  readonly #lines: LineCounter
  readonly #ids = new Set<string>()

  constructor(source: InventorySourceText, document: Document, lines: LineCounter) {
    this.#source = source
    this.#document = document
    this.#lines = lines
  }

  line(path: Path): number {
    return lineOf(this.#document, this.#lines, path)
  }

  invalid(path: Path, message: string): void {
    const { file } = this.#source
    const line = this.line(path)
    const field = path.length === 0 ? '' : `field \`${json.formatPath(path)}\`: `
    this.issues.push({
      code: 'inventory_invalid_entry',
      message: `\`${file}\` line ${line}: ${field}${message}`,
      file,
      path,
      line,
    })
  }

  /** Checks one entry against its schema; reports every problem and gives undefined if any. */
  entry<T>(schema: z.ZodType<T>, value: unknown, path: Path): T | undefined {
    const result = schema.safeParse(value)
    if (result.success) return result.data
    for (const issue of result.error.issues) {
      const at = [...path, ...issue.path.filter((key) => typeof key !== 'symbol')]
      const message =
        issue.code === 'unrecognized_keys'
          ? `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `\`${key}\``).join(', ')}`
          : issue.message
      this.invalid(at, message)
    }
    return undefined
  }

  selectors(values: readonly unknown[] | undefined, path: Path): ResourceSelector[] {
    return (values ?? []).flatMap((value, index) => {
      const selector = this.selector(value, [...path, index])
      return selector === undefined ? [] : [selector]
    })
  }

  selector(value: unknown, path: Path): ResourceSelector | undefined {
    const selector = readResourceSelector(value)
    if (typeof selector !== 'string') return selector
    this.invalid(path, selector)
    return undefined
  }

  annotate(
    match: ResourceSelector,
    facts: AnnotatedFacts,
    dependsOn: readonly ResourceSelector[],
    role: InventoryAnnotation['role'],
    path: Path,
  ): void {
    const environment = this.#source.environment
    this.annotations.push({
      match,
      facts,
      dependsOn,
      role,
      file: this.#source.file,
      line: this.line(path),
      ...(environment === undefined ? {} : { environment }),
    })
  }

  /** False, with an issue, when the file already declared the id. */
  isNew(id: string, path: Path): boolean {
    if (!this.#ids.has(id)) {
      this.#ids.add(id)
      return true
    }
    this.invalid(path, `\`${id}\` is declared twice in this file`)
    return false
  }

  #base(): Pick<InventoryResource, 'environment' | 'source'> {
    const environment = this.#source.environment
    return { ...(environment === undefined ? {} : { environment }), source: this.#source.file }
  }

  service(value: unknown, path: Path): void {
    const service = this.entry(SERVICE, value, path)
    if (service === undefined) return
    const id = `service:${service.name}`
    if (!this.isNew(id, [...path, 'name'])) return
    this.resources.push({
      id,
      type: 'service',
      name: service.name,
      ...this.#base(),
      identifiers: { names: [service.name] },
      facts: {
        stateful: false,
        recentBackup: false,
        customerFacing: service.customerFacing ?? false,
        service: service.name,
        ...(service.rebuildMinutes === undefined ? {} : { rebuildMinutes: service.rebuildMinutes }),
      },
      source: this.#source.file,
    })
    const slos =
      service.slo === undefined ? [] : Array.isArray(service.slo) ? service.slo : [service.slo]
    slos.forEach((slo, index) => {
      const at = Array.isArray(service.slo) ? [...path, 'slo', index] : [...path, 'slo']
      const objective = readObjective(slo.objective)
      const windowDays = readWindowDays(slo.window)
      if (objective === undefined) {
        this.invalid([...at, 'objective'], 'expected a percentage between 0 and 100, such as 99.9')
        return
      }
      if (windowDays === undefined) {
        this.invalid([...at, 'window'], 'expected a window such as `30d`, `4w` or `720h`')
        return
      }
      this.objectives.push({ service: service.name, objective, windowDays })
    })
    const self: ResourceSelector = { by: 'service', service: service.name, text: id }
    const members = this.selectors(service.resources, [...path, 'resources'])
    members.forEach((member, index) => {
      this.annotate(member, { service: service.name }, [], 'service-resource', [
        ...path,
        'resources',
        index,
      ])
    })
    const dependsOn = this.selectors(service.dependsOn, [...path, 'dependsOn'])
    if (dependsOn.length > 0) this.annotate(self, {}, dependsOn, 'dependency', path)
  }

  resource(value: unknown, path: Path): void {
    const resource = this.entry(RESOURCE, value, path)
    if (resource === undefined) return
    const id = `yaml:${resource.id}`
    if (!this.isNew(id, [...path, 'id'])) return
    const names = [
      ...new Set([
        ...(resource.names ?? []),
        ...(resource.name === undefined ? [] : [resource.name]),
      ]),
    ]
    this.resources.push({
      id,
      type: resource.type,
      name: resource.name ?? resource.id,
      ...this.#base(),
      identifiers: {
        ...(resource.arn === undefined ? {} : { arn: resource.arn }),
        ...(resource.physicalId === undefined ? {} : { physicalId: resource.physicalId }),
        ...(resource.database === undefined ? {} : { database: resource.database }),
        names,
      },
      facts: {
        stateful: resource.stateful ?? false,
        recentBackup: resource.backup ?? false,
        customerFacing: resource.customerFacing ?? false,
        ...(resource.service === undefined ? {} : { service: resource.service }),
        ...(resource.rebuildMinutes === undefined
          ? {}
          : { rebuildMinutes: resource.rebuildMinutes }),
      },
      source: this.#source.file,
    })
    const dependsOn = this.selectors(resource.dependsOn, [...path, 'dependsOn'])
    if (dependsOn.length > 0) {
      this.annotate({ by: 'id', id, text: id }, {}, dependsOn, 'dependency', path)
    }
  }

  annotation(value: unknown, path: Path): void {
    const annotation = this.entry(ANNOTATION, value, path)
    if (annotation === undefined) return
    if (annotation.match === undefined) {
      this.invalid([...path, 'match'], 'missing: name the resource to annotate')
      return
    }
    const match = this.selector(annotation.match, [...path, 'match'])
    const dependsOn = this.selectors(annotation.dependsOn, [...path, 'dependsOn'])
    if (match === undefined) return
    const { service, customerFacing, stateful, backup, rebuildMinutes } = annotation
    const facts: AnnotatedFacts = {
      ...(service === undefined ? {} : { service }),
      ...(customerFacing === undefined ? {} : { customerFacing }),
      ...(stateful === undefined ? {} : { stateful }),
      ...(backup === undefined ? {} : { recentBackup: backup }),
      ...(rebuildMinutes === undefined ? {} : { rebuildMinutes }),
    }
    if (Object.keys(facts).length === 0 && dependsOn.length === 0) {
      this.invalid(
        path,
        'states nothing: add `service`, `customerFacing`, `stateful`, `backup`, `rebuildMinutes` or `dependsOn`',
      )
      return
    }
    this.annotate(match, facts, dependsOn, 'annotation', path)
  }

  dependency(value: unknown, path: Path): void {
    const dependency = this.entry(DEPENDENCY, value, path)
    if (dependency === undefined) return
    if (dependency.from === undefined) {
      this.invalid([...path, 'from'], 'missing: the resource that needs `to`')
      return
    }
    if (dependency.to === undefined) {
      this.invalid([...path, 'to'], 'missing: what `from` needs')
      return
    }
    const from = this.selector(dependency.from, [...path, 'from'])
    const to = Array.isArray(dependency.to)
      ? this.selectors(dependency.to, [...path, 'to'])
      : [this.selector(dependency.to, [...path, 'to'])].filter((item) => item !== undefined)
    if (from === undefined || to.length === 0) return
    this.annotate(from, {}, to, 'dependency', path)
  }
}

/**
 * Imports the hand-written inventory YAML (see `examples/inventory/services.yaml`): `services`
 * with customer exposure, objectives and members; `resources` no other source knows;
 * `annotations` setting facts on imported resources; `dependencies` between any of them.
 */
export function importInventoryYaml(source: InventorySourceText): InventoryPart {
  const { file } = source
  const lines = new LineCounter()
  const document = parseDocument(source.text, { lineCounter: lines, prettyErrors: false })
  if (document.errors.length > 0) {
    return emptyInventoryPart(
      document.errors.map((error) => {
        const line = lines.linePos(error.pos[0]).line
        return {
          code: 'inventory_unreadable',
          message: `\`${file}\` line ${line}: not valid YAML: ${lowerFirst(error.message.split('\n')[0] ?? '')}`,
          file,
          line,
        }
      }),
    )
  }
  let value: unknown
  try {
    value = document.toJS({ maxAliasCount: 1000 })
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    return emptyInventoryPart([
      { code: 'inventory_unreadable', message: `\`${file}\`: ${reason}`, file },
    ])
  }
  if (value === null || value === undefined) {
    return emptyInventoryPart([
      { code: 'inventory_unreadable', message: `\`${file}\`: the file is empty`, file },
    ])
  }
  const reader = new YamlReader(source, document, lines)
  if (!json.isRecord(value)) {
    reader.invalid([], `expected a mapping with ${SECTIONS.join(', ')}`)
    return emptyInventoryPart(reader.issues)
  }
  for (const key of Object.keys(value)) {
    if (!(SECTIONS as readonly string[]).includes(key)) {
      reader.invalid([key], `unknown section: expected ${SECTIONS.join(', ')}`)
    }
  }
  for (const section of SECTIONS) {
    const entries = value[section]
    if (entries === undefined || entries === null) continue
    if (!Array.isArray(entries)) {
      reader.invalid([section], 'expected a list')
      continue
    }
    entries.forEach((entry: unknown, index) => {
      const path = [section, index]
      if (section === 'services') reader.service(entry, path)
      else if (section === 'resources') reader.resource(entry, path)
      else if (section === 'annotations') reader.annotation(entry, path)
      else reader.dependency(entry, path)
    })
  }
  return {
    resources: reader.resources,
    dependencies: [],
    objectives: reader.objectives,
    annotations: reader.annotations,
    implied: [],
    issues: reader.issues,
  }
}
