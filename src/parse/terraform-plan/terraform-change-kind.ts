import { quote } from './terraform-wording.js'

/** What one resource change does, read from its `change.actions` sequence. */
export type ChangeKind =
  | 'no-op'
  | 'create'
  | 'read'
  | 'update'
  | 'delete'
  | 'delete-then-create'
  | 'create-then-delete'
  | 'forget'
  | 'create-then-forget'
  | 'forget-then-create'

const ACTION_WORDS = new Set(['no-op', 'create', 'read', 'update', 'delete', 'forget'])

// Terraform and OpenTofu write every change as one of these sequences.
const SEQUENCES: ReadonlyMap<string, ChangeKind> = new Map<string, ChangeKind>([
  ['no-op', 'no-op'],
  ['create', 'create'],
  ['read', 'read'],
  ['update', 'update'],
  ['delete', 'delete'],
  ['delete,create', 'delete-then-create'],
  ['create,delete', 'create-then-delete'],
  ['forget', 'forget'],
  ['create,forget', 'create-then-forget'],
  ['forget,create', 'forget-then-create'],
])

/** A `change.actions` value that is not a sequence Terraform writes, and why. */
export interface UnknownActions {
  readonly problem: string
}

/**
 * Reads a `change.actions` sequence. An unknown word or an unknown combination of known words
 * gives the problem to report, never a guess.
 */
export function readChangeKind(actions: readonly string[]): ChangeKind | UnknownActions {
  const unknown = actions.find((action) => !ACTION_WORDS.has(action))
  if (unknown !== undefined) return { problem: `unknown action ${quote(unknown)}` }
  const kind = SEQUENCES.get(actions.join(','))
  return kind ?? { problem: `unknown action sequence ${quote(actions.join(', '))}` }
}

/** Whether the change destroys the object that exists now (a delete or either replace order). */
export function isDestroying(kind: ChangeKind): boolean {
  return kind === 'delete' || kind === 'delete-then-create' || kind === 'create-then-delete'
}

/** Whether the change replaces an object: a new one is created and the old one destroyed. */
export function isReplacing(kind: ChangeKind): boolean {
  return kind === 'delete-then-create' || kind === 'create-then-delete'
}

/** Whether an object existed before the change (anything but a fresh create or a read). */
export function existedBefore(kind: ChangeKind): boolean {
  return kind !== 'create' && kind !== 'read'
}
