/**
 * Internal failure codes. Each is documented here, once:
 * - `parse_grammar_unavailable`: a parser grammar (bash, SQL) could not be loaded
 * - `parse_internal_error`: a parser failed in a way it should have reported as an issue
 * - `decide_internal_error`: the decision could not be computed (the action is held, never allowed)
 * - `store_unavailable`: the database could not be reached or refused the work (nothing is allowed)
 * - `store_conflict`: a concurrent change won a race the caller has to retry
 */
export type GatewayErrorCode =
  | 'parse_grammar_unavailable'
  | 'parse_internal_error'
  | 'decide_internal_error'
  | 'store_unavailable'
  | 'store_conflict'

/** A failure inside airlock; surfaces translate it, they never show it raw. */
export class GatewayError extends Error {
  readonly code: GatewayErrorCode
  readonly data: unknown

  constructor(
    code: GatewayErrorCode,
    message: string,
    options?: { data?: unknown; cause?: unknown },
  ) {
    super(message, { cause: options?.cause })
    this.name = 'GatewayError'
    this.code = code
    this.data = options?.data
  }
}

/**
 * Failure codes that cross a surface:
 * - `input_invalid`: the caller's input is malformed (exit code 2, HTTP 400)
 * - `input_not_found`: a named file or item does not exist (exit code 2, HTTP 404)
 * - `input_too_large`: a request body is over the gateway's limit (HTTP 413)
 * - `usage_invalid`: the command line is wrong (exit code 2)
 * - `auth_missing`: no token, or a token the gateway does not know (HTTP 401)
 * - `auth_forbidden`: the token is valid but its holder may not do this (HTTP 403)
 * - `state_conflict`: the item is not in a state that allows this, e.g. a request already
 *   closed or a grant already redeemed (HTTP 409)
 * - `gateway_unreachable`: the CLI could not reach `airlock serve` (exit code 3)
 */
export type ApiErrorCode =
  | 'input_invalid'
  | 'input_not_found'
  | 'input_too_large'
  | 'usage_invalid'
  | 'auth_missing'
  | 'auth_forbidden'
  | 'state_conflict'
  | 'gateway_unreachable'

/** A failure the caller caused and can fix, with where it happened. */
export class ApiError extends Error {
  readonly code: ApiErrorCode
  readonly data: unknown

  constructor(code: ApiErrorCode, message: string, options?: { data?: unknown; cause?: unknown }) {
    super(message, { cause: options?.cause })
    this.name = 'ApiError'
    this.code = code
    this.data = options?.data
  }
}
