import type { SqlDialect } from '../../model/action.js'
import { isCommentStart, isIdentifierChar, skipSqlLiteral } from './sql-text-scanner.js'

/** A lexical token of a statement; comments and white space are dropped. */
export interface SqlToken {
  readonly kind: 'word' | 'quoted' | 'symbol'
  /** The token as written. */
  readonly text: string
  /** Words upper-cased, for keyword matching. */
  readonly upper: string
  readonly start: number
}

/** Splits a statement into words, quoted strings or names, and single-character symbols. */
export function tokenizeSql(text: string, dialect: SqlDialect): SqlToken[] {
  const tokens: SqlToken[] = []
  let i = 0
  while (i < text.length) {
    const char = text[i] as string
    if (char.trim() === '') {
      i++
      continue
    }
    const skipped = skipSqlLiteral(text, i, dialect)
    if (skipped !== i) {
      if (!isCommentStart(text, i, dialect)) {
        const quoted = text.slice(i, skipped)
        tokens.push({ kind: 'quoted', text: quoted, upper: quoted, start: i })
      }
      i = skipped
      continue
    }
    if (isIdentifierChar(char)) {
      let end = i + 1
      while (isIdentifierChar(text[end])) end++
      const word = text.slice(i, end)
      tokens.push({ kind: 'word', text: word, upper: word.toUpperCase(), start: i })
      i = end
      continue
    }
    tokens.push({ kind: 'symbol', text: char, upper: char, start: i })
    i++
  }
  return tokens
}
