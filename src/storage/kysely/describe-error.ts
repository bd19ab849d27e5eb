/** An error's message on one line, for chaining after a context (`postgres: …`). */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message.replace(/\s+/g, ' ').trim() : String(error)
}
