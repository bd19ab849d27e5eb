import type { AuditRecord } from '../../model/audit-record.js'
import { ApiError } from '../../model/errors.js'
import type { ProposalRecord } from '../../model/proposal-record.js'
import type { Gateway } from '../../pipeline/gateway.js'
import { buildIncidentReport } from '../../pipeline/incident-report.js'
import {
  formatIncidentReportSchema,
  type IncidentReport,
} from '../../pipeline/incident-report-schema.js'
import {
  type IncidentScope,
  type IncidentSelection,
  selectIncidentScope,
} from '../../pipeline/incident-report-scope.js'
import { EXIT } from './cli-error.js'
import type { GatewayCliIo } from './cli-io.js'
import { resolveFrom } from './judging-options.js'
import { openGatewayFromConfig } from './serve-command.js'

/** The selection flags shared by `airlock report incident` and `airlock replay`. */
export interface SelectionFlags {
  readonly session?: string
  readonly agent?: string
  readonly env?: string
  readonly since?: string
  readonly until?: string
}

/** Options of `airlock report incident`. */
export interface ReportOptions extends SelectionFlags {
  readonly config: string
  readonly json?: boolean
  readonly out?: string
}

/** What `airlock report incident --out` needs beyond the CLI's io: writing a file. */
export interface ReportIo extends GatewayCliIo {
  readonly writeFile?: (path: string, text: string) => Promise<void>
}

const UNIT_MS: Readonly<Record<string, number>> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
}

// `2026-11-21T09:00:00Z`, or a duration back from now: `90m`, `24h`, `7d`.
function parseTime(option: string, text: string | undefined, now: number): number | undefined {
  if (text === undefined) return undefined
  const duration = /^(\d+)([smhd])$/.exec(text.trim())
  if (duration !== null) return now - Number(duration[1]) * (UNIT_MS[duration[2] ?? 's'] ?? 1000)
  const at = /^\d{4}-\d{2}-\d{2}/.test(text) ? Date.parse(text) : Number.NaN
  if (Number.isNaN(at)) {
    throw new ApiError(
      'usage_invalid',
      `option ${option}: expected an ISO time such as \`2026-11-21T09:00:00Z\` or a duration such as \`24h\`; got \`${text}\``,
    )
  }
  return at
}

/** The selection the flags describe; `--since`/`--until` durations count back from `now`. */
export function toSelection(flags: SelectionFlags, now: number): IncidentSelection {
  const since = parseTime('--since', flags.since, now)
  const until = parseTime('--until', flags.until, now)
  return {
    ...(flags.session === undefined ? {} : { session: flags.session }),
    ...(flags.agent === undefined ? {} : { agent: flags.agent }),
    ...(flags.env === undefined ? {} : { environment: flags.env }),
    ...(since === undefined ? {} : { since }),
    ...(until === undefined ? {} : { until }),
  }
}

/** The whole audit chain, the scope of a selection in it and the proposals of that scope. */
export async function readScope(
  gateway: Gateway,
  selection: IncidentSelection,
): Promise<{ records: AuditRecord[]; scope: IncidentScope; proposals: ProposalRecord[] }> {
  const records: AuditRecord[] = []
  for await (const record of gateway.exportAudit()) records.push(record)
  const scope = selectIncidentScope(records, selection)
  return { records, scope, proposals: await gateway.readProposals(scope.actionIds) }
}

const NOT_RECORDED = 'not recorded'

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s+/g, ' ')
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``
}

function short(hash: string): string {
  return hash.slice(0, 16)
}

function renderSelection(report: IncidentReport): string {
  const { selection } = report
  const parts = [
    ...(selection.session === undefined ? [] : [`session of ${code(selection.session)}`]),
    ...(selection.agent === undefined ? [] : [`agent ${code(selection.agent)}`]),
    ...(selection.environment === undefined ? [] : [`environment ${code(selection.environment)}`]),
    ...(selection.since === undefined ? [] : [`since ${selection.since}`]),
    ...(selection.until === undefined ? [] : [`until ${selection.until}`]),
  ]
  return parts.join(', ')
}

