import type { ProposalRecord, ProposalStatus } from '../model/proposal-record.js'

/** Keeps proposed actions and where they stand. */
export interface ProposalStore {
  insert(record: ProposalRecord): Promise<void>
  get(id: string): Promise<ProposalRecord | undefined>
  /** Moves a proposal to a new status; `requestId` is set when given. */
  setStatus(id: string, status: ProposalStatus, at: number, requestId?: string): Promise<void>
}
