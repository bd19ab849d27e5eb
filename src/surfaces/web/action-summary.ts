import type { Action } from '../../model/action.js'

/** An action as the console shows it: what kind, a one-line headline and the exact text. */
export interface ActionSummary {
  readonly kind: string
  readonly headline: string
  /** The exact command, statement, call or plan summary, as proposed. */
  readonly exact: string
  /** Where it runs (working directory, server, dialect), when the action says. */
  readonly where?: string
}

const HEADLINE_LENGTH = 140

function firstLine(text: string): string {
  const line = text.split('\n').find((candidate) => candidate.trim() !== '') ?? ''
  const trimmed = line.trim()
  return trimmed.length > HEADLINE_LENGTH ? `${trimmed.slice(0, HEADLINE_LENGTH - 1)}…` : trimmed
}

// `terraform show -json` lists `resource_changes[].change.actions`; anything else is shown raw.
function summarisePlan(plan: unknown): string {
  const changes =
    typeof plan === 'object' && plan !== null && 'resource_changes' in plan
      ? plan.resource_changes
      : undefined
  if (!Array.isArray(changes)) return JSON.stringify(plan, undefined, 2)
  const lines: string[] = []
  const counts = new Map<string, number>()
  for (const change of changes as unknown[]) {
    if (typeof change !== 'object' || change === null) continue
    const { address, change: detail } = change as { address?: unknown; change?: unknown }
    const actions =
      typeof detail === 'object' && detail !== null && 'actions' in detail
        ? detail.actions
        : undefined
    const verb = Array.isArray(actions) ? actions.map(String).join('+') : 'unknown'
    if (verb === 'no-op' || verb === 'read') continue
    counts.set(verb, (counts.get(verb) ?? 0) + 1)
    lines.push(`${verb.padEnd(14)} ${typeof address === 'string' ? address : '?'}`)
  }
  const total = [...counts].map(([verb, count]) => `${String(count)} ${verb}`).join(', ')
  return [`plan: ${total === '' ? 'no changes' : total}`, ...lines].join('\n')
}

/** Summarises an action for the queue and the request page. */
export function summariseAction(action: Action): ActionSummary {
  switch (action.kind) {
    case 'shell':
      return {
        kind: 'shell command',
        headline: firstLine(action.command),
        exact: action.command,
        where: action.cwd,
      }
    case 'sql':
      return {
        kind: `SQL (${action.dialect})`,
        headline: firstLine(action.statement),
        exact: action.statement,
      }
    case 'terraform-plan': {
      const exact = summarisePlan(action.plan)
      return { kind: 'Terraform plan', headline: firstLine(exact), exact }
    }
    case 'mcp':
      return {
        kind: 'MCP tool call',
        headline: `${action.server}.${action.tool}(${firstLine(JSON.stringify(action.arguments))})`,
        exact: `${action.server} / ${action.tool}\n${JSON.stringify(action.arguments, undefined, 2)}`,
        where: `MCP server ${action.server}`,
      }
    case 'http':
      return {
        kind: 'HTTP request',
        headline: `${action.method} ${action.url}`,
        exact: `${action.method} ${action.url}${action.body === undefined ? '' : `\n\n${JSON.stringify(action.body, undefined, 2)}`}`,
      }
  }
}
