import { inferEnvironment, type InferredEnvironment } from '../../infer-environment.js'
import type { ShellCommand } from '../shell-command.js'

/**
 * The environment a cloud or cluster command lands in. The environment named on the action
 * wins; otherwise it is inferred from the target's names (and the remote host, if any).
 */
export function resolveCloudEnvironment(
  command: ShellCommand,
  names: readonly (string | undefined)[],
): InferredEnvironment | undefined {
  if (command.environment !== undefined) {
    const given = inferEnvironment([command.environment])
    if (given !== undefined) return given
  }
  const known = names.filter((name): name is string => name !== undefined && name !== '')
  return inferEnvironment(command.host === undefined ? known : [...known, command.host])
}

/** The environment as a reason's closing words (` (prod)`), or nothing when unknown. */
export function environmentPhrase(environment: InferredEnvironment | undefined): string {
  return environment === undefined ? '' : ` (${environment})`
}
