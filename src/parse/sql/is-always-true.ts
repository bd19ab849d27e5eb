import type { SqlCompareOperator, SqlOperand, SqlPredicate } from './sql-predicate.js'

/** SQL's three truth values, plus `varies` for a value that depends on the row. */
type Truth = 'true' | 'false' | 'null' | 'varies'

const MAX_NULLABLE_COLUMNS = 6
// A lower bound at or before this instant excludes no stored timestamp.
const EARLIEST_DATE = Date.UTC(1970, 0, 2)
const KEY_COLUMN = /(^|\.)(id|\w+_id)$/
// A column named `id` is a primary key, which is never NULL.
const PRIMARY_KEY = /(^|\.)id$/
const ISO_DATE = /^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}(:?\d{2})?)?$/

function negate(truth: Truth): Truth {
  return truth === 'true' ? 'false' : truth === 'false' ? 'true' : truth
}

function operandKey(operand: SqlOperand): string | undefined {
  if (operand.kind === 'column') return `c:${operand.name}`
  if (operand.kind === 'literal' && operand.value !== null)
    return `l:${typeof operand.value}:${String(operand.value)}`
  return undefined
}

function isNullValued(operand: SqlOperand, nulls: ReadonlySet<string>): boolean {
  return (
    (operand.kind === 'literal' && operand.value === null) ||
    (operand.kind === 'column' && nulls.has(operand.name))
  )
}

/**
 * An atom for spotting `p OR NOT p`: a comparison between known operands that are not NULL,
 * in a canonical form. `a > b` is `b < a`; `a >= b` is `NOT (a < b)`; `a <> b` is `NOT (a = b)`.
 */
function atomOf(
  predicate: SqlPredicate,
  nulls: ReadonlySet<string>,
): { key: string; positive: boolean } | undefined {
  if (predicate.kind === 'not') {
    const inner = atomOf(predicate.operand, nulls)
    return inner === undefined ? undefined : { key: inner.key, positive: !inner.positive }
  }
  if (
    predicate.kind !== 'compare' ||
    isNullValued(predicate.left, nulls) ||
    isNullValued(predicate.right, nulls)
  ) {
    return undefined
  }
  const left = operandKey(predicate.left)
  const right = operandKey(predicate.right)
  if (left === undefined || right === undefined) return undefined
  const [low, high] = left < right ? [left, right] : [right, left]
  switch (predicate.operator) {
    case '=':
      return { key: `=|${low}|${high}`, positive: true }
    case '<>':
      return { key: `=|${low}|${high}`, positive: false }
    case '<':
      return { key: `<|${left}|${right}`, positive: true }
    case '>':
      return { key: `<|${right}|${left}`, positive: true }
    case '>=':
      return { key: `<|${left}|${right}`, positive: false }
    case '<=':
      return { key: `<|${right}|${left}`, positive: false }
    case 'like':
    case 'is-distinct':
    case 'is-not-distinct':
      return undefined
  }
}

function hasComplementaryPair(
  operands: readonly SqlPredicate[],
  nulls: ReadonlySet<string>,
): boolean {
  const seen = new Map<string, boolean>()
  for (const operand of operands) {
    const atom = atomOf(operand, nulls)
    if (atom === undefined) continue
    const other = seen.get(atom.key)
    if (other !== undefined && other !== atom.positive) return true
    seen.set(atom.key, atom.positive)
  }
  return false
}

function dateOf(operand: SqlOperand): number | undefined {
  if (
    operand.kind !== 'literal' ||
    typeof operand.value !== 'string' ||
    !ISO_DATE.test(operand.value)
  )
    return undefined
  const time = Date.parse(operand.value.replace(' ', 'T'))
  return Number.isNaN(time) ? undefined : time
}

