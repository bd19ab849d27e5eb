import { ApiError } from '../../model/errors.js'
import type { CliIo } from './cli-io.js'

/** Reads a named file, or standard input for `-`, with a clear error when it is missing. */
export async function readInput(path: string, io: CliIo): Promise<string> {
  if (path === '-') return io.readStdin()
  try {
    return await io.readFile(path)
  } catch (error) {
    const code = (error as { code?: unknown }).code
    if (code === 'ENOENT')
      throw new ApiError('input_not_found', `\`${path}\`: no such file`, { cause: error })
    if (code === 'EISDIR')
      throw new ApiError('input_invalid', `\`${path}\`: is a directory, expected a file`, {
        cause: error,
      })
    throw new ApiError(
      'input_invalid',
      `\`${path}\`: cannot be read: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    )
  }
}
