import type { Effect } from '../../../model/effect.js'
import type {
  CommandRule,
  CommandRuleTable,
  InterpreterLanguage,
  ShellAnalyzer,
} from '../command-rule.js'
import type { ShellCommand } from '../shell-command.js'
import { opaqueEffect, readEffect, ruleEffect } from './rule-effect.js'

interface InterpreterSpec {
  readonly language: InterpreterLanguage
  /** Options whose value is the code to run. */
  readonly codeOptions: readonly string[]
  /** Options that take a value that is not code. */
  readonly valued: readonly string[]
}

const SPECS: Readonly<Record<InterpreterLanguage, InterpreterSpec>> = {
  python: { language: 'python', codeOptions: ['-c'], valued: ['-W', '-X', '-Q'] },
  node: {
    language: 'node',
    codeOptions: ['-e', '--eval', '-p', '--print'],
    valued: [
      '-r',
      '--require',
      '--import',
      '--loader',
      '--experimental-loader',
      '--input-type',
      '--env-file',
      '--max-old-space-size',
    ],
  },
  perl: {
    language: 'perl',
    codeOptions: ['-e', '-E'],
    valued: ['-I', '-M', '-m', '-x', '-0', '-l', '-F'],
  },
  ruby: {
    language: 'ruby',
    codeOptions: ['-e'],
    valued: ['-I', '-r', '-C', '-E', '-F', '-K', '-x'],
  },
  php: { language: 'php', codeOptions: ['-r'], valued: ['-c', '-d', '-z', '-t', '-S'] },
}

// Python modules that are tools: `python -m pytest` is pytest.
const PYTHON_MODULE_TOOLS: Readonly<Record<string, string>> = {
  pip: 'pip',
  pytest: 'pytest',
  'json.tool': 'jq',
  venv: 'mkdir',
  'http.server': 'http-server',
  unittest: 'pytest',
  mypy: 'pytest',
  black: 'prettier',
  ruff: 'eslint',
  flake8: 'eslint',
  pylint: 'eslint',
  timeit: 'pytest',
  doctest: 'pytest',
  compileall: 'tsc',
}

function interpreter(language: InterpreterLanguage): CommandRule {
  const spec = SPECS[language]
  return (command, analyzer) => analyzeInterpreter(command, analyzer, spec)
}

function analyzeInterpreter(
  command: ShellCommand,
  analyzer: ShellAnalyzer,
  spec: InterpreterSpec,
): Effect[] {
  const effects: Effect[] = []
  const args = command.args
  let inPlace = false
  for (let i = 0; i < args.length; i++) {
    const word = args[i]
    if (word === undefined) break
    const text = word.value
    // `perl -pi -e`, `perl -i.bak -ne`: code options may be grouped with flags.
    if (spec.language === 'perl' && /^-[a-zA-Z]*i/.test(text) && !text.startsWith('-I'))
      inPlace = true
    const codeOption = spec.codeOptions.find(
      (option) =>
        text === option ||
        (text.startsWith('-') &&
          !text.startsWith('--') &&
          text.endsWith(option.slice(1)) &&
          option.length === 2 &&
          /^-[a-zA-Z]+$/.test(text) &&
          spec.language === 'perl'),
    )
    if (codeOption !== undefined) {
      const code = args[i + 1]
      if (code === undefined) break
      if (code.dynamic)
        effects.push(opaqueEffect(command, `\`${command.name}\` runs code only known at run time`))
      else effects.push(...analyzer.analyzeCode(spec.language, code.value, command))
      if (inPlace)
        effects.push(
          ...args.slice(i + 2).map((file) =>
            ruleEffect(command, {
              system: 'fs',
              verb: 'write',
              target: file.value,
              risk: 'mutating',
              reason: `\`${command.name} -i\` edits \`${file.value}\` in place`,
            }),
          ),
        )
      return effects
    }
    if (spec.language === 'python' && text === '-m') {
      const module = args[i + 1]?.value ?? ''
      const tool = PYTHON_MODULE_TOOLS[module]
      if (tool === 'http-server')
        return [readEffect(command, module, '`python -m http.server` serves files read-only')]
      if (tool !== undefined)
        return analyzer.analyzeArgv(
          [{ value: tool, dynamic: false }, ...args.slice(i + 2)],
          command,
        )
      return [
        opaqueEffect(
          command,
          `\`${command.name} -m ${module}\` runs a module airlock does not know`,
        ),
      ]
    }
    if (spec.valued.includes(text)) {
      i++
      continue
    }
    if (text === '-' || !text.startsWith('-')) {
      if (text !== '-') {
        if (text === 'manage.py' || text.endsWith('/manage.py'))
          return analyzer.analyzeArgv(args.slice(i), command)
        if (/^(-V|--version|-h|--help)$/.test(text)) break
        return [
          opaqueEffect(
            command,
            `\`${command.name}\` runs the script \`${text}\`, whose content airlock cannot see`,
          ),
        ]
      }
      if (command.stdin.kind === 'known')
        return analyzer.analyzeCode(spec.language, command.stdin.text, command)
      return [opaqueEffect(command, `\`${command.name}\` runs code read from standard input`)]
    }
    if (/^(-V|--version|-h|--help|-v)$/.test(text))
      return [readEffect(command, command.name, `\`${command.name} ${text}\` prints information`)]
  }
  if (effects.length > 0) return effects
  if (command.stdin.kind === 'known')
    return analyzer.analyzeCode(spec.language, command.stdin.text, command)
  return [opaqueEffect(command, `\`${command.name}\` runs code airlock cannot see`)]
}

/** Interpreters whose one-liners are read for what they do. */
export const INTERPRETER_RULES: CommandRuleTable = {
  python: interpreter('python'),
  python2: interpreter('python'),
  python3: interpreter('python'),
  'python3.8': interpreter('python'),
  'python3.9': interpreter('python'),
  'python3.10': interpreter('python'),
  'python3.11': interpreter('python'),
  'python3.12': interpreter('python'),
  'python3.13': interpreter('python'),
  pypy: interpreter('python'),
  pypy3: interpreter('python'),
  node: interpreter('node'),
  nodejs: interpreter('node'),
  deno: interpreter('node'),
  perl: interpreter('perl'),
  ruby: interpreter('ruby'),
  php: interpreter('php'),
}
