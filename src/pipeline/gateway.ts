import { checkVoter, countApprovals, describeVoteRefusal } from '../approve/four-eyes-rule.js'
import { createAuditSealer } from '../audit/hash-chain.js'
import { redactSecrets } from '../audit/redact-secrets.js'
import { type ChainVerification, verifyAuditChain } from '../audit/verify-chain.js'
import { findPolicyGrants, grantsAgent, type PolicyGrant } from '../decide/cedar/policy-grants.js'
import type { Action } from '../model/action.js'
import { digestAction } from '../model/action-digest.js'
import type { ApprovalRequest, ApprovalStatus } from '../model/approval-request.js'
import type { AuditEntry, AuditRecord } from '../model/audit-record.js'
import { type Clock, type IdGenerator, RANDOM_IDS, SYSTEM_CLOCK } from '../model/clock.js'
import type { Decision } from '../model/decision.js'
import { type Channel, NO_APPROVALS } from '../model/decision-request.js'
import { ApiError } from '../model/errors.js'
import type { ExecutionGrant, RedeemOutcome } from '../model/execution-grant.js'
import {
  describeFreezeScope,
  type Freeze,
  type FreezeScope,
  isCoveredByFreeze,
} from '../model/freeze.js'
import type { GatewayConfig, VelocityBudget } from '../model/gateway-config.js'
import type { ImpactReport } from '../model/impact-report.js'
import { AIRLOCK_ACTOR, describePrincipal, type Principal } from '../model/principal.js'
import type { ProposalRecord } from '../model/proposal-record.js'
import type { Risk } from '../model/risk.js'
import type { GatewayEvent } from './gateway-event.js'
import type { GatewayStore, GatewayStores } from './gateway-store.js'
import {
  assessAction,
  type Assessment,
  decideAssessment,
  findAgent,
  type Judge,
} from './judge-action.js'
import {
  type PermissionCertification,
  type PermissionReview,
  readPermissionHistory,
  reviewAgentPermissions,
} from './permission-review.js'
import { type AgentReviewStatus, describeReviewStatus } from './permission-review-status.js'
import { describePolicyVersions } from './policy-versions.js'
import { type InventoryGraph, simulateAssessment, simulateSessionStep } from './simulate-action.js'

/** A proposal with the request and grant that belong to it: what a proposal and a status read answer. */
export interface ProposalOutcome {
  readonly proposal: ProposalRecord
  /** The four-eyes request opened (or already open) for this action. */
  readonly request?: ApprovalRequest
  /** The grant issued for it, or redeemed by it when it was approved earlier. */
  readonly grant?: ExecutionGrant
}

/** What the gateway answers to a vote. */
export interface VoteOutcome {
  readonly request: ApprovalRequest
  /** Issued when this vote satisfied the request. */
  readonly grant?: ExecutionGrant
}

/** What an executor reports after running an action. */
export interface ExecutionReport {
  readonly status: 'succeeded' | 'failed'
  readonly exitCode?: number
  /** A short, secret-free description; redacted again before it is recorded. */
  readonly detail?: string
}

/** What the gateway is built from; `main.ts` chooses each part. */
export interface GatewayOptions {
  readonly judge: Judge & { readonly config: GatewayConfig }
  readonly store: GatewayStore
  readonly clock?: Clock
  readonly ids?: IdGenerator
  /** Told of proposals, requests, votes, freezes and breaches; it must never throw or block. */
  readonly notify?: (event: GatewayEvent) => void
  /** The inventory twin every proposal is simulated against, when one was imported. */
  readonly inventory?: InventoryGraph
}

const AUDIT_PAGE = 500

/** How far back a requester's earlier proposals count as the same session. */
export const SESSION_MS = 3_600_000
/** At most this many earlier steps are simulated with a new one. */
const SESSION_STEPS = 20

/**
 * The running gateway: proposals are analysed, decided and recorded; four-eyes requests,
 * execution grants, kill switches and velocity budgets are state in the store. Every change
 * happens in one transaction with its audit records, written before the answer is returned.
 */
