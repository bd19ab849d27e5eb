/** A value in a condition, as far as it matters for telling whether the condition is constant. */
export type SqlOperand =
  | { readonly kind: 'column'; readonly name: string }
  | { readonly kind: 'literal'; readonly value: string | number | boolean | null }
  | { readonly kind: 'other' }

/** Comparison operators the evaluator understands. */
export type SqlCompareOperator =
  '=' | '<>' | '<' | '<=' | '>' | '>=' | 'like' | 'is-distinct' | 'is-not-distinct'

/** Tests of `IS [NOT] TRUE / FALSE / UNKNOWN`. */
export type SqlBooleanTest = 'true' | 'not-true' | 'false' | 'not-false' | 'unknown' | 'not-unknown'

/**
 * A `WHERE` condition reduced to what decides whether it holds for every row, whatever the
 * SQL dialect it came from. Anything else is `unknown`.
 */
export type SqlPredicate =
  | { readonly kind: 'constant'; readonly value: boolean | null }
  | { readonly kind: 'and' | 'or'; readonly operands: readonly SqlPredicate[] }
  | { readonly kind: 'not'; readonly operand: SqlPredicate }
  | {
      readonly kind: 'compare'
      readonly operator: SqlCompareOperator
      readonly left: SqlOperand
      readonly right: SqlOperand
    }
  | { readonly kind: 'null-test'; readonly operand: SqlOperand; readonly isNull: boolean }
  | { readonly kind: 'boolean-test'; readonly operand: SqlPredicate; readonly test: SqlBooleanTest }
  | { readonly kind: 'unknown' }

/** The predicate for anything the converters cannot read. */
export const UNKNOWN_PREDICATE: SqlPredicate = { kind: 'unknown' }

/** The truth of a literal used as a whole condition (`WHERE 1`, `WHERE 'true'`). */
export function literalTruth(value: string | number | boolean | null): boolean | null | undefined {
  if (value === null || typeof value === 'boolean') return value
  if (typeof value === 'number') return value !== 0
  const text = value.trim().toLowerCase()
  if (['t', 'true', 'y', 'yes', 'on', '1'].includes(text)) return true
  if (['f', 'false', 'n', 'no', 'off', '0'].includes(text)) return false
  return undefined
}
