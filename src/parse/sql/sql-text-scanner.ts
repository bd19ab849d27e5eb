import type { SqlDialect } from '../../model/action.js'

const DOLLAR_QUOTE = /\$([A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)?\$/y

/** True for characters that may continue an unquoted identifier (`a`, `_`, `$`, `9`, `é`). */
export function isIdentifierChar(char: string | undefined): boolean {
  if (char === undefined) return false
  const code = char.charCodeAt(0)
  return (
    (code >= 97 && code <= 122) ||
    (code >= 65 && code <= 90) ||
    (code >= 48 && code <= 57) ||
    code === 95 ||
    code === 36 ||
    code >= 128
  )
}

function skipQuoted(text: string, start: number, quote: string, backslash: boolean): number {
  let i = start + 1
  while (i < text.length) {
    const char = text[i]
    if (backslash && char === '\\') i += 2
    else if (char === quote) {
      if (text[i + 1] !== quote) return i + 1
      i += 2
    } else i++
  }
  return text.length
}

function skipLine(text: string, start: number): number {
  const end = text.indexOf('\n', start)
  return end === -1 ? text.length : end
}

function skipBlockComment(text: string, start: number, nested: boolean): number {
  let depth = 1
  let i = start + 2
  while (i < text.length) {
    if (text[i] === '*' && text[i + 1] === '/') {
      depth--
      i += 2
      if (depth === 0 || !nested) return i
    } else if (nested && text[i] === '/' && text[i + 1] === '*') {
      depth++
      i += 2
    } else i++
  }
  return text.length
}

function isEscapeStringPrefix(text: string, quote: number): boolean {
  const prefix = text[quote - 1]
  return (prefix === 'E' || prefix === 'e') && !isIdentifierChar(text[quote - 2])
}

/** True when the text at `index` opens a comment in the dialect (`--`, `/*`, MySQL's `#`). */
export function isCommentStart(text: string, index: number, dialect: SqlDialect): boolean {
  const char = text[index]
  if (char === '/') return text[index + 1] === '*'
  if (char === '#') return dialect === 'mysql'
  if (char !== '-' || text[index + 1] !== '-') return false
  // MySQL needs white space after `--`: `1--1` is arithmetic.
  return dialect !== 'mysql' || index + 2 >= text.length || text.charCodeAt(index + 2) <= 32
}

/**
 * Skips the string literal, quoted identifier or comment that starts at `index`: returns the
 * index just after it, or `index` itself when none starts there. Unterminated ones run to the
 * end of the text. Follows each dialect's quoting: `$tag$…$tag$` and `E'\''` in PostgreSQL,
 * backslash escapes and backticks in MySQL, `[name]` in SQLite.
 */
export function skipSqlLiteral(text: string, index: number, dialect: SqlDialect): number {
  const char = text[index] ?? ''
  switch (char) {
    case "'":
      return skipQuoted(
        text,
        index,
        "'",
        dialect === 'mysql' || (dialect === 'postgres' && isEscapeStringPrefix(text, index)),
      )
    case '"':
      return skipQuoted(text, index, '"', dialect === 'mysql')
    case '`':
      return dialect === 'postgres' ? index : skipQuoted(text, index, '`', false)
    case '[': {
      if (dialect !== 'sqlite') return index
      const end = text.indexOf(']', index + 1)
      return end === -1 ? text.length : end + 1
    }
    case '$': {
      if (dialect !== 'postgres' || isIdentifierChar(text[index - 1])) return index
      DOLLAR_QUOTE.lastIndex = index
      const match = DOLLAR_QUOTE.exec(text)
      if (match === null) return index
      const close = text.indexOf(match[0], index + match[0].length)
      return close === -1 ? text.length : close + match[0].length
    }
    case '-':
    case '#':
      return isCommentStart(text, index, dialect) ? skipLine(text, index) : index
    case '/':
      return isCommentStart(text, index, dialect)
        ? skipBlockComment(text, index, dialect === 'postgres')
        : index
    default:
      return index
  }
}
