import { z } from 'zod'

import { ApiError } from '../../model/errors.js'

const SETTINGS = z.record(z.string(), z.unknown())

/** An agent's settings file, as a JSON object. */
export type HookSettings = z.output<typeof SETTINGS>

/**
 * Reads an agent's settings file. A file that is not a JSON object is refused rather than
 * replaced, so the user's settings are never lost.
 */
export function parseHookSettings(text: string, file: string): HookSettings {
  if (text.trim() === '') return {}
  let value: unknown
  try {
    value = JSON.parse(text) as unknown
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new ApiError(
      'input_invalid',
      `\`${file}\` is not valid JSON (${reason}): fix it or add the hook by hand; nothing was changed`,
    )
  }
  const result = SETTINGS.safeParse(value)
  if (!result.success) {
    throw new ApiError(
      'input_invalid',
      `\`${file}\` is not a JSON object: fix it or add the hook by hand; nothing was changed`,
    )
  }
  return result.data
}
