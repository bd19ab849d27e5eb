import { rehearseShell } from '../execute/rehearse-shell.js'
import { rehearseSql } from '../execute/rehearse-sql.js'
import type { Action } from '../model/action.js'
import type { RehearsalReport } from '../model/rehearsal.js'

/** Where a rehearsal may run: a PostgreSQL database for SQL, and a time limit. */
export interface RehearsalOptions {
  /** PostgreSQL to rehearse SQL against, inside a transaction that is always rolled back. */
  readonly databaseUrl?: string
  readonly timeoutMs?: number
}

/** Why an action is not rehearsed, when it cannot be. */
export interface NoRehearsal {
  readonly kind: 'none'
  readonly reason: string
}

/**
 * Rehearses what can be rehearsed without touching anything real: a shell command in a
 * throwaway sandbox over its working directory, SQL in a rolled-back transaction. A Terraform
 * plan is its own rehearsal; MCP and HTTP calls cannot be rehearsed. The decision never
 * depends on it: a rehearsal that cannot run says why and the decision stands.
 */
export async function rehearseAction(
  action: Action,
  options: RehearsalOptions = {},
): Promise<RehearsalReport | NoRehearsal> {
  const timeout = options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }
  switch (action.kind) {
    case 'shell':
      return rehearseShell(action.command, { cwd: action.cwd, ...timeout })
    case 'sql':
      if (action.dialect !== 'postgres') {
        return { kind: 'none', reason: `only PostgreSQL is rehearsed, not ${action.dialect}` }
      }
      if (options.databaseUrl === undefined) {
        return { kind: 'none', reason: 'no database to rehearse against: give --database-url' }
      }
      return rehearseSql(action.statement, { url: options.databaseUrl, ...timeout })
    case 'terraform-plan':
      return { kind: 'none', reason: 'a Terraform plan is its own rehearsal' }
    case 'mcp':
    case 'http':
      return { kind: 'none', reason: `a ${action.kind} call cannot be rehearsed without making it` }
  }
}
