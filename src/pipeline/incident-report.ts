import type { ChainVerification } from '../audit/verify-chain.js'
import type { Action } from '../model/action.js'
import type { AuditRecord } from '../model/audit-record.js'
import type { Decision } from '../model/decision.js'
import type { Effect } from '../model/effect.js'
import type { GatewayConfig } from '../model/gateway-config.js'
import type { ImpactReport } from '../model/impact-report.js'
import type { ProposalRecord } from '../model/proposal-record.js'
import { isRisk, maxRisk, type Risk } from '../model/risk.js'
import { INCIDENT_REPORT_VERSION, type IncidentReport } from './incident-report-schema.js'
import { type IncidentScope, type IncidentSelection, readText } from './incident-report-scope.js'
import { describePolicyVersions } from './policy-versions.js'

/** What an incident report is built from: the audit, the proposals and the configuration. */
export interface IncidentReportInput {
  readonly selection: IncidentSelection
  /** The whole audit chain, in order: earlier denials and freeze lifts are looked up in it. */
  readonly records: readonly AuditRecord[]
  readonly scope: IncidentScope
  /** The proposal records of `scope.actionIds` that are on record. */
  readonly proposals: readonly ProposalRecord[]
  readonly config: GatewayConfig
  readonly verification: ChainVerification
  readonly generatedAt: number
}

type ReportAction = IncidentReport['actions'][number]
type Deviation = IncidentReport['deviations'][number]

const TEXT_LIMIT = 160

const iso = (ms: number): string => new Date(ms).toISOString()

function readNumber(record: AuditRecord, key: string): number | undefined {
  const value = record.data[key]
  return typeof value === 'number' ? value : undefined
}

function readStrings(record: AuditRecord, key: string): string[] {
  const value = record.data[key]
  return Array.isArray(value) ? value.filter((item) => typeof item === 'string') : []
}

function readDecision(record: AuditRecord): Decision | undefined {
  const value = record.data.decision
  if (typeof value !== 'object' || value === null || !('decision' in value)) return undefined
  return value as Decision
}

function clip(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim()
  return line.length > TEXT_LIMIT ? `${line.slice(0, TEXT_LIMIT - 1)}…` : line
}

/** The action as one line of text: the command, statement, call or request. */
function describeAttempt(action: Action): string {
  switch (action.kind) {
    case 'shell':
      return action.command
    case 'sql':
      return action.statement
    case 'terraform-plan':
      return 'Terraform plan'
    case 'mcp':
      return `${action.server}/${action.tool} ${JSON.stringify(action.arguments)}`
    case 'http':
      return `${action.method} ${action.url}`
  }
}

function actorName(actor: string): string {
  const colon = actor.indexOf(':')
  return colon === -1 ? actor : actor.slice(colon + 1)
}

function describeWindow(ms: number | undefined): string {
  if (ms === undefined) return 'its window'
  if (ms % 3_600_000 === 0) return `${String(ms / 3_600_000)}h`
  if (ms % 60_000 === 0) return `${String(ms / 60_000)}m`
  return `${String(ms / 1000)}s`
}

function describeProposal(record: AuditRecord, proposal: ProposalRecord | undefined): string {
  const decision = readDecision(record)
  const attempt =
    proposal === undefined ? 'an action' : clip(describeAttempt(proposal.analysis.action))
  const outcome =
    decision === undefined
      ? 'decision not recorded'
      : decision.decision === 'approve'
        ? `approve (${String(decision.approvals)} approval(s))`
        : decision.decision
  return `proposed \`${attempt}\` (${readText(record, 'risk') ?? 'risk not recorded'}): ${outcome}`
}

// One line per record kind, from the record's fields only; kinds not named here say who did what.
const SUMMARIES: Readonly<
  Record<string, (record: AuditRecord, data: (key: string) => string) => string>
