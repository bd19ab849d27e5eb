import type { ResourceSelector } from './resource-selector.js'

/** Facts hand-written YAML sets on a resource; absent fields leave the imported value. */
export interface AnnotatedFacts {
  readonly service?: string
  readonly customerFacing?: boolean
  readonly stateful?: boolean
  readonly recentBackup?: boolean
  readonly rebuildMinutes?: number
}

/**
 * A statement of the hand-written YAML about resources other sources import: the facts to set
 * on every match, and what they depend on. Matching nothing is an issue at `line`.
 */
export interface InventoryAnnotation {
  readonly match: ResourceSelector
  readonly facts: AnnotatedFacts
  /** What every match depends on; also an issue when it matches nothing. */
  readonly dependsOn: readonly ResourceSelector[]
  /** `dependency` annotations only state `dependsOn`, and need a match for each side. */
  readonly role: 'annotation' | 'dependency' | 'service-resource'
  readonly file: string
  readonly line: number
  /** Environment of the YAML source: the annotation applies only there when set. */
  readonly environment?: string
}
