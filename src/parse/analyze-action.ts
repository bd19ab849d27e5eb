import type { Action } from '../model/action.js'
import { digestAction } from '../model/action-digest.js'
import { type Analysis, summariseAnalysis } from '../model/analysis.js'
import { createOpaqueEffect, type Effect } from '../model/effect.js'
import type { ParseIssue } from '../model/parse-issue.js'
import { adjustForEnvironment } from './environment-adjustment.js'
import { analyzeShell } from './shell/shell-analyzer.js'
import { analyzeSql } from './sql/sql-analyzer.js'

interface Parsed {
  readonly effects: readonly Effect[]
  readonly issues: readonly ParseIssue[]
}

function parseByKind(action: Action): Parsed {
  switch (action.kind) {
    case 'shell':
      return analyzeShell(action.command, {
        cwd: action.cwd,
        ...(action.environment === undefined ? {} : { environment: action.environment }),
      })
    case 'sql':
      return analyzeSql(action.statement, action.dialect, action.statement)
    case 'terraform-plan':
    case 'mcp':
    case 'http': {
      const message = `actions of kind \`${action.kind}\` are not analysed yet`
      return {
        effects: [createOpaqueEffect('shell', message)],
        issues: [{ code: 'parse_unsupported', message }],
      }
    }
  }
}

/**
 * Parses an action into effects and a risk. Pure once the parsers are loaded, and never
 * throws: an internal failure becomes an opaque analysis, which is judged as dangerous.
 */
export function analyzeAction(action: Action): Analysis {
  const digest = digestAction(action)
  try {
    const parsed = parseByKind(action)
    return summariseAnalysis(
      action,
      digest,
      adjustForEnvironment(parsed.effects, action.environment),
      parsed.issues,
    )
  } catch (error) {
    // Fail closed: a parser crash must never let an action through as safe.
    const message = `analysis failed: ${error instanceof Error ? error.message : String(error)}`
    return summariseAnalysis(
      action,
      digest,
      [createOpaqueEffect('shell', message)],
      [{ code: 'parse_internal_error', message }],
    )
  }
}