> = {
  'approval.opened': (record) =>
    `request opened: ${String(readNumber(record, 'needed') ?? 'not recorded')} approval(s) needed`,
  'approval.voted': (record, data) => {
    const comment = readText(record, 'comment')
    return `${data('verdict')} by ${actorName(record.actor)}${comment === undefined ? '' : `: ${clip(comment)}`}`
  },
  'approval.approved': (record) =>
    `request approved by ${readStrings(record, 'approvers').join(', ')}`,
  'approval.denied': (record) => `request denied: ${readStrings(record, 'reasons').join('; ')}`,
  'approval.expired': () => 'request expired before enough approvals',
  'grant.issued': () => 'execution grant issued',
  'grant.redeemed': () => 'execution grant redeemed',
  'grant.refused': (_record, data) => `execution grant refused: ${data('reason')}`,
  'grant.voided': (_record, data) => `execution grant voided by freeze ${data('freeze')}`,
  'freeze.set': (record, data) =>
    `freeze ${data('scope')} set by ${record.actor}: ${data('reason')}`,
  'freeze.lifted': (record, data) =>
    `freeze ${data('scope')} lifted by ${record.actor}: ${data('reason')}`,
  'velocity.breached': (record, data) =>
    `velocity budget breached: agent ${data('agent')} over ${String(readNumber(record, 'limit') ?? 'not recorded')} ${data('risk')} actions within ${describeWindow(readNumber(record, 'windowMs'))}`,
  'action.executed': (record, data) => {
    const code = readNumber(record, 'exitCode')
    return `ran: ${data('status')}${code === undefined ? '' : ` (exit code ${String(code)})`}`
  },
}

function summarise(record: AuditRecord, proposals: ReadonlyMap<string, ProposalRecord>): string {
  if (record.kind === 'action.proposed') {
    return describeProposal(record, proposals.get(record.subject ?? ''))
  }
  const summary = SUMMARIES[record.kind]
  const data = (key: string) => readText(record, key) ?? 'not recorded'
  return summary === undefined ? `${record.kind} by ${record.actor}` : summary(record, data)
}

function estimateOf(impact: ImpactReport | undefined): ReportAction['impact']['estimated'] {
  if (impact === undefined) return null
  return {
    resources: impact.resources.length,
    dataLost: [...impact.dataLost],
    servicesBroken: [...impact.servicesBroken],
    customerFacing: [...impact.customerFacing],
    unknownTargets: [...impact.unknownTargets],
    estimatedRestoreMinutes: impact.estimatedRestoreMinutes,
    unrecoverable: impact.unrecoverable === true,
    environmentDestroyed: impact.environmentDestroyed ?? null,
  }
}

function effectsOf(effects: readonly Effect[]): ReportAction['attempted']['effects'] {
  return effects.map(({ system, verb, target, scope, risk, opaque }) => ({
    system,
    verb,
    target,
    scope,
    risk,
    opaque,
  }))
}

// What happened to each request, from the whole chain (a retry may wait on an older request).
interface RequestTrail {
  needed?: number
  expiresAt?: number
  status?: 'pending' | 'approved' | 'denied' | 'expired'
  approvers: string[]
  digest?: string
  actionId?: string
}

function trailRequests(records: readonly AuditRecord[]): Map<string, RequestTrail> {
  const trails = new Map<string, RequestTrail>()
  const trail = (id: string) => {
    let found = trails.get(id)
    if (found === undefined) {
      found = { approvers: [] }
      trails.set(id, found)
    }
    return found
  }
  for (const record of records) {
    const id = record.subject ?? ''
    if (record.kind === 'approval.opened') {
      const opened = trail(id)
      opened.status = 'pending'
      const needed = readNumber(record, 'needed')
      const expiresAt = readNumber(record, 'expiresAt')
      const digest = readText(record, 'digest')
      if (needed !== undefined) opened.needed = needed
      if (expiresAt !== undefined) opened.expiresAt = expiresAt
      if (digest !== undefined) opened.digest = digest
      opened.actionId = readText(record, 'actionId')
    } else if (record.kind === 'approval.approved') {
      trail(id).status = 'approved'
      trail(id).approvers = readStrings(record, 'approvers')
    } else if (record.kind === 'approval.denied') {
      trail(id).status = 'denied'
    } else if (record.kind === 'approval.expired') {
      trail(id).status = 'expired'
    }
  }
  return trails
}

