import { setOwn } from './set-own.js'
import type { JsonPath } from './terraform-json-path.js'

/** What a redacted value is replaced with. */
export const SENSITIVE_PLACEHOLDER = '(sensitive)'

// Deeper than any real plan; stops runaway recursion on cyclic or hostile input.
const DEEPEST = 256
const TOO_DEEP = '(too deep)'

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null
}

function childOf(mask: unknown, key: string | number): unknown {
  return isObject(mask) ? mask[String(key)] : undefined
}

/**
 * Whether a path in a `before`/`after` value is marked sensitive by its mask (`before_sensitive`,
 * `after_sensitive`, `sensitive_values`): the mask has the value's shape with `true` at a
 * sensitive leaf or over a whole sensitive object.
 *
 * @example
 * isSensitivePath({ password: true }, ['password']) // true
 * isSensitivePath({ tags: {} }, ['tags', 'Env']) // false
 */
export function isSensitivePath(mask: unknown, path: JsonPath): boolean {
  let node = mask
  for (const key of path) {
    if (node === true) return true
    node = childOf(node, key)
  }
  return node === true
}

/**
 * Copies a value, replacing every part its mask marks sensitive with the placeholder. Nulls stay
 * null: they hide nothing. Without a mask this is a plain deep copy.
 */
export function maskSensitive(value: unknown, mask: unknown, depth = 0): unknown {
  if (mask === true) return value === null || value === undefined ? value : SENSITIVE_PLACEHOLDER
  if (!isObject(value)) return value
  if (depth > DEEPEST) return TOO_DEEP
  const masked = isObject(mask) ? mask : undefined
  if (Array.isArray(value)) {
    return value.map((item: unknown, index) => maskSensitive(item, masked?.[index], depth + 1))
  }
  const copy: Record<string, unknown> = {}
  for (const key of Object.keys(value)) {
    setOwn(copy, key, maskSensitive(value[key], masked?.[key], depth + 1))
  }
  return copy
}

/** Joins two masks: a path is sensitive in the result when it is in either. */
export function mergeMasks(a: unknown, b: unknown, depth = 0): unknown {
  if (a === true || b === true) return true
  if (!isObject(a)) return isObject(b) ? b : undefined
  if (!isObject(b) || depth > DEEPEST) return a
  const merged: Record<string, unknown> = {}
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    setOwn(merged, key, mergeMasks(a[key], b[key], depth + 1))
  }
  return merged
}

/**
 * Folds the items of every list in a mask into one item, for configuration blocks that are
 * written once and expand to many values: `[{}, {value: true}]` gives `{value: true}`.
 */
export function collapseMask(mask: unknown, depth = 0): unknown {
  if (!isObject(mask) || depth > DEEPEST) return mask
  if (Array.isArray(mask)) {
    return collapseMask(
      mask.reduce<unknown>((joined, item) => mergeMasks(joined, item), undefined),
      depth + 1,
    )
  }
  const collapsed: Record<string, unknown> = {}
  for (const [key, item] of Object.entries(mask))
    setOwn(collapsed, key, collapseMask(item, depth + 1))
  return collapsed
}
