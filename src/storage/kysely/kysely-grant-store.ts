import type { Kysely, Selectable } from 'kysely'

import type { GrantStore } from '../../approve/grant-store.js'
import type { ExecutionGrant, RedeemOutcome, RedeemRefusal } from '../../model/execution-grant.js'
import type { FreezeScope } from '../../model/freeze.js'
import type { Database, GrantRow } from './database.js'

/** Execution grants in the `grants` table. */
export class KyselyGrantStore implements GrantStore {
  readonly #db: Kysely<Database>

  constructor(db: Kysely<Database>) {
    this.#db = db
  }

  async issue(grant: ExecutionGrant): Promise<void> {
    await this.#db
      .insertInto('grants')
      .values({
        id: grant.id,
        // The column predates grants without a request: '' stands for none.
        request_id: grant.requestId ?? '',
        action_id: grant.actionId,
        digest: grant.digest,
        agent: grant.agent ?? null,
        environment: grant.environment ?? null,
        issued_at: grant.issuedAt,
        expires_at: grant.expiresAt,
        redeemed_at: grant.redeemedAt ?? null,
        voided_at: grant.voidedAt ?? null,
      })
      .execute()
  }

  async get(id: string): Promise<ExecutionGrant | undefined> {
    const row = await this.#db
      .selectFrom('grants')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst()
    return row === undefined ? undefined : toGrant(row)
  }

  async findRedeemable(
    digest: string,
    agent: string,
    now: number,
  ): Promise<ExecutionGrant | undefined> {
    const row = await this.#db
      .selectFrom('grants')
      .selectAll()
      .where('digest', '=', digest)
      .where('agent', '=', agent)
      // Only grants humans approved are redeemed by proposing the action again.
      .where('request_id', '!=', '')
      .where('redeemed_at', 'is', null)
      .where('voided_at', 'is', null)
      .where('expires_at', '>', now)
      .orderBy('issued_at')
      .orderBy('id')
      .limit(1)
      .executeTakeFirst()
    return row === undefined ? undefined : toGrant(row)
  }

  async redeem(id: string, digest: string, at: number): Promise<RedeemOutcome> {
    // INVARIANT: one conditional UPDATE is the whole redemption. Concurrent ones on PostgreSQL
    // wait for the row lock and re-check the condition, so only the first one changes the row.
    const redeemed = await this.#db
      .updateTable('grants')
      .set({ redeemed_at: at })
      .where('id', '=', id)
      .where('digest', '=', digest)
      .where('redeemed_at', 'is', null)
      .where('voided_at', 'is', null)
      .where('expires_at', '>', at)
      .returningAll()
      .executeTakeFirst()
    if (redeemed !== undefined) {
      return { kind: 'redeemed', grant: toGrant(redeemed) }
    }
    const grant = await this.get(id)
    const reason = grant === undefined ? 'not_found' : refusalOf(grant, digest, at)
    return grant === undefined || reason === 'not_found'
      ? { kind: 'refused', reason: 'not_found' }
      : { kind: 'refused', reason, grant }
  }

  async voidOutstanding(scope: FreezeScope, at: number): Promise<ExecutionGrant[]> {
    let query = this.#db
      .updateTable('grants')
      .set({ voided_at: at })
      .where('redeemed_at', 'is', null)
      .where('voided_at', 'is', null)
      .where('expires_at', '>', at)
    switch (scope.kind) {
      case 'global':
        break
      case 'environment':
        query = query.where('environment', '=', scope.environment)
        break
      case 'agent':
        query = query.where('agent', '=', scope.agent)
        break
    }
    const rows = await query.returningAll().execute()
    return rows.map(toGrant).sort((a, b) => a.issuedAt - b.issuedAt || compareText(a.id, b.id))
  }
}

/** Why a grant that exists was not redeemed, in the order a caller should hear it. */
function refusalOf(grant: ExecutionGrant, digest: string, at: number): RedeemRefusal {
  if (grant.digest !== digest) return 'digest_mismatch'
  if (grant.redeemedAt !== undefined) return 'already_redeemed'
  if (grant.voidedAt !== undefined) return 'voided'
  if (grant.expiresAt <= at) return 'expired'
  // Redeemable now, so a transaction that committed after the UPDATE began issued it
  // (PostgreSQL, read committed): it was not there to redeem.
  return 'not_found'
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function toGrant(row: Selectable<GrantRow>): ExecutionGrant {
  return {
    id: row.id,
    ...(row.request_id === '' ? {} : { requestId: row.request_id }),
    actionId: row.action_id,
    digest: row.digest,
    ...(row.agent === null ? {} : { agent: row.agent }),
    ...(row.environment === null ? {} : { environment: row.environment }),
    issuedAt: row.issued_at,
    expiresAt: row.expires_at,
    ...(row.redeemed_at === null ? {} : { redeemedAt: row.redeemed_at }),
    ...(row.voided_at === null ? {} : { voidedAt: row.voided_at }),
  }
}
