/**
 * @module parse/shell
 * Stage 1 for shell: a command line in, effects and issues out, through the bash grammar and
 * one CommandRule per program. Imports model/ and the parse stage's own folders only.
 */
import type { SqlDialect } from '../../model/action.js'
import type { Effect } from '../../model/effect.js'
import type { ShellCommand } from './shell-command.js'
import type { ShellWord } from './shell-word.js'

/** An HTTP request as a command line states it. */
export interface HttpRequestInput {
  readonly method: string
  readonly url: string
  readonly body?: unknown
}

/** Languages whose one-liners airlock reads for their effects. */
export type InterpreterLanguage = 'python' | 'node' | 'perl' | 'ruby' | 'php'

/** What a nested command changes about where and how it runs. */
export type AnalysisOverrides = Partial<
  Pick<ShellCommand, 'host' | 'cwd' | 'privileged' | 'stdin' | 'variables'>
>

/** Nested analysis offered to command rules, so wrappers and embedded code are followed. */
export interface ShellAnalyzer {
  /** Analyses a script as the shell would run it (`bash -c`, `ssh host '…'`, `eval`). */
  analyzeScript(script: string, from: ShellCommand, overrides?: AnalysisOverrides): Effect[]
  /** Analyses an already split command (`sudo rm …`, `kubectl exec pod -- rm …`). */
  analyzeArgv(
    argv: readonly ShellWord[],
    from: ShellCommand,
    overrides?: AnalysisOverrides,
  ): Effect[]
  /** Analyses SQL sent to a database client; `unknown` when the dialect cannot be told. */
  analyzeSql(sql: string, dialect: SqlDialect, from: ShellCommand): Effect[]
  /** Analyses an HTTP request a command sends (`curl -X DELETE …`). */
  analyzeHttp(request: HttpRequestInput, from: ShellCommand): Effect[]
  /** Analyses a one-liner for an interpreter (`python -c`, `node -e`). */
  analyzeCode(language: InterpreterLanguage, code: string, from: ShellCommand): Effect[]
}

/**
 * Knowledge of one program: the effects of running it with these arguments. A rule never
 * throws on odd arguments; what it cannot judge it returns as an opaque effect.
 */
export type CommandRule = (command: ShellCommand, analyzer: ShellAnalyzer) => Effect[]

/** Rules by program name; aliases of one program share one rule. */
export type CommandRuleTable = Readonly<Record<string, CommandRule>>
