import { describe, expect, it, vi } from 'vitest'

import { GatewayError } from '../model/errors.js'
import type { GatewayStores, StoreSignal } from '../pipeline/gateway-store.js'
import { useStore } from './for-each-backend.case.test.js'
import {
  aFreeze,
  aGrant,
  anEntry,
  aProposal,
  aRequest,
  sealForTest,
  T0,
} from './store-fixtures.case.test.js'
import type { TestBackend } from './test-backends.js'

/** Writes one of everything, as a request's transaction would. */
async function writeEverything(stores: GatewayStores): Promise<void> {
  await stores.proposals.insert(aProposal())
  await stores.approvals.create(aRequest())
  await stores.approvals.addVote('req_1', { human: 'bob', verdict: 'approve', at: T0 })
  await stores.grants.issue(aGrant())
  await stores.freezes.add(aFreeze())
  await stores.velocity.record('claude', 'destructive', T0)
  await stores.audit.append([anEntry('act_1')], sealForTest)
}

/** Conformance of `GatewayStore`: transactions, and signals between instances. */
export function runGatewayStoreSuite(backend: TestBackend): void {
  describe('GatewayStore', () => {
    const store = useStore(backend)

    it('reports its backend when asked for its kind', () => {
      expect(store().kind).toBe(backend.kind)
    })

    it('commits every write and returns the result when the work resolves', async () => {
      expect(
        await store().transaction(async (stores) => {
          await writeEverything(stores)
          return 'done'
        }),
      ).toBe('done')
      await store().transaction(async (stores) => {
        expect(await stores.proposals.get('act_1')).toBeDefined()
        expect((await stores.approvals.get('req_1'))?.votes).toHaveLength(1)
        expect(await stores.grants.get('grt_1')).toBeDefined()
        expect(await stores.freezes.listActive()).toHaveLength(1)
        expect(await stores.velocity.count('claude', 'destructive', T0)).toBe(1)
        expect(await stores.audit.head()).toMatchObject({ seq: 1 })
      })
    })

    it('leaves nothing behind when the work throws', async () => {
      const failure = new Error('work failed')
      await expect(
        store().transaction(async (stores) => {
          await writeEverything(stores)
          throw failure
        }),
      ).rejects.toBe(failure)
      await store().transaction(async (stores) => {
        expect(await stores.proposals.get('act_1')).toBeUndefined()
        expect(await stores.approvals.get('req_1')).toBeUndefined()
        expect(await stores.approvals.list({})).toEqual([])
        expect(await stores.grants.get('grt_1')).toBeUndefined()
        expect(await stores.freezes.listActive()).toEqual([])
        expect(await stores.velocity.count('claude', 'destructive', 0)).toBe(0)
        expect(await stores.audit.head()).toBeUndefined()
        expect(await stores.audit.read(0, 10)).toEqual([])
      })
    })

    it('keeps concurrent transactions apart when one of them fails', async () => {
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, (_, index) =>
          store().transaction(async (stores) => {
            await stores.proposals.insert(aProposal({ id: `act_${index}` }))
            await stores.audit.append([anEntry(`act_${index}`)], sealForTest)
            if (index === 3) throw new Error('work failed')
          }),
        ),
      )
      expect(results.map((result) => result.status).filter((s) => s === 'rejected')).toHaveLength(1)
      await store().transaction(async (stores) => {
        expect(await stores.proposals.get('act_3')).toBeUndefined()
        expect(await stores.proposals.get('act_4')).toBeDefined()
        const records = await stores.audit.read(0, 100)
        expect(records.map((record) => record.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9])
        expect(records.map((record) => record.subject)).not.toContain('act_3')
      })
    })

    it('reports a database failure as store_unavailable when a write breaks a constraint', async () => {
      await store().transaction((stores) => stores.proposals.insert(aProposal()))
      const attempt = store().transaction((stores) => stores.proposals.insert(aProposal()))
      await expect(attempt).rejects.toBeInstanceOf(GatewayError)
      await expect(attempt).rejects.toMatchObject({ code: 'store_unavailable' })
    })

    it('delivers a signal to subscribers only after its transaction commits', async () => {
      const received: StoreSignal[] = []
      store().subscribe((signal) => received.push(signal))
      await store().transaction(async (stores) => {
        await stores.signal({ kind: 'freeze', id: 'frz_1' })
        await stores.freezes.add(aFreeze())
        expect(received).toEqual([])
      })
      await vi.waitFor(() => {
        expect(received).toEqual([{ kind: 'freeze', id: 'frz_1' }])
      })
    })

    it('never delivers the signal of a transaction that rolls back', async () => {
      const received: StoreSignal[] = []
      store().subscribe((signal) => received.push(signal))
      await expect(
        store().transaction(async (stores) => {
          await stores.signal({ kind: 'grant', id: 'grt_rolled_back' })
          throw new Error('work failed')
        }),
      ).rejects.toThrow('work failed')
      await store().transaction((stores) => stores.signal({ kind: 'grant', id: 'grt_committed' }))
      await vi.waitFor(() => {
        expect(received).toContainEqual({ kind: 'grant', id: 'grt_committed' })
      })
      expect(received).toEqual([{ kind: 'grant', id: 'grt_committed' }])
    })

    it('stops calling a listener when it unsubscribes', async () => {
      const kept: StoreSignal[] = []
      const dropped: StoreSignal[] = []
      store().subscribe((signal) => kept.push(signal))
      const unsubscribe = store().subscribe((signal) => dropped.push(signal))
      unsubscribe()
      await store().transaction((stores) => stores.signal({ kind: 'approval', id: 'req_1' }))
      await vi.waitFor(() => {
        expect(kept).toHaveLength(1)
      })
      expect(dropped).toEqual([])
    })

    it('still delivers to other listeners and commits when a listener throws', async () => {
      const received: StoreSignal[] = []
      store().subscribe(() => {
        throw new Error('listener failed')
      })
      store().subscribe((signal) => received.push(signal))
      await store().transaction(async (stores) => {
        await stores.freezes.add(aFreeze())
        await stores.signal({ kind: 'freeze', id: 'frz_1' })
      })
      await vi.waitFor(() => {
        expect(received).toEqual([{ kind: 'freeze', id: 'frz_1' }])
      })
      expect(await store().transaction((stores) => stores.freezes.listActive())).toHaveLength(1)
    })

    it('refuses work when the store is closed', async () => {
      await store().close()
      await expect(store().transaction(() => Promise.resolve())).rejects.toMatchObject({
        code: 'store_unavailable',
      })
    })

    const { openInstances } = backend
    if (openInstances !== undefined) {
      it('delivers a signal sent by one instance to the subscribers of another', async () => {
        const [sender, receiver] = await openInstances(2)
        if (sender === undefined || receiver === undefined) throw new Error('two instances')
        try {
          const received: StoreSignal[] = []
          receiver.subscribe((signal) => received.push(signal))
          await sender.transaction((stores) => stores.signal({ kind: 'freeze', id: 'frz_9' }))
          await vi.waitFor(() => {
            expect(received).toEqual([{ kind: 'freeze', id: 'frz_9' }])
          })
        } finally {
          await sender.close()
          await receiver.close()
        }
      })
    }
  })
}
