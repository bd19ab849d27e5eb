import type { SqlDialect } from '../../model/action.js'
import { isCommentStart, skipSqlLiteral } from './sql-text-scanner.js'

/** The length of the white space and comments a statement's text starts with. */
export function leadingCommentLength(text: string, dialect: SqlDialect): number {
  let i = 0
  while (i < text.length) {
    if (text.charCodeAt(i) <= 32) i++
    else if (isCommentStart(text, i, dialect)) i = skipSqlLiteral(text, i, dialect)
    else break
  }
  return i
}

/** A psql variable the text refers to (`:name`, `:'name'`, `:"name"`), outside strings and `::` casts. */
export function findPsqlVariable(text: string): string | undefined {
  let i = 0
  while (i < text.length) {
    const skipped = skipSqlLiteral(text, i, 'postgres')
    if (skipped !== i) {
      i = skipped
      continue
    }
    if (text[i] === ':' && text[i - 1] !== ':' && text[i + 1] !== ':') {
      const match = /^:(['"]?)([A-Za-z_]\w*)\1/.exec(text.slice(i, i + 80))
      if (match !== null) return match[2]
    }
    i++
  }
  return undefined
}
