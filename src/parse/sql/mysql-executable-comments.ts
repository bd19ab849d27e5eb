import { skipSqlLiteral } from './sql-text-scanner.js'

const OPENER = /\/\*M?!\d{0,6}/y

/**
 * Turns MySQL's executable comments into plain code: `/*!50000 DROP TABLE t *\/` runs on the
 * server, so its content must be analysed, not skipped. The markers become spaces, which keeps
 * every offset.
 */
export function revealMysqlExecutableComments(sql: string): string {
  if (!sql.includes('/*')) return sql
  let out = ''
  let copied = 0
  let i = 0
  while (i < sql.length) {
    OPENER.lastIndex = i
    const opener = sql[i] === '/' ? OPENER.exec(sql) : null
    if (opener !== null) {
      const close = sql.indexOf('*/', i + opener[0].length)
      const end = close === -1 ? sql.length : close
      out +=
        sql.slice(copied, i) + ' '.repeat(opener[0].length) + sql.slice(i + opener[0].length, end)
      if (close !== -1) out += '  '
      i = close === -1 ? sql.length : close + 2
      copied = i
      continue
    }
    const skipped = skipSqlLiteral(sql, i, 'mysql')
    i = skipped === i ? i + 1 : skipped
  }
  return out + sql.slice(copied)
}
