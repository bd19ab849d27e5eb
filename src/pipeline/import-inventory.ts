import type { InventorySourceConfig } from '../model/gateway-config.js'
import type { Inventory } from '../model/inventory.js'
import { importCloudFormation } from '../simulate/inventory-sources/cloudformation-source.js'
import type { InventoryIssue } from '../simulate/inventory-sources/inventory-issue.js'
import type {
  InventoryPart,
  InventorySourceText,
} from '../simulate/inventory-sources/inventory-part.js'
import { importKubernetes } from '../simulate/inventory-sources/kubernetes-source.js'
import {
  type ImportedInventoryPart,
  mergeInventory,
} from '../simulate/inventory-sources/merge-inventory.js'
import { importTerraformState } from '../simulate/inventory-sources/terraform-state-source.js'
import { importInventoryYaml } from '../simulate/inventory-sources/yaml-inventory-source.js'

/** What went wrong in a source, for surfaces to print with its file and line. */
export type {
  InventoryIssue,
  InventoryIssueCode,
} from '../simulate/inventory-sources/inventory-issue.js'

/** One configured inventory source, read: its kind, file, text and environment. */
export interface InventorySourceDocument extends InventorySourceText {
  readonly kind: InventorySourceConfig['kind']
}

/** How one source went, for progress reports. */
export interface InventorySourceReport {
  readonly file: string
  readonly kind: InventorySourceConfig['kind']
  readonly resources: number
  readonly issues: number
  readonly milliseconds: number
}

/** The merged inventory, every issue, and how each source went. */
export interface InventoryImport {
  readonly inventory: Inventory
  readonly issues: readonly InventoryIssue[]
  readonly sources: readonly InventorySourceReport[]
}

function importPart(document: InventorySourceDocument): InventoryPart {
  switch (document.kind) {
    case 'terraform-state':
      return importTerraformState(document)
    case 'cloudformation':
      return importCloudFormation(document)
    case 'kubernetes':
      return importKubernetes(document)
    case 'yaml':
      return importInventoryYaml(document)
  }
}

/**
 * Imports the inventory sources of a configuration into one Inventory: each document through
 * the importer of its kind, then merged. Never throws on bad input; it is in `issues`.
 * `onSource` hears about each source as it is done (for progress on large imports).
 */
export function importInventory(
  documents: readonly InventorySourceDocument[],
  options: { readonly now: number; readonly onSource?: (report: InventorySourceReport) => void },
): InventoryImport {
  const parts: ImportedInventoryPart[] = []
  const sources: InventorySourceReport[] = []
  for (const document of documents) {
    const start = performance.now()
    const part = importPart(document)
    const report = {
      file: document.file,
      kind: document.kind,
      resources: part.resources.length - part.implied.length,
      issues: part.issues.length,
      milliseconds: performance.now() - start,
    }
    sources.push(report)
    options.onSource?.(report)
    parts.push({
      part,
      file: document.file,
      ...(document.environment === undefined ? {} : { environment: document.environment }),
    })
  }
  const { inventory, issues } = mergeInventory(parts, options.now)
  return { inventory, issues, sources }
}
