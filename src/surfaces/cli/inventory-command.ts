import { dirname, isAbsolute, join, relative, resolve } from 'node:path'

import { ApiError } from '../../model/errors.js'
import type { Inventory, InventoryResource } from '../../model/inventory.js'
import {
  importInventory,
  type InventoryIssue,
  type InventorySourceDocument,
} from '../../pipeline/import-inventory.js'
import {
  formatInventorySnapshot,
  loadInventorySnapshot,
} from '../../pipeline/inventory-snapshot-schema.js'
import { loadGatewayConfig } from '../config/load-gateway-config.js'
import { EXIT } from './cli-error.js'
import type { CliIo } from './cli-io.js'

/** What the inventory commands need beyond CliIo: writing the snapshot. */
export interface InventoryIo extends CliIo {
  /** Writes a UTF-8 text file, replacing it if it exists. */
  readonly writeFile?: (path: string, text: string) => Promise<void>
  /** Creates a directory and its parents; succeeds when it already exists. */
  readonly mkdir?: (path: string) => Promise<void>
  /** Milliseconds since the epoch; `Date.now` unless a test fixes it. */
  readonly now?: () => number
}

/** Options of `airlock inventory import` and `stats`. */
export interface InventoryOptions {
  readonly config: string
  readonly json?: boolean
}

/** Options of `airlock inventory show`. */
export interface InventoryShowOptions extends InventoryOptions {
  readonly env?: string
  readonly type?: string
}

const SNAPSHOT = join('.airlock', 'inventory.json')
// Sources larger than this get a progress line on stderr.
const LARGE_SOURCE_BYTES = 1_000_000
// Issues that lose part of a source: the snapshot would be missing resources, so none is written.
const ERROR_CODES = new Set<InventoryIssue['code']>([
  'inventory_unreadable',
  'inventory_invalid_entry',
])

function errorCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null
    ? (error as { code?: unknown }).code
    : undefined
}

/** Where `airlock inventory import` keeps the snapshot of a configuration's inventory. */
export function inventorySnapshotPath(config: string, io: Pick<CliIo, 'cwd'>): string {
  return join(dirname(resolve(io.cwd, config)), SNAPSHOT)
}

function shown(path: string, io: CliIo): string {
  const relativePath = relative(io.cwd, path)
  return relativePath === '' || relativePath.startsWith('..') || isAbsolute(relativePath)
    ? path
    : relativePath
}

function megabytes(text: string): string {
  return `${(text.length / 1_000_000).toFixed(1)} MB`
}

/** Counts of a snapshot: what `import` prints and `stats` is. */
function summarize(inventory: Inventory) {
  const byEnvironment: Record<string, Record<string, number>> = {}
  let stateful = 0
  let customerFacing = 0
  let backedUp = 0
  let services = 0
  for (const resource of inventory.resources) {
    if (resource.type === 'environment') continue
    if (resource.type === 'service') services++
    const environment = resource.environment ?? '(none)'
    const types = (byEnvironment[environment] ??= {})
    types[resource.type] = (types[resource.type] ?? 0) + 1
    if (resource.facts.stateful) stateful++
    if (resource.facts.customerFacing) customerFacing++
    if (resource.facts.recentBackup) backedUp++
  }
  return {
    resources: inventory.resources.filter((resource) => resource.type !== 'environment').length,
    environments: Object.fromEntries(
      Object.entries(byEnvironment).map(([name, types]) => [
        name,
        { resources: Object.values(types).reduce((sum, count) => sum + count, 0), types },
      ]),
    ),
    stateful,
    statefulWithoutBackup:
      stateful - inventory.resources.filter((r) => r.facts.stateful && r.facts.recentBackup).length,
    customerFacing,
    backedUp,
    services,
    objectives: inventory.objectives.length,
    dependencies: inventory.dependencies.length,
    importedAt: new Date(inventory.importedAt).toISOString(),
  }
}

function formatSummary(summary: ReturnType<typeof summarize>): string[] {
  const lines = [
    `${summary.resources} resources, ${summary.stateful} stateful (${summary.statefulWithoutBackup} without a backup), ${summary.customerFacing} customer-facing`,
    `${summary.services} services, ${summary.objectives} objectives, ${summary.dependencies} dependencies`,
  ]
  for (const [name, { resources, types }] of Object.entries(summary.environments)) {
    lines.push(`environment ${name}: ${resources} resources`)
    const sorted = Object.entries(types).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    for (const [type, count] of sorted) lines.push(`  ${String(count).padStart(7)}  ${type}`)
  }
  return lines
}

