import type { Kysely, Selectable } from 'kysely'

import type { FreezeStore } from '../../decide/freeze-store.js'
import type { Freeze, FreezeScope } from '../../model/freeze.js'
import type { Database, FreezeRow } from './database.js'
import { readStoredMember } from './stored-json-schema.js'

/** Kill switches in the `freezes` table. */
export class KyselyFreezeStore implements FreezeStore {
  readonly #db: Kysely<Database>

  constructor(db: Kysely<Database>) {
    this.#db = db
  }

  async add(freeze: Freeze): Promise<void> {
    await this.#db
      .insertInto('freezes')
      .values({
        id: freeze.id,
        scope_kind: freeze.scope.kind,
        scope_value: scopeValue(freeze.scope),
        reason: freeze.reason,
        set_by: freeze.by,
        at: freeze.at,
        lifted_at: freeze.liftedAt ?? null,
        lifted_by: freeze.liftedBy ?? null,
        lift_reason: freeze.liftReason ?? null,
      })
      .execute()
  }

  async listActive(): Promise<Freeze[]> {
    const rows = await this.#db
      .selectFrom('freezes')
      .selectAll()
      .where('lifted_at', 'is', null)
      .orderBy('at')
      .orderBy('id')
      .execute()
    return rows.map(toFreeze)
  }

  async lift(
    scope: FreezeScope,
    lifted: { readonly by: string; readonly reason: string; readonly at: number },
  ): Promise<Freeze[]> {
    const rows = await this.#db
      .updateTable('freezes')
      .set({ lifted_at: lifted.at, lifted_by: lifted.by, lift_reason: lifted.reason })
      .where('scope_kind', '=', scope.kind)
      .where('scope_value', '=', scopeValue(scope))
      .where('lifted_at', 'is', null)
      .returningAll()
      .execute()
    return rows
      .map(toFreeze)
      .sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  }
}

/** The environment or agent a scope names; empty for a global freeze. */
function scopeValue(scope: FreezeScope): string {
  switch (scope.kind) {
    case 'global':
      return ''
    case 'environment':
      return scope.environment
    case 'agent':
      return scope.agent
  }
}

function toScope(kind: FreezeScope['kind'], value: string): FreezeScope {
  switch (kind) {
    case 'global':
      return { kind }
    case 'environment':
      return { kind, environment: value }
    case 'agent':
      return { kind, agent: value }
  }
}

function toFreeze(row: Selectable<FreezeRow>): Freeze {
  return {
    id: row.id,
    scope: toScope(readStoredMember('freeze scope', row.scope_kind), row.scope_value),
    reason: row.reason,
    by: row.set_by,
    at: row.at,
    ...(row.lifted_at === null ? {} : { liftedAt: row.lifted_at }),
    ...(row.lifted_by === null ? {} : { liftedBy: row.lifted_by }),
    ...(row.lift_reason === null ? {} : { liftReason: row.lift_reason }),
  }
}
