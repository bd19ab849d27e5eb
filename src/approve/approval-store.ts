/**
 * @module approve
 * Four-eyes workflow: which human may vote on a request (four-eyes-rule) and where requests and
 * grants are kept (the ApprovalStore and GrantStore ports). Imports model/ only; storage/
 * implements the ports.
 */
import type { ApprovalRequest, ApprovalStatus, ApprovalVote } from '../model/approval-request.js'

/** Which requests to list. */
export interface ApprovalFilter {
  readonly status?: ApprovalStatus
  /** At most this many, newest first; 100 unless given. */
  readonly limit?: number
}

/** Keeps four-eyes requests and their votes. */
export interface ApprovalStore {
  /** Stores a new request (its votes are ignored: a request opens with none). */
  create(request: ApprovalRequest): Promise<void>
  /**
   * The request with its votes in the order they were cast. With `lock`, the request stays
   * locked until the transaction ends, so that votes on it from every instance line up.
   */
  get(id: string, options?: { readonly lock?: boolean }): Promise<ApprovalRequest | undefined>
  list(filter: ApprovalFilter): Promise<ApprovalRequest[]>
  /** The pending request a requester already opened for this digest, if any. */
  findPending(digest: string, requester: string): Promise<ApprovalRequest | undefined>
  /** Records a vote; `duplicate` when this human already voted on the request. */
  addVote(requestId: string, vote: ApprovalVote): Promise<'added' | 'duplicate'>
  /**
   * Moves a pending request to a final status; false when it was no longer pending (another
   * instance closed it first).
   */
  close(
    id: string,
    status: Exclude<ApprovalStatus, 'pending'>,
    at: number,
    grantId?: string,
  ): Promise<boolean>
  /** Pending requests whose `expiresAt` is at or before `now`. */
  listExpired(now: number): Promise<ApprovalRequest[]>
}
