/**
 * @module simulate/inventory-sources
 * Importers of the inventory twin: the text of one source (Terraform state, CloudFormation,
 * Kubernetes, hand-written YAML) in, an InventoryPart out; merge-inventory joins the parts into
 * one model/ Inventory. Pure: no I/O, never throws on bad input. Imports model/ only.
 */
import type {
  InventoryDependency,
  InventoryResource,
  ServiceObjective,
} from '../../model/inventory.js'
import type { InventoryAnnotation } from './inventory-annotation.js'
import type { InventoryIssue } from './inventory-issue.js'

/** One source document handed to an importer: its text, file name and configured environment. */
export interface InventorySourceText {
  readonly text: string
  /** The file name, used as each resource's `source` and in issues. */
  readonly file: string
  readonly environment?: string
}

/**
 * What one source contributes to the inventory. Ids, parents and dependencies are the source's
 * own (`tf:…`, `k8s:…`); merge-inventory makes them unique across sources.
 */
export interface InventoryPart {
  readonly resources: readonly InventoryResource[]
  readonly dependencies: readonly InventoryDependency[]
  readonly objectives: readonly ServiceObjective[]
  /** Facts and dependencies the hand-written YAML adds to resources of other sources. */
  readonly annotations: readonly InventoryAnnotation[]
  /** Ids of resources known only by reference (an owner, a namespace, a stack), not listed. */
  readonly implied: readonly string[]
  readonly issues: readonly InventoryIssue[]
}

/** A part with nothing in it but issues. */
export function emptyInventoryPart(issues: readonly InventoryIssue[] = []): InventoryPart {
  return { resources: [], dependencies: [], objectives: [], annotations: [], implied: [], issues }
}