// Retries after a denial: the same digest proposed again after the policies or a human denied it.
function findRetries(records: readonly AuditRecord[], inScope: ReadonlySet<number>): Deviation[] {
  const denied = new Map<string, string>()
  const requestDigest = new Map<string, string>()
  const requestAction = new Map<string, string>()
  const retries: Deviation[] = []
  for (const record of records) {
    const digest = readText(record, 'digest')
    if (record.kind === 'approval.opened' && digest !== undefined) {
      requestDigest.set(record.subject ?? '', digest)
      requestAction.set(record.subject ?? '', readText(record, 'actionId') ?? '')
    } else if (record.kind === 'approval.denied') {
      const requestDigestOf = requestDigest.get(record.subject ?? '')
      if (requestDigestOf !== undefined) {
        denied.set(requestDigestOf, requestAction.get(record.subject ?? '') ?? '')
      }
    } else if (record.kind === 'action.proposed' && digest !== undefined) {
      const earlier = denied.get(digest)
      if (earlier !== undefined && inScope.has(record.seq)) {
        retries.push({
          kind: 'retry_after_deny',
          actionId: record.subject ?? null,
          seq: record.seq,
          at: record.at,
          detail: `the same action (digest ${digest.slice(0, 12)}) was proposed again after \`${earlier}\` was denied`,
        })
      }
      if (readDecision(record)?.decision === 'deny') denied.set(digest, record.subject ?? '')
    }
  }
  return retries
}

function findDeviations(
  input: IncidentReportInput,
  actionOf: (record: AuditRecord) => string | null,
): Deviation[] {
  const deviations: Deviation[] = []
  const add = (record: AuditRecord, kind: Deviation['kind'], detail: string) => {
    deviations.push({ kind, actionId: actionOf(record), seq: record.seq, at: record.at, detail })
  }
  for (const record of input.scope.records) {
    if (record.kind === 'action.proposed') {
      const decision = readDecision(record)
      if (decision?.decision === 'deny') {
        add(record, 'denied', `denied by the policies: ${decision.reasons.join('; ')}`)
      }
    } else if (record.kind === 'approval.denied') {
      add(record, 'rejected', `request denied: ${readStrings(record, 'reasons').join('; ')}`)
    } else if (record.kind === 'velocity.breached') {
      add(record, 'velocity_breach', summarise(record, new Map()))
    } else if (record.kind === 'approval.expired') {
      add(record, 'approval_expired', `request \`${record.subject ?? ''}\` expired unapproved`)
    } else if (record.kind === 'grant.refused') {
      add(
        record,
        'grant_refused',
        `grant \`${record.subject ?? ''}\`: ${readText(record, 'reason') ?? 'not recorded'}`,
      )
    } else if (record.kind === 'action.executed' && readText(record, 'status') === 'failed') {
      add(record, 'execution_failed', summarise(record, new Map()))
    }
  }
  const inScope = new Set(input.scope.records.map((record) => record.seq))
  deviations.push(...findRetries(input.records, inScope))
  return deviations.sort((a, b) => a.seq - b.seq)
}

