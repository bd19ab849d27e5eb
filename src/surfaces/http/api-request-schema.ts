import { z } from 'zod'

import type { Action } from '../../model/action.js'
import { ApiError } from '../../model/errors.js'
import type { FreezeScope } from '../../model/freeze.js'
import { ActionDocumentError, readActionDocument } from '../action-document-schema.js'

const COMMENT = z.string().max(2000)

const VOTE_BODY = z.strictObject({ comment: COMMENT.optional() })

const SCOPE = z.union([
  z.literal('global'),
  z.strictObject({ environment: z.string().min(1) }),
  z.strictObject({ agent: z.string().min(1) }),
])

const FREEZE_BODY = z.strictObject({
  scope: SCOPE.default('global'),
  reason: z.string().trim().min(1, { error: 'a reason is required' }).max(2000),
})

const REVIEW_BODY = z.strictObject({
  comment: z.string().trim().min(1, { error: 'a comment is required' }).max(2000),
})

const REDEEM_BODY = z.strictObject({ action: z.record(z.string(), z.unknown()) })

const OUTCOME_BODY = z.strictObject({
  status: z.enum(['succeeded', 'failed']),
  exitCode: z.number().int().optional(),
  detail: z.string().max(4000).optional(),
})

/** A vote's body: an optional comment. */
export type VoteBody = z.output<typeof VOTE_BODY>
/** What an executor reports. */
export type OutcomeBody = z.output<typeof OUTCOME_BODY>

function parseJson(text: string): unknown {
  if (text.trim() === '') return {}
  try {
    return JSON.parse(text) as unknown
  } catch (error) {
    throw new ApiError(
      'input_invalid',
      `request body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    )
  }
}

function validate<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  const issue = result.error.issues[0]
  const field = issue?.path.join('.') ?? ''
  const message = (issue?.message ?? 'invalid body').toLowerCase()
  throw new ApiError('input_invalid', field === '' ? message : `field \`${field}\`: ${message}`, {
    data: { field },
  })
}

function toAction(value: unknown, prefix: string): Action {
  try {
    return readActionDocument(value, { strict: true }).action
  } catch (error) {
    if (!(error instanceof ActionDocumentError)) throw error
    const field =
      error.field === '' ? prefix : prefix === '' ? error.field : `${prefix}.${error.field}`
    const detail = error.message.replace(/^field `[^`]*`: /, '')
    throw new ApiError('input_invalid', field === '' ? detail : `field \`${field}\`: ${detail}`, {
      data: { field },
    })
  }
}

/** The body of a proposal: one action document (the corpus format), unknown fields refused. */
export function parseProposalBody(text: string): Action {
  return toAction(parseJson(text), '')
}

/** The body of a vote. */
export function parseVoteBody(text: string): VoteBody {
  return validate(VOTE_BODY, parseJson(text))
}

/** The body of a freeze or unfreeze: its scope (global unless given) and reason. */
export function parseFreezeBody(text: string): { scope: FreezeScope; reason: string } {
  const body = validate(FREEZE_BODY, parseJson(text))
  const scope: FreezeScope =
    body.scope === 'global'
      ? { kind: 'global' }
      : 'environment' in body.scope
        ? { kind: 'environment', environment: body.scope.environment }
        : { kind: 'agent', agent: body.scope.agent }
  return { scope, reason: body.reason }
}

/** The body of a permission re-certification: why the agent's permissions are still right. */
export function parseReviewBody(text: string): { comment: string } {
  return validate(REVIEW_BODY, parseJson(text))
}

/** The body of a redemption: the action about to run, which must match the grant's digest. */
export function parseRedeemBody(text: string): Action {
  const body = validate(REDEEM_BODY, parseJson(text))
  return toAction(body.action, 'action')
}

/** The body of an execution report. */
export function parseOutcomeBody(text: string): OutcomeBody {
  return validate(OUTCOME_BODY, parseJson(text))
}
