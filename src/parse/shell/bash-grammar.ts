import { createRequire } from 'node:module'

import { Language, type Node, Parser, type Tree } from 'web-tree-sitter'

import { GatewayError } from '../../model/errors.js'

/** A syntax node of the bash grammar; the only tree-sitter type the rest of the code sees. */
export type BashNode = Node

let parser: Parser | undefined
let loading: Promise<void> | undefined

/**
 * Loads tree-sitter and the bash grammar (WASM). Call once before `parseBash`; later calls
 * return the same promise.
 */
export function loadShellGrammar(): Promise<void> {
  loading ??= (async () => {
    try {
      const require = createRequire(import.meta.url)
      await Parser.init()
      const language = await Language.load(
        require.resolve('tree-sitter-bash/tree-sitter-bash.wasm'),
      )
      const created = new Parser()
      created.setLanguage(language)
      parser = created
    } catch (cause) {
      loading = undefined
      throw new GatewayError('parse_grammar_unavailable', 'the bash grammar could not be loaded', {
        cause,
      })
    }
  })()
  return loading
}

/** True once the grammar is loaded and `parseBash` can run synchronously. */
export function isShellGrammarLoaded(): boolean {
  return parser !== undefined
}

/**
 * Parses a script into a syntax tree. The caller must `delete()` the tree when done; it holds
 * WASM memory.
 */
export function parseBash(script: string): Tree {
  if (parser === undefined) {
    throw new GatewayError('parse_grammar_unavailable', 'the bash grammar is not loaded')
  }
  const tree = parser.parse(script)
  if (tree === null)
    throw new GatewayError('parse_internal_error', 'the bash parser returned no tree')
  return tree
}
