/** A word of a command line after quoting and the expansions airlock could resolve. */
export interface ShellWord {
  /** The text; parts only known at run time stay as written (`$(…)`, `$NAME`). */
  readonly value: string
  /** True when some part of the word is only known at run time. */
  readonly dynamic: boolean
}

/** A word whose whole text is known. */
export function literalWord(value: string): ShellWord {
  return { value, dynamic: false }
}
