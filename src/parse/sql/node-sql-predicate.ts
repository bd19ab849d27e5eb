import {
  literalTruth,
  type SqlCompareOperator,
  type SqlOperand,
  type SqlPredicate,
  UNKNOWN_PREDICATE,
} from './sql-predicate.js'

type AstNode = Readonly<Record<string, unknown>>

const COMPARISONS: Readonly<Record<string, SqlCompareOperator>> = {
  '=': '=',
  '==': '=',
  '<>': '<>',
  '!=': '<>',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
  '<=>': 'is-not-distinct',
  LIKE: 'like',
  IS: 'is-not-distinct',
  'IS NOT': 'is-distinct',
}
const STRING_TYPES = new Set([
  'single_quote_string',
  'string',
  'natural_string',
  'date',
  'datetime',
  'time',
  'timestamp',
])

function isNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

// `'12abc'` counts as 12 and `'abc'` as 0 when MySQL or SQLite use a string as a condition.
function numericPrefix(text: string): number {
  const match = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/.exec(text)
  return match === null ? 0 : Number(match[0])
}

function columnName(node: AstNode): string | undefined {
  const column = node.column
  const name =
    typeof column === 'string'
      ? column
      : isNode(column) && isNode(column.expr) && typeof column.expr.value === 'string'
        ? column.expr.value
        : undefined
  if (name === undefined || name === '*') return undefined
  return (
    typeof node.table === 'string' && node.table !== '' ? `${node.table}.${name}` : name
  ).toLowerCase()
}

function toOperand(value: unknown, sqlite: boolean): SqlOperand {
  if (!isNode(value)) return { kind: 'other' }
  const type = value.type
  if (type === 'column_ref') {
    const name = columnName(value)
    return name === undefined ? { kind: 'other' } : { kind: 'column', name }
  }
  // SQLite reads "name" as a column when one exists; MySQL reads it as a string.
  if (type === 'double_quote_string' && sqlite && typeof value.value === 'string') {
    return { kind: 'column', name: value.value.toLowerCase() }
  }
  if (type === 'number' && typeof value.value === 'number')
    return { kind: 'literal', value: value.value }
  if (type === 'bool' && typeof value.value === 'boolean')
    return { kind: 'literal', value: value.value }
  if (type === 'null') return { kind: 'literal', value: null }
  if (
    (STRING_TYPES.has(String(type)) || type === 'double_quote_string') &&
    typeof value.value === 'string'
  ) {
    return { kind: 'literal', value: value.value }
  }
  return { kind: 'other' }
}

/**
 * Reads a node-sql-parser condition (`where`, a join's `on`) into a dialect-neutral predicate,
 * with the target database's semantics: in MySQL `||` is `OR`, in SQLite it joins strings.
 */
export function toNodeSqlPredicate(value: unknown, dialect: 'mysql' | 'sqlite'): SqlPredicate {
  if (!isNode(value)) return UNKNOWN_PREDICATE
  const sqlite = dialect === 'sqlite'
  const type = value.type
  if (type === 'binary_expr' && typeof value.operator === 'string') {
    const operator = value.operator.toUpperCase()
    if (operator === 'AND' || operator === '&&') {
      return {
        kind: 'and',
        operands: [
          toNodeSqlPredicate(value.left, dialect),
          toNodeSqlPredicate(value.right, dialect),
        ],
      }
    }
    if (operator === 'OR' || (operator === '||' && !sqlite)) {
      return {
        kind: 'or',
        operands: [
          toNodeSqlPredicate(value.left, dialect),
          toNodeSqlPredicate(value.right, dialect),
        ],
      }
    }
    const right = isNode(value.right) ? value.right : undefined
    if (
      (operator === 'IS' || operator === 'IS NOT') &&
      right?.type === 'bool' &&
      typeof right.value === 'boolean'
    ) {
      const holds = (operator === 'IS') === right.value
      return {
        kind: 'boolean-test',
        operand: toNodeSqlPredicate(value.left, dialect),
        test: holds ? 'true' : 'not-true',
      }
    }
    if ((operator === 'IS' || operator === 'IS NOT') && right?.type === 'null') {
      return {
        kind: 'null-test',
        operand: toOperand(value.left, sqlite),
        isNull: operator === 'IS',
      }
    }
    const listed =
      isNode(value.right) && value.right.type === 'expr_list' && Array.isArray(value.right.value)
        ? value.right.value
        : undefined
    const left = toOperand(value.left, sqlite)
    if ((operator === 'IN' || operator === 'NOT IN') && listed !== undefined) {
      const negated = operator === 'NOT IN'
      return {
        kind: negated ? 'and' : 'or',
        operands: listed.map((item) => ({
          kind: 'compare',
          operator: negated ? '<>' : '=',
          left,
          right: toOperand(item, sqlite),
        })),
      }
    }
    if ((operator === 'BETWEEN' || operator === 'NOT BETWEEN') && listed?.length === 2) {
      const between: SqlPredicate = {
        kind: 'and',
        operands: [
          { kind: 'compare', operator: '>=', left, right: toOperand(listed[0], sqlite) },
          { kind: 'compare', operator: '<=', left, right: toOperand(listed[1], sqlite) },
        ],
      }
      return operator === 'BETWEEN' ? between : { kind: 'not', operand: between }
    }
    if (operator === 'NOT LIKE') {
      return {
        kind: 'not',
        operand: {
          kind: 'compare',
          operator: 'like',
          left: toOperand(value.left, sqlite),
          right: toOperand(value.right, sqlite),
        },
      }
    }
    const compare = COMPARISONS[operator]
    if (compare === undefined) return UNKNOWN_PREDICATE
    return {
      kind: 'compare',
      operator: compare,
      left: toOperand(value.left, sqlite),
      right: toOperand(value.right, sqlite),
    }
  }
  if (type === 'unary_expr' && (value.operator === 'NOT' || value.operator === '!')) {
    return { kind: 'not', operand: toNodeSqlPredicate(value.expr, dialect) }
  }
  const operand = toOperand(value, sqlite)
  if (operand.kind !== 'literal') return UNKNOWN_PREDICATE
  const truth =
    typeof operand.value === 'string'
      ? numericPrefix(operand.value) !== 0
      : literalTruth(operand.value)
  return truth === undefined ? UNKNOWN_PREDICATE : { kind: 'constant', value: truth }
}
