import { z } from 'zod'

import { type Parsed, readHookJson, readWith } from './hook-payload-schema.js'

/** The stdin of a Cursor `beforeShellExecution`, `beforeMCPExecution` or `preToolUse` hook. */
const CURSOR_PAYLOAD = z.looseObject({
  hook_event_name: z.string().min(1),
  conversation_id: z.string().optional(),
  generation_id: z.string().optional(),
  workspace_roots: z.array(z.string()).optional(),
  cwd: z.string().min(1).optional(),
  // The shell command (beforeShellExecution), or the MCP server's command (beforeMCPExecution).
  command: z.string().optional(),
  tool_name: z.string().min(1).optional(),
  // An object, or a JSON string of one in some Cursor versions.
  tool_input: z.unknown().optional(),
  url: z.string().optional(),
  tool_use_id: z.string().optional(),
})

/** A Cursor hook payload. */
export type CursorPayload = z.output<typeof CURSOR_PAYLOAD>

/** Reads a Cursor hook payload. */
export function parseCursorPayload(text: string): Parsed<CursorPayload> {
  const json = readHookJson(text)
  if (!json.ok) return json
  return readWith(CURSOR_PAYLOAD, json.value, 'cursor hook payload')
}
