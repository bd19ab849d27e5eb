import type { z } from 'zod'

/**
 * Reads JSON a cloud CLI is given inline (`--change-batch '{…}'`, `--cli-input-json '{…}'`)
 * and checks it against a schema. Gives `undefined` for text that is not JSON or does not
 * match, so that rules fail closed instead of trusting a shape they did not check.
 */
export function parseCloudJson<T>(text: string, schema: z.ZodType<T>): T | undefined {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return undefined
  }
  const result = schema.safeParse(value)
  return result.success ? result.data : undefined
}