function buildAction(
  record: AuditRecord,
  proposal: ProposalRecord | undefined,
  input: IncidentReportInput,
  requests: ReadonlyMap<string, RequestTrail>,
): ReportAction {
  const id = record.subject ?? ''
  const agent = proposal?.agent ?? readText(record, 'agent')
  const recordedDecision = readDecision(record) ?? proposal?.decision
  const decision: ReportAction['decision'] = {
    decision: recordedDecision?.decision ?? 'deny',
    approvals: recordedDecision?.approvals ?? 0,
    reasons: [...(recordedDecision?.reasons ?? ['not recorded'])],
    policies: [...(recordedDecision?.policies ?? [])],
  }
  // The request it opened or waited on, or whose grant it redeemed.
  const redeemed = input.scope.records.find(
    (other) => other.kind === 'grant.redeemed' && readText(other, 'actionId') === id,
  )
  const requestId =
    proposal?.requestId ??
    [...requests].find(([, opened]) => opened.actionId === id)?.[0] ??
    (redeemed === undefined ? undefined : readText(redeemed, 'requestId'))
  const trail = requestId === undefined ? undefined : requests.get(requestId)
  const execution = input.scope.records.find(
    (other) => other.kind === 'action.executed' && other.subject === id,
  )
  const status = readText(execution ?? record, 'status')
  const exitCode = execution === undefined ? undefined : readNumber(execution, 'exitCode')
  const risk = readText(record, 'risk')
  return {
    id,
    seq: record.seq,
    proposedAt: record.at,
    agent: agent ?? null,
    operator: input.config.agents.find((candidate) => candidate.id === agent)?.operator ?? null,
    requester: proposal?.requester ?? record.actor,
    environment: proposal?.environment ?? readText(record, 'environment') ?? null,
    channel: proposal?.channel ?? readText(record, 'channel') ?? 'not recorded',
    digest: proposal?.digest ?? readText(record, 'digest') ?? '',
    rationale: proposal?.rationale ?? readText(record, 'rationale') ?? null,
    attempted: {
      kind: proposal?.analysis.action.kind ?? 'shell',
      text:
        proposal === undefined ? 'not recorded' : clip(describeAttempt(proposal.analysis.action)),
      risk: proposal?.risk ?? (isRisk(risk) ? risk : 'catastrophic'),
      opaque: proposal?.opaque ?? record.data.opaque === true,
      effects: effectsOf(proposal?.analysis.effects ?? []),
    },
    decision,
    policySet: readText(record, 'policySet') ?? null,
    approval:
      requestId === undefined
        ? null
        : {
            requestId,
            needed: trail?.needed ?? decision.approvals,
            status: trail?.status ?? null,
            approvers: trail?.approvers ?? [],
            expiresAt: trail?.expiresAt === undefined ? null : iso(trail.expiresAt),
          },
    impact: {
      estimated: estimateOf(proposal?.impact),
      outcome: {
        status: proposal?.status ?? null,
        execution:
          execution === undefined || (status !== 'succeeded' && status !== 'failed')
            ? null
            : {
                status,
                exitCode: exitCode ?? null,
                detail: readText(execution, 'detail') ?? null,
                at: execution.at,
                seq: execution.seq,
                by: execution.actor,
              },
      },
    },
  }
}

function buildFreezes(input: IncidentReportInput): IncidentReport['freezes'] {
  return input.scope.records
    .filter((record) => record.kind === 'freeze.set')
    .map((record) => {
      const lifted = input.records.find(
        (other) => other.kind === 'freeze.lifted' && other.subject === record.subject,
      )
      return {
        id: record.subject ?? '',
        scope: readText(record, 'scope') ?? 'not recorded',
        reason: readText(record, 'reason') ?? 'not recorded',
        by: record.actor,
        at: record.at,
        seq: record.seq,
        liftedAt: lifted?.at ?? null,
        liftedBy: lifted?.actor ?? null,
      }
    })
}

function distinct(values: Iterable<string | null>): string[] {
  return [...new Set([...values].filter((value): value is string => value !== null))].sort()
}

function buildPolicies(
  input: IncidentReportInput,
  actions: readonly ReportAction[],
): IncidentReport['policies'] {
  const current = describePolicyVersions(input.config.policies)
  const bySet = new Map<string, string[]>()
  for (const action of actions) {
    if (action.policySet === null) continue
    bySet.set(action.policySet, [...(bySet.get(action.policySet) ?? []), action.id])
  }
  return {
    current: { digest: current.digest, invariants: current.invariants, files: [...current.files] },
    decidedUnder: [...bySet].map(([digest, ids]) => ({
      digest,
      current: digest === current.digest,
      actions: ids,
    })),
    unrecorded: actions.filter((action) => action.policySet === null).map((action) => action.id),
  }
}

function buildAudit(input: IncidentReportInput): IncidentReport['audit'] {
  const { verification } = input
  const head = input.records.at(-1)
  const first = input.scope.records[0]
  const last = input.scope.records.at(-1)
  const anchor = (record: AuditRecord | undefined) =>
    record === undefined ? null : { seq: record.seq, hash: record.hash }
  return {
    verification: {
      ok: verification.ok,
      records: verification.records,
      problem: verification.ok ? null : { ...verification.problem },
    },
    head: anchor(head),
    first: anchor(first),
    last: anchor(last),
    recordsInScope: input.scope.records.length,
  }
}

