import type { EnvironmentName } from '../../model/action.js'
import type { ShellWord } from './shell-word.js'

/** What a command reads on standard input, as far as the analysis can tell. */
export type ShellStdin =
  | { readonly kind: 'terminal' }
  | { readonly kind: 'known'; readonly text: string }
  | { readonly kind: 'unknown'; readonly from: string }

/**
 * One simple command, resolved and unwrapped, as a command rule sees it. `name` is the program
 * (`/usr/bin/rm`, `\rm` and `command rm` all give `rm`); `args` are the words after it.
 */
export interface ShellCommand {
  readonly name: string
  readonly args: readonly ShellWord[]
  /** Variables in force for this command, from the line and from wrappers such as `env`. */
  readonly variables: ReadonlyMap<string, string>
  readonly stdin: ShellStdin
  /** Working directory the command runs in (on `host` when remote). */
  readonly cwd: string
  /** Remote host when the command is reached through `ssh`, a container or a pod. */
  readonly host?: string
  /** The environment named on the action, when given. */
  readonly environment?: EnvironmentName
  /** True when run through `sudo`, `doas` or as root elsewhere. */
  readonly privileged: boolean
  /** The command as written, for reasons and audit. */
  readonly source: string
}
