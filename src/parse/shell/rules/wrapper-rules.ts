import type { Effect } from '../../../model/effect.js'
import type { CommandRule, CommandRuleTable, ShellAnalyzer } from '../command-rule.js'
import { readArgs } from '../read-args.js'
import type { ShellCommand } from '../shell-command.js'
import { literalWord, type ShellWord } from '../shell-word.js'
import { opaqueEffect, readEffect } from './rule-effect.js'

// A wrapper runs its first positional (after its own options) as a command.
function wrapper(
  valued: readonly string[],
  options: { privileged?: boolean; skip?: number } = {},
): CommandRule {
  return (command, analyzer) => {
    const read = readArgs(command.args, { valued, stopAtPositional: true })
    const inner = read.rest.slice(options.skip ?? 0)
    if (inner.length === 0)
      return [readEffect(command, command.name, `\`${command.name}\` runs no command`)]
    return analyzer.analyzeArgv(
      inner,
      command,
      options.privileged === true ? { privileged: true } : {},
    )
  }
}

function analyzeSudo(command: ShellCommand, analyzer: ShellAnalyzer): Effect[] {
  const read = readArgs(command.args, {
    valued: [
      '-u',
      '--user',
      '-g',
      '--group',
      '-C',
      '--close-from',
      '-D',
      '--chdir',
      '-h',
      '--host',
      '-p',
      '--prompt',
      '-r',
      '--role',
      '-t',
      '--type',
      '-U',
      '--other-user',
      '-T',
      '--command-timeout',
      '-R',
      '--chroot',
    ],
    stopAtPositional: true,
  })
  const interactive =
    read.options.has('-i') ||
    read.options.has('-s') ||
    read.options.has('--login') ||
    read.options.has('--shell')
  if (
    read.options.has('-l') ||
    read.options.has('--list') ||
    read.options.has('-v') ||
    read.options.has('-k') ||
    read.options.has('-K')
  ) {
    if (read.rest.length === 0)
      return [readEffect(command, 'sudo', '`sudo` only lists or refreshes privileges')]
  }
  if (read.rest.length === 0) {
    return [
      opaqueEffect(
        command,
        interactive
          ? '`sudo` opens a root shell whose commands airlock cannot see'
          : '`sudo` with no command',
      ),
    ]
  }
  const chdir = read.options.get('-D') ?? read.options.get('--chdir')
  return analyzer.analyzeArgv(read.rest, command, {
    privileged: true,
    ...(typeof chdir === 'string' ? { cwd: chdir } : {}),
  })
}

function analyzeEnv(command: ShellCommand, analyzer: ShellAnalyzer): Effect[] {
  const variables = new Map(command.variables)
  const args = [...command.args]
  let cwd: string | undefined
  while (args.length > 0) {
    const word = args[0] as ShellWord
    const text = word.value
    if (
      text === '-i' ||
      text === '--ignore-environment' ||
      text === '-' ||
      text === '-0' ||
      text === '--null'
    ) {
      if (text === '-i' || text === '-' || text === '--ignore-environment') variables.clear()
      args.shift()
    } else if (text === '-u' || text === '--unset') {
      variables.delete(args[1]?.value ?? '')
      args.splice(0, 2)
    } else if (text === '-C' || text === '--chdir') {
      cwd = args[1]?.value
      args.splice(0, 2)
    } else if (text === '-S' || text === '--split-string') {
      const split = (args[1]?.value ?? '')
        .split(/\s+/)
        .filter((part) => part !== '')
        .map(literalWord)
      args.splice(0, 2, ...split)
    } else if (text.startsWith('--unset=') || text.startsWith('--chdir=')) {
      if (text.startsWith('--chdir=')) cwd = text.slice('--chdir='.length)
      else variables.delete(text.slice('--unset='.length))
      args.shift()
    } else if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(text) && !word.dynamic) {
      const eq = text.indexOf('=')
      variables.set(text.slice(0, eq), text.slice(eq + 1))
      args.shift()
    } else if (text === '--') {
      args.shift()
      break
    } else break
  }
  if (args.length === 0) return [readEffect(command, 'env', '`env` prints the environment')]
  return analyzer.analyzeArgv(args, command, { variables, ...(cwd === undefined ? {} : { cwd }) })
}

function analyzeCommandBuiltin(command: ShellCommand, analyzer: ShellAnalyzer): Effect[] {
  const read = readArgs(command.args, { stopAtPositional: true })
  if (read.options.has('-v') || read.options.has('-V'))
    return [readEffect(command, command.name, `\`${command.name} -v\` only looks a program up`)]
  if (read.rest.length === 0) return []
  return analyzer.analyzeArgv(read.rest, command)
}

function analyzeTimeout(command: ShellCommand, analyzer: ShellAnalyzer): Effect[] {
  // `timeout [options] DURATION COMMAND…`
  const read = readArgs(command.args, {
    valued: ['-s', '--signal', '-k', '--kill-after'],
    stopAtPositional: true,
  })
  return read.rest.length <= 1 ? [] : analyzer.analyzeArgv(read.rest.slice(1), command)
}

