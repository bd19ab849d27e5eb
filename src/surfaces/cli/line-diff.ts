/** A unified-style diff of two texts, line by line, with `context` lines around each change. */
export function diffLines(
  before: string,
  after: string,
  names: { readonly from: string; readonly to: string },
  context = 3,
): string {
  const a = before === '' ? [] : before.replace(/\n$/, '').split('\n')
  const b = after === '' ? [] : after.replace(/\n$/, '').split('\n')
  // Longest common subsequence table, from the end: lcs[i][j] for a[i..], b[j..].
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () =>
    new Array<number>(b.length + 1).fill(0),
  )
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      const row = lcs[i] ?? []
      row[j] =
        a[i] === b[j]
          ? (lcs[i + 1]?.[j + 1] ?? 0) + 1
          : Math.max(lcs[i + 1]?.[j] ?? 0, row[j + 1] ?? 0)
    }
  }
  interface Line {
    readonly tag: ' ' | '-' | '+'
    readonly text: string
    readonly aAt: number
    readonly bAt: number
  }
  const lines: Line[] = []
  let i = 0
  let j = 0
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      lines.push({ tag: ' ', text: a[i] ?? '', aAt: i, bAt: j })
      i++
      j++
    } else if (
      i < a.length &&
      (j >= b.length || (lcs[i + 1]?.[j] ?? 0) >= (lcs[i]?.[j + 1] ?? 0))
    ) {
      lines.push({ tag: '-', text: a[i] ?? '', aAt: i, bAt: j })
      i++
    } else {
      lines.push({ tag: '+', text: b[j] ?? '', aAt: i, bAt: j })
      j++
    }
  }
  const changed = lines.flatMap((line, index) => (line.tag === ' ' ? [] : [index]))
  if (changed.length === 0) return ''
  const out = [`--- ${names.from}`, `+++ ${names.to}`]
  let start = 0
  while (start < changed.length) {
    let end = start
    while (end + 1 < changed.length && (changed[end + 1] ?? 0) - (changed[end] ?? 0) <= 2 * context)
      end++
    const from = Math.max(0, (changed[start] ?? 0) - context)
    const to = Math.min(lines.length - 1, (changed[end] ?? 0) + context)
    const hunk = lines.slice(from, to + 1)
    const first = hunk[0]
    const aCount = hunk.filter((line) => line.tag !== '+').length
    const bCount = hunk.filter((line) => line.tag !== '-').length
    const aStart = aCount === 0 ? (first?.aAt ?? 0) : (first?.aAt ?? 0) + 1
    const bStart = bCount === 0 ? (first?.bAt ?? 0) : (first?.bAt ?? 0) + 1
    out.push(`@@ -${String(aStart)},${String(aCount)} +${String(bStart)},${String(bCount)} @@`)
    for (const line of hunk) out.push(`${line.tag}${line.text}`)
    start = end + 1
  }
  return `${out.join('\n')}\n`
}