function compareValues(operator: SqlCompareOperator, order: number): Truth {
  switch (operator) {
    case '=':
    case 'is-not-distinct':
      return order === 0 ? 'true' : 'false'
    case '<>':
    case 'is-distinct':
      return order !== 0 ? 'true' : 'false'
    case '<':
      return order < 0 ? 'true' : 'false'
    case '<=':
      return order <= 0 ? 'true' : 'false'
    case '>':
      return order > 0 ? 'true' : 'false'
    case '>=':
      return order >= 0 ? 'true' : 'false'
    case 'like':
      return 'varies'
  }
}

function compareLiterals(operator: SqlCompareOperator, left: SqlOperand, right: SqlOperand): Truth {
  if (left.kind !== 'literal' || right.kind !== 'literal') return 'varies'
  const a = left.value
  const b = right.value
  if (operator === 'like') {
    return typeof a === 'string' && typeof b === 'string' && /^%+$/.test(b) ? 'true' : 'varies'
  }
  if (typeof a === 'number' && typeof b === 'number') return compareValues(operator, a - b)
  const dateA = dateOf(left)
  const dateB = dateOf(right)
  if (dateA !== undefined && dateB !== undefined) return compareValues(operator, dateA - dateB)
  if (
    typeof a === typeof b &&
    (operator === '=' || operator === '<>' || operator.includes('distinct'))
  ) {
    return compareValues(operator, a === b ? 0 : 1)
  }
  return 'varies'
}

// `created_at < '2999-01-01'` holds for every stored row: the bound lies in the future.
function coversEveryDate(
  operator: SqlCompareOperator,
  column: SqlOperand,
  bound: SqlOperand,
  now: number,
): boolean {
  const date = dateOf(bound)
  if (column.kind !== 'column' || date === undefined) return false
  if (operator === '<' || operator === '<=') return date > now
  if (operator === '>' || operator === '>=') return date < EARLIEST_DATE
  return false
}

// Generated keys are positive: `id > 0`, `id >= 1` and `id <> 0` hold for every row. This is the
// usual way around MySQL's safe-updates mode.
function coversEveryKey(
  operator: SqlCompareOperator,
  column: SqlOperand,
  bound: SqlOperand,
): boolean {
  if (column.kind !== 'column' || !KEY_COLUMN.test(column.name)) return false
  if (bound.kind !== 'literal' || typeof bound.value !== 'number') return false
  if (operator === '>' || operator === '<>') return bound.value <= 0
  if (operator === '>=') return bound.value <= 1
  return false
}

const MIRRORED: Partial<Record<SqlCompareOperator, SqlCompareOperator>> = {
  '<': '>',
  '<=': '>=',
  '>': '<',
  '>=': '<=',
  '<>': '<>',
}

function evaluateCompare(
  predicate: Extract<SqlPredicate, { kind: 'compare' }>,
  nulls: ReadonlySet<string>,
  now: number,
): Truth {
  const { operator, left, right } = predicate
  const leftNull = isNullValued(left, nulls)
  const rightNull = isNullValued(right, nulls)
  if (operator === 'is-distinct' || operator === 'is-not-distinct') {
    if (leftNull || rightNull) {
      const distinct = leftNull !== rightNull
      return (operator === 'is-distinct') === distinct ? 'true' : 'false'
    }
  } else if (leftNull || rightNull) return 'null'
  if (left.kind === 'column' && right.kind === 'column' && left.name === right.name) {
    return compareValues(operator === 'like' ? '=' : operator, 0)
  }
  if (operator === 'like') {
    return left.kind === 'column' &&
      right.kind === 'literal' &&
      typeof right.value === 'string' &&
      /^%+$/.test(right.value)
      ? 'true'
      : compareLiterals(operator, left, right)
  }
  if (coversEveryDate(operator, left, right, now) || coversEveryKey(operator, left, right))
    return 'true'
  const mirrored = MIRRORED[operator]
  if (
    mirrored !== undefined &&
    (coversEveryDate(mirrored, right, left, now) || coversEveryKey(mirrored, right, left))
  ) {
    return 'true'
  }
  return compareLiterals(operator, left, right)
}