function renderSummary(report: IncidentReport): string[] {
  const { summary: s } = report
  return [
    '## Summary',
    '',
    `- Period: ${s.from ?? NOT_RECORDED} to ${s.to ?? NOT_RECORDED}`,
    `- Proposals: ${String(s.proposals)} (allow ${String(s.decisions.allow)}, approve ${String(s.decisions.approve)}, deny ${String(s.decisions.deny)}); highest risk: ${s.highestRisk ?? NOT_RECORDED}`,
    `- Approval requests: ${String(s.approvalsRequested)} (approved ${String(s.approved)}, denied ${String(s.rejected)}, expired ${String(s.expired)})`,
    `- Executions: ${String(s.executions.succeeded)} succeeded, ${String(s.executions.failed)} failed`,
    `- Freezes: ${String(s.freezes)}; velocity breaches: ${String(s.velocityBreaches)}; deviations: ${String(s.deviations)}`,
    `- Agents: ${s.agents.join(', ') || 'none'}; environments: ${s.environments.join(', ') || 'none'}`,
    `- Audit chain: ${report.audit.verification.ok ? 'intact' : 'BROKEN'} (${String(report.audit.verification.records)} records verified)`,
    '',
  ]
}

function renderPeople(report: IncidentReport): string[] {
  const { people } = report
  return [
    '## People',
    '',
    ...people.agents.map(
      (agent) =>
        `- Agent ${code(agent.id)}, operator ${agent.operator === null ? NOT_RECORDED : code(agent.operator)}`,
    ),
    `- Requesters: ${people.requesters.map(code).join(', ') || 'none'}`,
    ...people.approvers.map(
      (vote) =>
        `- ${code(vote.human)} voted ${vote.verdict} on ${code(vote.requestId)} at ${vote.at}${vote.comment === null ? '' : `: ${vote.comment}`}`,
    ),
    ...(people.freezesBy.length === 0
      ? []
      : [`- Freezes set by: ${people.freezesBy.map(code).join(', ')}`]),
    '',
  ]
}

function renderTimeline(report: IncidentReport): string[] {
  return [
    '## Timeline',
    '',
    '| seq | time | kind | actor | action | what the record says | hash |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...report.timeline.map(
      (entry) =>
        `| ${String(entry.seq)} | ${entry.at} | ${entry.kind} | ${cell(entry.actor)} | ${entry.actionId ?? ''} | ${cell(entry.summary)} | ${short(entry.hash)} |`,
    ),
    '',
  ]
}

function renderImpact(action: IncidentReport['actions'][number]): string {
  const estimate = action.impact.estimated
  if (estimate === null) return 'not simulated (no inventory twin)'
  return [
    `${String(estimate.resources)} resource(s)`,
    ...(estimate.environmentDestroyed === null
      ? []
      : [`environment ${estimate.environmentDestroyed} destroyed`]),
    `data lost: ${estimate.dataLost.join(', ') || 'none'}`,
    `services broken: ${estimate.servicesBroken.join(', ') || 'none'}`,
    `restore ~${String(estimate.estimatedRestoreMinutes)} min${estimate.unrecoverable ? ' (unrecoverable)' : ''}`,
  ].join('; ')
}

function renderOutcome(action: IncidentReport['actions'][number]): string {
  const { status, execution } = action.impact.outcome
  const ran =
    execution === null
      ? 'no execution recorded'
      : `ran ${execution.status}${execution.exitCode === null ? '' : ` (exit code ${String(execution.exitCode)})`} at ${execution.at}`
  return `status ${status ?? NOT_RECORDED}; ${ran}`
}

function renderActions(report: IncidentReport): string[] {
  return [
    '## Actions: rationale and attempt',
    '',
    ...report.actions.flatMap((action) => [
      `### ${action.id} (${action.proposedAt})`,
      '',
      `- Agent: ${action.agent ?? NOT_RECORDED}; operator: ${action.operator ?? NOT_RECORDED}; requester: ${action.requester}; environment: ${action.environment ?? NOT_RECORDED}; channel: ${action.channel}`,
      `- Stated rationale: ${action.rationale ?? NOT_RECORDED}`,
      `- Attempted (${action.attempted.kind}, ${action.attempted.risk}${action.attempted.opaque ? ', opaque' : ''}): ${code(action.attempted.text)}`,
      `- Decision: ${action.decision.decision}${action.decision.decision === 'approve' ? ` (${String(action.decision.approvals)} approval(s))` : ''}: ${action.decision.reasons.join('; ')}`,
      `- Policy set: ${action.policySet === null ? NOT_RECORDED : short(action.policySet)}`,
      ...(action.approval === null
        ? []
        : [
            `- Request ${code(action.approval.requestId)}: ${action.approval.status ?? NOT_RECORDED}, ${String(action.approval.needed)} needed, approved by ${action.approval.approvers.join(', ') || 'nobody'}`,
          ]),
      `- Estimated impact: ${renderImpact(action)}`,
      `- Outcome: ${renderOutcome(action)}`,
      '',
    ]),
  ]
}

