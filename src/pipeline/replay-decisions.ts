import { digestAction } from '../model/action-digest.js'
import type { Decision, DecisionOutcome } from '../model/decision.js'
import { NO_APPROVALS } from '../model/decision-request.js'
import type { GatewayConfig } from '../model/gateway-config.js'
import type { ImpactReport } from '../model/impact-report.js'
import type { ProposalRecord } from '../model/proposal-record.js'
import type { Risk } from '../model/risk.js'
import { SESSION_MS } from './gateway.js'
import { assessAction, type Assessment, decideAssessment, type Judge } from './judge-action.js'
import { type InventoryGraph, simulateAssessment, simulateSessionStep } from './simulate-action.js'

/** One recorded proposal decided again: what was decided then, what would be decided now. */
export interface ReplayRow {
  readonly id: string
  readonly proposedAt: number
  readonly agent?: string
  readonly environment?: string
  readonly recorded: Decision
  readonly today: Decision
  readonly recordedRisk: Risk
  readonly todayRisk: Risk
  /** Whether today's decision or number of approvals differs from the recorded policy outcome. */
  readonly changed: boolean
  /** Why it changed, in words; empty when it did not. */
  readonly reasons: readonly string[]
  /** What could make the comparison imperfect: redaction, recorded state applied again. */
  readonly notes: readonly string[]
}

/** What replay decides with: a judge (current or given policies) and an inventory twin. */
export interface ReplayOptions {
  readonly judge: Judge & { readonly config: GatewayConfig }
  readonly inventory?: InventoryGraph
}

// How `grantedDecision` in gateway.ts starts the reasons of an `approve` a grant turned into `allow`.
const GRANTED_PREFIX = 'approved in request `'
/** At most this many earlier steps of a session are simulated with a replayed one, as the gateway does. */
const SESSION_STEPS = 20

// The outcome the policies gave when it was recorded: a redeemed grant turned an `approve` into
// `allow`, so that `allow` is compared as the `approve` it was.
function recordedOutcome(decision: Decision): { outcome: DecisionOutcome; granted: boolean } {
  const granted =
    decision.decision === 'allow' && (decision.reasons[0] ?? '').startsWith(GRANTED_PREFIX)
  return { outcome: granted ? 'approve' : decision.decision, granted }
}

function describeOutcome(decision: { decision: DecisionOutcome; approvals: number }): string {
  return decision.decision === 'approve'
    ? `approve (${String(decision.approvals)})`
    : decision.decision
}

// The requester's earlier, not denied proposals within a session length, as the gateway simulates them.
function earlierSteps(proposal: ProposalRecord, all: readonly ProposalRecord[]): ProposalRecord[] {
  return all
    .filter(
      (other) =>
        other.requester === proposal.requester &&
        other.createdAt < proposal.createdAt &&
        other.createdAt >= proposal.createdAt - SESSION_MS &&
        other.status !== 'denied',
    )
    .slice(-SESSION_STEPS)
}

function simulate(
  assessed: Assessment,
  proposal: ProposalRecord,
  all: readonly ProposalRecord[],
  inventory: InventoryGraph | undefined,
): Assessment & { readonly impact?: ImpactReport } {
  if (inventory === undefined) return assessed
  const simulated = simulateAssessment(assessed, inventory)
  if (simulated.impact.environmentDestroyed !== undefined || simulated.analysis.risk === 'safe') {
    return simulated
  }
  const earlier = earlierSteps(proposal, all)
  if (earlier.length === 0) return simulated
  return simulateSessionStep(
    earlier.map((step) => step.analysis.effects),
    simulated,
    inventory,
  )
}

function replayOne(
  proposal: ProposalRecord,
  all: readonly ProposalRecord[],
  options: ReplayOptions,
): ReplayRow {
  const { action } = proposal.analysis
  const notes: string[] = []
  if (digestAction(action) !== proposal.digest) {
    notes.push(
      'the action was recorded with secrets redacted: today it is judged as redacted, which could change the result',
    )
  }
  const recorded = proposal.decision
  const frozen = recorded.policies.includes('airlock::freeze')
  const velocityExceeded = recorded.policies.includes('airlock::velocity')
  if (frozen) notes.push('a freeze covered it when recorded: the freeze is applied again')
  if (velocityExceeded) notes.push('it breached a velocity budget when recorded: applied again')
  const assessed = assessAction(action, {
    judge: options.judge,
    ...(proposal.agent === undefined ? {} : { agent: proposal.agent }),
  })
  const assessment = simulate(assessed, proposal, all, options.inventory)
  if (assessment.impact !== undefined && proposal.impact === undefined) {
    notes.push('simulated against the inventory today; it was not when recorded')
  }
  const today = decideAssessment(
    assessment,
    {
      approvals: NO_APPROVALS,
      frozen,
      velocityExceeded,
      channel: proposal.channel,
      ...(assessment.impact === undefined ? {} : { impact: assessment.impact }),
    },
    options.judge,
  )
  const { outcome, granted } = recordedOutcome(recorded)
  if (granted) notes.push('recorded `allow` redeemed an approval grant: compared as `approve`')
  const decisionChanged = today.decision !== outcome
  const approvalsChanged =
    !decisionChanged && !granted && outcome === 'approve' && today.approvals !== recorded.approvals
  const changed = decisionChanged || approvalsChanged
  const todayRisk = assessment.analysis.risk
  const reasons = changed
    ? [
        `${granted ? 'approve' : describeOutcome(recorded)} → ${describeOutcome(today)}`,
        ...(todayRisk === proposal.risk ? [] : [`risk ${proposal.risk} → ${todayRisk}`]),
        ...today.policies
          .filter((id) => !recorded.policies.includes(id))
          .map((id) => `now decided by \`${id}\``),
        ...recorded.policies
          .filter((id) => !today.policies.includes(id))
          .map((id) => `no longer decided by \`${id}\``),
        ...today.reasons,
      ]
    : []
  return {
    id: proposal.id,
    proposedAt: proposal.createdAt,
    ...(proposal.agent === undefined ? {} : { agent: proposal.agent }),
    ...(proposal.environment === undefined ? {} : { environment: proposal.environment }),
    recorded,
    today,
    recordedRisk: proposal.risk,
    todayRisk,
    changed,
    reasons,
    notes,
  }
}

/**
 * Decides recorded proposals again under a judge and inventory, without approvals or any other
 * state but the freeze or velocity breach their record shows, and says where today's decision
 * differs. Pure: nothing is recorded.
 */
export function replayDecisions(
  proposals: readonly ProposalRecord[],
  options: ReplayOptions,
): ReplayRow[] {
  const ordered = [...proposals].sort((a, b) => a.createdAt - b.createdAt)
  return ordered.map((proposal) => replayOne(proposal, ordered, options))
}
