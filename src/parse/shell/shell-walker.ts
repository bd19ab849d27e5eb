import type { SqlDialect } from '../../model/action.js'
import { createOpaqueEffect, type Effect } from '../../model/effect.js'
import type { ParseIssue, ParseIssueCode } from '../../model/parse-issue.js'
import { type BashNode, parseBash } from './bash-grammar.js'
import type {
  AnalysisOverrides as Overrides,
  CommandRuleTable,
  HttpRequestInput,
  InterpreterLanguage,
  ShellAnalyzer,
} from './command-rule.js'
import { resolvePath } from './path-meaning.js'
import { analyzeRedirect } from './redirect-effects.js'
import type { ShellCommand, ShellStdin } from './shell-command.js'
import type { ShellWord } from './shell-word.js'
import { produceStdout } from './stdout-producers.js'
import { resolveWord, resolveWords, unescapeUnquoted, type WordScope } from './word-resolver.js'

/** Where a script runs: what every command inherits unless it changes it (`cd` moves `cwd`). */
export interface ShellFrame {
  cwd: string
  readonly host?: string
  readonly environment?: string
  readonly privileged: boolean
  readonly variables: Map<string, string>
  readonly depth: number
}

/** Analysers for code the shell hands to other languages. */
export interface EmbeddedAnalyzers {
  readonly sql: (
    sql: string,
    dialect: SqlDialect,
    source: string,
  ) => { effects: Effect[]; issues: ParseIssue[] }
  readonly code: (
    language: InterpreterLanguage,
    code: string,
    from: ShellCommand,
    analyzer: ShellAnalyzer,
  ) => Effect[]
  readonly http: (
    request: HttpRequestInput,
    options: { environment?: string },
  ) => { effects: Effect[]; issues: ParseIssue[] }
}

const MAX_DEPTH = 12
const MAX_COMMANDS = 4_000
const TERMINAL: ShellStdin = { kind: 'terminal' }
const NO_OUTPUT: ShellStdin = { kind: 'terminal' }

// Folders whose programs are the system's own: `/usr/bin/rm` is `rm`.
const PROGRAM_DIRS = new Set([
  '/bin',
  '/usr/bin',
  '/usr/local/bin',
  '/sbin',
  '/usr/sbin',
  '/usr/local/sbin',
  '/opt/homebrew/bin',
  '/snap/bin',
  'bin',
  './bin',
  'node_modules/.bin',
  './node_modules/.bin',
  'vendor/bin',
  './vendor/bin',
  '.venv/bin',
  './.venv/bin',
  'venv/bin',
  './venv/bin',
  '~/.local/bin',
  '~/.cargo/bin',
  '~/go/bin',
])

/**
 * Walks a bash syntax tree and collects the effects of every command it would run: lists,
 * pipelines, subshells, substitutions (also inside strings and heredocs), redirections, and
 * commands nested in wrappers, `-c` strings and pipelines that feed a shell.
 */
export class ShellWalker implements ShellAnalyzer {
  readonly issues: ParseIssue[] = []
  readonly #rules: CommandRuleTable
  readonly #embedded: EmbeddedAnalyzers
  #commands = 0

  constructor(rules: CommandRuleTable, embedded: EmbeddedAnalyzers) {
    this.#rules = rules
    this.#embedded = embedded
  }

