import { z } from 'zod'

import { type Parsed, readHookJson, readWith, TOOL_ARGUMENTS } from './hook-payload-schema.js'

/** The stdin of a Gemini CLI `BeforeTool` hook. */
const GEMINI_PAYLOAD = z.looseObject({
  session_id: z.string().optional(),
  cwd: z.string().min(1),
  hook_event_name: z.string().min(1),
  tool_name: z.string().min(1),
  tool_input: TOOL_ARGUMENTS,
  mcp_context: z
    .looseObject({
      server_name: z.string().min(1).optional(),
      serverName: z.string().min(1).optional(),
      tool_name: z.string().min(1).optional(),
      toolName: z.string().min(1).optional(),
    })
    .optional(),
})

/** A Gemini CLI tool hook payload. */
export type GeminiPayload = z.output<typeof GEMINI_PAYLOAD>

/** Reads a Gemini CLI tool hook payload. */
export function parseGeminiPayload(text: string): Parsed<GeminiPayload> {
  const json = readHookJson(text)
  if (!json.ok) return json
  return readWith(GEMINI_PAYLOAD, json.value, 'gemini-cli hook payload')
}
