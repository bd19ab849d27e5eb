import { describe, expect, it } from 'vitest'

import { useStore } from './for-each-backend.case.test.js'
import { aRequest, T0 } from './store-fixtures.case.test.js'
import type { TestBackend } from './test-backends.js'

/** Conformance of `ApprovalStore`. */
export function runApprovalStoreSuite(backend: TestBackend): void {
  describe('ApprovalStore', () => {
    const store = useStore(backend)

    it('returns a request as it was created when every field is set', async () => {
      const request = aRequest({ status: 'approved', closedAt: T0 + 1, grantId: 'grt_1' })
      await store().transaction((stores) => stores.approvals.create(request))
      expect(await store().transaction((stores) => stores.approvals.get('req_1'))).toStrictEqual(
        request,
      )
    })

    it('leaves optional fields out when the request has none', async () => {
      const {
        agent: _agent,
        operator: _operator,
        environment: _environment,
        ...bare
      } = aRequest({ requester: 'human:bob', reasons: [] })
      await store().transaction((stores) => stores.approvals.create(bare))
      expect(await store().transaction((stores) => stores.approvals.get('req_1'))).toStrictEqual(
        bare,
      )
    })

    it('returns undefined when no request has the id', async () => {
      expect(await store().transaction((stores) => stores.approvals.get('req_none'))).toBe(
        undefined,
      )
    })

    it('opens a request without votes when it is created with some', async () => {
      await store().transaction((stores) =>
        stores.approvals.create(
          aRequest({ votes: [{ human: 'bob', verdict: 'approve', at: T0 }] }),
        ),
      )
      expect((await store().transaction((stores) => stores.approvals.get('req_1')))?.votes).toEqual(
        [],
      )
    })

    it('refuses a second vote when the same human votes again', async () => {
      await store().transaction((stores) => stores.approvals.create(aRequest()))
      const outcomes = await store().transaction(async (stores) => [
        await stores.approvals.addVote('req_1', { human: 'bob', verdict: 'approve', at: T0 + 1 }),
        await stores.approvals.addVote('req_1', { human: 'bob', verdict: 'deny', at: T0 + 2 }),
      ])
      expect(outcomes).toEqual(['added', 'duplicate'])
      expect((await store().transaction((stores) => stores.approvals.get('req_1')))?.votes).toEqual(
        [{ human: 'bob', verdict: 'approve', at: T0 + 1 }],
      )
    })

    it('orders votes by time, then by the order they were cast', async () => {
      await store().transaction(async (stores) => {
        await stores.approvals.create(aRequest())
        await stores.approvals.addVote('req_1', { human: 'carol', verdict: 'approve', at: T0 + 5 })
        await stores.approvals.addVote('req_1', {
          human: 'bob',
          verdict: 'deny',
          comment: 'not during the freeze',
          at: T0 + 5,
        })
        await stores.approvals.addVote('req_1', { human: 'alice', verdict: 'approve', at: T0 + 1 })
      })
      const request = await store().transaction((stores) => stores.approvals.get('req_1'))
      expect(request?.votes).toStrictEqual([
        { human: 'alice', verdict: 'approve', at: T0 + 1 },
        { human: 'carol', verdict: 'approve', at: T0 + 5 },
        { human: 'bob', verdict: 'deny', comment: 'not during the freeze', at: T0 + 5 },
      ])
    })

    it('makes a second locked read wait until the transaction holding the lock ends', async () => {
      const [first, second] =
        backend.openInstances === undefined ? [store(), store()] : await backend.openInstances(2)
      if (first === undefined || second === undefined) throw new Error('two instances')
      let release = (): void => undefined
      const released = new Promise<void>((resolve) => (release = resolve))
      let locked = (): void => undefined
      const isLocked = new Promise<void>((resolve) => (locked = resolve))
      let holder: Promise<void> = Promise.resolve()
      try {
        await first.transaction((stores) => stores.approvals.create(aRequest()))
        holder = first.transaction(async (stores) => {
          await stores.approvals.get('req_1', { lock: true })
          locked()
          await released
          await stores.approvals.addVote('req_1', { human: 'bob', verdict: 'approve', at: T0 })
        })
        await isLocked
        let waiterDone = false
        const waiter = second
          .transaction(
            async (stores) => (await stores.approvals.get('req_1', { lock: true }))?.votes,
          )
          .finally(() => (waiterDone = true))
        await new Promise((resolve) => setTimeout(resolve, 150))
        expect(waiterDone).toBe(false)
        release()
        await holder
        expect(await waiter).toEqual([{ human: 'bob', verdict: 'approve', at: T0 }])
      } finally {
        release()
        await holder
        if (first !== store()) await Promise.all([first.close(), second.close()])
      }
    })

    it('lists requests newest first, each with its own votes', async () => {
      await store().transaction(async (stores) => {
        for (const index of [1, 2, 3]) {
          await stores.approvals.create(aRequest({ id: `req_${index}`, createdAt: T0 + index }))
        }
        await stores.approvals.addVote('req_1', { human: 'bob', verdict: 'approve', at: T0 })
        await stores.approvals.addVote('req_3', { human: 'carol', verdict: 'deny', at: T0 })
      })
      const listed = await store().transaction((stores) => stores.approvals.list({}))
      expect(
        listed.map((request) => [request.id, request.votes.map((vote) => vote.human)]),
      ).toEqual([
        ['req_3', ['carol']],
        ['req_2', []],
        ['req_1', ['bob']],
      ])
    })

    it('lists only requests of the status when a status is given', async () => {
      await store().transaction(async (stores) => {
        await stores.approvals.create(aRequest({ id: 'req_1' }))
        await stores.approvals.create(aRequest({ id: 'req_2', status: 'denied', closedAt: T0 }))
        await stores.approvals.create(aRequest({ id: 'req_3', createdAt: T0 + 1 }))
      })
      const pending = await store().transaction((stores) =>
        stores.approvals.list({ status: 'pending' }),
      )
      expect(pending.map((request) => request.id)).toEqual(['req_3', 'req_1'])
    })

    it('lists at most the limit, and 100 when no limit is given', async () => {
      await store().transaction(async (stores) => {
        for (let index = 0; index < 105; index += 1) {
          await stores.approvals.create(aRequest({ id: `req_${index}`, createdAt: T0 + index }))
        }
      })
      const [all, some] = await store().transaction(async (stores) => [
        await stores.approvals.list({}),
        await stores.approvals.list({ limit: 2 }),
      ])
      expect(all).toHaveLength(100)
      expect(all[0]?.id).toBe('req_104')
      expect(all.at(-1)?.id).toBe('req_5')
      expect(some.map((request) => request.id)).toEqual(['req_104', 'req_103'])
    })

    it('finds the pending request of the requester when one exists for the digest', async () => {
      await store().transaction(async (stores) => {
        await stores.approvals.create(aRequest({ id: 'req_closed', status: 'denied' }))
        await stores.approvals.create(aRequest({ id: 'req_other', requester: 'agent:codex' }))
        await stores.approvals.create(aRequest({ id: 'req_pending' }))
        await stores.approvals.addVote('req_pending', { human: 'bob', verdict: 'approve', at: T0 })
      })
      const [found, otherDigest] = await store().transaction(async (stores) => [
        await stores.approvals.findPending('d'.repeat(64), 'agent:claude'),
        await stores.approvals.findPending('e'.repeat(64), 'agent:claude'),
      ])
      expect(found?.id).toBe('req_pending')
      expect(found?.votes).toHaveLength(1)
      expect(otherDigest).toBeUndefined()
    })

    it('closes a pending request once and reports false when it is no longer pending', async () => {
      await store().transaction((stores) => stores.approvals.create(aRequest()))
      const first = await store().transaction((stores) =>
        stores.approvals.close('req_1', 'approved', T0 + 3, 'grt_1'),
      )
      const second = await store().transaction((stores) =>
        stores.approvals.close('req_1', 'denied', T0 + 4),
      )
      expect([first, second]).toEqual([true, false])
      expect(await store().transaction((stores) => stores.approvals.get('req_1'))).toMatchObject({
        status: 'approved',
        closedAt: T0 + 3,
        grantId: 'grt_1',
      })
    })

    it('reports false when closing a request that does not exist', async () => {
      expect(
        await store().transaction((stores) => stores.approvals.close('req_none', 'expired', T0)),
      ).toBe(false)
    })

    it('lists pending requests whose expiry is at or before now when asked for expired ones', async () => {
      await store().transaction(async (stores) => {
        await stores.approvals.create(aRequest({ id: 'req_due', expiresAt: T0 + 10 }))
        await stores.approvals.create(aRequest({ id: 'req_past', expiresAt: T0 + 5 }))
        await stores.approvals.create(aRequest({ id: 'req_later', expiresAt: T0 + 11 }))
        await stores.approvals.create(
          aRequest({ id: 'req_closed', expiresAt: T0, status: 'approved', closedAt: T0 }),
        )
      })
      const expired = await store().transaction((stores) => stores.approvals.listExpired(T0 + 10))
      expect(expired.map((request) => request.id).sort()).toEqual(['req_due', 'req_past'])
    })
  })
}
