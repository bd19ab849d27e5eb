import type { PolicyProblem } from './policy-engine.js'

/** Policies that cannot be enforced as written: a gateway refuses to start with them. */
export class PolicyLoadError extends Error {
  readonly problems: readonly PolicyProblem[]

  constructor(problems: readonly PolicyProblem[]) {
    const [first] = problems
    const where = first === undefined ? '' : `: ${formatPolicyProblem(first)}`
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''
    super(`policies: ${problems.length} problem${problems.length === 1 ? '' : 's'}${where}${more}`)
    this.name = 'PolicyLoadError'
    this.problems = problems
  }
}

/** A problem as `file:line:column: message`, the form editors and CI logs link to. */
export function formatPolicyProblem(problem: PolicyProblem): string {
  return `${problem.file}:${problem.line}:${problem.column}: ${problem.message}`
}
