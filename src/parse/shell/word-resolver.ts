import type { BashNode } from './bash-grammar.js'
import type { ShellWord } from './shell-word.js'

/** What resolving words needs from the walker: variables, and running substitutions. */
export interface WordScope {
  readonly variables: ReadonlyMap<string, string>
  /**
   * Analyses a command or process substitution as a command of its own, and returns its
   * output when that is known statically (`$(echo rm)`), or undefined.
   */
  substitute(node: BashNode): string | undefined
}

const MAX_BRACE_EXPANSION = 64

// Variables whose meaning is known even though their value is not.
const SYMBOLIC_VARIABLES: Readonly<Record<string, string>> = { HOME: '~' }

/**
 * Resolves an argument node to the words the shell would pass: quotes removed, escapes folded,
 * known variables substituted, unquoted known expansions split, brace expansion applied.
 */
export function resolveWords(node: BashNode, scope: WordScope): ShellWord[] {
  const quotedTypes = new Set(['string', 'raw_string', 'ansi_c_string', 'translated_string'])
  const { value, dynamic } = resolvePart(node, scope, false)
  if ((node.type === 'simple_expansion' || node.type === 'expansion') && !dynamic) {
    return value
      .split(/[ \t\n]+/)
      .filter((part) => part !== '')
      .map((part) => ({ value: part, dynamic: false }))
  }
  if (!quotedTypes.has(node.type) && hasUnquotedBrace(node)) {
    return expandBraces(value).map((expanded) => ({ value: expanded, dynamic }))
  }
  return [{ value, dynamic }]
}

/** Resolves a node to one word, as in an assignment value or a redirect target. */
export function resolveWord(node: BashNode, scope: WordScope): ShellWord {
  return resolvePart(node, scope, false)
}

