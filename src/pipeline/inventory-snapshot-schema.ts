import { z } from 'zod'

import { ApiError } from '../model/errors.js'
import type { Inventory } from '../model/inventory.js'

const SNAPSHOT_VERSION = 1

const TEXT = z.string().min(1)

const RESOURCE = z.strictObject({
  id: TEXT,
  type: TEXT,
  name: z.string(),
  environment: TEXT.optional(),
  identifiers: z.strictObject({
    arn: TEXT.optional(),
    terraformAddress: TEXT.optional(),
    physicalId: TEXT.optional(),
    stack: TEXT.optional(),
    logicalId: TEXT.optional(),
    kubernetes: z.strictObject({ kind: TEXT, namespace: TEXT.optional(), name: TEXT }).optional(),
    database: TEXT.optional(),
    names: z.array(z.string()),
  }),
  facts: z.strictObject({
    stateful: z.boolean(),
    recentBackup: z.boolean(),
    customerFacing: z.boolean(),
    service: TEXT.optional(),
    rebuildMinutes: z.number().nonnegative().optional(),
  }),
  parent: TEXT.optional(),
  source: z.string(),
})

const SNAPSHOT = z.strictObject({
  version: z.literal(SNAPSHOT_VERSION, {
    error: `expected version ${SNAPSHOT_VERSION}: re-run \`airlock inventory import\``,
  }),
  importedAt: z.number().int().nonnegative(),
  resources: z.array(RESOURCE),
  dependencies: z.array(z.strictObject({ from: TEXT, to: TEXT })),
  objectives: z.array(
    z.strictObject({
      service: TEXT,
      objective: z.number().gt(0).lt(1),
      windowDays: z.number().positive(),
    }),
  ),
})

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((segment, index) =>
      typeof segment === 'number' ? `[${segment}]` : `${index === 0 ? '' : '.'}${String(segment)}`,
    )
    .join('')
}

/** The inventory snapshot (`.airlock/inventory.json`) as JSON text. */
export function formatInventorySnapshot(inventory: Inventory): string {
  const { importedAt, resources, dependencies, objectives } = inventory
  return `${JSON.stringify({ version: SNAPSHOT_VERSION, importedAt, resources, dependencies, objectives })}\n`
}

/**
 * Reads an inventory snapshot written by `airlock inventory import`, checked field by field.
 * Throws ApiError `input_invalid` naming the file and field when it is not one.
 * @example
 * loadInventorySnapshot(await readFile('.airlock/inventory.json', 'utf8'))
 */
export function loadInventorySnapshot(text: string, file = '.airlock/inventory.json'): Inventory {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new ApiError('input_invalid', `\`${file}\`: not valid JSON: ${reason}`, { cause: error })
  }
  const result = SNAPSHOT.safeParse(value)
  if (!result.success) {
    const issue = result.error.issues[0]
    const field =
      issue === undefined || issue.path.length === 0 ? '' : `field \`${formatPath(issue.path)}\`: `
    throw new ApiError(
      'input_invalid',
      `\`${file}\`: ${field}${issue?.message ?? 'not an inventory snapshot'}`,
      { data: { file, field: issue === undefined ? '' : formatPath(issue.path) } },
    )
  }
  const { version: _version, ...inventory } = result.data
  return inventory
}
