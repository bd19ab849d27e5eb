/**
 * Why part of an inventory source could not be used as written:
 * - `inventory_unreadable`: the document is not JSON/YAML, or not the expected shape at all
 * - `inventory_invalid_entry`: one entry is malformed and was skipped
 * - `inventory_incomplete`: the document says it is only part of the answer (a `NextToken`)
 * - `inventory_unmatched`: an annotation, dependency or service resource names nothing known
 * - `inventory_duplicate`: two sources describe the same resource in the same environment
 */
export type InventoryIssueCode =
  | 'inventory_unreadable'
  | 'inventory_invalid_entry'
  | 'inventory_incomplete'
  | 'inventory_unmatched'
  | 'inventory_duplicate'

/** A problem met while importing a source; importers report issues instead of throwing. */
export interface InventoryIssue {
  readonly code: InventoryIssueCode
  readonly message: string
  /** The source file, as configured. */
  readonly file: string
  /** Where in a JSON document: `values.root_module.resources[3].address`. */
  readonly path?: readonly (string | number)[]
  /** Where in a YAML document, from 1. */
  readonly line?: number
}
