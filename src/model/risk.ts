/**
 * How much harm an action can do, from least to most. `opaque` is not a level: it is a flag on
 * an analysis that could not be completed, and is always judged as dangerous.
 */
export type Risk = 'safe' | 'mutating' | 'destructive' | 'catastrophic'

/** Every risk level, in increasing order of harm. */
export const RISKS: readonly Risk[] = ['safe', 'mutating', 'destructive', 'catastrophic']

/** Orders two risk levels: negative when `a` is less harmful than `b`. */
export function compareRisk(a: Risk, b: Risk): number {
  return RISKS.indexOf(a) - RISKS.indexOf(b)
}

/** The most harmful of the given levels; `safe` when none is given. */
export function maxRisk(risks: Iterable<Risk>): Risk {
  let worst: Risk = 'safe'
  for (const risk of risks) if (compareRisk(risk, worst) > 0) worst = risk
  return worst
}

/** Narrows an unknown value to a risk level. */
export function isRisk(value: unknown): value is Risk {
  return typeof value === 'string' && (RISKS as readonly string[]).includes(value)
}