export class Gateway {
  readonly #judge: Judge & { readonly config: GatewayConfig }
  readonly #store: GatewayStore
  readonly #clock: Clock
  readonly #ids: IdGenerator
  readonly #notify: (event: GatewayEvent) => void
  readonly #listeners = new Set<(event: GatewayEvent) => void>()
  readonly #seal
  readonly #inventory: InventoryGraph | undefined
  #policyGrants: readonly PolicyGrant[] | undefined
  // Certifications read so far: the audit only grows, so each read continues after the last.
  readonly #certifications = {
    afterSeq: 0,
    last: new Map<string, PermissionCertification>(),
  }
  readonly #policySet: string

  constructor(options: GatewayOptions) {
    this.#inventory = options.inventory
    this.#policySet = describePolicyVersions(options.judge.config.policies).digest
    this.#judge = options.judge
    this.#store = options.store
    this.#clock = options.clock ?? SYSTEM_CLOCK
    this.#ids = options.ids ?? RANDOM_IDS
    this.#notify = options.notify ?? (() => undefined)
    this.#seal = createAuditSealer(() => this.#clock.now())
  }

  /** The configuration the gateway enforces. */
  get config(): GatewayConfig {
    return this.#judge.config
  }

  /** Which database holds the state. */
  get storeKind(): GatewayStore['kind'] {
    return this.#store.kind
  }

  /**
   * Analyses, decides and records a proposed action. An agent proposes as itself; a human may
   * submit an action on behalf of the agent it names and is then the requester, who can never
   * approve it. A retry of an action whose
   * request was approved redeems its grant and is allowed, exactly once.
   */
  async propose(principal: Principal, action: Action, channel: Channel): Promise<ProposalOutcome> {
    // A human may submit an action on an agent's behalf: it is judged as that agent's, within
    // its scope, and the human is the requester who can never approve it.
    const agentId = principal.kind === 'agent' ? principal.id : action.agent
    if (principal.kind === 'agent' && action.agent !== undefined && action.agent !== agentId) {
      throw new ApiError(
        'input_invalid',
        `field \`agent\`: the action names agent \`${action.agent}\` but the token is agent \`${principal.id}\``,
      )
    }
    const bound = bindAction(action, principal)
    const assessed = assessAction(bound, {
      judge: this.#judge,
      ...(agentId === undefined ? {} : { agent: agentId }),
    })
    const simulated =
      this.#inventory === undefined ? undefined : simulateAssessment(assessed, this.#inventory)
    const requester = describePrincipal(principal)
    const outcome = await this.#store.transaction(async (stores) => {
      const now = this.#clock.now()
      const assessment = await this.#withSession(stores, simulated ?? assessed, requester, now)
      const { impact } = assessment
      const environment = assessment.environment?.name
      const freeze = firstCovering(await stores.freezes.listActive(), agentId, environment)
      const { analysis } = assessment
      const budget = agentId === undefined ? undefined : velocityBudget(this.config, analysis.risk)
      // A retry of an action already waiting for approval answers with its request and is not
      // counted again. Actions under a velocity budget are looked up before counting; the rest
      // only once the policies asked for approval.
      const retryOf = async () => {
        const pending = await stores.approvals.findPending(analysis.digest, requester)
        return pending !== undefined && pending.expiresAt > now && freeze === undefined
          ? pending
          : undefined
      }
      const pendingFirst = budget === undefined ? undefined : await retryOf()
      if (pendingFirst !== undefined) {
        return this.#recordRetry(stores, pendingFirst, assessment, requester, channel, now)
      }
      const velocityExceeded =
        agentId !== undefined &&
        budget !== undefined &&
        (await stores.velocity.count(agentId, analysis.risk, now - budget.windowMs)) >= budget.limit
      let decision = decideAssessment(
        assessment,
        {
          approvals: NO_APPROVALS,
          frozen: freeze !== undefined,
          velocityExceeded,
          channel,
          ...(impact === undefined ? {} : { impact }),
        },
        this.#judge,
      )
      if (decision.decision === 'approve' && budget === undefined) {
        const pending = await retryOf()
        if (pending !== undefined) {
          return this.#recordRetry(stores, pending, assessment, requester, channel, now)
        }
      }
      let grant: ExecutionGrant | undefined
      if (decision.decision === 'approve' && agentId !== undefined) {
        // `airlock exec` redeems the grant when it runs the command, so it is only found here.
        grant =
          channel === 'exec'
            ? await stores.grants.findRedeemable(analysis.digest, agentId, now)
            : await this.#redeemEarlierGrant(stores, analysis.digest, agentId, now)
        if (grant !== undefined) decision = grantedDecision(decision, grant)
      }
      const proposed = this.#newProposal(assessment, decision, requester, channel, now)
      const request =
        decision.decision === 'approve'
          ? this.#newRequest(proposed, assessment, decision, requester, now)
          : undefined
      // The proposal is stored once, already pointing at the request it opens.
      const proposal: ProposalRecord =
        request === undefined ? proposed : { ...proposed, requestId: request.id }
      await stores.proposals.insert(proposal)
      const entries: AuditEntry[] = [proposedEntry(proposal, requester, this.#policySet)]
      // `airlock exec` runs only on a redeemed grant: an action allowed outright gets one too.
      if (
        decision.decision === 'allow' &&
        channel === 'exec' &&
        principal.kind === 'agent' &&
        grant === undefined
      ) {
        grant = {
          id: this.#ids.next('grt'),
          actionId: proposal.id,
          digest: proposal.digest,
          ...(agentId === undefined ? {} : { agent: agentId }),
          ...(environment === undefined ? {} : { environment }),
          issuedAt: now,
          expiresAt: now + this.config.approvals.expiresAfterMs,
        }
        await stores.grants.issue(grant)
        entries.push({
          kind: 'grant.issued',
          actor: AIRLOCK_ACTOR,
          subject: grant.id,
          data: { actionId: proposal.id, digest: grant.digest, expiresAt: grant.expiresAt },
        })
      } else if (grant?.redeemedAt !== undefined) {
        entries.push({
          kind: 'grant.redeemed',
          actor: requester,
          subject: grant.id,
          data: { actionId: proposal.id, requestId: grant.requestId, digest: grant.digest },
        })
      }
      if (decision.decision !== 'deny' && budget !== undefined && agentId !== undefined) {
        await stores.velocity.record(agentId, analysis.risk, now)
      }
      const events: GatewayEvent[] = [{ kind: 'action.decided', proposal }]
      if (velocityExceeded) {
        entries.push({
          kind: 'velocity.breached',
          actor: AIRLOCK_ACTOR,
          subject: proposal.id,
          data: {
            agent: agentId,
            risk: analysis.risk,
            limit: budget.limit,
            windowMs: budget.windowMs,
          },
        })
        const reason = `velocity: more than ${String(budget.limit)} ${analysis.risk} actions within ${formatWindow(budget.windowMs)}`
        events.push({
          kind: 'velocity.breached',
          agent: agentId,
          risk: analysis.risk,
          actionId: proposal.id,
        })
        if (freeze?.scope.kind !== 'agent') {
          const set = await this.#setFreeze(
            stores,
            { kind: 'agent', agent: agentId },
            reason,
            AIRLOCK_ACTOR,
            now,
          )
          entries.push(...set.entries)
          events.push({ kind: 'freeze.set', freeze: set.freeze })
        }
      }
      if (request !== undefined) {
        await stores.approvals.create(request)
        entries.push({
          kind: 'approval.opened',
          actor: AIRLOCK_ACTOR,
          subject: request.id,
          data: {
            actionId: proposal.id,
            digest: request.digest,
            needed: request.needed,
            expiresAt: request.expiresAt,
          },
        })
        events.push({ kind: 'request.opened', request })
        await stores.signal({ kind: 'approval', id: request.id })
      }
      await stores.audit.append(entries, this.#seal)
      return {
        outcome: {
          proposal,
          ...(request === undefined ? {} : { request }),
          ...(grant === undefined ? {} : { grant }),
        },
        events,
      }
    })
    for (const event of outcome.events) this.#emit(event)
    return outcome.outcome
  }

  /** A proposal as recorded, with its request and grant; agents see only their own. */
  async getProposal(principal: Principal, id: string): Promise<ProposalOutcome> {
    return this.#store.transaction(async (stores) => {
      const proposal = await stores.proposals.get(id)
      if (proposal === undefined || !canSeeProposal(principal, proposal)) {
        throw new ApiError('input_not_found', `no action \`${id}\``)
      }
      const request =
        proposal.requestId === undefined
          ? undefined
          : await stores.approvals.get(proposal.requestId)
      const grant =
        request?.grantId === undefined ? undefined : await stores.grants.get(request.grantId)
      return {
        proposal,
        ...(request === undefined ? {} : { request }),
        ...(grant === undefined ? {} : { grant }),
      }
    })
  }

  /** Proposals as recorded, in the order of `ids`; ids not on record are left out. For reports. */
  async readProposals(ids: readonly string[]): Promise<ProposalRecord[]> {
    return this.#store.transaction(async (stores) => {
      const found: ProposalRecord[] = []
      for (const id of ids) {
        const proposal = await stores.proposals.get(id)
        if (proposal !== undefined) found.push(proposal)
      }
      return found
    })
  }

  /** Approval requests, newest first; pending ones past their time are expired first. */
  async listRequests(filter: {
    status?: ApprovalStatus
    limit?: number
  }): Promise<ApprovalRequest[]> {
    await this.expireRequests()
    return this.#store.transaction((stores) => stores.approvals.list(filter))
  }

  /** One approval request with its votes. */
  async getRequest(id: string): Promise<ApprovalRequest> {
    await this.expireRequests()
    const request = await this.#store.transaction((stores) => stores.approvals.get(id))
    if (request === undefined) throw new ApiError('input_not_found', `no request \`${id}\``)
    return request
  }

  /** The proposal a request is about, for showing the action and its analysis. */
  async getRequestProposal(request: ApprovalRequest): Promise<ProposalRecord | undefined> {
    return this.#store.transaction((stores) => stores.proposals.get(request.actionId))
  }

  /**
   * Records a human's vote. Any deny ends the request. Approvals are counted as facts and the
   * action is decided again: when the policies now allow it, a single-use grant bound to the
   * action's digest is issued.
   */
  async vote(
    principal: Principal,
    requestId: string,
    verdict: 'approve' | 'deny',
    comment?: string,
  ): Promise<VoteOutcome> {
    if (principal.kind !== 'human') {
      throw new ApiError('auth_forbidden', 'agents can never approve or deny requests')
    }
    await this.expireRequests()
    const result = await this.#store.transaction(async (stores) => {
      const now = this.#clock.now()
      const request = await stores.approvals.get(requestId, { lock: true })
      if (request === undefined)
        throw new ApiError('input_not_found', `no request \`${requestId}\``)
      if (request.status !== 'pending') {
        throw new ApiError(
          'state_conflict',
          `request \`${requestId}\` is already ${request.status}`,
        )
      }
      const refusal = checkVoter(request, principal)
      if (refusal !== undefined) {
        throw new ApiError(
          refusal === 'already_voted' ? 'state_conflict' : 'auth_forbidden',
          describeVoteRefusal(refusal, requestId),
        )
      }
      const freeze = firstCovering(
        await stores.freezes.listActive(),
        request.agent,
        request.environment,
      )
      if (verdict === 'approve' && freeze !== undefined) {
        throw new ApiError(
          'state_conflict',
          `request \`${requestId}\`: ${describeFreezeScope(freeze.scope)} is frozen (${freeze.reason}); nothing is approved until it is lifted`,
        )
      }
      const vote = {
        human: principal.id,
        verdict,
        ...(comment === undefined ? {} : { comment: redactSecrets(comment) }),
        at: now,
      }
      if ((await stores.approvals.addVote(requestId, vote)) === 'duplicate') {
        throw new ApiError('state_conflict', describeVoteRefusal('already_voted', requestId))
      }
      const actor = describePrincipal(principal)
      const entries: AuditEntry[] = [
        {
          kind: 'approval.voted',
          actor,
          subject: requestId,
          data: { verdict, ...(vote.comment === undefined ? {} : { comment: vote.comment }) },
        },
      ]
      const voted: ApprovalRequest = { ...request, votes: [...request.votes, vote] }
      const closing =
        verdict === 'deny' ? deniedByHuman(principal.id) : await this.#redecide(stores, voted)
      let grant: ExecutionGrant | undefined
      const events: GatewayEvent[] = []
      if (closing !== undefined) {
        if (closing.status === 'approved') {
          grant = {
            id: this.#ids.next('grt'),
            requestId,
            actionId: request.actionId,
            digest: request.digest,
            ...(request.agent === undefined ? {} : { agent: request.agent }),
            ...(request.environment === undefined ? {} : { environment: request.environment }),
            issuedAt: now,
            expiresAt: now + this.config.approvals.expiresAfterMs,
          }
          await stores.grants.issue(grant)
        }
        if (!(await stores.approvals.close(requestId, closing.status, now, grant?.id))) {
          throw new ApiError(
            'state_conflict',
            `request \`${requestId}\` was closed by someone else`,
          )
        }
        await stores.proposals.setStatus(
          request.actionId,
          closing.status === 'approved' ? 'approved' : 'rejected',
          now,
        )
        entries.push({
          kind: closing.status === 'approved' ? 'approval.approved' : 'approval.denied',
          actor,
          subject: requestId,
          data: {
            reasons: closing.reasons,
            approvers: voted.votes.filter((v) => v.verdict === 'approve').map((v) => v.human),
          },
        })
        if (grant !== undefined) {
          entries.push({
            kind: 'grant.issued',
            actor: AIRLOCK_ACTOR,
            subject: grant.id,
            data: {
              requestId,
              actionId: grant.actionId,
              digest: grant.digest,
              expiresAt: grant.expiresAt,
            },
          })
        }
      }
      await stores.audit.append(entries, this.#seal)
      await stores.signal({ kind: 'approval', id: requestId })
      const final: ApprovalRequest =
        closing === undefined
          ? voted
          : {
              ...voted,
              status: closing.status,
              closedAt: now,
              ...(grant === undefined ? {} : { grantId: grant.id }),
            }
      events.push(
        closing === undefined
          ? { kind: 'request.voted', request: final, vote }
          : { kind: 'request.closed', request: final },
      )
      return { outcome: { request: final, ...(grant === undefined ? {} : { grant }) }, events }
    })
    for (const event of result.events) this.#emit(event)
    return result.outcome
  }

  /**
   * Redeems an execution grant for the exact action it was issued for. Only the agent it was
   * issued to may redeem it, and only once, on any instance.
   */
  async redeem(principal: Principal, grantId: string, action: Action): Promise<RedeemOutcome> {
    const digest = digestAction(bindAction(action, principal))
    return this.#store.transaction(async (stores) => {
      const now = this.#clock.now()
      const grant = await stores.grants.get(grantId)
      const actor = describePrincipal(principal)
      // A grant issued to someone else is reported as absent: its existence is not theirs to learn.
      if (
        grant === undefined ||
        (grant.agent !== undefined ? `agent:${grant.agent}` : undefined) !== actor
      ) {
        throw new ApiError('input_not_found', `no grant \`${grantId}\``)
      }
      const outcome = await stores.grants.redeem(grantId, digest, now)
      await stores.audit.append(
        [
          outcome.kind === 'redeemed'
            ? {
                kind: 'grant.redeemed',
                actor,
                subject: grantId,
                data: { actionId: grant.actionId, digest },
              }
            : {
                kind: 'grant.refused',
                actor,
                subject: grantId,
                data: { reason: outcome.reason, digest },
              },
        ],
        this.#seal,
      )
      if (outcome.kind === 'redeemed') await stores.signal({ kind: 'grant', id: grantId })
      return outcome
    })
  }

  /** Records what happened when an allowed or approved action ran. */
  async recordExecution(
    principal: Principal,
    actionId: string,
    report: ExecutionReport,
  ): Promise<ProposalRecord> {
    return this.#store.transaction(async (stores) => {
      const now = this.#clock.now()
      const proposal = await stores.proposals.get(actionId)
      if (proposal?.requester !== describePrincipal(principal)) {
        throw new ApiError('input_not_found', `no action \`${actionId}\``)
      }
      if (proposal.status !== 'allowed' && proposal.status !== 'approved') {
        throw new ApiError(
          'state_conflict',
          `action \`${actionId}\` is ${proposal.status}: only an allowed or approved action can have run`,
        )
      }
      const status = report.status === 'succeeded' ? 'executed' : 'failed'
      await stores.proposals.setStatus(actionId, status, now)
      await stores.audit.append(
        [
          {
            kind: 'action.executed',
            actor: describePrincipal(principal),
            subject: actionId,
            data: redactSecrets({
              status: report.status,
              ...(report.exitCode === undefined ? {} : { exitCode: report.exitCode }),
              ...(report.detail === undefined ? {} : { detail: report.detail }),
            }),
          },
        ],
        this.#seal,
      )
      return { ...proposal, status, updatedAt: now }
    })
  }

  /**
   * Pulls a kill switch. It holds for the very next decision on every instance (decisions read
   * the freezes in their own transaction) and voids grants not yet redeemed. Any human may freeze.
   */
  async freeze(principal: Principal, scope: FreezeScope, reason: string): Promise<Freeze> {
    if (principal.kind !== 'human') {
      throw new ApiError('auth_forbidden', 'only humans can freeze')
    }
    const result = await this.#store.transaction(async (stores) => {
      const set = await this.#setFreeze(
        stores,
        scope,
        reason,
        describePrincipal(principal),
        this.#clock.now(),
      )
      await stores.audit.append(set.entries, this.#seal)
      return set.freeze
    })
    this.#emit({ kind: 'freeze.set', freeze: result })
    return result
  }

  /** Lifts the active freezes of exactly this scope; needs the `breakglass` role and is audited. */
  async unfreeze(principal: Principal, scope: FreezeScope, reason: string): Promise<Freeze[]> {
    if (principal.kind !== 'human' || !principal.roles.includes('breakglass')) {
      throw new ApiError('auth_forbidden', 'lifting a freeze needs the `breakglass` role')
    }
    const lifted = await this.#store.transaction(async (stores) => {
      const now = this.#clock.now()
      const actor = describePrincipal(principal)
      const freezes = await stores.freezes.lift(scope, { by: actor, reason, at: now })
      if (freezes.length === 0) {
        throw new ApiError(
          'input_not_found',
          `no active freeze of scope \`${describeFreezeScope(scope)}\``,
        )
      }
      await stores.audit.append(
        freezes.map((freeze) => ({
          kind: 'freeze.lifted',
          actor,
          subject: freeze.id,
          data: { scope: describeFreezeScope(freeze.scope), reason },
        })),
        this.#seal,
      )
      for (const freeze of freezes) await stores.signal({ kind: 'freeze', id: freeze.id })
      return freezes
    })
    for (const freeze of lifted) this.#emit({ kind: 'freeze.lifted', freeze })
    return lifted
  }

  /**
   * Records a notification that could not be delivered. It is only a record: nothing that was
   * decided changes, and the failure announces nothing itself.
   */
  async recordNotificationFailure(failure: {
    readonly target: string
    readonly type: string
    readonly subject: string
    readonly deliveryId: string
    readonly attempts: number
    readonly error: string
  }): Promise<void> {
    await this.#store.transaction((stores) =>
      stores.audit.append(
        [
          {
            kind: 'notification.failed',
            actor: AIRLOCK_ACTOR,
            subject: failure.subject,
            data: {
              target: failure.target,
              event: failure.type,
              deliveryId: failure.deliveryId,
              attempts: failure.attempts,
              error: failure.error,
            },
          },
        ],
        this.#seal,
      ),
    )
  }

  /** The kill switches in force. */
  async listFreezes(): Promise<Freeze[]> {
    return this.#store.transaction((stores) => stores.freezes.listActive())
  }

  /** Closes pending requests whose time is up, each with its audit record. */
  async expireRequests(): Promise<ApprovalRequest[]> {
    const now = this.#clock.now()
    const expired = await this.#store.transaction(async (stores) => {
      const due = await stores.approvals.listExpired(now)
      const closed: ApprovalRequest[] = []
      for (const request of due) {
        if (!(await stores.approvals.close(request.id, 'expired', now))) continue
        await stores.proposals.setStatus(request.actionId, 'expired', now)
        closed.push({ ...request, status: 'expired', closedAt: now })
      }
      if (closed.length > 0) {
        await stores.audit.append(
          closed.map((request) => ({
            kind: 'approval.expired',
            actor: AIRLOCK_ACTOR,
            subject: request.id,
            data: { actionId: request.actionId, expiresAt: request.expiresAt },
          })),
          this.#seal,
        )
      }
      return closed
    })
    for (const request of expired) this.#emit({ kind: 'request.closed', request })
    return expired
  }

  /** Checks the whole audit chain, page by page; names the first record that was tampered with. */
  async verifyAudit(onProgress?: (checked: number) => void): Promise<ChainVerification> {
    const head = await this.#store.transaction((stores) => stores.audit.head())
    const limit = head?.seq ?? 0
    return verifyAuditChain(
      async (afterSeq, size) => {
        const page = await this.#store.transaction((stores) => stores.audit.read(afterSeq, size))
        return page.filter((record) => record.seq <= limit)
      },
      head,
      { pageSize: AUDIT_PAGE, ...(onProgress === undefined ? {} : { onProgress }) },
    )
  }

  /** Every audit record in order, page by page, for export. */
  async *exportAudit(): AsyncGenerator<AuditRecord> {
    let after = 0
    for (;;) {
      const page = await this.#store.transaction((stores) => stores.audit.read(after, AUDIT_PAGE))
      if (page.length === 0) return
      yield* page
      after = page.at(-1)?.seq ?? after
    }
  }

  /**
   * Reviews agents' permissions (one agent, or all) against what they proposed in the last
   * `windowMs`, as the audit recorded it: unused grants, growth since the last certification,
   * always-allow exceptions and a least-privilege proposal each.
   */
  async reviewPermissions(options: {
    readonly agent?: string
    readonly windowMs: number
  }): Promise<PermissionReview[]> {
    const agents = this.config.agents.filter(
      (agent) => options.agent === undefined || agent.id === options.agent,
    )
    if (agents.length === 0 && options.agent !== undefined) {
      throw new ApiError('input_not_found', `no agent \`${options.agent}\` in the configuration`)
    }
    const until = this.#clock.now()
    const since = until - options.windowMs
    const records: AuditRecord[] = []
    for await (const record of this.exportAudit()) {
      if (record.kind === 'permissions.reviewed' || Date.parse(record.at) >= since) {
        records.push(record)
      }
    }
    const history = readPermissionHistory(records)
    const input = {
      config: this.config,
      permits: this.#grants(),
      uses: history.uses.filter((use) => use.at >= since && use.at <= until),
      lastReviews: latestByAgent(history.certifications),
      window: { since, until },
    }
    return agents.map((agent) => reviewAgentPermissions(agent, input))
  }

  /**
   * Records that a human re-certified an agent's current permissions: its scope and the permits
   * that can apply to it. Only approvers and admins may, and never the agent's own operator.
   */
  async certifyPermissions(
    principal: Principal,
    agentId: string,
    comment: string,
    channel: 'api' | 'cli',
  ): Promise<PermissionCertification> {
    if (
      principal.kind !== 'human' ||
      !principal.roles.some((role) => role === 'approver' || role === 'admin')
    ) {
      throw new ApiError(
        'auth_forbidden',
        're-certifying permissions needs the `approver` or `admin` role',
      )
    }
    const agent = this.config.agents.find((candidate) => candidate.id === agentId)
    if (agent === undefined) {
      throw new ApiError('input_not_found', `no agent \`${agentId}\` in the configuration`)
    }
    // Four eyes: whoever runs the agent does not vouch for its permissions.
    if (agent.operator === principal.id) {
      throw new ApiError(
        'auth_forbidden',
        `\`${principal.id}\` operates agent \`${agentId}\` and cannot re-certify its permissions`,
      )
    }
    const reason = redactSecrets(comment.trim())
    if (reason === '') throw new ApiError('input_invalid', 'a comment is required')
    const permits = this.#grants()
      .filter((grant) => grantsAgent(grant, agentId))
      .map((grant) => grant.id)
    const actor = describePrincipal(principal)
    const [record] = await this.#store.transaction((stores) =>
      stores.audit.append(
        [
          {
            kind: 'permissions.reviewed',
            actor,
            subject: `agent:${agentId}`,
            data: { agent: agentId, scope: agent.scope, permits, comment: reason, channel },
          },
        ],
        this.#seal,
      ),
    )
    return {
      at: record === undefined ? this.#clock.now() : Date.parse(record.at),
      by: actor,
      agent: agentId,
      scope: agent.scope,
      permits,
      comment: reason,
    }
  }

  /** Each configured agent's last certification, when the next is due and whether it is overdue. */
  async reviewStatus(): Promise<AgentReviewStatus[]> {
    const cache = this.#certifications
    for (;;) {
      const page = await this.#store.transaction((stores) =>
        stores.audit.read(cache.afterSeq, AUDIT_PAGE),
      )
      const { certifications } = readPermissionHistory(page)
      // Two reads at once may see the same page: an older certification never replaces a newer.
      for (const [agent, certification] of latestByAgent(certifications)) {
        const known = cache.last.get(agent)
        if (known === undefined || known.at <= certification.at) {
          cache.last.set(agent, certification)
        }
      }
      cache.afterSeq = Math.max(cache.afterSeq, page.at(-1)?.seq ?? 0)
      if (page.length < AUDIT_PAGE) break
    }
    return describeReviewStatus(this.config, this.#grants(), cache.last, this.#clock.now())
  }

  #grants(): readonly PolicyGrant[] {
    this.#policyGrants ??= findPolicyGrants(this.config.policies)
    return this.#policyGrants
  }

  /**
   * Listens for what this instance records (proposals, requests, votes, freezes, breaches),
   * after each change commits; returns the unsubscribe. A listener that throws is ignored.
   */
  listen(listener: (event: GatewayEvent) => void): () => void {
    this.#listeners.add(listener)
    return () => {
      this.#listeners.delete(listener)
    }
  }

  // Events go out after the transaction committed; no listener can change or delay a decision.
  #emit(event: GatewayEvent): void {
    for (const listener of [this.#notify, ...this.#listeners]) {
      try {
        listener(event)
      } catch {
        // INVARIANT: a failing listener never reaches the caller whose change was recorded.
      }
    }
  }

  /** Listens for changes other instances make (freezes, approvals, grants). */
  subscribe(listener: Parameters<GatewayStore['subscribe']>[0]): () => void {
    return this.#store.subscribe(listener)
  }

  // A session's earlier steps count: deleting an environment and creating it again is judged as
  // its destruction, even when each step alone looks smaller.
  async #withSession(
    stores: GatewayStores,
    assessment: Assessment & { readonly impact?: ImpactReport },
    requester: string,
    now: number,
  ): Promise<Assessment & { readonly impact?: ImpactReport }> {
    const inventory = this.#inventory
    if (
      inventory === undefined ||
      assessment.impact === undefined ||
      assessment.impact.environmentDestroyed !== undefined ||
      assessment.analysis.risk === 'safe'
    ) {
      return assessment
    }
    const earlier = await stores.proposals.listRecent(requester, now - SESSION_MS, SESSION_STEPS)
    if (earlier.length === 0) return assessment
    return simulateSessionStep(
      earlier.map((proposal) => proposal.analysis.effects),
      { ...assessment, impact: assessment.impact },
      inventory,
    )
  }

  async #recordRetry(
    stores: GatewayStores,
    pending: ApprovalRequest,
    assessment: Assessment & { readonly impact?: ImpactReport },
    requester: string,
    channel: Channel,
    now: number,
  ): Promise<{ outcome: ProposalOutcome; events: GatewayEvent[] }> {
    const decision: Decision = {
      decision: 'approve',
      approvals: pending.needed,
      reasons: [
        `waiting for approval: request \`${pending.id}\` is already open for this exact action`,
        ...pending.reasons,
      ],
      policies: [],
    }
    const proposal: ProposalRecord = {
      ...this.#newProposal(assessment, decision, requester, channel, now),
      status: 'pending',
      requestId: pending.id,
    }
    await stores.proposals.insert(proposal)
    await stores.audit.append([proposedEntry(proposal, requester, this.#policySet)], this.#seal)
    return { outcome: { proposal, request: pending }, events: [] }
  }

  async #redeemEarlierGrant(
    stores: GatewayStores,
    digest: string,
    agent: string,
    now: number,
  ): Promise<ExecutionGrant | undefined> {
    const grant = await stores.grants.findRedeemable(digest, agent, now)
    if (grant === undefined) return undefined
    const outcome = await stores.grants.redeem(grant.id, digest, now)
    return outcome.kind === 'redeemed' ? outcome.grant : undefined
  }

  // Decides the request's action again with the approvals gathered; closes it when that allows.
  async #redecide(
    stores: GatewayStores,
    request: ApprovalRequest,
  ): Promise<{ status: 'approved' | 'denied'; reasons: readonly string[] } | undefined> {
    const proposal = await stores.proposals.get(request.actionId)
    if (proposal === undefined) {
      // Fail closed: without the recorded action there is nothing to approve.
      return { status: 'denied', reasons: ['the proposed action is no longer on record'] }
    }
    const environment = this.config.environments.find((env) => env.name === proposal.environment)
    const agent = findAgent(this.#judge, proposal.agent)
    const decision = decideAssessment(
      {
        analysis: proposal.analysis,
        ...(environment === undefined ? {} : { environment }),
        ...(agent === undefined ? {} : { agent }),
      },
      {
        approvals: countApprovals(request),
        frozen: false,
        velocityExceeded: false,
        channel: proposal.channel,
      },
      this.#judge,
    )
    switch (decision.decision) {
      case 'allow':
        return { status: 'approved', reasons: decision.reasons }
      case 'deny':
        return { status: 'denied', reasons: decision.reasons }
      case 'approve':
        return undefined
    }
  }

  async #setFreeze(
    stores: GatewayStores,
    scope: FreezeScope,
    reason: string,
    by: string,
    now: number,
  ): Promise<{ freeze: Freeze; entries: AuditEntry[] }> {
    const freeze: Freeze = {
      id: this.#ids.next('frz'),
      scope,
      reason: redactSecrets(reason),
      by,
      at: now,
    }
    await stores.freezes.add(freeze)
    const voided = await stores.grants.voidOutstanding(scope, now)
    await stores.signal({ kind: 'freeze', id: freeze.id })
    return {
      freeze,
      entries: [
        {
          kind: 'freeze.set',
          actor: by,
          subject: freeze.id,
          data: { scope: describeFreezeScope(scope), reason: freeze.reason },
        },
        ...voided.map((grant): AuditEntry => ({
          kind: 'grant.voided',
          actor: AIRLOCK_ACTOR,
          subject: grant.id,
          data: {
            freeze: freeze.id,
            ...(grant.requestId === undefined ? {} : { requestId: grant.requestId }),
          },
        })),
      ],
    }
  }

  #newProposal(
    assessment: Assessment & { readonly impact?: ImpactReport },
    decision: Decision,
    requester: string,
    channel: Channel,
    now: number,
  ): ProposalRecord {
    const { analysis } = assessment
    const agent = assessment.agent?.id
    const environment = assessment.environment?.name
    const rationale = analysis.action.rationale
    return {
      id: this.#ids.next('act'),
      digest: analysis.digest,
      ...(agent === undefined ? {} : { agent }),
      requester,
      ...(environment === undefined ? {} : { environment }),
      channel,
      risk: analysis.risk,
      opaque: analysis.opaque,
      decision,
      analysis: redactSecrets(analysis),
      ...(assessment.impact === undefined ? {} : { impact: assessment.impact }),
      ...(rationale === undefined ? {} : { rationale: redactSecrets(rationale) }),
      status:
        decision.decision === 'allow'
          ? 'allowed'
          : decision.decision === 'deny'
            ? 'denied'
            : 'pending',
      createdAt: now,
      updatedAt: now,
    }
  }

  #newRequest(
    proposal: ProposalRecord,
    assessment: Assessment,
    decision: Decision,
    requester: string,
    now: number,
  ): ApprovalRequest {
    const operator = assessment.agent?.operator
    return {
      id: this.#ids.next('req'),
      actionId: proposal.id,
      digest: proposal.digest,
      ...(proposal.agent === undefined ? {} : { agent: proposal.agent }),
      ...(operator === undefined ? {} : { operator }),
      requester,
      ...(proposal.environment === undefined ? {} : { environment: proposal.environment }),
      risk: proposal.risk,
      needed: decision.approvals,
      reasons: decision.reasons,
      status: 'pending',
      createdAt: now,
      expiresAt: now + this.config.approvals.expiresAfterMs,
      votes: [],
    }
  }
}

