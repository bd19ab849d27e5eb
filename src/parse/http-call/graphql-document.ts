/** One field selected at the root of a GraphQL operation. */
export interface GraphqlRootField {
  readonly name: string
  /** The field's arguments say `force: true` (a forced ref update rewrites history). */
  readonly force: boolean
}

/** One operation of a GraphQL document and the root fields it selects. */
export interface GraphqlOperation {
  readonly kind: 'query' | 'mutation' | 'subscription'
  readonly name?: string
  readonly fields: readonly GraphqlRootField[]
}

const MAX_LENGTH = 200_000

type Token = string

// Strings and comments never reach the parser: they cannot select anything.
function tokenize(text: string): Token[] | undefined {
  const tokens: Token[] = []
  let at = 0
  while (at < text.length) {
    const char = text[at] ?? ''
    if (/[\s,\uFEFF]/.test(char)) {
      at++
    } else if (char === '#') {
      const end = text.indexOf('\n', at)
      at = end < 0 ? text.length : end
    } else if (text.startsWith('"""', at)) {
      let end = at + 3
      while (end < text.length && !(text.startsWith('"""', end) && text[end - 1] !== '\\')) end++
      if (end >= text.length) return undefined
      tokens.push('"')
      at = end + 3
    } else if (char === '"') {
      let end = at + 1
      while (end < text.length && text[end] !== '"' && text[end] !== '\n') {
        end += text[end] === '\\' ? 2 : 1
      }
      if (text[end] !== '"') return undefined
      tokens.push('"')
      at = end + 1
    } else if (text.startsWith('...', at)) {
      tokens.push('...')
      at += 3
    } else if ('!$&():=@[]{}|'.includes(char)) {
      tokens.push(char)
      at++
    } else {
      const word = /^[_A-Za-z][_0-9A-Za-z]*|^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(
        text.slice(at, at + 256),
      )
      if (word === null) return undefined
      tokens.push(word[0])
      at += word[0].length
    }
  }
  return tokens
}

class Reader {
  readonly #tokens: readonly Token[]
  #at = 0

  constructor(tokens: readonly Token[]) {
    this.#tokens = tokens
  }

  peek(offset = 0): Token | undefined {
    return this.#tokens[this.#at + offset]
  }

  next(): Token | undefined {
    return this.#tokens[this.#at++]
  }

  done(): boolean {
    return this.#at >= this.#tokens.length
  }

  // Skips a bracketed group starting at the current token; false when it never closes.
  skipGroup(open: Token, close: Token, onToken?: (token: Token, at: number) => void): boolean {
    if (this.peek() !== open) return true
    let depth = 0
    while (!this.done()) {
      const token = this.next()
      onToken?.(token ?? '', this.#at - 1)
      if (token === open) depth++
      else if (token === close && --depth === 0) return true
    }
    return false
  }

  tokenAt(index: number): Token | undefined {
    return this.#tokens[index]
  }

  skipDirectives(): boolean {
    while (this.peek() === '@') {
      this.next()
      this.next()
      if (!this.skipGroup('(', ')')) return false
    }
    return true
  }
}

interface Selection {
  readonly fields: GraphqlRootField[]
  readonly spreads: string[]
}

function isName(token: Token | undefined): token is string {
  return token !== undefined && /^[_A-Za-z]/.test(token)
}

// Reads the root fields of a selection set; inline fragments (`... on Mutation { … }`) select at
// the same level, named spreads are resolved afterwards.
function readSelection(reader: Reader, selection: Selection): boolean {
  if (reader.next() !== '{') return false
  while (!reader.done()) {
    const token = reader.peek()
    if (token === '}') {
      reader.next()
      return true
    }
    if (token === '...') {
      reader.next()
      if (reader.peek() === 'on') {
        reader.next()
        reader.next()
      } else if (isName(reader.peek())) {
        selection.spreads.push(reader.next() ?? '')
        if (!reader.skipDirectives()) return false
        continue
      }
      if (!reader.skipDirectives() || !readSelection(reader, selection)) return false
      continue
    }
    if (!isName(token)) return false
    reader.next()
    let name = token
    if (reader.peek() === ':') {
      reader.next()
      const field = reader.next()
      if (!isName(field)) return false
      name = field
    }
    let force = false
    const closed = reader.skipGroup('(', ')', (argument, at) => {
      if (argument === 'force' && reader.tokenAt(at + 1) === ':')
        force ||= reader.tokenAt(at + 2) === 'true'
    })
    if (!closed || !reader.skipDirectives() || !reader.skipGroup('{', '}')) return false
    selection.fields.push({ name, force })
  }
  return false
}

function resolveSpreads(
  selection: Selection,
  fragments: ReadonlyMap<string, Selection>,
  seen: Set<string>,
): GraphqlRootField[] | undefined {
  const fields = [...selection.fields]
  for (const spread of selection.spreads) {
    const fragment = fragments.get(spread)
    if (fragment === undefined || seen.has(spread)) return undefined
    const inner = resolveSpreads(fragment, fragments, new Set([...seen, spread]))
    if (inner === undefined) return undefined
    fields.push(...inner)
  }
  return fields
}

/**
 * Reads a GraphQL document far enough to know each operation's kind and root fields, which is
 * what decides its effect: a query reads, a mutation does what its root fields are named for.
 * Gives `undefined` for text that is not a readable document, so that callers fail closed.
 */
export function readGraphqlDocument(text: string): GraphqlOperation[] | undefined {
  if (text.length > MAX_LENGTH) return undefined
  const tokens = tokenize(text)
  if (tokens === undefined) return undefined
  const reader = new Reader(tokens)
  const operations: { kind: GraphqlOperation['kind']; name?: string; selection: Selection }[] = []
  const fragments = new Map<string, Selection>()
  while (!reader.done()) {
    const token = reader.peek()
    const selection: Selection = { fields: [], spreads: [] }
    if (token === '{') {
      if (!readSelection(reader, selection)) return undefined
      operations.push({ kind: 'query', selection })
    } else if (token === 'query' || token === 'mutation' || token === 'subscription') {
      reader.next()
      const name = isName(reader.peek()) ? reader.next() : undefined
      if (!reader.skipGroup('(', ')') || !reader.skipDirectives()) return undefined
      if (!readSelection(reader, selection)) return undefined
      operations.push({ kind: token, selection, ...(name === undefined ? {} : { name }) })
    } else if (token === 'fragment') {
      reader.next()
      const name = reader.next()
      if (!isName(name) || reader.next() !== 'on' || !isName(reader.next())) return undefined
      if (!reader.skipDirectives() || !readSelection(reader, selection)) return undefined
      fragments.set(name, selection)
    } else {
      return undefined
    }
  }
  if (operations.length === 0) return undefined
  const resolved: GraphqlOperation[] = []
  for (const operation of operations) {
    const fields = resolveSpreads(operation.selection, fragments, new Set())
    if (fields === undefined) return undefined
    resolved.push({
      kind: operation.kind,
      fields,
      ...(operation.name === undefined ? {} : { name: operation.name }),
    })
  }
  return resolved
}
