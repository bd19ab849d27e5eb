import type { ExecutionGrant, RedeemOutcome } from '../model/execution-grant.js'
import type { FreezeScope } from '../model/freeze.js'

/** Keeps execution grants and redeems each at most once, across every gateway instance. */
export interface GrantStore {
  issue(grant: ExecutionGrant): Promise<void>
  get(id: string): Promise<ExecutionGrant | undefined>
  /** The oldest grant for this digest and agent that is neither redeemed, voided nor expired. */
  findRedeemable(digest: string, agent: string, now: number): Promise<ExecutionGrant | undefined>
  /**
   * Redeems the grant for the action with this digest. INVARIANT: of any number of concurrent
   * calls for one grant, on any instance, at most one returns `redeemed`.
   */
  redeem(id: string, digest: string, at: number): Promise<RedeemOutcome>
  /** Voids the grants a new freeze covers that are neither redeemed, voided nor expired. */
  voidOutstanding(scope: FreezeScope, at: number): Promise<ExecutionGrant[]>
}
