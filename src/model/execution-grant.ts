/**
 * Permission to run one action once: bound to its digest, single use. Issued when humans
 * approve a request, and for an action the policies allowed outright when its executor
 * (`airlock exec`) needs one to run it with the environment's credentials.
 */
export interface ExecutionGrant {
  readonly id: string
  /** The four-eyes request that approved it; absent when the policies allowed the action. */
  readonly requestId?: string
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

/** Why a redemption was refused, in words for an error message about grant `id`. */
export function describeRedeemRefusal(id: string, reason: RedeemRefusal): string {
  const words: Record<RedeemRefusal, string> = {
    not_found: 'does not exist',
    already_redeemed: 'was already redeemed: a grant runs one action once',
    digest_mismatch: 'was issued for a different action',
    voided: 'was voided by a freeze',
    expired: 'has expired',
  }
  return `grant \`${id}\` ${words[reason]}`
}
