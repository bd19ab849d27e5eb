/**
 * The module instances an address lies in, outermost first:
 * `module.app["blue"].module.db.aws_db_instance.main` gives `module.app["blue"]` and
 * `module.app["blue"].module.db`. Keys in brackets may hold dots and brackets inside quotes.
 */
export function moduleInstancesOf(address: string): string[] {
  const prefixes: string[] = []
  let at = 0
  while (address.startsWith('module.', at)) {
    let end = at + 'module.'.length
    while (end < address.length && address[end] !== '.' && address[end] !== '[') end++
    if (address[end] === '[') end = skipBracket(address, end)
    if (end < 0) return prefixes
    prefixes.push(address.slice(0, end))
    if (address[end] !== '.') return prefixes
    at = end + 1
  }
  return prefixes
}

// Returns the index after the `]` matching the `[` at `start`, or -1 when there is none.
function skipBracket(address: string, start: number): number {
  let quoted = false
  for (let at = start + 1; at < address.length; at++) {
    const char = address[at]
    if (quoted) {
      if (char === '\\') at++
      else if (char === '"') quoted = false
    } else if (char === '"') quoted = true
    else if (char === ']') return at + 1
  }
  return -1
}
