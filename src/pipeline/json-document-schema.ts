import type { z } from 'zod'

import { ApiError } from '../model/errors.js'

// `resources[3].id`: a zod issue's path as people write it.
function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((segment, index) =>
      typeof segment === 'number' ? `[${segment}]` : `${index === 0 ? '' : '.'}${String(segment)}`,
    )
    .join('')
}

/**
 * Reads a JSON document airlock wrote (a snapshot, a report) against its schema. Throws
 * ApiError `input_invalid` naming the file and the first field that is wrong, or saying that
 * the text is not JSON at all.
 * @example
 * parseJsonDocument(SNAPSHOT, text, '.airlock/inventory.json', 'an inventory snapshot')
 */
export function parseJsonDocument<Schema extends z.ZodType>(
  schema: Schema,
  text: string,
  file: string,
  what: string,
): z.output<Schema> {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new ApiError('input_invalid', `\`${file}\`: not valid JSON: ${reason}`, { cause: error })
  }
  const result = schema.safeParse(value)
  if (result.success) return result.data
  const issue = result.error.issues[0]
  const field = issue === undefined ? '' : formatPath(issue.path)
  throw new ApiError(
    'input_invalid',
    `\`${file}\`: ${field === '' ? '' : `field \`${field}\`: `}${issue?.message ?? `not ${what}`}`,
    { data: { file, field } },
  )
}
