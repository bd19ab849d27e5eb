import type { ApprovalStore } from '../approve/approval-store.js'
import type { GrantStore } from '../approve/grant-store.js'
import type { AuditLog } from '../audit/audit-log.js'
import type { FreezeStore } from '../decide/freeze-store.js'
import type { VelocityStore } from '../decide/velocity-store.js'
import type { ProposalStore } from './proposal-store.js'

/** The stores of one transaction. */
export interface GatewayStores {
  readonly proposals: ProposalStore
  readonly approvals: ApprovalStore
  readonly grants: GrantStore
  readonly freezes: FreezeStore
  readonly velocity: VelocityStore
  readonly audit: AuditLog
  /** Announces a change to every instance once this transaction commits (PostgreSQL NOTIFY). */
  signal(signal: StoreSignal): Promise<void>
}

/** A change other gateway instances made, as a store announces it (PostgreSQL NOTIFY). */
export interface StoreSignal {
  readonly kind: 'freeze' | 'approval' | 'grant'
  readonly id: string
}

/**
 * All of the gateway's state in one database. Everything a request changes happens in one
 * transaction, with its audit records: a request either leaves its whole trace or none.
 */
export interface GatewayStore {
  /** Which backend, for status and messages. */
  readonly kind: 'sqlite' | 'postgres'
  /** Runs `work` in one transaction; it commits when `work` resolves and rolls back when it throws. */
  transaction<T>(work: (stores: GatewayStores) => Promise<T>): Promise<T>
  /** Calls `listener` for changes announced by any instance; returns the unsubscribe. */
  subscribe(listener: (signal: StoreSignal) => void): () => void
  close(): Promise<void>
}