  /** Analyses a whole script in a frame, returning its effects and what it prints. */
  walkScript(script: string, frame: ShellFrame, stdin: ShellStdin, sink: Effect[]): ShellStdin {
    if (frame.depth > MAX_DEPTH) {
      this.#opaque(
        sink,
        'parse_limit_exceeded',
        'commands are nested deeper than airlock follows',
        script,
      )
      return { kind: 'unknown', from: 'nested script' }
    }
    const tree = parseBash(script)
    try {
      const root = tree.rootNode
      if (root.hasError) {
        this.#reportSyntaxErrors(root, script, sink)
      }
      return this.#walk(root, frame, stdin, sink)
    } finally {
      tree.delete()
    }
  }

  analyzeScript(script: string, from: ShellCommand, overrides: Overrides = {}): Effect[] {
    const sink: Effect[] = []
    this.walkScript(script, this.#frameFrom(from, overrides), overrides.stdin ?? TERMINAL, sink)
    return sink
  }

  analyzeArgv(argv: readonly ShellWord[], from: ShellCommand, overrides: Overrides = {}): Effect[] {
    const sink: Effect[] = []
    const frame = this.#frameFrom(from, overrides)
    if (frame.depth > MAX_DEPTH) {
      this.#opaque(
        sink,
        'parse_limit_exceeded',
        'commands are nested deeper than airlock follows',
        from.source,
      )
      return sink
    }
    this.#run(argv, frame, overrides.stdin ?? from.stdin, from.source, sink)
    return sink
  }

  analyzeSql(sql: string, dialect: SqlDialect, from: ShellCommand): Effect[] {
    const { effects, issues } = this.#embedded.sql(sql, dialect, from.source)
    this.issues.push(...issues)
    return effects
  }

  analyzeHttp(request: HttpRequestInput, from: ShellCommand): Effect[] {
    const { effects, issues } = this.#embedded.http(
      request,
      from.environment === undefined ? {} : { environment: from.environment },
    )
    this.issues.push(...issues)
    return effects.map((effect) => ({ ...effect, source: from.source }))
  }

  analyzeCode(language: InterpreterLanguage, code: string, from: ShellCommand): Effect[] {
    return this.#embedded.code(language, code, from, this)
  }

  #frameFrom(from: ShellCommand, overrides: Overrides): ShellFrame {
    const host = overrides.host ?? from.host
    return {
      cwd: overrides.cwd ?? from.cwd,
      ...(host === undefined ? {} : { host }),
      ...(from.environment === undefined ? {} : { environment: from.environment }),
      privileged: overrides.privileged ?? from.privileged,
      variables: new Map(overrides.variables ?? from.variables),
      depth: (this.#depthOf.get(from) ?? 0) + 1,
    }
  }

  readonly #depthOf = new WeakMap<ShellCommand, number>()

  #walk(node: BashNode, frame: ShellFrame, stdin: ShellStdin, sink: Effect[]): ShellStdin {
    switch (node.type) {
      case 'comment':
        return NO_OUTPUT
      case 'command':
        return this.#command(node, frame, stdin, sink, [])
      case 'redirected_statement':
        return this.#redirected(node, frame, stdin, sink)
      case 'pipeline':
        return this.#pipeline(node.namedChildren, frame, stdin, sink)
      case 'variable_assignment':
        this.#assign(node, frame, sink)
        return NO_OUTPUT
      case 'declaration_command':
        for (const child of node.namedChildren) {
          if (child?.type === 'variable_assignment') this.#assign(child, frame, sink)
          else if (child !== null) this.#walkWords(child, frame, sink)
        }
        return NO_OUTPUT
      case 'unset_command':
        for (const child of node.namedChildren)
          if (child !== null) frame.variables.delete(child.text)
        return NO_OUTPUT
      case 'subshell':
        return this.#sequence(
          node.namedChildren,
          { ...frame, variables: new Map(frame.variables) },
          stdin,
          sink,
        )
      case 'command_substitution':
      case 'process_substitution':
        return this.#sequence(
          node.namedChildren,
          { ...frame, variables: new Map(frame.variables) },
          TERMINAL,
          sink,
        )
      case 'ERROR':
        return this.#sequence(node.namedChildren, frame, stdin, sink)
      default:
        // Lists, groups, loops, conditionals, function bodies, tests: every command in them may run.
        return this.#sequence(node.namedChildren, frame, stdin, sink)
    }
  }

  #sequence(
    nodes: readonly (BashNode | null)[],
    frame: ShellFrame,
    stdin: ShellStdin,
    sink: Effect[],
  ): ShellStdin {
    let output: ShellStdin = NO_OUTPUT
    for (const node of nodes) {
      if (node === null) continue
      output = joinOutputs(output, this.#walk(node, frame, stdin, sink))
    }
    return output
  }

  #pipeline(
    nodes: readonly (BashNode | null)[],
    frame: ShellFrame,
    stdin: ShellStdin,
    sink: Effect[],
  ): ShellStdin {
    let stream = stdin
    for (const node of nodes) {
      if (node === null) continue
      stream = this.#walk(node, frame, stream, sink)
    }
    return stream
  }

  #redirected(node: BashNode, frame: ShellFrame, stdin: ShellStdin, sink: Effect[]): ShellStdin {
    const body = node.childForFieldName('body')
    const redirects = node
      .childrenForFieldName('redirect')
      .filter((child): child is BashNode => child !== null)
    const continuations: { node: BashNode; piped: boolean }[] = []
    const writes: BashNode[] = []
    let input = stdin
    for (const redirect of redirects) {
      if (redirect.type === 'heredoc_redirect') {
        input = this.#heredoc(redirect, frame, sink)
        for (const child of redirect.namedChildren) {
          if (child === null) continue
          if (child.type === 'file_redirect') writes.push(child)
          else if (!['heredoc_start', 'heredoc_body', 'heredoc_end'].includes(child.type)) {
            // tree-sitter-bash hangs the rest of the line (`| sh`, `&& echo`) under the heredoc.
            continuations.push({
              node: child,
              piped: redirect.childForFieldName('right')?.id !== child.id,
            })
          }
        }
      } else if (redirect.type === 'herestring_redirect') {
        const word = redirect.namedChild(0)
        if (word !== null) {
          const resolved = resolveWord(word, this.#scope(frame, sink))
          input = resolved.dynamic
            ? { kind: 'unknown', from: 'here-string' }
            : { kind: 'known', text: `${resolved.value}\n` }
        }
      } else if (redirect.type === 'file_redirect') {
        if (redirect.text.trimStart().replace(/^\d+/, '').startsWith('<')) {
          input = { kind: 'unknown', from: 'a file' }
          this.#walkWords(redirect, frame, sink)
        } else writes.push(redirect)
      }
    }
    let output = NO_OUTPUT
    if (body?.type === 'command') {
      // tree-sitter-bash drops a lone word between a command and its heredoc (`kubectl apply -f - <<EOF`).
      const firstRedirect = redirects[0]?.startIndex ?? body.endIndex
      const gap = node.text.slice(body.endIndex - node.startIndex, firstRedirect - node.startIndex)
      const stray = gap
        .split(/\s+/)
        .filter((word) => word !== '')
        .map((word) => ({ value: unescapeUnquoted(word), dynamic: /[$`]/.test(word) }))
      output = this.#command(body, frame, input, sink, stray)
    } else if (body !== null) output = this.#walk(body, frame, input, sink)
    for (const write of writes) {
      const effect = this.#redirect(write, frame, sink)
      if (effect === 'stdout-captured') output = NO_OUTPUT
    }
    for (const { node: continuation, piped } of continuations) {
      if (piped) output = this.#pipeInto(continuation, frame, output, sink)
      else output = joinOutputs(output, this.#walk(continuation, frame, TERMINAL, sink))
    }
    return output
  }

  // `cat <<EOF | sh && echo x` parses as a pipeline holding a list: the pipe feeds the first command.
  #pipeInto(node: BashNode, frame: ShellFrame, stream: ShellStdin, sink: Effect[]): ShellStdin {
    if (node.type === 'pipeline' || node.type === 'list') {
      const [first, ...rest] = node.namedChildren.filter(
        (child): child is BashNode => child !== null,
      )
      if (first === undefined) return stream
      const fed = this.#pipeInto(first, frame, stream, sink)
      return node.type === 'pipeline'
        ? this.#pipeline(rest, frame, fed, sink)
        : this.#sequence(rest, frame, TERMINAL, sink)
    }
    return this.#walk(node, frame, stream, sink)
  }

  #heredoc(node: BashNode, frame: ShellFrame, sink: Effect[]): ShellStdin {
    const start = node.namedChildren.find((child) => child?.type === 'heredoc_start')
    const body = node.namedChildren.find((child) => child?.type === 'heredoc_body')
    if (body === undefined || body === null) return { kind: 'known', text: '' }
    const quoted = start !== undefined && start !== null && /['"\\]/.test(start.text)
    const stripTabs = node.text.startsWith('<<-')
    const tidy = (text: string): string => (stripTabs ? text.replace(/^\t+/gm, '') : text)
    if (quoted) return { kind: 'known', text: tidy(body.text) }
    // Unquoted: substitutions in the body run now; their text stays as written for the reader.
    return { kind: 'known', text: tidy(resolveWord(body, this.#scope(frame, sink)).value) }
  }

  #redirect(node: BashNode, frame: ShellFrame, sink: Effect[]): 'stdout-captured' | 'other' {
    const destination = node.childForFieldName('destination') ?? node.namedChildren.at(-1) ?? null
    if (destination === null) return 'other'
    const operator = node.text.slice(0, destination.startIndex - node.startIndex).trim()
    const target = resolveWord(destination, this.#scope(frame, sink))
    const result = analyzeRedirect(operator, target, frame.cwd, node.text)
    sink.push(...result.effects)
    return result.capturesStdout ? 'stdout-captured' : 'other'
  }

  #assign(node: BashNode, frame: ShellFrame, sink: Effect[]): void {
    const name = node.childForFieldName('name')?.text
    const value = node.childForFieldName('value')
    if (name === undefined) return
    if (value === null) {
      frame.variables.set(name, '')
      return
    }
    const resolved = resolveWord(value, this.#scope(frame, sink))
    if (resolved.dynamic || value.type === 'array') frame.variables.delete(name)
    else frame.variables.set(name, resolved.value)
  }

  // Runs every substitution inside a node that is not itself a command.
  #walkWords(node: BashNode, frame: ShellFrame, sink: Effect[]): void {
    for (const child of node.namedChildren) {
      if (child === null) continue
      if (child.type === 'command_substitution' || child.type === 'process_substitution')
        this.#walk(child, frame, TERMINAL, sink)
      else this.#walkWords(child, frame, sink)
    }
  }

  #scope(frame: ShellFrame, sink: Effect[]): WordScope {
    return {
      variables: frame.variables,
      substitute: (node) => {
        const output = this.#walk(node, frame, TERMINAL, sink)
        return output.kind === 'known' ? output.text : undefined
      },
    }
  }

  #command(
    node: BashNode,
    frame: ShellFrame,
    stdin: ShellStdin,
    sink: Effect[],
    trailing: readonly ShellWord[],
  ): ShellStdin {
    const variables = new Map(frame.variables)
    const scope: WordScope = { ...this.#scope(frame, sink), variables }
    const argv: ShellWord[] = []
    let input = stdin
    const writes: BashNode[] = []
    for (let i = 0; i < node.namedChildCount; i++) {
      const child = node.namedChild(i)
      if (child === null) continue
      const field = node.fieldNameForNamedChild(i)
      if (child.type === 'variable_assignment') {
        const name = child.childForFieldName('name')?.text
        const value = child.childForFieldName('value')
        if (name === undefined) continue
        const resolved = value === null ? { value: '', dynamic: false } : resolveWord(value, scope)
        if (resolved.dynamic) variables.delete(name)
        else variables.set(name, resolved.value)
      } else if (child.type === 'command_name') {
        const inner = child.namedChild(0)
        if (inner !== null) argv.push(...resolveWords(inner, scope))
      } else if (child.type === 'herestring_redirect') {
        const word = child.namedChild(0)
        if (word !== null) {
          const resolved = resolveWord(word, scope)
          input = resolved.dynamic
            ? { kind: 'unknown', from: 'here-string' }
            : { kind: 'known', text: `${resolved.value}\n` }
        }
      } else if (child.type === 'file_redirect' || field === 'redirect') {
        if (child.text.trimStart().replace(/^\d+/, '').startsWith('<'))
          input = { kind: 'unknown', from: 'a file' }
        else writes.push(child)
      } else if (child.type === 'comment') {
        continue
      } else {
        argv.push(...resolveWords(child, scope))
      }
    }
    argv.push(...trailing)
    if (argv[0]?.value === 'cd' || argv[0]?.value === 'pushd') changeDirectory(frame, argv[1])
    const commandFrame: ShellFrame = { ...frame, variables }
    let output =
      argv.length === 0 ? NO_OUTPUT : this.#run(argv, commandFrame, input, node.text, sink)
    for (const write of writes) {
      if (this.#redirect(write, commandFrame, sink) === 'stdout-captured') output = NO_OUTPUT
    }
    return output
  }

  /** Runs one resolved command line: wrappers, shells and tools are all rules. */
  #run(
    argv: readonly ShellWord[],
    frame: ShellFrame,
    stdin: ShellStdin,
    source: string,
    sink: Effect[],
  ): ShellStdin {
    const [head, ...args] = argv
    if (head === undefined) return NO_OUTPUT
    if (++this.#commands > MAX_COMMANDS) {
      this.#opaque(
        sink,
        'parse_limit_exceeded',
        'the script runs more commands than airlock analyses',
        source,
      )
      return { kind: 'unknown', from: 'limit' }
    }
    if (head.dynamic) {
      this.#opaque(
        sink,
        'parse_unresolved_expansion',
        `command name \`${head.value}\` is only known at run time`,
        source,
      )
      return { kind: 'unknown', from: head.value }
    }
    const name = programName(head.value)
    const command: ShellCommand = {
      name,
      args,
      variables: frame.variables,
      stdin,
      cwd: frame.cwd,
      ...(frame.host === undefined ? {} : { host: frame.host }),
      ...(frame.environment === undefined ? {} : { environment: frame.environment }),
      privileged: frame.privileged,
      source,
    }
    this.#depthOf.set(command, frame.depth)
    const rule = Object.hasOwn(this.#rules, name) ? this.#rules[name] : undefined
    if (rule === undefined) {
      this.#opaque(
        sink,
        'parse_unknown_program',
        `\`${head.value}\` is not a program airlock knows`,
        source,
      )
      return { kind: 'unknown', from: name }
    }
    sink.push(...rule(command, this))
    return produceStdout(command)
  }

  #opaque(sink: Effect[], code: ParseIssueCode, message: string, source: string): void {
    this.issues.push({ code, message })
    sink.push(createOpaqueEffect('shell', message, source))
  }

  #reportSyntaxErrors(root: BashNode, script: string, sink: Effect[]): void {
    const bad = findErrorNode(root)
    const at = bad?.startIndex ?? 0
    const line = script.slice(0, at).split('\n').length
    const column = at - script.lastIndexOf('\n', at - 1)
    const message = `shell syntax error at line ${line}, column ${column}${bad?.isMissing === true ? `: missing \`${bad.type}\`` : ''}`
    this.issues.push({
      code: 'parse_syntax_error',
      message,
      span: { start: at, end: bad?.endIndex ?? at },
    })
    sink.push(createOpaqueEffect('shell', message, script))
  }
}

// `cd DIR` moves the working directory of the commands after it; an unknown target leaves it unknown.
function changeDirectory(frame: ShellFrame, target: ShellWord | undefined): void {
  if (target === undefined) frame.cwd = '~'
  else if (target.value === '-' || target.dynamic) frame.cwd = `${frame.cwd}/$(cd ${target.value})`
  else frame.cwd = resolvePath(target.value, frame.cwd)
}

function findErrorNode(node: BashNode): BashNode | undefined {
  if (node.isError || node.isMissing) return node
  for (const child of node.children) {
    if (child !== null && (child.hasError || child.isMissing)) {
      const found = findErrorNode(child)
      if (found !== undefined) return found
    }
  }
  return undefined
}

function joinOutputs(a: ShellStdin, b: ShellStdin): ShellStdin {
  if (a.kind === 'terminal') return b
  if (b.kind === 'terminal') return a
  if (a.kind === 'known' && b.kind === 'known') return { kind: 'known', text: a.text + b.text }
  return {
    kind: 'unknown',
    from: a.kind === 'unknown' ? a.from : b.kind === 'unknown' ? b.from : '',
  }
}

// Build wrappers projects ship beside their sources: `./gradlew` is Gradle wherever it lies.
const PROJECT_WRAPPERS = new Set(['gradlew', 'mvnw', 'manage.py', 'artisan', 'rails', 'rake'])

/**
 * The name a program is known by: system folders are dropped, and so are project folders for
 * conventional build wrappers; other paths are kept whole, so `./ls` is not `ls`.
 */
export function programName(written: string): string {
  const slash = written.lastIndexOf('/')
  if (slash < 0) return written
  const folder = written.slice(0, slash) || '/'
  const base = written.slice(slash + 1)
  return PROGRAM_DIRS.has(folder) || PROJECT_WRAPPERS.has(base) ? base : written
}
