const PLAIN = /^[A-Za-z0-9_@%+=:,./-]+$/

/** Joins argv words into one command line, quoting words the shell would otherwise split. */
export function joinCommandLine(words: readonly string[]): string {
  if (words.length === 1) return words[0] ?? ''
  return words
    .map((word) => (word !== '' && PLAIN.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`))
    .join(' ')
}
