import type { Kysely, Selectable } from 'kysely'

import type { ProposalRecord, ProposalStatus } from '../../model/proposal-record.js'
import type { ProposalStore } from '../../pipeline/proposal-store.js'
import type { Database, ProposalRow } from './database.js'
import {
  ANALYSIS_SCHEMA,
  DECISION_SCHEMA,
  IMPACT_SCHEMA,
  parseStoredJson,
  readStoredMember,
} from './stored-json-schema.js'

/** Proposals in the `proposals` table. */
export class KyselyProposalStore implements ProposalStore {
  readonly #db: Kysely<Database>

  constructor(db: Kysely<Database>) {
    this.#db = db
  }

  async insert(record: ProposalRecord): Promise<void> {
    await this.#db
      .insertInto('proposals')
      .values({
        id: record.id,
        digest: record.digest,
        agent: record.agent ?? null,
        requester: record.requester,
        environment: record.environment ?? null,
        channel: record.channel,
        risk: record.risk,
        opaque: record.opaque ? 1 : 0,
        decision: JSON.stringify(record.decision),
        analysis: JSON.stringify(record.analysis),
        impact: record.impact === undefined ? null : JSON.stringify(record.impact),
        rationale: record.rationale ?? null,
        status: record.status,
        request_id: record.requestId ?? null,
        created_at: record.createdAt,
        updated_at: record.updatedAt,
      })
      .execute()
  }

  async get(id: string): Promise<ProposalRecord | undefined> {
    const row = await this.#db
      .selectFrom('proposals')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst()
    return row === undefined ? undefined : toProposalRecord(row)
  }

  async listRecent(requester: string, since: number, limit: number): Promise<ProposalRecord[]> {
    const rows = await this.#db
      .selectFrom('proposals')
      .selectAll()
      .where('requester', '=', requester)
      .where('created_at', '>=', since)
      .where('status', 'not in', ['denied', 'rejected', 'expired'])
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute()
    return rows.reverse().map(toProposalRecord)
  }

  async setStatus(
    id: string,
    status: ProposalStatus,
    at: number,
    requestId?: string,
  ): Promise<void> {
    await this.#db
      .updateTable('proposals')
      .set({
        status,
        updated_at: at,
        ...(requestId === undefined ? {} : { request_id: requestId }),
      })
      .where('id', '=', id)
      .execute()
  }
}

function toProposalRecord(row: Selectable<ProposalRow>): ProposalRecord {
  return {
    id: row.id,
    digest: row.digest,
    ...(row.agent === null ? {} : { agent: row.agent }),
    requester: row.requester,
    ...(row.environment === null ? {} : { environment: row.environment }),
    channel: readStoredMember('channel', row.channel),
    risk: readStoredMember('risk', row.risk),
    opaque: row.opaque !== 0,
    decision: parseStoredJson(row.decision, DECISION_SCHEMA, `decision of proposal \`${row.id}\``),
    analysis: parseStoredJson(row.analysis, ANALYSIS_SCHEMA, `analysis of proposal \`${row.id}\``),
    ...(row.impact === null
      ? {}
      : { impact: parseStoredJson(row.impact, IMPACT_SCHEMA, `impact of proposal \`${row.id}\``) }),
    ...(row.rationale === null ? {} : { rationale: row.rationale }),
    status: readStoredMember('proposal status', row.status),
    ...(row.request_id === null ? {} : { requestId: row.request_id }),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}
