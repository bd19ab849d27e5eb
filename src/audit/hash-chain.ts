import { createHash } from 'node:crypto'

import {
  type AuditEntry,
  type AuditRecord,
  type ChainHead,
  GENESIS_HASH,
} from '../model/audit-record.js'
import { canonicalJson } from '../model/canonical-json.js'
import type { AuditSealer } from './audit-log.js'

/**
 * The hash that seals a record: SHA-256 (hex) of the canonical JSON of everything but `seq` and
 * `hash`. `seq` is where storage keeps the record, so moving a record breaks the chain instead
 * of passing as an edit.
 */
export function hashAuditRecord(record: Omit<AuditRecord, 'seq' | 'hash'>): string {
  const { at, kind, actor, subject, data, prevHash } = record
  return createHash('sha256')
    .update(canonicalJson({ at, kind, actor, subject, data, prevHash }))
    .digest('hex')
}

/** Seals entries, in order, into records attached after `head` (the first ever from genesis). */
export function sealAuditEntries(
  entries: readonly AuditEntry[],
  head: ChainHead | undefined,
  at: number,
): AuditRecord[] {
  const time = new Date(at).toISOString()
  let seq = head?.seq ?? 0
  let prevHash = head?.hash ?? GENESIS_HASH
  return entries.map((entry) => {
    seq += 1
    const unsealed = {
      at: time,
      kind: entry.kind,
      actor: entry.actor,
      ...(entry.subject === undefined ? {} : { subject: entry.subject }),
      data: entry.data,
      prevHash,
    }
    const hash = hashAuditRecord(unsealed)
    prevHash = hash
    return { seq, ...unsealed, hash }
  })
}

/** The sealer an AuditLog calls inside its append, stamping records with the clock's time. */
export function createAuditSealer(now: () => number): AuditSealer {
  return (entries, head) => sealAuditEntries(entries, head, now())
}