function evaluateJunction(values: readonly Truth[], dominant: 'true' | 'false'): Truth {
  if (values.includes(dominant)) return dominant
  const neutral = dominant === 'true' ? 'false' : 'true'
  if (values.every((value) => value === neutral)) return neutral
  if (values.every((value) => value === neutral || value === 'null')) return 'null'
  return 'varies'
}

function evaluate(predicate: SqlPredicate, nulls: ReadonlySet<string>, now: number): Truth {
  switch (predicate.kind) {
    case 'constant':
      return predicate.value === null ? 'null' : predicate.value ? 'true' : 'false'
    case 'not':
      return negate(evaluate(predicate.operand, nulls, now))
    case 'and':
    case 'or': {
      const dominant = predicate.kind === 'or' ? 'true' : 'false'
      const value = evaluateJunction(
        predicate.operands.map((operand) => evaluate(operand, nulls, now)),
        dominant,
      )
      return value === 'varies' && hasComplementaryPair(predicate.operands, nulls)
        ? dominant
        : value
    }
    case 'compare':
      return evaluateCompare(predicate, nulls, now)
    case 'null-test': {
      const { operand, isNull } = predicate
      if (operand.kind === 'other') return 'varies'
      return isNullValued(operand, nulls) === isNull ? 'true' : 'false'
    }
    case 'boolean-test': {
      const value = evaluate(predicate.operand, nulls, now)
      if (value === 'varies') return 'varies'
      const holds =
        predicate.test === 'true' || predicate.test === 'not-true'
          ? value === 'true'
          : predicate.test === 'false' || predicate.test === 'not-false'
            ? value === 'false'
            : value === 'null'
      return holds === !predicate.test.startsWith('not-') ? 'true' : 'false'
    }
    case 'unknown':
      return 'varies'
  }
}

function addNullable(operand: SqlOperand, into: Set<string>): void {
  if (operand.kind === 'column' && !PRIMARY_KEY.test(operand.name)) into.add(operand.name)
}

function collectNullTested(predicate: SqlPredicate, into: Set<string>): Set<string> {
  switch (predicate.kind) {
    case 'and':
    case 'or':
      for (const operand of predicate.operands) collectNullTested(operand, into)
      break
    case 'not':
    case 'boolean-test':
      collectNullTested(predicate.operand, into)
      break
    case 'null-test':
      addNullable(predicate.operand, into)
      break
    case 'compare':
      if (predicate.operator === 'is-distinct' || predicate.operator === 'is-not-distinct') {
        addNullable(predicate.left, into)
        addNullable(predicate.right, into)
      }
      break
    case 'constant':
    case 'unknown':
      break
  }
  return into
}

/**
 * True when a `WHERE` condition holds for every row: `1 = 1`, `true`, `'a' = 'a'`, `x = x`,
 * `x IS NULL OR x IS NOT NULL`, `x = 1 OR x <> 1`, `NOT false`, `x LIKE '%'`, a date bound
 * beyond every stored row (`created_at < '2999-01-01'`, with `now` as the present), or a key
 * bound below every generated key (`id > 0`).
 *
 * Columns count as NOT NULL, as keys and timestamps usually are, unless the condition tests
 * them for NULL; then both cases must hold. A column named `id` never counts as NULL.
 */
export function isAlwaysTrue(predicate: SqlPredicate, now: number): boolean {
  const nullable = [...collectNullTested(predicate, new Set())]
  // Beyond the limit only the NOT NULL case is checked, which can only flag more conditions.
  const cases = nullable.length > MAX_NULLABLE_COLUMNS ? 1 : 1 << nullable.length
  for (let mask = 0; mask < cases; mask++) {
    const nulls = new Set(nullable.filter((_, index) => (mask & (1 << index)) !== 0))
    if (evaluate(predicate, nulls, now) !== 'true') return false
  }
  return true
}
