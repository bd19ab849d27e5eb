import type { AuditRecord } from '../../model/audit-record.js'
import type { DecisionOutcome } from '../../model/decision.js'
import { ApiError } from '../../model/errors.js'
import { isRisk, type Risk } from '../../model/risk.js'

/** What the audit timeline is narrowed to; every field is optional. */
export interface AuditFilter {
  readonly agent?: string
  readonly environment?: string
  readonly risk?: Risk
  readonly decision?: DecisionOutcome
  /** Inclusive bounds, in ms. */
  readonly from?: number
  readonly to?: number
}

const DECISIONS: readonly DecisionOutcome[] = ['allow', 'approve', 'deny']

// `2026-11-21` or `2026-11-21T09:30` (a date-time input), read as UTC.
function parseTime(name: string, text: string, end: boolean): number {
  const match = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2})(?::\d{2})?)?$/.exec(text)
  const ms =
    match === null ? Number.NaN : Date.parse(`${text}${match[2] === undefined ? 'T00:00' : ''}Z`)
  if (Number.isNaN(ms)) {
    throw new ApiError(
      'input_invalid',
      `query \`${name}\`: expected a date such as 2026-11-21 or 2026-11-21T09:30 (UTC), got \`${text}\``,
    )
  }
  if (!end) return ms
  // A day or a minute given as the end includes all of it.
  return ms + (match?.[2] === undefined ? 86_400_000 : 60_000) - 1
}

/** Reads the timeline's filters from the query; a value that cannot be read is refused by name. */
export function parseAuditFilter(query: Readonly<Record<string, string | undefined>>): AuditFilter {
  const given = (name: string): string | undefined => {
    const value = query[name]?.trim()
    return value === undefined || value === '' ? undefined : value
  }
  const risk = given('risk')
  if (risk !== undefined && !isRisk(risk)) {
    throw new ApiError(
      'input_invalid',
      `query \`risk\`: expected one of safe, mutating, destructive, catastrophic; got \`${risk}\``,
    )
  }
  const decision = given('decision')
  if (decision !== undefined && !(DECISIONS as readonly string[]).includes(decision)) {
    throw new ApiError(
      'input_invalid',
      `query \`decision\`: expected one of ${DECISIONS.join(', ')}; got \`${decision}\``,
    )
  }
  const agent = given('agent')
  const environment = given('environment')
  const from = given('from')
  const to = given('to')
  return {
    ...(agent === undefined ? {} : { agent }),
    ...(environment === undefined ? {} : { environment }),
    ...(risk === undefined ? {} : { risk }),
    ...(decision === undefined ? {} : { decision: decision as DecisionOutcome }),
    ...(from === undefined ? {} : { from: parseTime('from', from, false) }),
    ...(to === undefined ? {} : { to: parseTime('to', to, true) }),
  }
}

/** Whether an audit record passes the filter. */
export function matchesAuditFilter(record: AuditRecord, filter: AuditFilter): boolean {
  const { data } = record
  if (filter.agent !== undefined) {
    if (record.actor !== `agent:${filter.agent}` && data.agent !== filter.agent) return false
  }
  if (filter.environment !== undefined && data.environment !== filter.environment) return false
  if (filter.risk !== undefined && data.risk !== filter.risk) return false
  if (filter.decision !== undefined) {
    const decision = data.decision as { decision?: unknown } | undefined
    if (decision?.decision !== filter.decision) return false
  }
  if (filter.from !== undefined || filter.to !== undefined) {
    const at = Date.parse(record.at)
    if (filter.from !== undefined && at < filter.from) return false
    if (filter.to !== undefined && at > filter.to) return false
  }
  return true
}
