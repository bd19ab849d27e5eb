import type { ShellWord } from '../shell-word.js'

/**
 * How to read a cloud CLI's arguments. These CLIs never group short flags (`-rf`), and most of
 * their options take a value, so an option takes the next word unless it is known to be a flag.
 */
export interface CloudArgSpec {
  /** Options that never take a value (`--yes`, `-auto-approve`). */
  readonly flags?: readonly string[]
  /** When given, only these options take a value; every other option is a flag. */
  readonly valued?: readonly string[]
  /** An option takes every following word up to the next option (`--instance-ids a b`). */
  readonly multiValued?: boolean
  /** Stop after this many positionals; the words after the last one go to `rest`. */
  readonly maxPositionals?: number
}

/** One option as written, with its values (none for a flag). */
export interface CloudOption {
  readonly name: string
  readonly values: readonly string[]
  /** True when the option or a value is only known at run time. */
  readonly dynamic: boolean
}

/** A cloud CLI's arguments, split into options and positionals. */
export interface CloudArgs {
  readonly options: readonly CloudOption[]
  readonly positionals: readonly ShellWord[]
  /** Words after `--`, or after the last positional allowed by `maxPositionals`. */
  readonly rest: readonly ShellWord[]
  /** True when any word is only known at run time. */
  readonly dynamic: boolean
}

function isOption(text: string): boolean {
  return text.startsWith('-') && text.length > 1 && !/^-\d+(\.\d+)?$/.test(text)
}

/** Splits a cloud CLI's arguments into options and positionals. */
export function readCloudArgs(args: readonly ShellWord[], spec: CloudArgSpec = {}): CloudArgs {
  const flags = new Set(spec.flags ?? [])
  const valued = spec.valued === undefined ? undefined : new Set(spec.valued)
  const options: CloudOption[] = []
  const positionals: ShellWord[] = []
  let rest: readonly ShellWord[] = []
  let dynamic = false
  for (let i = 0; i < args.length; i++) {
    const word = args[i] as ShellWord
    dynamic ||= word.dynamic
    if (word.value === '--') {
      rest = args.slice(i + 1)
      break
    }
    if (!isOption(word.value)) {
      positionals.push(word)
      if (spec.maxPositionals !== undefined && positionals.length >= spec.maxPositionals) {
        rest = args.slice(i + 1)
        break
      }
      continue
    }
    const eq = word.value.indexOf('=')
    if (eq > 0) {
      options.push({
        name: word.value.slice(0, eq),
        values: [word.value.slice(eq + 1)],
        dynamic: word.dynamic,
      })
      continue
    }
    const name = word.value
    const takesValue = valued === undefined ? !flags.has(name) : valued.has(name)
    const values: string[] = []
    let optionDynamic = word.dynamic
    while (takesValue && i + 1 < args.length) {
      const next = args[i + 1] as ShellWord
      if (next.value === '--' || isOption(next.value)) break
      values.push(next.value)
      optionDynamic ||= next.dynamic
      dynamic ||= next.dynamic
      i++
      if (spec.multiValued !== true) break
    }
    options.push({ name, values, dynamic: optionDynamic })
  }
  return { options, positionals, rest, dynamic }
}

/** True when any of the names was given, unless its value is `false` (`-destroy=false`). */
export function hasCloudOption(read: CloudArgs, ...names: string[]): boolean {
  return read.options.some(
    (option) => names.includes(option.name) && option.values.join('').toLowerCase() !== 'false',
  )
}

/** The last value given to any of the names. */
export function cloudOptionValue(read: CloudArgs, ...names: string[]): string | undefined {
  let found: string | undefined
  for (const option of read.options) {
    if (names.includes(option.name) && option.values.length > 0) found = option.values.join(' ')
  }
  return found
}

/** Every value given to any of the names, in order (`-target=a -target=b`, `--ids a b`). */
export function cloudOptionValues(read: CloudArgs, ...names: string[]): string[] {
  return read.options.filter((option) => names.includes(option.name)).flatMap((o) => o.values)
}
