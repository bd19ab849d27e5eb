import { describe, expect, it } from 'vitest'

import { useStore } from './for-each-backend.case.test.js'
import { aFreeze, T0 } from './store-fixtures.case.test.js'
import type { TestBackend } from './test-backends.js'

const LIFTED = { by: 'human:bob', reason: 'incident over', at: T0 + 100 }

/** Conformance of `FreezeStore`. */
export function runFreezeStoreSuite(backend: TestBackend): void {
  describe('FreezeStore', () => {
    const store = useStore(backend)

    it('lists active freezes oldest first, each as it was added', async () => {
      const freezes = [
        aFreeze({ id: 'frz_b', at: T0 + 2, scope: { kind: 'agent', agent: 'claude' } }),
        aFreeze({ id: 'frz_a', at: T0 + 1, scope: { kind: 'environment', environment: 'prod' } }),
        aFreeze({ id: 'frz_c', at: T0 + 3 }),
      ]
      await store().transaction(async (stores) => {
        for (const freeze of freezes) await stores.freezes.add(freeze)
      })
      expect(await store().transaction((stores) => stores.freezes.listActive())).toStrictEqual([
        freezes[1],
        freezes[0],
        freezes[2],
      ])
    })

    it('leaves a freeze out of the active ones when it was added lifted', async () => {
      await store().transaction((stores) =>
        stores.freezes.add(
          aFreeze({ liftedAt: T0 + 1, liftedBy: 'human:bob', liftReason: 'set by mistake' }),
        ),
      )
      expect(await store().transaction((stores) => stores.freezes.listActive())).toEqual([])
    })

    it('lifts the active freezes of exactly the scope and returns them as lifted', async () => {
      await store().transaction(async (stores) => {
        await stores.freezes.add(aFreeze({ id: 'frz_global' }))
        await stores.freezes.add(
          aFreeze({ id: 'frz_prod_1', scope: { kind: 'environment', environment: 'prod' } }),
        )
        await stores.freezes.add(
          aFreeze({
            id: 'frz_prod_2',
            at: T0 + 1,
            scope: { kind: 'environment', environment: 'prod' },
          }),
        )
        await stores.freezes.add(
          aFreeze({ id: 'frz_dev', scope: { kind: 'environment', environment: 'dev' } }),
        )
        await stores.freezes.add(
          aFreeze({ id: 'frz_agent', scope: { kind: 'agent', agent: 'prod' } }),
        )
      })
      const lifted = await store().transaction((stores) =>
        stores.freezes.lift({ kind: 'environment', environment: 'prod' }, LIFTED),
      )
      expect(lifted).toStrictEqual([
        aFreeze({
          id: 'frz_prod_1',
          scope: { kind: 'environment', environment: 'prod' },
          liftedAt: LIFTED.at,
          liftedBy: LIFTED.by,
          liftReason: LIFTED.reason,
        }),
        aFreeze({
          id: 'frz_prod_2',
          at: T0 + 1,
          scope: { kind: 'environment', environment: 'prod' },
          liftedAt: LIFTED.at,
          liftedBy: LIFTED.by,
          liftReason: LIFTED.reason,
        }),
      ])
      const active = await store().transaction((stores) => stores.freezes.listActive())
      expect(active.map((freeze) => freeze.id).sort()).toEqual([
        'frz_agent',
        'frz_dev',
        'frz_global',
      ])
    })

    it('lifts only global freezes when the scope is global', async () => {
      await store().transaction(async (stores) => {
        await stores.freezes.add(aFreeze({ id: 'frz_global' }))
        await stores.freezes.add(
          aFreeze({ id: 'frz_agent', scope: { kind: 'agent', agent: 'claude' } }),
        )
      })
      const lifted = await store().transaction((stores) =>
        stores.freezes.lift({ kind: 'global' }, LIFTED),
      )
      expect(lifted.map((freeze) => freeze.id)).toEqual(['frz_global'])
      expect(
        (await store().transaction((stores) => stores.freezes.listActive())).map((f) => f.id),
      ).toEqual(['frz_agent'])
    })

    it('lifts nothing when no active freeze has the scope', async () => {
      await store().transaction((stores) =>
        stores.freezes.add(
          aFreeze({ liftedAt: T0 + 1, liftedBy: 'human:bob', liftReason: 'done' }),
        ),
      )
      expect(
        await store().transaction((stores) => stores.freezes.lift({ kind: 'global' }, LIFTED)),
      ).toEqual([])
      expect(
        await store().transaction((stores) =>
          stores.freezes.lift({ kind: 'agent', agent: 'x' }, LIFTED),
        ),
      ).toEqual([])
    })
  })
}
