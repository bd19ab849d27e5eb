import type { ContentfulStatusCode } from 'hono/utils/http-status'

import { ApiError, type ApiErrorCode, GatewayError } from '../../model/errors.js'

const STATUS: Record<ApiErrorCode, ContentfulStatusCode> = {
  input_invalid: 400,
  input_not_found: 404,
  input_too_large: 413,
  usage_invalid: 400,
  auth_missing: 401,
  auth_forbidden: 403,
  state_conflict: 409,
  gateway_unreachable: 502,
}

/** The JSON body of every error answer. */
export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly data?: unknown }
}

/**
 * The one place that turns a failure into an HTTP answer: a caller's fault is a 4xx naming what
 * was wrong; anything else is a 500 or 503 that says only that the gateway failed, and the
 * action it was about is not allowed.
 */
export function toErrorResponse(error: unknown): { status: ContentfulStatusCode; body: ErrorBody } {
  if (error instanceof ApiError) {
    return {
      status: STATUS[error.code],
      body: {
        error: {
          code: error.code,
          message: error.message,
          ...(error.data === undefined ? {} : { data: error.data }),
        },
      },
    }
  }
  if (error instanceof GatewayError && error.code === 'store_unavailable') {
    return {
      status: 503,
      body: {
        error: {
          code: error.code,
          message: `the gateway's database is unavailable: nothing was decided`,
        },
      },
    }
  }
  return {
    status: 500,
    body: {
      error: { code: 'internal_error', message: 'internal error: nothing was decided or changed' },
    },
  }
}
