import { describe, expect, it } from 'vitest'

import type { AuditEntry, AuditRecord, ChainHead } from '../model/audit-record.js'
import { createAuditSealer, hashAuditRecord } from './hash-chain.js'
import { verifyAuditChain, verifyAuditRecords } from './verify-chain.js'

const KINDS = ['action.proposed', 'approval.opened', 'approval.voted', 'grant.issued'] as const

/** A valid chain of `count` records, sealed in batches of three as an AuditLog would. */
function buildChain(count: number): AuditRecord[] {
  let now = Date.UTC(2025, 0, 1)
  const seal = createAuditSealer(() => (now += 1000))
  const records: AuditRecord[] = []
  while (records.length < count) {
    const entries: AuditEntry[] = []
    for (let index = 0; index < Math.min(3, count - records.length); index += 1) {
      const n = records.length + index + 1
      entries.push({
        kind: KINDS[n % KINDS.length] ?? 'action.proposed',
        actor: 'agent:claude',
        subject: `act_${String(n)}`,
        data: { n },
      })
    }
    const last = records.at(-1)
    records.push(...seal(entries, last && { seq: last.seq, hash: last.hash }))
  }
  return records
}

function headOf(records: readonly AuditRecord[]): ChainHead | undefined {
  const last = records.at(-1)
  return last && { seq: last.seq, hash: last.hash }
}

/** Reads like a storage adapter: records after `afterSeq`, in seq order, at most `limit`. */
function readPageOf(records: readonly AuditRecord[]) {
  const sorted = [...records].sort((a, b) => a.seq - b.seq)
  return (afterSeq: number, limit: number) =>
    Promise.resolve(sorted.filter((record) => record.seq > afterSeq).slice(0, limit))
}

function rehash(record: AuditRecord): AuditRecord {
  return { ...record, hash: hashAuditRecord(record) }
}

function recordAt(records: readonly AuditRecord[], seq: number): AuditRecord {
  const record = records.find((candidate) => candidate.seq === seq)
  if (record === undefined) throw new Error(`no record ${String(seq)}`)
  return record
}

const CHAIN = buildChain(50)
const HEAD = headOf(CHAIN)

async function verify(records: readonly AuditRecord[], pageSize = 10, head = HEAD) {
  return verifyAuditChain(readPageOf(records), head, { pageSize })
}

