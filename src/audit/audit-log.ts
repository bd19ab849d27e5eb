/**
 * @module audit
 * The append-only, hash-chained record: sealing entries into the chain, verifying it, and
 * keeping secrets out of it. The AuditLog port is implemented in storage/. Imports model/ only.
 */
import type { AuditEntry, AuditRecord, ChainHead } from '../model/audit-record.js'

/** Turns entries into records attached to the chain's current head. */
export type AuditSealer = (
  entries: readonly AuditEntry[],
  head: ChainHead | undefined,
) => AuditRecord[]

/** Keeps the audit chain. */
export interface AuditLog {
  /**
   * Seals and appends entries after the current head. INVARIANT: appends are serialised across
   * every gateway instance (the head is locked for the transaction), so the chain never forks.
   */
  append(entries: readonly AuditEntry[], seal: AuditSealer): Promise<AuditRecord[]>
  /** Records with `seq` greater than `afterSeq`, in `seq` order, at most `limit`. */
  read(afterSeq: number, limit: number): Promise<AuditRecord[]>
  /** The head as the log last recorded it; a deleted tail shows against it. */
  head(): Promise<ChainHead | undefined>
}
