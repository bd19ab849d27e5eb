import { describe, expect, it } from 'vitest'

import { PROPOSAL_STATUSES } from '../model/proposal-record.js'
import { useStore } from './for-each-backend.case.test.js'
import { aProposal, T0 } from './store-fixtures.case.test.js'
import type { TestBackend } from './test-backends.js'

/** Conformance of `ProposalStore`. */
export function runProposalStoreSuite(backend: TestBackend): void {
  describe('ProposalStore', () => {
    const store = useStore(backend)

    it('returns a proposal as it was inserted when every field is set', async () => {
      const proposal = aProposal()
      await store().transaction((stores) => stores.proposals.insert(proposal))
      expect(await store().transaction((stores) => stores.proposals.get('act_1'))).toStrictEqual(
        proposal,
      )
    })

    it('leaves optional fields out when the proposal has none', async () => {
      const {
        agent: _agent,
        environment: _environment,
        rationale: _rationale,
        requestId: _requestId,
        ...bare
      } = aProposal({ opaque: true, status: 'allowed' })
      await store().transaction((stores) => stores.proposals.insert(bare))
      expect(await store().transaction((stores) => stores.proposals.get('act_1'))).toStrictEqual(
        bare,
      )
    })

    it('keeps the impact report of a simulated proposal', async () => {
      const proposal = {
        ...aProposal(),
        impact: {
          resources: [
            {
              id: 'tf:aws_db_instance.main',
              name: 'main',
              type: 'aws_db_instance',
              fate: 'destroyed' as const,
              via: 'target',
              stateful: true,
              customerFacing: false,
            },
          ],
          unknownTargets: [],
          dataLost: ['tf:aws_db_instance.main'],
          servicesBroken: ['cost'],
          customerFacing: [],
          estimatedRestoreMinutes: 45,
          budgetBurn: [],
          environmentDestroyed: 'prod',
        },
      }
      await store().transaction((stores) => stores.proposals.insert(proposal))
      expect(await store().transaction((stores) => stores.proposals.get('act_1'))).toStrictEqual(
        proposal,
      )
    })

    it('lists a requester’s recent proposals oldest first, leaving out denied and older ones', async () => {
      const proposals = [
        aProposal({ id: 'act_old', createdAt: T0 - 10 }),
        aProposal({ id: 'act_a', createdAt: T0 + 1 }),
        aProposal({ id: 'act_denied', createdAt: T0 + 2, status: 'denied' }),
        aProposal({ id: 'act_other', createdAt: T0 + 3, requester: 'agent:other' }),
        aProposal({ id: 'act_b', createdAt: T0 + 4 }),
        aProposal({ id: 'act_c', createdAt: T0 + 5 }),
      ]
      await store().transaction(async (stores) => {
        for (const proposal of proposals) await stores.proposals.insert(proposal)
      })
      const recent = await store().transaction((stores) =>
        stores.proposals.listRecent(proposals[1]?.requester ?? '', T0, 2),
      )
      expect(recent.map((proposal) => proposal.id)).toEqual(['act_b', 'act_c'])
    })

    it('leaves out proposals that never ran and never will: denied, rejected or expired', async () => {
      await store().transaction(async (stores) => {
        for (const [index, status] of PROPOSAL_STATUSES.entries()) {
          await stores.proposals.insert(
            aProposal({ id: `act_${status}`, createdAt: T0 + index, status }),
          )
        }
      })
      const recent = await store().transaction((stores) =>
        stores.proposals.listRecent(aProposal({}).requester, T0, 20),
      )
      expect(recent.map((proposal) => proposal.status)).toEqual([
        'allowed',
        'pending',
        'approved',
        'executed',
        'failed',
      ])
    })

    it('returns undefined when no proposal has the id', async () => {
      expect(await store().transaction((stores) => stores.proposals.get('act_none'))).toBe(
        undefined,
      )
    })

    it('moves the status and sets the request when the request is given', async () => {
      const { requestId: _requestId, ...proposal } = aProposal({ status: 'allowed' })
      await store().transaction((stores) => stores.proposals.insert(proposal))
      await store().transaction((stores) =>
        stores.proposals.setStatus('act_1', 'pending', T0 + 5, 'req_7'),
      )
      expect(await store().transaction((stores) => stores.proposals.get('act_1'))).toStrictEqual({
        ...proposal,
        status: 'pending',
        requestId: 'req_7',
        updatedAt: T0 + 5,
      })
    })

    it('keeps the request when a status change names none', async () => {
      await store().transaction((stores) => stores.proposals.insert(aProposal()))
      await store().transaction((stores) => stores.proposals.setStatus('act_1', 'executed', T0 + 9))
      expect(await store().transaction((stores) => stores.proposals.get('act_1'))).toMatchObject({
        status: 'executed',
        requestId: 'req_1',
        updatedAt: T0 + 9,
        createdAt: T0,
      })
    })

    it('refuses a second proposal with the same id', async () => {
      await store().transaction((stores) => stores.proposals.insert(aProposal()))
      await expect(
        store().transaction((stores) =>
          stores.proposals.insert(aProposal({ digest: 'e'.repeat(64) })),
        ),
      ).rejects.toMatchObject({ code: 'store_unavailable' })
    })
  })
}