function issueLocation(issue: InventoryIssue): Record<string, unknown> {
  return {
    code: issue.code,
    file: issue.file,
    ...(issue.line === undefined ? {} : { line: issue.line }),
    ...(issue.path === undefined ? {} : { path: issue.path }),
    message: issue.message,
  }
}

async function readSources(
  config: Awaited<ReturnType<typeof loadGatewayConfig>>,
  io: CliIo,
): Promise<InventorySourceDocument[]> {
  if (config.inventory.length === 0) {
    throw new ApiError(
      'input_invalid',
      `\`${shown(config.file, io)}\`: field \`inventory\`: no sources; list Terraform state, CloudFormation, Kubernetes or YAML files there`,
    )
  }
  return Promise.all(
    config.inventory.map(async ({ kind, path, environment }, index) => {
      let text: string
      try {
        text = await io.readFile(path)
      } catch (error) {
        if (errorCode(error) !== 'ENOENT') throw error
        throw new ApiError(
          'input_not_found',
          `\`${shown(config.file, io)}\`: field \`inventory[${index}].path\`: \`${shown(path, io)}\`: no such file`,
          { cause: error },
        )
      }
      return {
        kind,
        file: shown(path, io),
        text,
        ...(environment === undefined ? {} : { environment }),
      }
    }),
  )
}

/**
 * `airlock inventory import`: reads the `inventory:` sources of the configuration, merges them
 * and writes the snapshot `.airlock/inventory.json` beside the configuration. Prints a summary
 * and every issue; exits 2 without writing when a source or entry could not be read.
 */
export async function runInventoryImport(
  options: InventoryOptions,
  io: InventoryIo,
): Promise<number> {
  const { writeFile, mkdir } = io
  if (writeFile === undefined || mkdir === undefined) {
    throw new Error('`airlock inventory import` needs writeFile and mkdir in its io')
  }
  const config = await loadGatewayConfig(resolve(io.cwd, options.config), io)
  const documents = await readSources(config, io)
  const large = documents.some((document) => document.text.length > LARGE_SOURCE_BYTES)
  const result = importInventory(documents, {
    now: (io.now ?? Date.now)(),
    onSource: (report) => {
      if (!large) return
      const document = documents.find((item) => item.file === report.file)
      io.stderr(
        `airlock: imported ${report.file} (${report.kind}, ${document === undefined ? '' : megabytes(document.text)}): ${report.resources} resources, ${report.issues} issues in ${(report.milliseconds / 1000).toFixed(1)} s\n`,
      )
    },
  })
  const errors = result.issues.filter((issue) => ERROR_CODES.has(issue.code))
  const target = inventorySnapshotPath(options.config, io)
  if (errors.length === 0) {
    await mkdir(dirname(target))
    await writeFile(target, formatInventorySnapshot(result.inventory))
  }
  const summary = summarize(result.inventory)
  if (options.json === true) {
    io.stdout(
      `${JSON.stringify(
        {
          snapshot: errors.length === 0 ? shown(target, io) : null,
          sources: result.sources.map(({ milliseconds: _, ...source }) => source),
          summary,
          issues: result.issues.map(issueLocation),
        },
        null,
        2,
      )}\n`,
    )
  } else {
    const lines = formatSummary(summary)
    if (result.issues.length > 0) {
      lines.push(`${result.issues.length} issue${result.issues.length === 1 ? '' : 's'}:`)
      for (const issue of result.issues) lines.push(`  ${issue.message}`)
    }
    lines.push(
      errors.length === 0
        ? `wrote ${shown(target, io)}`
        : `not written: fix the ${errors.length} unreadable entr${errors.length === 1 ? 'y' : 'ies'} above and import again`,
    )
    io.stdout(`${lines.join('\n')}\n`)
  }
  if (errors.length > 0) {
    io.stderr(
      `airlock: ${errors[0]?.message ?? ''}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}\n`,
    )
    return EXIT.usage
  }
  return EXIT.ok
}

