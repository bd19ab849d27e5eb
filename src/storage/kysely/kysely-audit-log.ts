import type { Kysely, Selectable } from 'kysely'

import type { AuditLog, AuditSealer } from '../../audit/audit-log.js'
import type { AuditEntry, AuditRecord, ChainHead } from '../../model/audit-record.js'
import { GatewayError } from '../../model/errors.js'
import type { GatewayStore } from '../../pipeline/gateway-store.js'
import type { AuditRecordRow, Database } from './database.js'
import { AUDIT_DATA_SCHEMA, parseStoredJson, readStoredMember } from './stored-json-schema.js'

const INSERT_CHUNK = 500

/** The audit chain in `audit_records`, its head in the single row of `audit_head`. */
export class KyselyAuditLog implements AuditLog {
  readonly #db: Kysely<Database>
  readonly #kind: GatewayStore['kind']

  constructor(db: Kysely<Database>, kind: GatewayStore['kind']) {
    this.#db = db
    this.#kind = kind
  }

  async append(entries: readonly AuditEntry[], seal: AuditSealer): Promise<AuditRecord[]> {
    if (entries.length === 0) {
      return []
    }
    // INVARIANT: the head row stays locked until the transaction ends, so appends from every
    // instance line up behind each other (SQLite: the transaction holds the write lock already).
    const query = this.#db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1)
    const row = await (this.#kind === 'postgres' ? query.forUpdate() : query).executeTakeFirst()
    if (row === undefined) {
      throw new GatewayError('store_unavailable', 'audit: the head row is missing')
    }
    const head = row.seq === 0 ? undefined : { seq: row.seq, hash: row.hash }
    const records = seal(entries, head)
    checkAttached(records, row)
    for (let start = 0; start < records.length; start += INSERT_CHUNK) {
      await this.#db
        .insertInto('audit_records')
        .values(records.slice(start, start + INSERT_CHUNK).map(toRow))
        .execute()
    }
    const last = records.at(-1)
    if (last !== undefined) {
      await this.#db
        .updateTable('audit_head')
        .set({ seq: last.seq, hash: last.hash })
        .where('id', '=', 1)
        .execute()
    }
    return records
  }

  async read(afterSeq: number, limit: number): Promise<AuditRecord[]> {
    const rows = await this.#db
      .selectFrom('audit_records')
      .selectAll()
      .where('seq', '>', afterSeq)
      .orderBy('seq')
      .limit(limit)
      .execute()
    return rows.map(toRecord)
  }

  async head(): Promise<ChainHead | undefined> {
    const row = await this.#db
      .selectFrom('audit_head')
      .select(['seq', 'hash'])
      .where('id', '=', 1)
      .executeTakeFirst()
    return row === undefined || row.seq === 0 ? undefined : { seq: row.seq, hash: row.hash }
  }
}

/** Fails closed unless the sealed records continue the chain from `head` without a gap. */
function checkAttached(records: readonly AuditRecord[], head: ChainHead): void {
  let previous = head
  for (const record of records) {
    if (record.seq !== previous.seq + 1 || record.prevHash !== previous.hash) {
      throw new GatewayError(
        'store_unavailable',
        `audit: sealed record ${record.seq} does not attach to record ${previous.seq}`,
      )
    }
    previous = record
  }
}

function toRow(record: AuditRecord): AuditRecordRow {
  return {
    seq: record.seq,
    at: record.at,
    kind: record.kind,
    actor: record.actor,
    subject: record.subject ?? null,
    // The hash covers the canonical form; storage only has to give the same data back.
    data: JSON.stringify(record.data),
    prev_hash: record.prevHash,
    hash: record.hash,
  }
}

function toRecord(row: Selectable<AuditRecordRow>): AuditRecord {
  return {
    seq: row.seq,
    at: row.at,
    kind: readStoredMember('audit kind', row.kind),
    actor: row.actor,
    ...(row.subject === null ? {} : { subject: row.subject }),
    data: parseStoredJson(row.data, AUDIT_DATA_SCHEMA, `data of audit record ${row.seq}`),
    prevHash: row.prev_hash,
    hash: row.hash,
  }
}
