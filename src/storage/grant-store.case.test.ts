import { describe, expect, it } from 'vitest'

import type { GatewayStore } from '../pipeline/gateway-store.js'
import { useStore } from './for-each-backend.case.test.js'
import { aGrant, T0 } from './store-fixtures.case.test.js'
import type { TestBackend } from './test-backends.js'

const DIGEST = 'd'.repeat(64)

/** Conformance of `GrantStore`. */
export function runGrantStoreSuite(backend: TestBackend): void {
  describe('GrantStore', () => {
    const store = useStore(backend)

    const issue = (...grants: Parameters<typeof aGrant>[0][]): Promise<void> =>
      store().transaction(async (stores) => {
        for (const grant of grants) await stores.grants.issue(aGrant(grant))
      })

    const redeem = (id: string, digest: string, at: number, on: GatewayStore = store()) =>
      on.transaction((stores) => stores.grants.redeem(id, digest, at))

    it('returns a grant as it was issued', async () => {
      await issue({})
      expect(await store().transaction((stores) => stores.grants.get('grt_1'))).toStrictEqual(
        aGrant(),
      )
    })

    it('leaves optional fields out when the grant has none', async () => {
      const { agent: _agent, environment: _environment, ...bare } = aGrant()
      await store().transaction((stores) => stores.grants.issue(bare))
      expect(await store().transaction((stores) => stores.grants.get('grt_1'))).toStrictEqual(bare)
    })

    it('keeps a grant issued without a request, and never finds it as an approval to redeem', async () => {
      const { requestId: _requestId, ...allowed } = aGrant({ id: 'grt_allowed', issuedAt: T0 - 5 })
      await store().transaction((stores) => stores.grants.issue(allowed))
      const [read, found] = await store().transaction(async (stores) => [
        await stores.grants.get('grt_allowed'),
        await stores.grants.findRedeemable(DIGEST, 'claude', T0 + 1),
      ])
      expect(read).toStrictEqual(allowed)
      expect(found).toBeUndefined()
      expect((await redeem('grt_allowed', DIGEST, T0 + 1)).kind).toBe('redeemed')
    })

    it('returns undefined when no grant has the id', async () => {
      expect(await store().transaction((stores) => stores.grants.get('grt_none'))).toBe(undefined)
    })

    it('finds the oldest redeemable grant of the agent when several match the digest', async () => {
      await issue(
        { id: 'grt_redeemed', issuedAt: T0 - 3, redeemedAt: T0 },
        { id: 'grt_voided', issuedAt: T0 - 3, voidedAt: T0 },
        { id: 'grt_expired', issuedAt: T0 - 3, expiresAt: T0 + 1 },
        { id: 'grt_codex', issuedAt: T0 - 3, agent: 'codex' },
        { id: 'grt_other', issuedAt: T0 - 3, digest: 'e'.repeat(64) },
        { id: 'grt_newer', issuedAt: T0 },
        { id: 'grt_older', issuedAt: T0 - 1 },
      )
      const [found, none] = await store().transaction(async (stores) => [
        await stores.grants.findRedeemable(DIGEST, 'claude', T0 + 1),
        await stores.grants.findRedeemable(DIGEST, 'gemini', T0 + 1),
      ])
      expect(found?.id).toBe('grt_older')
      expect(none).toBeUndefined()
    })

    it('redeems a grant once and refuses it as already redeemed afterwards', async () => {
      await issue({})
      expect(await redeem('grt_1', DIGEST, T0 + 1)).toStrictEqual({
        kind: 'redeemed',
        grant: aGrant({ redeemedAt: T0 + 1 }),
      })
      expect(await redeem('grt_1', DIGEST, T0 + 2)).toStrictEqual({
        kind: 'refused',
        reason: 'already_redeemed',
        grant: aGrant({ redeemedAt: T0 + 1 }),
      })
    })

    it('refuses as not found when no grant has the id', async () => {
      expect(await redeem('grt_none', DIGEST, T0)).toStrictEqual({
        kind: 'refused',
        reason: 'not_found',
      })
    })

    it('refuses a different action and leaves the grant redeemable', async () => {
      await issue({})
      expect(await redeem('grt_1', 'e'.repeat(64), T0 + 1)).toMatchObject({
        kind: 'refused',
        reason: 'digest_mismatch',
      })
      expect(await redeem('grt_1', DIGEST, T0 + 2)).toMatchObject({ kind: 'redeemed' })
    })

    it('refuses as voided when a freeze voided the grant', async () => {
      await issue({ voidedAt: T0 + 1 })
      expect(await redeem('grt_1', DIGEST, T0 + 2)).toMatchObject({
        kind: 'refused',
        reason: 'voided',
        grant: { voidedAt: T0 + 1 },
      })
    })

    it('refuses as expired when redeemed at or after its expiry', async () => {
      await issue({ id: 'grt_1' }, { id: 'grt_2' })
      const { expiresAt } = aGrant()
      expect(await redeem('grt_1', DIGEST, expiresAt)).toMatchObject({ reason: 'expired' })
      expect(await redeem('grt_2', DIGEST, expiresAt - 1)).toMatchObject({ kind: 'redeemed' })
    })

    it('redeems exactly once when 20 redemptions race', async () => {
      await issue({})
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, (_, index) => redeem('grt_1', DIGEST, T0 + 1 + index)),
      )
      expectOneRedeemed(outcomes)
    })

    if (backend.openInstances !== undefined) {
      const { openInstances } = backend
      it('redeems exactly once when 20 redemptions race on separate instances', async () => {
        const instances = await openInstances(2)
        try {
          await instances[0]?.transaction((stores) => stores.grants.issue(aGrant()))
          const outcomes = await Promise.all(
            Array.from({ length: 20 }, (_, index) =>
              redeem('grt_1', DIGEST, T0 + 1 + index, instances[index % 2]),
            ),
          )
          expectOneRedeemed(outcomes)
        } finally {
          await Promise.all(instances.map((instance) => instance.close()))
        }
      })
    }

    it('voids every outstanding grant when the freeze is global', async () => {
      await issue(
        { id: 'grt_open', environment: 'prod' },
        { id: 'grt_dev', environment: 'dev', agent: 'codex' },
        { id: 'grt_redeemed', redeemedAt: T0 + 1 },
        { id: 'grt_voided', voidedAt: T0 + 1 },
        { id: 'grt_expired', expiresAt: T0 + 2 },
      )
      const voided = await store().transaction((stores) =>
        stores.grants.voidOutstanding({ kind: 'global' }, T0 + 2),
      )
      expect(voided.map((grant) => grant.id).sort()).toEqual(['grt_dev', 'grt_open'])
      expect(voided.every((grant) => grant.voidedAt === T0 + 2)).toBe(true)
      expect(await redeem('grt_open', DIGEST, T0 + 3)).toMatchObject({ reason: 'voided' })
      expect(await store().transaction((stores) => stores.grants.get('grt_voided'))).toMatchObject({
        voidedAt: T0 + 1,
      })
    })

    it('voids only the grants of the environment when the freeze names one', async () => {
      await issue(
        { id: 'grt_prod', environment: 'prod' },
        { id: 'grt_dev', environment: 'dev' },
        { id: 'grt_none', environment: undefined },
      )
      const voided = await store().transaction((stores) =>
        stores.grants.voidOutstanding({ kind: 'environment', environment: 'prod' }, T0 + 1),
      )
      expect(voided.map((grant) => grant.id)).toEqual(['grt_prod'])
      expect(await redeem('grt_dev', DIGEST, T0 + 2)).toMatchObject({ kind: 'redeemed' })
    })

    it('voids only the grants of the agent when the freeze names one', async () => {
      await issue(
        { id: 'grt_claude', agent: 'claude' },
        { id: 'grt_codex', agent: 'codex' },
        { id: 'grt_human', agent: undefined },
      )
      const voided = await store().transaction((stores) =>
        stores.grants.voidOutstanding({ kind: 'agent', agent: 'codex' }, T0 + 1),
      )
      expect(voided.map((grant) => grant.id)).toEqual(['grt_codex'])
      expect(await redeem('grt_claude', DIGEST, T0 + 2)).toMatchObject({ kind: 'redeemed' })
    })
  })
}

function expectOneRedeemed(outcomes: readonly { kind: string; reason?: string }[]): void {
  expect(outcomes.filter((outcome) => outcome.kind === 'redeemed')).toHaveLength(1)
  expect(
    outcomes.filter((outcome) => outcome.kind === 'refused').map((outcome) => outcome.reason),
  ).toEqual(Array.from({ length: 19 }, () => 'already_redeemed'))
}
