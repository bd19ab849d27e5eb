import type { Kysely, Migration } from 'kysely'

/**
 * Keeps each proposal's impact report, so that its approval request can show it, and indexes
 * proposals by requester and time for the session a new proposal belongs to.
 */
export function addProposalImpact(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('proposals').addColumn('impact', 'text').execute()
      await db.schema
        .createIndex('proposals_requester_created')
        .on('proposals')
        .columns(['requester', 'created_at'])
        .execute()
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropIndex('proposals_requester_created').execute()
      await db.schema.alterTable('proposals').dropColumn('impact').execute()
    },
  }
}
