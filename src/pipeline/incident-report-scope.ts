import type { AuditRecord } from '../model/audit-record.js'
import { ApiError } from '../model/errors.js'
import { SESSION_MS } from './gateway.js'

/** Which actions a report or replay covers; the criteria combine (all must hold). */
export interface IncidentSelection {
  /** An action id: the session of its requester that contains it. */
  readonly session?: string
  readonly agent?: string
  readonly environment?: string
  /** Epoch milliseconds, inclusive. */
  readonly since?: number
  /** Epoch milliseconds, inclusive. */
  readonly until?: number
}

/** What a selection covers in the audit chain. */
export interface IncidentScope {
  /** The selected proposals, in chain order. */
  readonly actionIds: readonly string[]
  /** Every record in scope, in chain order. */
  readonly records: readonly AuditRecord[]
  /** The action in scope each record is tied to, by `seq`; freezes are tied to none. */
  readonly actionOf: ReadonlyMap<number, string>
}

/** A string field of an audit record's data, or undefined. */
export function readText(record: AuditRecord, key: string): string | undefined {
  const value = record.data[key]
  return typeof value === 'string' ? value : undefined
}

function hasCriteria(selection: IncidentSelection): boolean {
  return Object.values(selection).some((value) => value !== undefined)
}

// The requester's proposals with no gap longer than the gateway's session around `anchor`.
function sessionOf(proposals: readonly AuditRecord[], anchor: AuditRecord): Set<string> {
  const own = proposals.filter((record) => record.actor === anchor.actor)
  const index = own.findIndex((record) => record.seq === anchor.seq)
  const time = (record: AuditRecord | undefined) => Date.parse(record?.at ?? '')
  let first = index
  while (first > 0 && time(own[first]) - time(own[first - 1]) <= SESSION_MS) first -= 1
  let last = index
  while (last < own.length - 1 && time(own[last + 1]) - time(own[last]) <= SESSION_MS) last += 1
  return new Set(own.slice(first, last + 1).map((record) => record.subject ?? ''))
}

// Which action each record is about: requests link via `actionId`, grants via theirs or their
// request's, executions and breaches via their subject. A kind not named here (a failed
// notification) is tied through its subject when that is an action or a request.
function tieToActions(records: readonly AuditRecord[]): Map<number, string> {
  const actions = new Set<string>()
  const requests = new Map<string, string>()
  const grants = new Map<string, string>()
  const tied = new Map<number, string>()
  const bySubject = new Set(['action.proposed', 'action.executed', 'velocity.breached'])
  const byRequest = new Set(['approval.voted', 'approval.approved', 'approval.denied'])
  const untied = new Set(['freeze.set', 'freeze.lifted', 'permissions.reviewed'])
  for (const record of records) {
    const subject = record.subject ?? ''
    const { kind } = record
    let action: string | undefined
    if (bySubject.has(kind)) {
      action = record.subject
      if (kind === 'action.proposed') actions.add(subject)
    } else if (kind === 'approval.opened') {
      action = readText(record, 'actionId')
      if (action !== undefined) requests.set(subject, action)
    } else if (kind === 'approval.expired') {
      action = readText(record, 'actionId') ?? requests.get(subject)
    } else if (byRequest.has(kind)) {
      action = requests.get(subject)
    } else if (kind === 'grant.issued' || kind === 'grant.redeemed') {
      action = readText(record, 'actionId')
      if (action !== undefined && !grants.has(subject)) grants.set(subject, action)
    } else if (kind === 'grant.refused') {
      action = grants.get(subject)
    } else if (kind === 'grant.voided') {
      action = grants.get(subject) ?? requests.get(readText(record, 'requestId') ?? '')
    } else if (!untied.has(kind)) {
      action = actions.has(subject) ? subject : requests.get(subject)
    }
    if (action !== undefined) tied.set(record.seq, action)
  }
  return tied
}

