import type { Kysely } from 'kysely'

import type { VelocityStore } from '../../decide/velocity-store.js'
import type { Risk } from '../../model/risk.js'
import type { Database } from './database.js'

/** Velocity events in `velocity_events`, counted over the `(agent, risk, at)` index. */
export class KyselyVelocityStore implements VelocityStore {
  readonly #db: Kysely<Database>

  constructor(db: Kysely<Database>) {
    this.#db = db
  }

  async record(agent: string, risk: Risk, at: number): Promise<void> {
    await this.#db.insertInto('velocity_events').values({ agent, risk, at }).execute()
  }

  async count(agent: string, risk: Risk, since: number): Promise<number> {
    const row = await this.#db
      .selectFrom('velocity_events')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('agent', '=', agent)
      .where('risk', '=', risk)
      .where('at', '>=', since)
      .executeTakeFirstOrThrow()
    return row.count
  }
}
