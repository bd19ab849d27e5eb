/** Permission to run one approved action once: bound to its digest, single use. */
export interface ExecutionGrant {
  readonly id: string
  readonly requestId: string
  readonly actionId: string
  readonly digest: string
  readonly agent?: string
  readonly environment?: string
  readonly issuedAt: number
  readonly expiresAt: number
  readonly redeemedAt?: number
  /** Set when a freeze voided the grant before it was redeemed. */
  readonly voidedAt?: number
}

/** Why a grant could not be redeemed. */
export type RedeemRefusal =
  'not_found' | 'already_redeemed' | 'digest_mismatch' | 'voided' | 'expired'

/** The outcome of redeeming a grant: exactly one redemption per grant ever succeeds. */
export type RedeemOutcome =
  | { readonly kind: 'redeemed'; readonly grant: ExecutionGrant }
  | { readonly kind: 'refused'; readonly reason: RedeemRefusal; readonly grant?: ExecutionGrant }
