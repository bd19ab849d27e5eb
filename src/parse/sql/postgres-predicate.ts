import type { A_Const, Node } from 'libpg-query'

import { dottedName, nodeAs, stringOf } from './postgres-node.js'
import {
  literalTruth,
  type SqlBooleanTest,
  type SqlCompareOperator,
  type SqlOperand,
  type SqlPredicate,
  UNKNOWN_PREDICATE,
} from './sql-predicate.js'

const OPERATORS: Readonly<Record<string, SqlCompareOperator>> = {
  '=': '=',
  '<>': '<>',
  '!=': '<>',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
  '~~': 'like',
  '~~*': 'like',
}

const BOOLEAN_TESTS: Readonly<Record<string, SqlBooleanTest>> = {
  IS_TRUE: 'true',
  IS_NOT_TRUE: 'not-true',
  IS_FALSE: 'false',
  IS_NOT_FALSE: 'not-false',
  IS_UNKNOWN: 'unknown',
  IS_NOT_UNKNOWN: 'not-unknown',
}

// libpg-query leaves out zero values: `{ ival: {} }` is 0 and `{ boolval: {} }` is false.
function constValue(constant: A_Const): string | number | boolean | null {
  if (constant.isnull === true) return null
  if (constant.ival !== undefined) return constant.ival.ival ?? 0
  if (constant.fval !== undefined) return Number(constant.fval.fval ?? '0')
  if (constant.boolval !== undefined) return constant.boolval.boolval ?? false
  if (constant.sval !== undefined) return constant.sval.sval ?? ''
  return constant.bsval?.bsval ?? null
}

function toOperand(node: Node | undefined): SqlOperand {
  const column = nodeAs(node, 'ColumnRef')
  if (column !== undefined) {
    const fields = column.fields ?? []
    return fields.every((field) => stringOf(field) !== undefined)
      ? { kind: 'column', name: dottedName(fields).toLowerCase() }
      : { kind: 'other' }
  }
  const constant = nodeAs(node, 'A_Const') ?? nodeAs(nodeAs(node, 'TypeCast')?.arg, 'A_Const')
  if (constant !== undefined) return { kind: 'literal', value: constValue(constant) }
  return { kind: 'other' }
}

function operatorName(names: readonly Node[] | undefined): string {
  return stringOf(names?.at(-1)) ?? ''
}

/** Reads a PostgreSQL condition (`whereClause`, a join's `ON`) into a dialect-neutral predicate. */
export function toPostgresPredicate(node: Node | undefined): SqlPredicate {
  if (node === undefined) return UNKNOWN_PREDICATE
  const bool = nodeAs(node, 'BoolExpr')
  if (bool !== undefined) {
    const operands = (bool.args ?? []).map(toPostgresPredicate)
    if (bool.boolop === 'NOT_EXPR')
      return { kind: 'not', operand: operands[0] ?? UNKNOWN_PREDICATE }
    return { kind: bool.boolop === 'OR_EXPR' ? 'or' : 'and', operands }
  }
  const constant = nodeAs(node, 'A_Const') ?? nodeAs(nodeAs(node, 'TypeCast')?.arg, 'A_Const')
  if (constant !== undefined) {
    const truth = literalTruth(constValue(constant))
    return truth === undefined ? UNKNOWN_PREDICATE : { kind: 'constant', value: truth }
  }
  const expr = nodeAs(node, 'A_Expr')
  if (expr !== undefined) {
    const left = toOperand(expr.lexpr)
    const right = toOperand(expr.rexpr)
    switch (expr.kind) {
      case 'AEXPR_OP':
      case 'AEXPR_LIKE':
      case 'AEXPR_ILIKE': {
        const name = operatorName(expr.name)
        const negated = name.startsWith('!~~')
        const operator = OPERATORS[negated ? name.slice(1) : name]
        if (operator === undefined) return UNKNOWN_PREDICATE
        const compare: SqlPredicate = { kind: 'compare', operator, left, right }
        return negated ? { kind: 'not', operand: compare } : compare
      }
      case 'AEXPR_IN': {
        const items = (nodeAs(expr.rexpr, 'List')?.items ?? []).map(toOperand)
        const negated = operatorName(expr.name) === '<>'
        return {
          kind: negated ? 'and' : 'or',
          operands: items.map((item) => ({
            kind: 'compare',
            operator: negated ? '<>' : '=',
            left,
            right: item,
          })),
        }
      }
      case 'AEXPR_BETWEEN':
      case 'AEXPR_NOT_BETWEEN': {
        const [low, high] = (nodeAs(expr.rexpr, 'List')?.items ?? []).map(toOperand)
        if (low === undefined || high === undefined) return UNKNOWN_PREDICATE
        const between: SqlPredicate = {
          kind: 'and',
          operands: [
            { kind: 'compare', operator: '>=', left, right: low },
            { kind: 'compare', operator: '<=', left, right: high },
          ],
        }
        return expr.kind === 'AEXPR_BETWEEN' ? between : { kind: 'not', operand: between }
      }
      case 'AEXPR_DISTINCT':
        return { kind: 'compare', operator: 'is-distinct', left, right }
      case 'AEXPR_NOT_DISTINCT':
        return { kind: 'compare', operator: 'is-not-distinct', left, right }
      case 'AEXPR_OP_ANY':
      case 'AEXPR_OP_ALL':
      case 'AEXPR_NULLIF':
      case 'AEXPR_SIMILAR':
      case 'AEXPR_BETWEEN_SYM':
      case 'AEXPR_NOT_BETWEEN_SYM':
      case undefined:
        return UNKNOWN_PREDICATE
    }
  }
  const exists = nodeAs(node, 'SubLink')
  if (exists?.subLinkType === 'EXISTS_SUBLINK') {
    const select = nodeAs(exists.subselect, 'SelectStmt')
    // `EXISTS (SELECT 1)` reads no table and always finds its one row.
    const constant =
      select !== undefined &&
      select.fromClause === undefined &&
      select.whereClause === undefined &&
      select.havingClause === undefined &&
      select.limitCount === undefined &&
      select.valuesLists === undefined &&
      select.op === 'SETOP_NONE'
    return constant ? { kind: 'constant', value: true } : UNKNOWN_PREDICATE
  }
  const nullTest = nodeAs(node, 'NullTest')
  if (nullTest !== undefined) {
    return {
      kind: 'null-test',
      operand: toOperand(nullTest.arg),
      isNull: nullTest.nulltesttype === 'IS_NULL',
    }
  }
  const booleanTest = nodeAs(node, 'BooleanTest')
  const test = BOOLEAN_TESTS[booleanTest?.booltesttype ?? '']
  if (booleanTest !== undefined && test !== undefined) {
    return { kind: 'boolean-test', operand: toPostgresPredicate(booleanTest.arg), test }
  }
  return UNKNOWN_PREDICATE
}
