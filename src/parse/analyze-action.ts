import type { Action } from '../model/action.js'
import { digestAction } from '../model/action-digest.js'
import { type Analysis, summariseAnalysis } from '../model/analysis.js'
import { createOpaqueEffect, type Effect } from '../model/effect.js'
import type { ParseIssue } from '../model/parse-issue.js'
import type { Risk } from '../model/risk.js'
import { adjustForEnvironment } from './environment-adjustment.js'
import { analyzeHttpCall } from './http-call/http-call-analyzer.js'
import { analyzeMcpCall } from './mcp-tool-call/mcp-call-analyzer.js'
import { analyzeShell } from './shell/shell-analyzer.js'
import { analyzeSql } from './sql/sql-analyzer.js'
import { redactTerraformPlan } from './terraform-plan/redact-terraform-plan.js'
import { analyzeTerraformPlan } from './terraform-plan/terraform-plan-analyzer.js'

interface Parsed {
  readonly effects: readonly Effect[]
  readonly issues: readonly ParseIssue[]
}

/** What analysis takes from configuration. */
export interface AnalysisOptions {
  /** Operators' own word on their MCP tools: `server/tool` or `tool` → risk. */
  readonly mcpToolRisks?: ReadonlyMap<string, Risk>
}

function parseByKind(action: Action, options: AnalysisOptions): Parsed {
  switch (action.kind) {
    case 'shell':
      return analyzeShell(action.command, {
        cwd: action.cwd,
        ...(action.environment === undefined ? {} : { environment: action.environment }),
      })
    case 'sql':
      return analyzeSql(action.statement, action.dialect, action.statement)
    case 'terraform-plan':
      return analyzeTerraformPlan(action.plan, {
        ...(action.environment === undefined ? {} : { environment: action.environment }),
      })
    case 'mcp':
      return analyzeMcpCall(action, {
        ...(action.environment === undefined ? {} : { environment: action.environment }),
        ...(options.mcpToolRisks === undefined ? {} : { declaredRisks: options.mcpToolRisks }),
      })
    case 'http':
      return analyzeHttpCall(action, {
        ...(action.environment === undefined ? {} : { environment: action.environment }),
      })
  }
}

// What is kept of an action for display and records: a plan's sensitive values are redacted.
function redactAction(action: Action): Action {
  return action.kind === 'terraform-plan'
    ? { ...action, plan: redactTerraformPlan(action.plan) }
    : action
}

/**
 * Parses an action into effects and a risk. Pure once the parsers are loaded, and never
 * throws: an internal failure becomes an opaque analysis, which is judged as dangerous. The
 * digest covers the action as proposed; the analysis carries it with secrets redacted.
 */
export function analyzeAction(action: Action, options: AnalysisOptions = {}): Analysis {
  const digest = digestAction(action)
  try {
    const parsed = parseByKind(action, options)
    return summariseAnalysis(
      redactAction(action),
      digest,
      adjustForEnvironment(parsed.effects, action.environment),
      parsed.issues,
    )
  } catch (error) {
    // Fail closed: a parser crash must never let an action through as safe.
    const message = `analysis failed: ${error instanceof Error ? error.message : String(error)}`
    return summariseAnalysis(
      redactAction(action),
      digest,
      [createOpaqueEffect('shell', message)],
      [{ code: 'parse_internal_error', message }],
    )
  }
}