// The action as the gateway judges and binds it: an agent's proposals always name that agent.
function bindAction(action: Action, principal: Principal): Action {
  return principal.kind === 'agent' ? { ...action, agent: principal.id } : action
}

function canSeeProposal(principal: Principal, proposal: ProposalRecord): boolean {
  return principal.kind === 'human' || proposal.requester === describePrincipal(principal)
}

function firstCovering(
  freezes: readonly Freeze[],
  agent: string | undefined,
  environment: string | undefined,
): Freeze | undefined {
  const target = {
    ...(agent === undefined ? {} : { agent }),
    ...(environment === undefined ? {} : { environment }),
  }
  return freezes.find((freeze) => isCoveredByFreeze(freeze.scope, target))
}

// The latest certification of each agent; later records win.
function latestByAgent(
  certifications: readonly PermissionCertification[],
): Map<string, PermissionCertification> {
  return new Map(certifications.map((certification) => [certification.agent, certification]))
}

function velocityBudget(config: GatewayConfig, risk: Risk): VelocityBudget | undefined {
  if (risk === 'destructive') return config.velocity.destructive
  if (risk === 'catastrophic') return config.velocity.catastrophic
  return undefined
}

function formatWindow(ms: number): string {
  if (ms % 86_400_000 === 0) return `${String(ms / 86_400_000)}d`
  if (ms % 3_600_000 === 0) return `${String(ms / 3_600_000)}h`
  if (ms % 60_000 === 0) return `${String(ms / 60_000)}m`
  return `${String(ms / 1000)}s`
}

