import type { Effect } from '../../../model/effect.js'
import type { CommandRuleTable, ShellAnalyzer } from '../command-rule.js'
import { readArgs } from '../read-args.js'
import type { ShellCommand } from '../shell-command.js'
import { opaqueEffect, readEffect } from './rule-effect.js'

// `bash -c SCRIPT`, `sh` fed a script on stdin, `bash -n` (syntax check only), `bash file.sh`.
function analyzeShellProgram(command: ShellCommand, analyzer: ShellAnalyzer): Effect[] {
  const args = command.args
  let i = 0
  let script: string | undefined
  let dynamicScript = false
  let noExec = false
  let readsStdin = false
  for (; i < args.length; i++) {
    const word = args[i]
    if (word === undefined) break
    const text = word.value
    if (text === '--') {
      i++
      break
    }
    if (text === '-o' || text === '+o' || text === '-O' || text === '+O') {
      i++
      continue
    }
    if (/^[-+][a-zA-Z]+$/.test(text)) {
      if (text.startsWith('-') && text.includes('n')) noExec = true
      if (text.startsWith('-') && text.includes('s')) readsStdin = true
      if (text.startsWith('-') && text.includes('c')) {
        const next = args[i + 1]
        script = next?.value ?? ''
        dynamicScript = next?.dynamic ?? false
        i += 2
        break
      }
      continue
    }
    if (text.startsWith('--')) continue
    break
  }
  if (noExec)
    return [readEffect(command, command.name, `\`${command.name} -n\` only checks syntax`)]
  if (script !== undefined) {
    if (dynamicScript)
      return [opaqueEffect(command, `\`${command.name} -c\` runs a script only known at run time`)]
    return analyzer.analyzeScript(script, command, { stdin: command.stdin })
  }
  const file = args[i]
  if (file !== undefined && !readsStdin && file.value !== '-') {
    return [
      opaqueEffect(
        command,
        `\`${command.name}\` runs the script file \`${file.value}\`, whose content airlock cannot see`,
      ),
    ]
  }
  if (command.stdin.kind === 'known')
    return analyzer.analyzeScript(command.stdin.text, command, { stdin: { kind: 'terminal' } })
  if (command.stdin.kind === 'unknown') {
    return [
      opaqueEffect(
        command,
        `\`${command.name}\` runs a script read from ${command.stdin.from}, which is only known at run time`,
      ),
    ]
  }
  return [opaqueEffect(command, `\`${command.name}\` opens an interactive shell`)]
}

function analyzeEval(command: ShellCommand, analyzer: ShellAnalyzer): Effect[] {
  if (command.args.some((word) => word.dynamic)) {
    return [opaqueEffect(command, '`eval` runs a string only known at run time')]
  }
  return analyzer.analyzeScript(command.args.map((word) => word.value).join(' '), command)
}

// Files that by convention only set up the environment: virtualenv activation, dotenv files,
// shell profiles, version-manager hooks.
const ENVIRONMENT_FILE =
  /(^|\/)(activate|activate\.(sh|bash|zsh|fish)|\.env(\.[\w-]+)?|[\w-]+\.env|\.?(bash|zsh)rc|\.bash_profile|\.zprofile|\.profile|profile|nvm\.sh|env\.sh|setenv\.sh|env)$/

function analyzeSource(command: ShellCommand): Effect[] {
  const word = command.args[0]
  const file = word?.value ?? ''
  if (word !== undefined && !word.dynamic && ENVIRONMENT_FILE.test(file)) {
    return [readEffect(command, file, `\`${command.name} ${file}\` loads environment settings`)]
  }
  return [
    opaqueEffect(
      command,
      `\`${command.name}\` runs \`${file}\` in this shell; its content is not visible`,
    ),
  ]
}

const SSH_VALUED = [
  '-b',
  '-B',
  '-c',
  '-D',
  '-E',
  '-e',
  '-F',
  '-I',
  '-i',
  '-J',
  '-L',
  '-l',
  '-m',
  '-O',
  '-o',
  '-p',
  '-Q',
  '-R',
  '-S',
  '-W',
  '-w',
]

// `ssh [options] HOST [COMMAND…]`: the remote shell runs the words joined by spaces.
function analyzeSsh(command: ShellCommand, analyzer: ShellAnalyzer): Effect[] {
  const read = readArgs(command.args, { valued: SSH_VALUED, stopAtPositional: true })
  const [host, ...remote] = read.rest
  if (host === undefined) return [readEffect(command, 'ssh', '`ssh` with no host')]
  const login = read.options.get('-l')
  const target = typeof login === 'string' ? `${login}@${host.value}` : host.value
  if (remote.length === 0) {
    if (
      read.options.has('-N') ||
      read.options.has('-O') ||
      read.options.has('-G') ||
      read.options.has('-V')
    ) {
      return [
        readEffect(
          command,
          target,
          `\`ssh\` to \`${target}\` opens a tunnel or queries, and runs no command`,
        ),
      ]
    }
    return [opaqueEffect(command, `\`ssh ${target}\` opens an interactive remote shell`)]
  }
  if (remote.some((word) => word.dynamic)) {
    return [opaqueEffect(command, `\`ssh ${target}\` runs a remote command only known at run time`)]
  }
  const script = remote.map((word) => word.value).join(' ')
  return analyzer.analyzeScript(script, command, { host: target, cwd: '~', privileged: false })
}

/** Shells and the builtins that run strings or files as shell code. */
export const SHELL_RULES: CommandRuleTable = {
  bash: analyzeShellProgram,
  sh: analyzeShellProgram,
  zsh: analyzeShellProgram,
  dash: analyzeShellProgram,
  ksh: analyzeShellProgram,
  ash: analyzeShellProgram,
  busybox: (command, analyzer) => analyzer.analyzeArgv(command.args, command),
  eval: analyzeEval,
  source: analyzeSource,
  '.': analyzeSource,
  ssh: analyzeSsh,
}