// `global`, `agent:claude`, `environment:prod` against the agents and environments in scope.
function concerns(scope: string | undefined, agents: Set<string>, environments: Set<string>) {
  if (scope === 'global') return true
  if (scope?.startsWith('agent:') === true) return agents.has(scope.slice('agent:'.length))
  if (scope?.startsWith('environment:') === true) {
    return environments.has(scope.slice('environment:'.length))
  }
  return false
}

/**
 * Selects the proposals a report covers and every audit record tied to them: their requests,
 * votes, grants, breaches and executions, plus the freezes and breaches that concern their agents
 * or environments from the first selected proposal (or `since`) to `until` (or one session
 * length after the last tied record). Throws ApiError when no criterion is given or the session's
 * action is not in the audit.
 */
export function selectIncidentScope(
  records: readonly AuditRecord[],
  selection: IncidentSelection,
): IncidentScope {
  if (!hasCriteria(selection)) {
    throw new ApiError(
      'usage_invalid',
      'select what to report: `--session`, `--agent`, `--env`, `--since` or `--until`',
    )
  }
  const proposals = records.filter((record) => record.kind === 'action.proposed')
  let session: Set<string> | undefined
  if (selection.session !== undefined) {
    const anchor = proposals.find((record) => record.subject === selection.session)
    if (anchor === undefined) {
      throw new ApiError('input_not_found', `no action \`${selection.session}\` in the audit`)
    }
    session = sessionOf(proposals, anchor)
  }
  const { since, until } = selection
  const selected = proposals.filter((record) => {
    const at = Date.parse(record.at)
    return (
      (session === undefined || session.has(record.subject ?? '')) &&
      (selection.agent === undefined || readText(record, 'agent') === selection.agent) &&
      (selection.environment === undefined ||
        readText(record, 'environment') === selection.environment) &&
      (since === undefined || at >= since) &&
      (until === undefined || at <= until)
    )
  })
  const actionIds = selected.map((record) => record.subject ?? '')
  const chosen = new Set(actionIds)
  const agents = new Set(selected.flatMap((record) => readText(record, 'agent') ?? []))
  const environments = new Set(selected.flatMap((record) => readText(record, 'environment') ?? []))
  if (selection.agent !== undefined) agents.add(selection.agent)
  if (selection.environment !== undefined) environments.add(selection.environment)

  const tied = tieToActions(records)
  const ownRecords = records.filter((record) => chosen.has(tied.get(record.seq) ?? ''))
  const firstAt = selected[0] === undefined ? undefined : Date.parse(selected[0].at)
  const lastAt =
    ownRecords.at(-1) === undefined ? undefined : Date.parse(ownRecords.at(-1)?.at ?? '')
  const from = since ?? firstAt ?? Number.NEGATIVE_INFINITY
  const to = until ?? (lastAt === undefined ? Number.POSITIVE_INFINITY : lastAt + SESSION_MS)
  const freezes = new Set<string>()
  const inScope = records.filter((record) => {
    if (chosen.has(tied.get(record.seq) ?? '')) return true
    const at = Date.parse(record.at)
    const inWindow = at >= from && at <= to
    const scope = readText(record, 'scope')
    if (record.kind === 'freeze.set') {
      if (!inWindow || !concerns(scope, agents, environments)) return false
      freezes.add(record.subject ?? '')
      return true
    }
    if (record.kind === 'freeze.lifted') {
      return (
        freezes.has(record.subject ?? '') || (inWindow && concerns(scope, agents, environments))
      )
    }
    return (
      record.kind === 'velocity.breached' && inWindow && agents.has(readText(record, 'agent') ?? '')
    )
  })
  const actionOf = new Map<number, string>()
  for (const record of inScope) {
    const action = tied.get(record.seq)
    if (action !== undefined) actionOf.set(record.seq, action)
  }
  return { actionIds, records: inScope, actionOf }
}