function resolvePart(node: BashNode, scope: WordScope, inDoubleQuotes: boolean): ShellWord {
  switch (node.type) {
    case 'word':
    case 'number':
    case 'variable_name':
    case 'heredoc_start':
      return {
        value: inDoubleQuotes ? unescapeDoubleQuoted(node.text) : unescapeUnquoted(node.text),
        dynamic: false,
      }
    case 'string_content':
    case 'heredoc_content':
      return { value: unescapeDoubleQuoted(node.text), dynamic: false }
    case 'raw_string':
      return { value: node.text.slice(1, -1), dynamic: false }
    case 'ansi_c_string':
      return { value: decodeAnsiC(node.text.slice(2, -1)), dynamic: false }
    case 'string':
      return resolveSpan(node, scope, 1, 1, true)
    case 'translated_string':
      return resolveSpan(node, scope, 2, 1, true)
    case 'concatenation':
      return resolveSpan(node, scope, 0, 0, inDoubleQuotes)
    case 'heredoc_body':
      return resolveSpan(node, scope, 0, 0, true)
    case 'simple_expansion':
    case 'expansion':
      return resolveExpansion(node, scope)
    case 'command_substitution':
    case 'process_substitution': {
      const output = scope.substitute(node)
      if (output !== undefined && node.type === 'command_substitution') {
        return { value: output.replace(/\n+$/, ''), dynamic: false }
      }
      return { value: node.text, dynamic: true }
    }
    default:
      return { value: node.text, dynamic: node.namedChildCount > 0 || /[$`]/.test(node.text) }
  }
}

// Joins a node's named children with the literal text between them, skipping delimiters.
function resolveSpan(
  node: BashNode,
  scope: WordScope,
  open: number,
  close: number,
  inDoubleQuotes: boolean,
): ShellWord {
  const source = node.text
  const base = node.startIndex
  let cursor = open
  let value = ''
  let dynamic = false
  const end = source.length - close
  for (const child of node.namedChildren) {
    if (child === null) continue
    const start = child.startIndex - base
    if (start > cursor) value += literal(source.slice(cursor, start), inDoubleQuotes)
    const part = resolvePart(child, scope, inDoubleQuotes)
    value += part.value
    dynamic ||= part.dynamic
    cursor = Math.max(cursor, child.endIndex - base)
  }
  if (end > cursor) value += literal(source.slice(cursor, end), inDoubleQuotes)
  return { value, dynamic }
}

function literal(text: string, inDoubleQuotes: boolean): string {
  return inDoubleQuotes ? unescapeDoubleQuoted(text) : unescapeUnquoted(text)
}

function resolveExpansion(node: BashNode, scope: WordScope): ShellWord {
  const text = node.text
  // `$NAME`, `${NAME}`, `${NAME:-default}` and friends; anything cleverer stays dynamic.
  const match = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-=])(.*))?\}?$/s.exec(text)
  if (match === null) return { value: text, dynamic: true }
  const name = match[1] ?? ''
  const known = scope.variables.get(name)
  if (known !== undefined && (known !== '' || !match[2]?.startsWith(':'))) {
    return { value: known, dynamic: false }
  }
  if (known === undefined && match[2] === undefined && name in SYMBOLIC_VARIABLES) {
    return { value: SYMBOLIC_VARIABLES[name] ?? text, dynamic: false }
  }
  return { value: text, dynamic: true }
}

/** Removes unquoted backslash escapes: `\rm` is `rm`, a backslash-newline joins lines. */
export function unescapeUnquoted(text: string): string {
  return text.replace(/\\\n/g, '').replace(/\\(.)/gs, '$1')
}

function unescapeDoubleQuoted(text: string): string {
  return text.replace(/\\\n/g, '').replace(/\\([$`"\\])/g, '$1')
}

function decodeAnsiC(text: string): string {
  const simple: Readonly<Record<string, string>> = {
    n: '\n',
    t: '\t',
    r: '\r',
    a: '\x07',
    b: '\b',
    e: '\x1b',
    E: '\x1b',
    f: '\f',
    v: '\v',
    '\\': '\\',
    "'": "'",
    '"': '"',
    '?': '?',
  }
  return text.replace(
    /\\(x[0-9a-fA-F]{1,2}|u[0-9a-fA-F]{1,4}|U[0-9a-fA-F]{1,8}|[0-7]{1,3}|.)/gs,
    (_whole, escape: string) => {
      const head = escape[0] ?? ''
      if (head === 'x' || head === 'u' || head === 'U')
        return String.fromCodePoint(parseInt(escape.slice(1), 16))
      if (/[0-7]/.test(head)) return String.fromCharCode(parseInt(escape, 8))
      return simple[escape] ?? `\\${escape}`
    },
  )
}

function hasUnquotedBrace(node: BashNode): boolean {
  if (node.type === 'brace_expression') return true
  if (node.type === 'word') return /\{[^{}]*(,|\.\.)[^{}]*\}/.test(node.text)
  if (node.type !== 'concatenation') return false
  return (
    /\{[^{}]*(,|\.\.)[^{}]*\}/.test(
      node.namedChildren
        .map((child) => (child !== null && child.type === 'word' ? child.text : '\u0000'))
        .join(''),
    ) || node.namedChildren.some((child) => child !== null && child.type === 'brace_expression')
  )
}

/** Expands `a{b,c}d` to `abd acd` and `{1..3}` to `1 2 3`, innermost first, with a cap. */
export function expandBraces(text: string): string[] {
  const match = /\{([^{}]*)\}/.exec(text)
  if (match === null) return [text]
  const body = match[1] ?? ''
  let options: string[]
  const range = /^(-?\d+)\.\.(-?\d+)$/.exec(body) ?? /^([a-zA-Z])\.\.([a-zA-Z])$/.exec(body)
  if (range !== null) {
    options = expandRange(range[1] ?? '', range[2] ?? '')
  } else if (body.includes(',')) {
    options = body.split(',')
  } else {
    return [text]
  }
  const head = text.slice(0, match.index)
  const tail = text.slice(match.index + match[0].length)
  const results: string[] = []
  for (const option of options) {
    for (const expanded of expandBraces(`${head}${option}${tail}`)) {
      if (results.length >= MAX_BRACE_EXPANSION) return results
      results.push(expanded)
    }
  }
  return results
}

function expandRange(from: string, to: string): string[] {
  const numeric = /^-?\d+$/.test(from)
  const start = numeric ? Number(from) : from.charCodeAt(0)
  const end = numeric ? Number(to) : to.charCodeAt(0)
  const step = start <= end ? 1 : -1
  const values: string[] = []
  for (let i = start; values.length < MAX_BRACE_EXPANSION; i += step) {
    values.push(numeric ? String(i) : String.fromCharCode(i))
    if (i === end) break
  }
  return values
}
