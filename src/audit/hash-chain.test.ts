import { describe, expect, it } from 'vitest'

import { type AuditEntry, type AuditRecord, GENESIS_HASH } from '../model/audit-record.js'
import { createAuditSealer, hashAuditRecord, sealAuditEntries } from './hash-chain.js'

const AT = Date.UTC(2025, 0, 2, 3, 4, 5)

const ENTRIES: readonly AuditEntry[] = [
  { kind: 'action.proposed', actor: 'agent:claude', subject: 'act_1', data: { risk: 'high' } },
  { kind: 'approval.opened', actor: 'airlock', subject: 'req_1', data: {} },
  { kind: 'freeze.set', actor: 'human:alice', data: { reason: 'incident' } },
]

describe('sealAuditEntries', () => {
  it('starts the chain at seq 1 from the genesis hash when there is no head', () => {
    const [first] = sealAuditEntries(ENTRIES, undefined, AT)
    expect(first?.seq).toBe(1)
    expect(first?.prevHash).toBe(GENESIS_HASH)
  })

  it('numbers the records after the head and links each to the one before', () => {
    const records = sealAuditEntries(ENTRIES, { seq: 41, hash: 'a'.repeat(64) }, AT)
    expect(records.map((record) => record.seq)).toEqual([42, 43, 44])
    expect(records.map((record) => record.prevHash)).toEqual([
      'a'.repeat(64),
      records[0]?.hash,
      records[1]?.hash,
    ])
  })

  it('stamps every record with the time as an ISO string', () => {
    const records = sealAuditEntries(ENTRIES, undefined, AT)
    expect(records.map((record) => record.at)).toEqual(Array(3).fill('2025-01-02T03:04:05.000Z'))
  })

  it('seals each record with the hash of its content', () => {
    for (const record of sealAuditEntries(ENTRIES, undefined, AT)) {
      expect(record.hash).toBe(hashAuditRecord(record))
    }
  })

  it('leaves the subject out when the entry has none', () => {
    const record = sealAuditEntries([ENTRIES[2] as AuditEntry], undefined, AT)[0]
    expect(record).not.toHaveProperty('subject')
  })

  it('returns no records when there are no entries', () => {
    expect(sealAuditEntries([], undefined, AT)).toEqual([])
  })
})

describe('hashAuditRecord', () => {
  const record = sealAuditEntries(ENTRIES, undefined, AT)[0]
  if (record === undefined) throw new Error('no record')

  it('is a SHA-256 in hex', () => {
    expect(hashAuditRecord(record)).toMatch(/^[0-9a-f]{64}$/)
  })

  it('ignores seq and the stored hash when they change', () => {
    const moved: AuditRecord = { ...record, seq: 99, hash: 'x' }
    expect(hashAuditRecord(moved)).toBe(record.hash)
  })

  it('changes when the data changes', () => {
    expect(hashAuditRecord({ ...record, data: { risk: 'low' } })).not.toBe(record.hash)
  })

  it('changes when the previous hash changes', () => {
    expect(hashAuditRecord({ ...record, prevHash: 'f'.repeat(64) })).not.toBe(record.hash)
  })

  it('gives the same hash whatever the order of the data keys', () => {
    const data = { b: 1, a: { d: 2, c: 3 } }
    const reordered = { a: { c: 3, d: 2 }, b: 1 }
    expect(hashAuditRecord({ ...record, data })).toBe(
      hashAuditRecord({ ...record, data: reordered }),
    )
  })
})

describe('createAuditSealer', () => {
  it('stamps the records with the clock time when it seals', () => {
    let now = AT
    const seal = createAuditSealer(() => now)
    now += 1000
    expect(seal(ENTRIES, undefined)[0]?.at).toBe('2025-01-02T03:04:06.000Z')
  })

  it('attaches the records to the head it is given', () => {
    const seal = createAuditSealer(() => AT)
    const first = seal(ENTRIES, undefined)
    const last = first.at(-1)
    if (last === undefined) throw new Error('no record')
    const next = seal(ENTRIES, { seq: last.seq, hash: last.hash })
    expect(next[0]).toMatchObject({ seq: 4, prevHash: last.hash })
  })
})
