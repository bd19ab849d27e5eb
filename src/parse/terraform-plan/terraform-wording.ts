const LONGEST = 160

/**
 * Puts text taken from a plan (an address, a type, an action word) in backticks for a reason or
 * an issue message: backticks and line breaks are blanked and long text is cut, so that the
 * message stays one line.
 */
export function quote(text: string): string {
  const flat = text.replace(/[`\r\n\t\u2028\u2029]/g, ' ')
  return `\`${flat.length > LONGEST ? `${flat.slice(0, LONGEST)}…` : flat}\``
}

/** Quoted names for a reason, cut after `max`: `` `a`, `b`, `c` and 3 more ``. */
export function quoteList(names: readonly string[], max = 3): string {
  const shown = names.slice(0, max).map(quote).join(', ')
  return names.length > max ? `${shown} and ${names.length - max} more` : shown
}
