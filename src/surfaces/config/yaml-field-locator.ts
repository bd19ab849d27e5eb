import { type Document, isAlias, isMap, isNode, isScalar, isSeq, type LineCounter } from 'yaml'

/**
 * Finds where a field of a parsed YAML document was written, so that every error can name its
 * line: `['agents', 1, 'scope']` is the line of the `scope:` key of the second agent.
 */
export class YamlFieldLocator {
  readonly #document: Document
  readonly #lines: LineCounter

  constructor(document: Document, lines: LineCounter) {
    this.#document = document
    this.#lines = lines
  }

  /**
   * The line of the field's key in a mapping or of its item in a list; for a field that is
   * missing, the line of its nearest present parent.
   */
  lineOf(path: readonly (string | number)[]): number {
    let node: unknown = this.#document.contents
    let offset = isNode(node) ? (node.range?.[0] ?? 0) : 0
    for (const segment of path) {
      if (isAlias(node)) node = node.resolve(this.#document)
      if (isMap(node)) {
        const pair = node.items.find(
          (item) => isScalar(item.key) && String(item.key.value) === String(segment),
        )
        if (pair === undefined) break
        if (isNode(pair.key)) offset = pair.key.range?.[0] ?? offset
        node = pair.value
      } else if (isSeq(node) && typeof segment === 'number') {
        const item = node.items[segment]
        if (!isNode(item)) break
        offset = item.range?.[0] ?? offset
        node = item
      } else {
        break
      }
    }
    return this.#lines.linePos(offset).line
  }
}
