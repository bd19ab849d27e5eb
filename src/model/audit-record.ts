/** What an audit record tells of. */
export type AuditEventKind =
  | 'action.proposed'
  | 'approval.opened'
  | 'approval.voted'
  | 'approval.approved'
  | 'approval.denied'
  | 'approval.expired'
  | 'grant.issued'
  | 'grant.redeemed'
  | 'grant.refused'
  | 'grant.voided'
  | 'freeze.set'
  | 'freeze.lifted'
  | 'velocity.breached'
  | 'action.executed'
  | 'permissions.reviewed'
  | 'notification.failed'

/** One thing that happened, before it is sealed into the chain. */
export interface AuditEntry {
  readonly kind: AuditEventKind
  /** `agent:claude`, `human:alice` or `airlock`. */
  readonly actor: string
  /** The action, request, grant or freeze it is about. */
  readonly subject?: string
  /** JSON data, already free of secrets. */
  readonly data: Readonly<Record<string, unknown>>
}

/** An audit entry sealed into the hash chain. */
export interface AuditRecord extends AuditEntry {
  /** Position in the log, from 1; not part of the hash, so reordering shows as a broken chain. */
  readonly seq: number
  /** ISO 8601 time. */
  readonly at: string
  /** The previous record's hash; 64 zeros for the first. */
  readonly prevHash: string
  /** SHA-256 (hex) of the record's canonical JSON without `seq` and `hash`. */
  readonly hash: string
}

/** The newest record of the chain: where the next record attaches. */
export interface ChainHead {
  readonly seq: number
  readonly hash: string
}

/** The `prevHash` of the first record. */
export const GENESIS_HASH = '0'.repeat(64)