describe('verifyAuditChain', () => {
  it.each([1, 3, 10, 49, 50, 51, 500])(
    'verifies a valid chain of 50 records when pages hold %i records',
    async (pageSize) => {
      expect(await verify(CHAIN, pageSize)).toEqual({ ok: true, records: 50, head: HEAD })
    },
  )

  it('verifies an empty log when there is no head', async () => {
    expect(await verifyAuditChain(readPageOf([]), undefined)).toEqual({ ok: true, records: 0 })
  })

  it('verifies a chain without comparing its end when there is no head', async () => {
    expect(await verifyAuditChain(readPageOf(CHAIN.slice(0, 40)), undefined)).toMatchObject({
      ok: true,
      records: 40,
    })
  })

  it('reports a modified record when its data was edited without rehashing', async () => {
    const tampered = CHAIN.map((record) =>
      record.seq === 17 ? { ...record, data: { n: 1700 } } : record,
    )
    expect(await verify(tampered)).toEqual({
      ok: false,
      records: 17,
      problem: {
        seq: 17,
        kind: 'modified',
        message: 'record 17 was modified: its hash does not match its content',
      },
    })
  })

  it('reports a modified record when it was edited and rehashed', async () => {
    const tampered = CHAIN.map((record) =>
      record.seq === 17 ? rehash({ ...record, actor: 'human:mallory' }) : record,
    )
    expect(await verify(tampered)).toMatchObject({
      ok: false,
      problem: {
        seq: 17,
        kind: 'modified',
        message: 'record 17 was modified: record 18 does not chain to it',
      },
    })
  })

  it('reports the last record as modified when it was rehashed and no longer matches the head', async () => {
    const tampered = CHAIN.map((record) =>
      record.seq === 50 ? rehash({ ...record, data: { n: 0 } }) : record,
    )
    expect(await verify(tampered)).toMatchObject({
      ok: false,
      problem: {
        seq: 50,
        kind: 'modified',
        message: "record 50 was modified: its hash does not match the log's head",
      },
    })
  })

  it('reports a deleted record when one in the middle is missing', async () => {
    const tampered = CHAIN.filter((record) => record.seq !== 17)
    expect(await verify(tampered)).toMatchObject({
      ok: false,
      problem: { seq: 17, kind: 'deleted', message: 'record 17 was deleted' },
    })
  })

  it('reports the range of deleted records when several in a row are missing', async () => {
    const tampered = CHAIN.filter((record) => record.seq !== 17 && record.seq !== 18)
    expect(await verify(tampered)).toMatchObject({
      ok: false,
      problem: { seq: 17, kind: 'deleted', message: 'records between 16 and 19 were deleted' },
    })
  })

  it('reports a deleted first record when the chain starts after genesis', async () => {
    expect(await verify(CHAIN.slice(1))).toEqual({
      ok: false,
      records: 1,
      problem: {
        seq: 1,
        kind: 'deleted',
        message: 'record 1 was deleted: the chain starts at record 2',
      },
    })
  })

  it('reports a truncated chain when records were deleted from the end and the head kept', async () => {
    expect(await verify(CHAIN.slice(0, 48))).toEqual({
      ok: false,
      records: 48,
      problem: {
        seq: 49,
        kind: 'truncated',
        message:
          "the chain ends at record 48 but the log's head says 50: records were deleted from the end",
      },
    })
  })

  it('reports a truncated chain when every record was deleted and the head kept', async () => {
    expect(await verify([])).toMatchObject({ ok: false, problem: { seq: 1, kind: 'truncated' } })
  })

  it('reports an inserted record when a forged one with a correct prevHash was put in the middle', async () => {
    const before = recordAt(CHAIN, 11)
    const forged = rehash({ ...before, seq: 12, data: { n: -1 }, prevHash: before.hash })
    const tampered = [
      ...CHAIN.filter((record) => record.seq <= 11),
      forged,
      ...CHAIN.filter((record) => record.seq > 11).map((record) => ({
        ...record,
        seq: record.seq + 1,
      })),
    ]
    expect(await verify(tampered)).toMatchObject({
      ok: false,
      problem: {
        seq: 12,
        kind: 'inserted',
        message: 'record 12 was inserted: record 13 chains to record 11',
      },
    })
  })

  it('reports a reordered record when two neighbours swapped their seq', async () => {
    const tampered = CHAIN.map((record) =>
      record.seq === 20
        ? { ...record, seq: 21 }
        : record.seq === 21
          ? { ...record, seq: 20 }
          : record,
    )
    expect(await verify(tampered)).toMatchObject({
      ok: false,
      problem: {
        seq: 20,
        kind: 'reordered',
        message: 'record 20 is out of order: it chains to record 21, which comes after it',
      },
    })
  })

  it.each([1, 4, 7, 100])(
    'reports a reordered record when records 20 and 30 swapped their seq and pages hold %i',
    async (pageSize) => {
      const tampered = CHAIN.map((record) =>
        record.seq === 20
          ? { ...record, seq: 30 }
          : record.seq === 30
            ? { ...record, seq: 20 }
            : record,
      )
      expect(await verify(tampered, pageSize)).toMatchObject({
        ok: false,
        problem: {
          seq: 20,
          kind: 'reordered',
          message: 'record 20 is out of order: it chains to record 29, which comes after it',
        },
      })
    },
  )

  it.each([1, 4, 16, 17, 18])(
    'reports the same deletion when pages hold %i records',
    async (pageSize) => {
      const tampered = CHAIN.filter((record) => record.seq !== 17)
      expect(await verify(tampered, pageSize)).toMatchObject({
        ok: false,
        records: 17,
        problem: { seq: 17, kind: 'deleted' },
      })
    },
  )

  it('reports a reordered record when it was renumbered without breaking the links', async () => {
    const tampered = CHAIN.map((record) =>
      record.seq >= 30 ? { ...record, seq: record.seq + 5 } : record,
    )
    expect(await verify(tampered, 10, headOf(tampered))).toMatchObject({
      ok: false,
      problem: {
        seq: 35,
        kind: 'reordered',
        message: 'record 35 is out of order: it chains to record 29, so it should be record 30',
      },
    })
  })

  it('reports a reordered record when the log returns records out of seq order', async () => {
    const shuffled = [...CHAIN.slice(0, 10), recordAt(CHAIN, 5), ...CHAIN.slice(10)]
    const readPage = (afterSeq: number, limit: number) =>
      Promise.resolve(afterSeq === 0 ? shuffled.slice(0, limit) : [])
    expect(await verifyAuditChain(readPage, undefined, { pageSize: 11 })).toMatchObject({
      ok: false,
      problem: {
        seq: 5,
        kind: 'reordered',
        message: 'record 5 is out of order: it comes after record 10',
      },
    })
  })

  it('reports the first problem when the chain was tampered with in several places', async () => {
    const tampered = CHAIN.filter((record) => record.seq !== 40).map((record) =>
      record.seq === 25 ? { ...record, data: {} } : record,
    )
    expect(await verify(tampered)).toMatchObject({ problem: { seq: 25, kind: 'modified' } })
  })

  it('reports progress after every page and at the end', async () => {
    const progress: number[] = []
    await verifyAuditChain(readPageOf(CHAIN), HEAD, {
      pageSize: 20,
      onProgress: (checked) => progress.push(checked),
    })
    expect(progress).toEqual([20, 40, 50])
  })

  it('keeps its reads to pages of the given size', async () => {
    const limits: number[] = []
    const read = readPageOf(CHAIN)
    await verifyAuditChain(
      (afterSeq, limit) => {
        limits.push(limit)
        return read(afterSeq, limit)
      },
      HEAD,
      { pageSize: 8 },
    )
    expect(new Set(limits)).toEqual(new Set([8]))
  })

  it.each([0, -1, 1.5, Number.NaN])('rejects a page size of %s', async (pageSize) => {
    await expect(verify(CHAIN, pageSize)).rejects.toThrow(/page size .* is not a positive integer/)
  })
})

describe('verifyAuditRecords', () => {
  it('verifies a valid chain held in memory', () => {
    expect(verifyAuditRecords(CHAIN, HEAD)).toEqual({ ok: true, records: 50, head: HEAD })
  })

  it('verifies an empty array when there is no head', () => {
    expect(verifyAuditRecords([])).toEqual({ ok: true, records: 0 })
  })

  it('reports the same problem as the paged verification', async () => {
    const tampered = CHAIN.filter((record) => record.seq !== 33)
    expect(verifyAuditRecords(tampered, HEAD)).toEqual(await verify(tampered))
  })

  it('verifies a chain longer than one page', () => {
    const long = buildChain(1234)
    expect(verifyAuditRecords(long, headOf(long))).toMatchObject({ ok: true, records: 1234 })
  })
})
