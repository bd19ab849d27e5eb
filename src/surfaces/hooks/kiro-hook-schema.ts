import { z } from 'zod'

import { type Parsed, readHookJson, readWith, TOOL_ARGUMENTS } from './hook-payload-schema.js'

/** The stdin of a Kiro (or Amazon Q Developer CLI) `preToolUse`/`PreToolUse` hook. */
const KIRO_PAYLOAD = z.looseObject({
  hook_event_name: z.string().min(1),
  session_id: z.string().optional(),
  cwd: z.string().min(1),
  tool_name: z.string().min(1),
  tool_input: TOOL_ARGUMENTS,
})

/** A Kiro tool hook payload. */
export type KiroPayload = z.output<typeof KIRO_PAYLOAD>

/** Reads a Kiro tool hook payload. */
export function parseKiroPayload(text: string): Parsed<KiroPayload> {
  const json = readHookJson(text)
  if (!json.ok) return json
  return readWith(KIRO_PAYLOAD, json.value, 'kiro hook payload')
}
