/** Edit distance with adjacent transpositions (`scoep` → `scope` is 1), ignoring case. */
function distance(a: string, b: string): number {
  const left = a.toLowerCase()
  const right = b.toLowerCase()
  const rows: number[][] = Array.from({ length: left.length + 1 }, (_, i) =>
    Array.from({ length: right.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  )
  const at = (i: number, j: number): number => rows[i]?.[j] ?? Number.POSITIVE_INFINITY
  for (let i = 1; i <= left.length; i++) {
    const row = rows[i] ?? []
    for (let j = 1; j <= right.length; j++) {
      const cost = left[i - 1] === right[j - 1] ? 0 : 1
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost)
      if (i > 1 && j > 1 && left[i - 1] === right[j - 2] && left[i - 2] === right[j - 1]) {
        best = Math.min(best, at(i - 2, j - 2) + 1)
      }
      row[j] = best
    }
  }
  return at(left.length, right.length)
}

/**
 * The candidate a misspelt word most likely meant, for "did you mean" hints; undefined when
 * none is close (more than a third of the word's letters away).
 */
export function findClosestWord(word: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.max(1, Math.floor(word.length / 3))
  let closest: string | undefined
  let closestDistance = limit + 1
  for (const candidate of candidates) {
    const d = distance(word, candidate)
    if (d < closestDistance) {
      closest = candidate
      closestDistance = d
    }
  }
  return closest
}