function grantedDecision(decision: Decision, grant: ExecutionGrant): Decision {
  return {
    ...decision,
    decision: 'allow',
    approvals: 0,
    reasons: [
      `approved in request \`${grant.requestId ?? ''}\`: grant \`${grant.id}\` ${grant.redeemedAt === undefined ? 'ready to run' : 'redeemed'}`,
      ...decision.reasons,
    ],
  }
}

function deniedByHuman(human: string): { status: 'denied'; reasons: readonly string[] } {
  return { status: 'denied', reasons: [`denied by \`${human}\``] }
}

function proposedEntry(proposal: ProposalRecord, requester: string, policySet: string): AuditEntry {
  const { analysis, decision } = proposal
  return {
    kind: 'action.proposed',
    actor: requester,
    subject: proposal.id,
    data: {
      digest: proposal.digest,
      channel: proposal.channel,
      ...(proposal.agent === undefined ? {} : { agent: proposal.agent }),
      ...(proposal.environment === undefined ? {} : { environment: proposal.environment }),
      ...(proposal.rationale === undefined ? {} : { rationale: proposal.rationale }),
      action: analysis.action,
      risk: analysis.risk,
      opaque: analysis.opaque,
      effects: analysis.effects,
      issues: analysis.issues,
      decision,
      // Which policy set decided: `describePolicyVersions(config.policies).digest`.
      policySet,
    },
  }
}
