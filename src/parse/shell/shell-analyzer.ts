import type { Effect } from '../../model/effect.js'
import type { ParseIssue } from '../../model/parse-issue.js'
import { maxRisk, type Risk } from '../../model/risk.js'
import { analyzeHttpCall } from '../http-call/http-call-analyzer.js'
import { analyzeSql } from '../sql/sql-analyzer.js'
import { COMMAND_RULES } from './command-rules.js'
import { analyzeInterpreterCode } from './interpreter-code.js'
import { ShellWalker } from './shell-walker.js'

/** Where a shell command would run. */
export interface ShellOptions {
  readonly cwd: string
  readonly environment?: string
}

/** The effects of a shell command line and what could not be understood. */
export interface ShellAnalysis {
  readonly effects: Effect[]
  readonly issues: ParseIssue[]
  readonly risk: Risk
  readonly opaque: boolean
}

/**
 * Analyses a shell command line with the bash grammar: every command it would run, through
 * wrappers, nested shells, substitutions, heredocs and interpreter one-liners. The grammar must
 * be loaded first (`loadShellGrammar`). Never throws on odd input: what cannot be read is opaque.
 */
export function analyzeShell(command: string, options: ShellOptions): ShellAnalysis {
  const walker = new ShellWalker(COMMAND_RULES, {
    sql: analyzeSql,
    code: analyzeInterpreterCode,
    http: analyzeHttpCall,
  })
  const effects: Effect[] = []
  walker.walkScript(
    command,
    {
      cwd: options.cwd,
      ...(options.environment === undefined ? {} : { environment: options.environment }),
      privileged: false,
      variables: new Map(),
      depth: 0,
    },
    { kind: 'terminal' },
    effects,
  )
  const opaque = walker.issues.length > 0 || effects.some((effect) => effect.opaque)
  const risks = effects.map((effect) => effect.risk)
  if (opaque) risks.push('destructive')
  return { effects, issues: walker.issues, risk: maxRisk(risks), opaque }
}
