import { z } from 'zod'

import { ApiError } from '../../model/errors.js'

const ERROR_BODY = z.object({ error: z.object({ code: z.string(), message: z.string() }) })

const OBJECT = z.record(z.string(), z.unknown())

/** A JSON object the gateway answered with. */
export type GatewayAnswer = z.output<typeof OBJECT>

/** Reads the gateway's JSON answer; an answer that is not a JSON object is an error. */
export function parseGatewayAnswer(text: string, what: string): GatewayAnswer {
  let value: unknown
  try {
    value = JSON.parse(text) as unknown
  } catch {
    throw new ApiError('gateway_unreachable', `${what}: the gateway's answer is not JSON`)
  }
  const result = OBJECT.safeParse(value)
  if (!result.success) {
    throw new ApiError('gateway_unreachable', `${what}: the gateway's answer is not a JSON object`)
  }
  return result.data
}

/** The message of a gateway error answer, when the answer is one. */
export function readGatewayError(answer: GatewayAnswer): string | undefined {
  const result = ERROR_BODY.safeParse(answer)
  return result.success ? result.data.error.message : undefined
}
