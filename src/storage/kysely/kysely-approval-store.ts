import type { Kysely, Selectable } from 'kysely'

import type { ApprovalFilter, ApprovalStore } from '../../approve/approval-store.js'
import type { ApprovalRequest, ApprovalStatus, ApprovalVote } from '../../model/approval-request.js'
import type { GatewayStore } from '../../pipeline/gateway-store.js'
import type { ApprovalRequestRow, ApprovalVoteRow, Database } from './database.js'
import { parseStoredJson, readStoredMember, STRINGS_SCHEMA } from './stored-json-schema.js'

const DEFAULT_LIST_LIMIT = 100
const VOTE_QUERY_CHUNK = 500

/** Four-eyes requests in `approval_requests`, their votes in `approval_votes`. */
export class KyselyApprovalStore implements ApprovalStore {
  readonly #db: Kysely<Database>
  readonly #kind: GatewayStore['kind']

  constructor(db: Kysely<Database>, kind: GatewayStore['kind']) {
    this.#db = db
    this.#kind = kind
  }

  async create(request: ApprovalRequest): Promise<void> {
    await this.#db
      .insertInto('approval_requests')
      .values({
        id: request.id,
        action_id: request.actionId,
        digest: request.digest,
        agent: request.agent ?? null,
        operator: request.operator ?? null,
        requester: request.requester,
        environment: request.environment ?? null,
        risk: request.risk,
        needed: request.needed,
        reasons: JSON.stringify(request.reasons),
        status: request.status,
        created_at: request.createdAt,
        expires_at: request.expiresAt,
        closed_at: request.closedAt ?? null,
        grant_id: request.grantId ?? null,
      })
      .execute()
  }

  async get(
    id: string,
    options: { readonly lock?: boolean } = {},
  ): Promise<ApprovalRequest | undefined> {
    const query = this.#db.selectFrom('approval_requests').selectAll().where('id', '=', id)
    // SQLite needs no row lock: the transaction holds the database's write lock from its start.
    const row = await (
      options.lock === true && this.#kind === 'postgres' ? query.forUpdate() : query
    ).executeTakeFirst()
    return row === undefined ? undefined : (await this.#withVotes([row]))[0]
  }

  async list(filter: ApprovalFilter): Promise<ApprovalRequest[]> {
    let query = this.#db.selectFrom('approval_requests').selectAll()
    if (filter.status !== undefined) {
      query = query.where('status', '=', filter.status)
    }
    const rows = await query
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(filter.limit ?? DEFAULT_LIST_LIMIT)
      .execute()
    return this.#withVotes(rows)
  }

  async findPending(digest: string, requester: string): Promise<ApprovalRequest | undefined> {
    const row = await this.#db
      .selectFrom('approval_requests')
      .selectAll()
      .where('digest', '=', digest)
      .where('requester', '=', requester)
      .where('status', '=', 'pending')
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst()
    return row === undefined ? undefined : (await this.#withVotes([row]))[0]
  }

  async addVote(requestId: string, vote: ApprovalVote): Promise<'added' | 'duplicate'> {
    const result = await this.#db
      .insertInto('approval_votes')
      .values({
        request_id: requestId,
        human: vote.human,
        verdict: vote.verdict,
        comment: vote.comment ?? null,
        at: vote.at,
      })
      .onConflict((conflict) => conflict.columns(['request_id', 'human']).doNothing())
      .executeTakeFirst()
    return result.numInsertedOrUpdatedRows === 0n ? 'duplicate' : 'added'
  }

  async close(
    id: string,
    status: Exclude<ApprovalStatus, 'pending'>,
    at: number,
    grantId?: string,
  ): Promise<boolean> {
    const result = await this.#db
      .updateTable('approval_requests')
      .set({ status, closed_at: at, ...(grantId === undefined ? {} : { grant_id: grantId }) })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .executeTakeFirst()
    return result.numUpdatedRows > 0n
  }

  async listExpired(now: number): Promise<ApprovalRequest[]> {
    const rows = await this.#db
      .selectFrom('approval_requests')
      .selectAll()
      .where('status', '=', 'pending')
      .where('expires_at', '<=', now)
      .orderBy('expires_at')
      .orderBy('id')
      .execute()
    return this.#withVotes(rows)
  }

  /** The requests of `rows`, in their order, each with its votes. */
  async #withVotes(rows: readonly Selectable<ApprovalRequestRow>[]): Promise<ApprovalRequest[]> {
    if (rows.length === 0) {
      return []
    }
    const votes: Selectable<ApprovalVoteRow>[] = []
    // Chunks keep the `in` list under every driver's bound-parameter limit.
    for (let start = 0; start < rows.length; start += VOTE_QUERY_CHUNK) {
      const ids = rows.slice(start, start + VOTE_QUERY_CHUNK).map((row) => row.id)
      votes.push(
        ...(await this.#db
          .selectFrom('approval_votes')
          .selectAll()
          .where('request_id', 'in', ids)
          .orderBy('at')
          .orderBy('id')
          .execute()),
      )
    }
    const byRequest = new Map<string, ApprovalVote[]>()
    for (const vote of votes) {
      const list = byRequest.get(vote.request_id)
      if (list === undefined) {
        byRequest.set(vote.request_id, [toVote(vote)])
      } else {
        list.push(toVote(vote))
      }
    }
    return rows.map((row) => toApprovalRequest(row, byRequest.get(row.id) ?? []))
  }
}

function toVote(row: Selectable<ApprovalVoteRow>): ApprovalVote {
  return {
    human: row.human,
    verdict: readStoredMember('verdict', row.verdict),
    ...(row.comment === null ? {} : { comment: row.comment }),
    at: row.at,
  }
}

function toApprovalRequest(
  row: Selectable<ApprovalRequestRow>,
  votes: readonly ApprovalVote[],
): ApprovalRequest {
  return {
    id: row.id,
    actionId: row.action_id,
    digest: row.digest,
    ...(row.agent === null ? {} : { agent: row.agent }),
    ...(row.operator === null ? {} : { operator: row.operator }),
    requester: row.requester,
    ...(row.environment === null ? {} : { environment: row.environment }),
    risk: readStoredMember('risk', row.risk),
    needed: row.needed,
    reasons: parseStoredJson(row.reasons, STRINGS_SCHEMA, `reasons of request \`${row.id}\``),
    status: readStoredMember('approval status', row.status),
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    ...(row.closed_at === null ? {} : { closedAt: row.closed_at }),
    votes,
    ...(row.grant_id === null ? {} : { grantId: row.grant_id }),
  }
}
