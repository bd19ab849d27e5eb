import { describe, expect, it } from 'vitest'

import { isAlwaysTrue } from './is-always-true.js'
import type { SqlOperand, SqlPredicate } from './sql-predicate.js'

const NOW = Date.UTC(2026, 0, 1)
const column = (name: string): SqlOperand => ({ kind: 'column', name })
const literal = (value: string | number | boolean | null): SqlOperand => ({
  kind: 'literal',
  value,
})
const compare = (
  left: SqlOperand,
  operator: Extract<SqlPredicate, { kind: 'compare' }>['operator'],
  right: SqlOperand,
): SqlPredicate => ({ kind: 'compare', operator, left, right })
const isNull = (operand: SqlOperand, yes = true): SqlPredicate => ({
  kind: 'null-test',
  operand,
  isNull: yes,
})
const or = (...operands: SqlPredicate[]): SqlPredicate => ({ kind: 'or', operands })
const and = (...operands: SqlPredicate[]): SqlPredicate => ({ kind: 'and', operands })
const not = (operand: SqlPredicate): SqlPredicate => ({ kind: 'not', operand })

describe('isAlwaysTrue', () => {
  it.each([
    ['1 = 1', compare(literal(1), '=', literal(1))],
    ['x = x', compare(column('x'), '=', column('x'))],
    ['x IS NULL OR x IS NOT NULL', or(isNull(column('x')), isNull(column('x'), false))],
    ['x = x OR x IS NULL', or(compare(column('x'), '=', column('x')), isNull(column('x')))],
    [
      'a < b OR a >= b',
      or(compare(column('a'), '<', column('b')), compare(column('a'), '>=', column('b'))),
    ],
    ['NOT (1 = 2)', not(compare(literal(1), '=', literal(2)))],
    ['x = 5 OR true', or(compare(column('x'), '=', literal(5)), { kind: 'constant', value: true })],
    ["created_at < '2030-01-01'", compare(column('created_at'), '<', literal('2030-01-01'))],
    ["'1900-01-01' < created_at", compare(literal('1900-01-01'), '<', column('created_at'))],
    ['id IS NOT NULL', isNull(column('id'), false)],
    ['order_id >= 1', compare(column('order_id'), '>=', literal(1))],
  ])('holds for `%s`', (_sql, predicate) => {
    expect(isAlwaysTrue(predicate, NOW)).toBe(true)
  })

  it.each([
    ['x = 5', compare(column('x'), '=', literal(5))],
    [
      'x = x AND x IS NOT NULL when x may be NULL',
      and(isNull(column('x')), compare(column('x'), '=', column('x'))),
    ],
    ['deleted_at IS NOT NULL', isNull(column('deleted_at'), false)],
    ['NULL = NULL', compare(literal(null), '=', literal(null))],
    ['NOT (x = 5)', not(compare(column('x'), '=', literal(5)))],
    ["created_at < '2025-06-01'", compare(column('created_at'), '<', literal('2025-06-01'))],
    ['order_id > 100', compare(column('order_id'), '>', literal(100))],
    ['unknown', { kind: 'unknown' }],
  ])('does not hold for `%s`', (_sql, predicate) => {
    expect(isAlwaysTrue(predicate as SqlPredicate, NOW)).toBe(false)
  })

  it('judges a date bound against the present it is given', () => {
    const bound = compare(column('created_at'), '<', literal('2030-01-01'))
    expect(isAlwaysTrue(bound, Date.UTC(2031, 0, 1))).toBe(false)
  })
})
