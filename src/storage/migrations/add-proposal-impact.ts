import type { Kysely, Migration } from 'kysely'

/** Keeps each proposal's impact report, so that its approval request can show it. */
export function addProposalImpact(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('proposals').addColumn('impact', 'text').execute()
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('proposals').dropColumn('impact').execute()
    },
  }
}
