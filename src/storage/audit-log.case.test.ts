import { describe, expect, it } from 'vitest'

import type { AuditSealer } from '../audit/audit-log.js'
import type { ChainHead } from '../model/audit-record.js'
import { GENESIS_HASH } from '../model/audit-record.js'
import type { GatewayStore } from '../pipeline/gateway-store.js'
import { useStore } from './for-each-backend.case.test.js'
import { anEntry, expectUnbrokenChain, sealForTest } from './store-fixtures.case.test.js'
import type { TestBackend } from './test-backends.js'

/** Conformance of `AuditLog`. */
export function runAuditLogSuite(backend: TestBackend): void {
  describe('AuditLog', () => {
    const store = useStore(backend)

    const append = (subjects: readonly string[], on: GatewayStore = store()) =>
      on.transaction((stores) =>
        stores.audit.append(
          subjects.map((subject) => anEntry(subject)),
          sealForTest,
        ),
      )

    const readAll = (on: GatewayStore = store()) =>
      on.transaction((stores) => stores.audit.read(0, 10_000))

    it('has no head and no records when nothing was appended', async () => {
      expect(
        await store().transaction(async (stores) => [
          await stores.audit.head(),
          await stores.audit.read(0, 10),
        ]),
      ).toEqual([undefined, []])
    })

    it('seals the first entries after no head and starts the chain at the genesis', async () => {
      const heads: (ChainHead | undefined)[] = []
      const seal: AuditSealer = (entries, head) => {
        heads.push(head)
        return sealForTest(entries, head)
      }
      const records = await store().transaction((stores) =>
        stores.audit.append([anEntry('act_1'), anEntry('act_2')], seal),
      )
      expect(heads).toEqual([undefined])
      expect(records.map((record) => [record.seq, record.subject])).toEqual([
        [1, 'act_1'],
        [2, 'act_2'],
      ])
      expect(records[0]?.prevHash).toBe(GENESIS_HASH)
      expect(await store().transaction((stores) => stores.audit.head())).toEqual({
        seq: 2,
        hash: records[1]?.hash,
      })
    })

    it('attaches an append to the head the previous one left', async () => {
      const [first] = await append(['act_1'])
      const heads: (ChainHead | undefined)[] = []
      await store().transaction((stores) =>
        stores.audit.append([anEntry('act_2')], (entries, head) => {
          heads.push(head)
          return sealForTest(entries, head)
        }),
      )
      expect(heads).toEqual([{ seq: 1, hash: first?.hash }])
      expectUnbrokenChain(await readAll())
    })

    it('reads records after a seq in seq order, at most the limit, as they were sealed', async () => {
      const sealed = await store().transaction((stores) =>
        stores.audit.append(
          [
            anEntry('act_1', { nested: { list: [1, 'two', null, true], empty: {} }, n: 1.5 }),
            { kind: 'freeze.set', actor: 'human:alice', data: {} },
            anEntry('act_3'),
            anEntry('act_4'),
          ],
          sealForTest,
        ),
      )
      const [page, all] = await store().transaction(async (stores) => [
        await stores.audit.read(1, 2),
        await stores.audit.read(0, 100),
      ])
      expect(page).toStrictEqual(sealed.slice(1, 3))
      expect(all).toStrictEqual(sealed)
      expectUnbrokenChain(all)
    })

    it('appends nothing and keeps the head when there are no entries', async () => {
      await append(['act_1'])
      const before = await store().transaction((stores) => stores.audit.head())
      expect(await append([])).toEqual([])
      expect(await store().transaction((stores) => stores.audit.head())).toEqual(before)
    })

    it('refuses records that do not attach to the head and leaves the log as it was', async () => {
      await append(['act_1'])
      const forked: AuditSealer = (entries) => sealForTest(entries, undefined)
      await expect(
        store().transaction((stores) => stores.audit.append([anEntry('act_2')], forked)),
      ).rejects.toThrow()
      expect((await readAll()).map((record) => record.subject)).toEqual(['act_1'])
      expect(await store().transaction((stores) => stores.audit.head())).toMatchObject({ seq: 1 })
    })

    it('reuses the seq of an append that rolled back', async () => {
      await append(['act_1'])
      await expect(
        store().transaction(async (stores) => {
          await stores.audit.append([anEntry('act_lost')], sealForTest)
          throw new Error('work failed')
        }),
      ).rejects.toThrow('work failed')
      await append(['act_2'])
      const records = await readAll()
      expect(records.map((record) => [record.seq, record.subject])).toEqual([
        [1, 'act_1'],
        [2, 'act_2'],
      ])
      expectUnbrokenChain(records)
    })

    it('keeps one unbroken chain when 20 appends run concurrently', async () => {
      await Promise.all(
        Array.from({ length: 20 }, (_, index) => append([`act_${index}_a`, `act_${index}_b`])),
      )
      const records = await readAll()
      expect(records).toHaveLength(40)
      expectUnbrokenChain(records)
    })

    if (backend.openInstances !== undefined) {
      const { openInstances } = backend
      it('keeps one unbroken chain when 3 instances append concurrently', async () => {
        const instances = await openInstances(3)
        try {
          await Promise.all(
            Array.from({ length: 30 }, (_, index) =>
              append([`act_${index}_a`, `act_${index}_b`], instances[index % 3]),
            ),
          )
          const records = await readAll(instances[0])
          expect(records).toHaveLength(60)
          expectUnbrokenChain(records)
          expect(await instances[1]?.transaction((stores) => stores.audit.head())).toEqual({
            seq: 60,
            hash: records.at(-1)?.hash,
          })
        } finally {
          await Promise.all(instances.map((instance) => instance.close()))
        }
      })
    }
  })
}