function analyzeFlock(command: ShellCommand, analyzer: ShellAnalyzer): Effect[] {
  const read = readArgs(command.args, {
    valued: ['-w', '--timeout', '-E', '--conflict-exit-code'],
    stopAtPositional: true,
  })
  const script = read.options.get('-c') ?? read.options.get('--command')
  if (typeof script === 'string') return analyzer.analyzeScript(script, command)
  return read.rest.length <= 1 ? [] : analyzer.analyzeArgv(read.rest.slice(1), command)
}

function analyzeWatch(command: ShellCommand, analyzer: ShellAnalyzer): Effect[] {
  const read = readArgs(command.args, {
    valued: ['-n', '--interval', '-d', '--differences', '-q', '--equexit'],
    stopAtPositional: true,
  })
  if (read.rest.length === 0) return []
  if (read.rest.some((word) => word.dynamic))
    return [opaqueEffect(command, '`watch` runs a command only known at run time')]
  const script = read.rest.map((word) => word.value).join(' ')
  return analyzer.analyzeScript(script, command)
}

function analyzeXargs(command: ShellCommand, analyzer: ShellAnalyzer): Effect[] {
  const read = readArgs(command.args, {
    valued: [
      '-I',
      '-L',
      '-l',
      '-n',
      '--max-args',
      '-P',
      '--max-procs',
      '-s',
      '--max-chars',
      '-d',
      '--delimiter',
      '-E',
      '-e',
      '-a',
      '--arg-file',
      '--replace',
    ],
    stopAtPositional: true,
  })
  const inner = read.rest.length === 0 ? [literalWord('echo')] : [...read.rest]
  const replace =
    read.options.get('-I') ??
    read.options.get('--replace') ??
    (read.options.has('-i') ? '{}' : undefined)
  const items: ShellWord[] =
    command.stdin.kind === 'known'
      ? command.stdin.text
          .split(/\s+/)
          .filter((item) => item !== '')
          .map(literalWord)
      : [{ value: '$(xargs input)', dynamic: true }]
  if (typeof replace === 'string') {
    // `-I {}` runs the command once per input item, with the item in place of `{}`.
    return items.slice(0, 16).flatMap((item) =>
      analyzer.analyzeArgv(
        inner.map((word) =>
          word.value.includes(replace)
            ? {
                value: word.value.split(replace).join(item.value),
                dynamic: word.dynamic || item.dynamic,
              }
            : word,
        ),
        command,
        { stdin: { kind: 'terminal' } },
      ),
    )
  }
  return analyzer.analyzeArgv([...inner, ...items], command, { stdin: { kind: 'terminal' } })
}

function analyzeParallel(command: ShellCommand, analyzer: ShellAnalyzer): Effect[] {
  const separator = command.args.findIndex((word) => word.value === ':::' || word.value === '::::')
  const head = separator < 0 ? command.args : command.args.slice(0, separator)
  const read = readArgs(head, {
    valued: ['-j', '--jobs', '-S', '--sshlogin', '--joblog', '-I', '--delay', '--timeout'],
    stopAtPositional: true,
  })
  const inputs =
    separator < 0
      ? [{ value: '$(parallel input)', dynamic: true }]
      : command.args.slice(separator + 1).filter((word) => !word.value.startsWith(':::'))
  if (read.rest.length === 0)
    return [opaqueEffect(command, '`parallel` runs commands read from its input')]
  const effects: Effect[] = []
  for (const input of inputs.slice(0, 16)) {
    const words = read.rest.map((word) =>
      word.value.includes('{}')
        ? {
            value: word.value.replaceAll('{}', input.value),
            dynamic: word.dynamic || input.dynamic,
          }
        : word,
    )
    if (!read.rest.some((word) => word.value.includes('{}'))) words.push(input)
    effects.push(...analyzer.analyzeArgv(words, command))
  }
  return effects
}

/** Programs that run another program: their own options are skipped and the rest analysed. */
export const WRAPPER_RULES: CommandRuleTable = {
  sudo: analyzeSudo,
  doas: wrapper(['-u', '-C'], { privileged: true }),
  run0: wrapper(['-u', '--user', '-D', '--chdir'], { privileged: true }),
  env: analyzeEnv,
  command: analyzeCommandBuiltin,
  builtin: analyzeCommandBuiltin,
  exec: wrapper(['-a']),
  nice: wrapper(['-n', '--adjustment']),
  ionice: wrapper([
    '-c',
    '--class',
    '-n',
    '--classdata',
    '-p',
    '--pid',
    '-P',
    '--pgid',
    '-u',
    '--uid',
  ]),
  nohup: wrapper([]),
  setsid: wrapper([]),
  unbuffer: wrapper([]),
  caffeinate: wrapper(['-t', '-w']),
  time: wrapper(['-f', '--format', '-o', '--output']),
  stdbuf: wrapper(['-i', '--input', '-o', '--output', '-e', '--error']),
  chrt: wrapper([], { skip: 1 }),
  taskset: wrapper([], { skip: 1 }),
  timeout: analyzeTimeout,
  flock: analyzeFlock,
  watch: analyzeWatch,
  xargs: analyzeXargs,
  parallel: analyzeParallel,
}
