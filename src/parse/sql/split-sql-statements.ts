import type { SqlDialect } from '../../model/action.js'
import { isCommentStart, isIdentifierChar, skipSqlLiteral } from './sql-text-scanner.js'

/** One statement cut out of a script, without its `;` and surrounding white space. */
export interface SqlStatementText {
  readonly text: string
  /** Offset of `text` in the script. */
  readonly start: number
}

// Statements whose bodies hold `;` between BEGIN and END: triggers, routines, events.
const COMPOUND_KINDS = new Set(['TRIGGER', 'PROCEDURE', 'FUNCTION', 'EVENT'])
const END_OF_OTHER_BLOCK = new Set(['IF', 'LOOP', 'WHILE', 'REPEAT'])

interface StatementState {
  start: number
  hasCode: boolean
  words: number
  creates: boolean
  compound: boolean
  depth: number
  afterEnd: boolean
}

function freshState(start: number): StatementState {
  return {
    start,
    hasCode: false,
    words: 0,
    creates: false,
    compound: false,
    depth: 0,
    afterEnd: false,
  }
}

function trackWord(state: StatementState, word: string): void {
  state.words++
  if (state.words === 1) {
    state.creates = word === 'CREATE'
    return
  }
  if (state.creates && state.words <= 8 && COMPOUND_KINDS.has(word)) state.compound = true
  if (!state.compound) return
  if (state.afterEnd) {
    state.afterEnd = false
    if (END_OF_OTHER_BLOCK.has(word)) {
      state.depth++
      return
    }
  }
  if (word === 'BEGIN' || word === 'CASE') state.depth++
  else if (word === 'END' && state.depth > 0) {
    state.depth--
    state.afterEnd = true
  }
}

/**
 * Splits a script into statements at each `;` outside strings, quoted names and comments, and
 * outside the BEGIN … END body of a trigger or routine. Statements holding only comments are
 * left out.
 */
export function splitSqlStatements(script: string, dialect: SqlDialect): SqlStatementText[] {
  const statements: SqlStatementText[] = []
  let state = freshState(0)
  const finish = (end: number): void => {
    if (state.hasCode) {
      const raw = script.slice(state.start, end)
      const lead = raw.length - raw.trimStart().length
      statements.push({ text: raw.trim(), start: state.start + lead })
    }
  }
  let i = 0
  while (i < script.length) {
    const skipped = skipSqlLiteral(script, i, dialect)
    if (skipped !== i) {
      if (!isCommentStart(script, i, dialect)) state.hasCode = true
      i = skipped
      continue
    }
    const char = script[i] as string
    if (char === ';' && state.depth === 0) {
      finish(i)
      state = freshState(i + 1)
      i++
      continue
    }
    if (isIdentifierChar(char) && !isIdentifierChar(script[i - 1])) {
      let end = i + 1
      while (isIdentifierChar(script[end])) end++
      trackWord(state, script.slice(i, end).toUpperCase())
      state.hasCode = true
      i = end
      continue
    }
    if (char.trim() !== '') state.hasCode = true
    i++
  }
  finish(script.length)
  return statements
}
