import { type Kysely, type Migration, sql } from 'kysely'

import { GENESIS_HASH } from '../../model/audit-record.js'
import type { GatewayStore } from '../../pipeline/gateway-store.js'

/**
 * The first migration: every table of the gateway. One schema for both dialects; only the
 * auto-numbered columns differ (SQLite `integer primary key`, PostgreSQL identity).
 */
export function createGatewayTables(kind: GatewayStore['kind']): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      const seqType = kind === 'sqlite' ? 'integer' : 'bigint'

      await db.schema
        .createTable('proposals')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('digest', 'text', (col) => col.notNull())
        .addColumn('agent', 'text')
        .addColumn('requester', 'text', (col) => col.notNull())
        .addColumn('environment', 'text')
        .addColumn('channel', 'text', (col) => col.notNull())
        .addColumn('risk', 'text', (col) => col.notNull())
        .addColumn('opaque', 'integer', (col) => col.notNull())
        .addColumn('decision', 'text', (col) => col.notNull())
        .addColumn('analysis', 'text', (col) => col.notNull())
        .addColumn('rationale', 'text')
        .addColumn('status', 'text', (col) => col.notNull())
        .addColumn('request_id', 'text')
        .addColumn('created_at', 'bigint', (col) => col.notNull())
        .addColumn('updated_at', 'bigint', (col) => col.notNull())
        .execute()

      await db.schema
        .createTable('approval_requests')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('action_id', 'text', (col) => col.notNull())
        .addColumn('digest', 'text', (col) => col.notNull())
        .addColumn('agent', 'text')
        .addColumn('operator', 'text')
        .addColumn('requester', 'text', (col) => col.notNull())
        .addColumn('environment', 'text')
        .addColumn('risk', 'text', (col) => col.notNull())
        .addColumn('needed', 'integer', (col) => col.notNull())
        .addColumn('reasons', 'text', (col) => col.notNull())
        .addColumn('status', 'text', (col) => col.notNull())
        .addColumn('created_at', 'bigint', (col) => col.notNull())
        .addColumn('expires_at', 'bigint', (col) => col.notNull())
        .addColumn('closed_at', 'bigint')
        .addColumn('grant_id', 'text')
        .execute()
      await db.schema
        .createIndex('approval_requests_digest')
        .on('approval_requests')
        .columns(['digest', 'requester', 'status', 'created_at'])
        .execute()
      await db.schema
        .createIndex('approval_requests_status_expires')
        .on('approval_requests')
        .columns(['status', 'expires_at'])
        .execute()
      await db.schema
        .createIndex('approval_requests_created')
        .on('approval_requests')
        .column('created_at')
        .execute()

      await db.schema
        .createTable('approval_votes')
        .addColumn('id', seqType, (col) =>
          kind === 'sqlite' ? col.primaryKey() : col.primaryKey().generatedAlwaysAsIdentity(),
        )
        .addColumn('request_id', 'text', (col) =>
          col.notNull().references('approval_requests.id').onDelete('cascade'),
        )
        .addColumn('human', 'text', (col) => col.notNull())
        .addColumn('verdict', 'text', (col) => col.notNull())
        .addColumn('comment', 'text')
        .addColumn('at', 'bigint', (col) => col.notNull())
        .addUniqueConstraint('approval_votes_request_human', ['request_id', 'human'])
        .execute()

      await db.schema
        .createTable('grants')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('request_id', 'text', (col) => col.notNull())
        .addColumn('action_id', 'text', (col) => col.notNull())
        .addColumn('digest', 'text', (col) => col.notNull())
        .addColumn('agent', 'text')
        .addColumn('environment', 'text')
        .addColumn('issued_at', 'bigint', (col) => col.notNull())
        .addColumn('expires_at', 'bigint', (col) => col.notNull())
        .addColumn('redeemed_at', 'bigint')
        .addColumn('voided_at', 'bigint')
        .execute()

      await db.schema
        .createIndex('grants_digest_agent')
        .on('grants')
        .columns(['digest', 'agent'])
        .execute()

      await db.schema
        .createTable('freezes')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('scope_kind', 'text', (col) => col.notNull())
        .addColumn('scope_value', 'text', (col) => col.notNull())
        .addColumn('reason', 'text', (col) => col.notNull())
        .addColumn('set_by', 'text', (col) => col.notNull())
        .addColumn('at', 'bigint', (col) => col.notNull())
        .addColumn('lifted_at', 'bigint')
        .addColumn('lifted_by', 'text')
        .addColumn('lift_reason', 'text')
        .execute()

      await db.schema
        .createTable('velocity_events')
        .addColumn('agent', 'text', (col) => col.notNull())
        .addColumn('risk', 'text', (col) => col.notNull())
        .addColumn('at', 'bigint', (col) => col.notNull())
        .execute()
      await db.schema
        .createIndex('velocity_events_agent_risk_at')
        .on('velocity_events')
        .columns(['agent', 'risk', 'at'])
        .execute()

      await db.schema
        .createTable('audit_records')
        .addColumn('seq', seqType, (col) => col.primaryKey())
        .addColumn('at', 'text', (col) => col.notNull())
        .addColumn('kind', 'text', (col) => col.notNull())
        .addColumn('actor', 'text', (col) => col.notNull())
        .addColumn('subject', 'text')
        .addColumn('data', 'text', (col) => col.notNull())
        .addColumn('prev_hash', 'text', (col) => col.notNull())
        .addColumn('hash', 'text', (col) => col.notNull())
        .execute()

      await db.schema
        .createTable('audit_head')
        .addColumn('id', 'integer', (col) => col.primaryKey().check(sql`id = 1`))
        .addColumn('seq', 'bigint', (col) => col.notNull())
        .addColumn('hash', 'text', (col) => col.notNull())
        .execute()
      await sql`insert into audit_head (id, seq, hash) values (1, 0, ${GENESIS_HASH})`.execute(db)
    },
  }
}
