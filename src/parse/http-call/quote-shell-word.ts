/**
 * Quotes one word for a POSIX shell, so that an argv taken from structured input (an API's
 * `command` parameters, an MCP tool's arguments) reads back as exactly those words.
 */
export function quoteShellWord(word: string): string {
  if (/^[\w@%+=:,./-]+$/.test(word)) return word
  return `'${word.replace(/'/g, `'\\''`)}'`
}