function renderFreezes(report: IncidentReport): string[] {
  return [
    '## Freezes',
    '',
    ...(report.freezes.length === 0
      ? ['None in scope.']
      : report.freezes.map(
          (freeze) =>
            `- ${code(freeze.id)} ${freeze.scope} set by ${freeze.by} at ${freeze.at}: ${freeze.reason}; ${freeze.liftedAt === null ? 'not lifted' : `lifted by ${freeze.liftedBy ?? NOT_RECORDED} at ${freeze.liftedAt}`}`,
        )),
    '',
  ]
}

function renderDeviations(report: IncidentReport): string[] {
  return [
    '## Deviations',
    '',
    ...(report.deviations.length === 0
      ? ['None recorded.']
      : report.deviations.map(
          (deviation) =>
            `- ${deviation.kind} (record ${String(deviation.seq)}, ${deviation.at}${deviation.actionId === null ? '' : `, ${deviation.actionId}`}): ${deviation.detail}`,
        )),
    '',
  ]
}

function renderPolicies(report: IncidentReport): string[] {
  const { policies } = report
  return [
    '## Policy versions',
    '',
    `- Current policy set ${policies.current.digest}; invariants ${policies.current.invariants}`,
    ...policies.current.files.map(
      (file) => `- ${code(file.file)}${file.shadow ? ' (shadow)' : ''}: sha256 ${file.sha256}`,
    ),
    ...policies.decidedUnder.map(
      (set) =>
        `- Decided under ${set.digest}${set.current ? ' (the current set)' : ' (not the current set)'}: ${set.actions.join(', ')}`,
    ),
    ...(policies.unrecorded.length === 0
      ? []
      : [`- Policy set ${NOT_RECORDED} for: ${policies.unrecorded.join(', ')}`]),
    '',
  ]
}

function renderAudit(report: IncidentReport): string[] {
  const { audit } = report
  const anchor = (value: IncidentReport['audit']['head']) =>
    value === null ? NOT_RECORDED : `record ${String(value.seq)} ${value.hash}`
  return [
    '## Audit chain',
    '',
    `- Verification: ${audit.verification.ok ? 'intact' : `BROKEN at record ${String(audit.verification.problem?.seq ?? '?')}: ${audit.verification.problem?.message ?? ''}`} (${String(audit.verification.records)} records checked)`,
    `- Head: ${anchor(audit.head)}`,
    `- First record in scope: ${anchor(audit.first)}`,
    `- Last record in scope: ${anchor(audit.last)}`,
    `- Records in scope: ${String(audit.recordsInScope)}`,
    '',
  ]
}

/** The report as Markdown: the same facts as the JSON, in sections. */
export function renderIncidentReport(report: IncidentReport): string {
  return [
    '# Incident report',
    '',
    `Generated ${report.generatedAt} for ${renderSelection(report)}. Schema version ${String(report.schemaVersion)}. States only what the audit record shows.`,
    '',
    ...renderSummary(report),
    ...renderPeople(report),
    ...renderTimeline(report),
    ...renderActions(report),
    ...renderFreezes(report),
    ...renderDeviations(report),
    ...renderPolicies(report),
    ...renderAudit(report),
  ].join('\n')
}

/**
 * `airlock report incident --config FILE`: the incident report of a session, agent, environment
 * or time window, read from the database directly (the gateway may be down), as Markdown or JSON.
 */
export async function runReportIncident(options: ReportOptions, io: ReportIo): Promise<number> {
  const now = Date.now()
  const selection = toSelection(options, now)
  const { gateway, store } = await openGatewayFromConfig(options.config, io)
  let report: IncidentReport
  try {
    const { records, scope, proposals } = await readScope(gateway, selection)
    const verification = await gateway.verifyAudit()
    report = buildIncidentReport({
      selection,
      records,
      scope,
      proposals,
      config: gateway.config,
      verification,
      generatedAt: now,
    })
  } finally {
    await store.close()
  }
  const text =
    options.json === true ? `${JSON.stringify(report, null, 2)}\n` : renderIncidentReport(report)
  if (options.out === undefined) {
    io.stdout(text)
  } else {
    if (io.writeFile === undefined) throw new Error('`--out` needs writeFile in the io')
    const path = resolveFrom(io.cwd, options.out)
    await io.writeFile(path, text)
    io.stderr(
      `airlock: report of ${String(report.summary.proposals)} proposal(s) written to ${path}\n`,
    )
  }
  return EXIT.ok
}

/** `airlock report schema`: the JSON Schema of the incident report. */
export function runReportSchema(io: GatewayCliIo): number {
  io.stdout(formatIncidentReportSchema())
  return EXIT.ok
}
