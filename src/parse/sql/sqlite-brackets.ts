import { skipSqlLiteral } from './sql-text-scanner.js'

/**
 * Rewrites SQLite's `[name]` identifiers as `"name"`, which the fallback grammars read. The
 * length stays the same, so offsets hold.
 */
export function quoteSqliteBrackets(sql: string): string {
  if (!sql.includes('[')) return sql
  let out = ''
  let copied = 0
  let i = 0
  while (i < sql.length) {
    const skipped = skipSqlLiteral(sql, i, 'sqlite')
    if (skipped === i) {
      i++
      continue
    }
    const inner = sql.slice(i + 1, skipped - 1)
    if (sql[i] === '[' && sql[skipped - 1] === ']' && !inner.includes('"')) {
      out += `${sql.slice(copied, i)}"${inner}"`
      copied = skipped
    }
    i = skipped
  }
  return out + sql.slice(copied)
}
