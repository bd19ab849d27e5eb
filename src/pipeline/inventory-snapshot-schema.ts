import { z } from 'zod'

import type { Inventory } from '../model/inventory.js'
import { parseJsonDocument } from './json-document-schema.js'

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
  const { version: _version, ...inventory } = parseJsonDocument(
    SNAPSHOT,
    text,
    file,
    'an inventory snapshot',
  )
  return inventory
}
