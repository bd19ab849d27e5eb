import { describe, expect, it } from 'vitest'

import { useStore } from './for-each-backend.case.test.js'
import { T0 } from './store-fixtures.case.test.js'
import type { TestBackend } from './test-backends.js'

/** Conformance of `VelocityStore`. */
export function runVelocityStoreSuite(backend: TestBackend): void {
  describe('VelocityStore', () => {
    const store = useStore(backend)

    it('counts nothing when the agent has no proposals', async () => {
      expect(
        await store().transaction((stores) => stores.velocity.count('claude', 'safe', 0)),
      ).toBe(0)
    })

    it('counts the proposals at or after the start of the window', async () => {
      await store().transaction(async (stores) => {
        for (const at of [T0 - 1, T0, T0 + 1, T0 + 1]) {
          await stores.velocity.record('claude', 'destructive', at)
        }
      })
      const count = await store().transaction((stores) =>
        stores.velocity.count('claude', 'destructive', T0),
      )
      expect(count).toBe(3)
      expect(typeof count).toBe('number')
    })

    it('counts each agent and risk apart when they share a window', async () => {
      await store().transaction(async (stores) => {
        await stores.velocity.record('claude', 'destructive', T0)
        await stores.velocity.record('claude', 'mutating', T0)
        await stores.velocity.record('codex', 'destructive', T0)
        await stores.velocity.record('codex', 'destructive', T0)
      })
      const counts = await store().transaction(async (stores) => [
        await stores.velocity.count('claude', 'destructive', T0),
        await stores.velocity.count('claude', 'mutating', T0),
        await stores.velocity.count('codex', 'destructive', T0),
        await stores.velocity.count('codex', 'catastrophic', T0),
      ])
      expect(counts).toEqual([1, 1, 2, 0])
    })
  })
}
