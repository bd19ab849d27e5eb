import type { ShellWord } from './shell-word.js'

/** How to read a program's options: which take a value, and where options end. */
export interface ArgSpec {
  /** Options that take a value (`-n`, `--namespace`); the value may follow or be joined by `=`. */
  readonly valued?: readonly string[]
  /** Stop reading options at the first positional (`ssh host cmd…`, `timeout 5 cmd…`). */
  readonly stopAtPositional?: boolean
}

/** A command line split into options and positionals. */
export interface ReadArgs {
  /** Options by name as written (`-f`, `--force`), with their value or `true`. Repeats keep the last. */
  readonly options: ReadonlyMap<string, string | true>
  /** Every option occurrence, in order, for options that repeat (`-f a -f b`). */
  readonly occurrences: readonly { readonly name: string; readonly value: string | true }[]
  readonly positionals: readonly ShellWord[]
  /** Words after `--`, or after the first positional with `stopAtPositional` (that positional included). */
  readonly rest: readonly ShellWord[]
  /** True when any option or positional is only known at run time. */
  readonly dynamic: boolean
}

/**
 * Splits arguments into options and positionals. Grouped short flags (`-rf`) are split into
 * single flags unless the group starts with a valued option (`-n5`, `-nprod`), which keeps its
 * value. Long options may carry `=value`.
 */
export function readArgs(args: readonly ShellWord[], spec: ArgSpec = {}): ReadArgs {
  const valued = new Set(spec.valued ?? [])
  const options = new Map<string, string | true>()
  const occurrences: { name: string; value: string | true }[] = []
  const positionals: ShellWord[] = []
  let rest: ShellWord[] = []
  let dynamic = false
  const set = (name: string, value: string | true): void => {
    options.set(name, value)
    occurrences.push({ name, value })
  }
  for (let i = 0; i < args.length; i++) {
    const word = args[i] as ShellWord
    const text = word.value
    dynamic ||= word.dynamic
    if (text === '--') {
      rest = args.slice(i + 1)
      break
    }
    if (text.startsWith('--') && text.length > 2) {
      const eq = text.indexOf('=')
      if (eq > 0) set(text.slice(0, eq), text.slice(eq + 1))
      else if (valued.has(text) && i + 1 < args.length) {
        set(text, (args[i + 1] as ShellWord).value)
        dynamic ||= (args[i + 1] as ShellWord).dynamic
        i++
      } else set(text, true)
      continue
    }
    if (text.startsWith('-') && text.length > 1) {
      const eq = text.indexOf('=')
      if (eq > 0) {
        set(text.slice(0, eq), text.slice(eq + 1))
        continue
      }
      if (valued.has(text)) {
        if (i + 1 < args.length) {
          set(text, (args[i + 1] as ShellWord).value)
          dynamic ||= (args[i + 1] as ShellWord).dynamic
          i++
        } else set(text, true)
        continue
      }
      const head = text.slice(0, 2)
      if (valued.has(head)) {
        set(head, text.slice(2))
        continue
      }
      // Grouped short flags: `-rf` is `-r -f`; a valued flag inside a group takes the remainder.
      const letters = text.slice(1)
      for (let j = 0; j < letters.length; j++) {
        const flag = `-${letters[j] ?? ''}`
        if (valued.has(flag)) {
          const remainder = letters.slice(j + 1)
          if (remainder !== '') set(flag, remainder)
          else if (i + 1 < args.length) {
            set(flag, (args[i + 1] as ShellWord).value)
            i++
          } else set(flag, true)
          break
        }
        set(flag, true)
      }
      continue
    }
    if (spec.stopAtPositional === true) {
      rest = args.slice(i)
      break
    }
    positionals.push(word)
  }
  return { options, occurrences, positionals, rest, dynamic }
}

/** True when any of the names was given. */
export function hasOption(read: ReadArgs, ...names: string[]): boolean {
  return names.some((name) => read.options.has(name))
}

/** The value of the first of the names that was given with a value. */
export function optionValue(read: ReadArgs, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = read.options.get(name)
    if (typeof value === 'string') return value
  }
  return undefined
}
