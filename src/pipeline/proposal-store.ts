import type { ProposalRecord, ProposalStatus } from '../model/proposal-record.js'

/** Keeps proposed actions and where they stand. */
export interface ProposalStore {
  insert(record: ProposalRecord): Promise<void>
  get(id: string): Promise<ProposalRecord | undefined>
  /**
   * The requester's proposals made at or after `since` that ran or still may (not denied,
   * rejected by a human or expired), oldest first, at most the newest `limit` of them: the
   * session a new proposal belongs to.
   */
  listRecent(requester: string, since: number, limit: number): Promise<ProposalRecord[]>
  /** Moves a proposal to a new status; `requestId` is set when given. */
  setStatus(id: string, status: ProposalStatus, at: number, requestId?: string): Promise<void>
}
