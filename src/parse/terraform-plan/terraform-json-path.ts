/** A path into a JSON document: object keys and array indexes from the root. */
export type JsonPath = readonly (string | number)[]

const PLAIN_KEY = /^[A-Za-z_][\w-]*$/

/**
 * Writes a JSON path the way people read it: `resource_changes[3].change.actions`, with odd keys
 * in brackets (`output_changes["db password"]`) and `(root)` for the document itself.
 */
export function formatJsonPath(path: JsonPath): string {
  let text = ''
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`
    else if (PLAIN_KEY.test(part)) text += text === '' ? part : `.${part}`
    else text += `[${JSON.stringify(part)}]`
  }
  return text === '' ? '(root)' : text
}