function count<T>(items: readonly T[], test: (item: T) => boolean): number {
  return items.filter(test).length
}

/**
 * Builds the incident report of a scope: its actions with what was stated and attempted, the
 * decisions, approvals, freezes and executions in chain order, the deviations, the policies in
 * force and the anchoring hashes. It states only what the records hold; a missing fact is null.
 */
export function buildIncidentReport(input: IncidentReportInput): IncidentReport {
  const proposals = new Map(input.proposals.map((proposal) => [proposal.id, proposal]))
  const requests = trailRequests(input.records)
  const actionOf = (record: AuditRecord) => input.scope.actionOf.get(record.seq) ?? null
  const records = input.scope.records
  const actions = records
    .filter((record) => record.kind === 'action.proposed')
    .map((record) => buildAction(record, proposals.get(record.subject ?? ''), input, requests))
  const deviations = findDeviations(input, actionOf)
  const freezes = buildFreezes(input)
  const votes = records.filter((record) => record.kind === 'approval.voted')
  const requestIds = new Set(actions.flatMap((action) => action.approval?.requestId ?? []))
  const trails = [...requestIds].map((id) => requests.get(id))
  const executions = actions.flatMap((action) => action.impact.outcome.execution ?? [])
  const risks: Risk[] = actions.map((action) => action.attempted.risk)
  const { since, until, ...criteria } = input.selection
  return {
    schemaVersion: INCIDENT_REPORT_VERSION,
    generatedAt: iso(input.generatedAt),
    selection: {
      ...criteria,
      ...(since === undefined ? {} : { since: iso(since) }),
      ...(until === undefined ? {} : { until: iso(until) }),
    },
    summary: {
      from: records[0]?.at ?? null,
      to: records.at(-1)?.at ?? null,
      proposals: actions.length,
      decisions: {
        allow: count(actions, (action) => action.decision.decision === 'allow'),
        approve: count(actions, (action) => action.decision.decision === 'approve'),
        deny: count(actions, (action) => action.decision.decision === 'deny'),
      },
      highestRisk: risks.length === 0 ? null : maxRisk(risks),
      approvalsRequested: requestIds.size,
      approved: count(trails, (trail) => trail?.status === 'approved'),
      rejected: count(trails, (trail) => trail?.status === 'denied'),
      expired: count(trails, (trail) => trail?.status === 'expired'),
      executions: {
        succeeded: count(executions, (execution) => execution.status === 'succeeded'),
        failed: count(executions, (execution) => execution.status === 'failed'),
      },
      freezes: freezes.length,
      velocityBreaches: count(records, (record) => record.kind === 'velocity.breached'),
      deviations: deviations.length,
      agents: distinct(actions.map((action) => action.agent)),
      environments: distinct(actions.map((action) => action.environment)),
    },
    people: {
      agents: distinct(actions.map((action) => action.agent)).map((id) => ({
        id,
        operator: input.config.agents.find((agent) => agent.id === id)?.operator ?? null,
      })),
      requesters: distinct(actions.map((action) => action.requester)),
      approvers: votes.map((record) => {
        const comment = readText(record, 'comment')
        return {
          human: actorName(record.actor),
          requestId: record.subject ?? '',
          actionId: actionOf(record),
          verdict: readText(record, 'verdict') === 'deny' ? 'deny' : 'approve',
          at: record.at,
          comment: comment ?? null,
        }
      }),
      freezesBy: distinct(freezes.map((freeze) => freeze.by)),
    },
    actions,
    timeline: records.map((record) => ({
      seq: record.seq,
      at: record.at,
      kind: record.kind,
      actor: record.actor,
      subject: record.subject ?? null,
      actionId: actionOf(record),
      summary: summarise(record, proposals),
      prevHash: record.prevHash,
      hash: record.hash,
    })),
    freezes,
    deviations,
    policies: buildPolicies(input, actions),
    audit: buildAudit(input),
  }
}