/**
 * Reads the inventory snapshot of a configuration. Throws ApiError `input_not_found`, saying how
 * to import one, when there is none.
 */
export async function readInventorySnapshot(config: string, io: CliIo): Promise<Inventory> {
  const path = inventorySnapshotPath(config, io)
  let text: string
  try {
    text = await io.readFile(path)
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw error
    throw new ApiError(
      'input_not_found',
      `\`${shown(path, io)}\`: no inventory snapshot; run \`airlock inventory import --config ${config}\` first`,
      { cause: error },
    )
  }
  return loadInventorySnapshot(text, shown(path, io))
}

function formatFacts(resource: InventoryResource): string {
  const { facts } = resource
  const words = [
    ...(facts.stateful ? ['stateful'] : []),
    ...(facts.stateful && !facts.recentBackup ? ['no backup'] : []),
    ...(!facts.stateful && facts.recentBackup ? ['backup'] : []),
    ...(facts.customerFacing ? ['customer-facing'] : []),
    ...(facts.service === undefined || resource.type === 'service'
      ? []
      : [`service ${facts.service}`]),
    ...(facts.rebuildMinutes === undefined ? [] : [`rebuild ${facts.rebuildMinutes} min`]),
  ]
  return words.length === 0 ? '' : `  [${words.join(', ')}]`
}

function formatResource(resource: InventoryResource): string {
  const label = resource.type === 'environment' ? 'environment' : resource.type
  return `${resource.id}  (${label})${formatFacts(resource)}`
}

/**
 * `airlock inventory show`: the snapshot as a tree, environment → stack or namespace →
 * resources, with each resource's facts; `--env` and `--type` narrow it.
 */
export async function runInventoryShow(options: InventoryShowOptions, io: CliIo): Promise<number> {
  const inventory = await readInventorySnapshot(options.config, io)
  const inScope = (resource: InventoryResource): boolean =>
    options.env === undefined || resource.environment === options.env
  if (
    options.env !== undefined &&
    !inventory.resources.some((resource) => resource.id === `env:${options.env ?? ''}`)
  ) {
    const names = inventory.resources.filter((r) => r.type === 'environment').map((r) => r.name)
    throw new ApiError(
      'usage_invalid',
      `\`--env\`: no environment \`${options.env}\` in the inventory${names.length === 0 ? '' : ` (it has ${names.join(', ')})`}`,
    )
  }
  const selected = inventory.resources.filter(
    (resource) =>
      inScope(resource) && (options.type === undefined || resource.type === options.type),
  )
  if (options.json === true) {
    io.stdout(`${JSON.stringify(selected, null, 2)}\n`)
    return EXIT.ok
  }
  const lines: string[] = []
  if (options.type !== undefined) {
    for (const resource of selected) lines.push(formatResource(resource))
  } else {
    const children = new Map<string | undefined, InventoryResource[]>()
    const ids = new Set(selected.map((resource) => resource.id))
    for (const resource of selected) {
      const parent =
        resource.parent !== undefined && ids.has(resource.parent) ? resource.parent : undefined
      const siblings = children.get(parent)
      if (siblings === undefined) children.set(parent, [resource])
      else siblings.push(resource)
    }
    const walk = (parent: string | undefined, depth: number): void => {
      const list = [...(children.get(parent) ?? [])].sort(
        (a, b) =>
          Number(b.type === 'environment') - Number(a.type === 'environment') ||
          a.id.localeCompare(b.id),
      )
      for (const resource of list) {
        lines.push(`${'  '.repeat(depth)}${formatResource(resource)}`)
        walk(resource.id, depth + 1)
      }
    }
    walk(undefined, 0)
  }
  lines.push(`${selected.length} resource${selected.length === 1 ? '' : 's'}`)
  io.stdout(`${lines.join('\n')}\n`)
  return EXIT.ok
}

/** `airlock inventory stats`: counts of the snapshot per environment and type. */
export async function runInventoryStats(options: InventoryOptions, io: CliIo): Promise<number> {
  const summary = summarize(await readInventorySnapshot(options.config, io))
  io.stdout(
    options.json === true
      ? `${JSON.stringify(summary, null, 2)}\n`
      : `${[`imported ${summary.importedAt}`, ...formatSummary(summary)].join('\n')}\n`,
  )
  return EXIT.ok
}
