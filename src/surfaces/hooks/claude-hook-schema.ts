import { z } from 'zod'

import { type Parsed, readHookJson, readWith, TOOL_ARGUMENTS } from './hook-payload-schema.js'

/**
 * The stdin of a Claude Code (and Codex CLI, which copies its wire format) `PreToolUse` or
 * `PermissionRequest` hook. Fields the agents add later are kept, not refused.
 */
const CLAUDE_PAYLOAD = z.looseObject({
  session_id: z.string().optional(),
  cwd: z.string().min(1),
  hook_event_name: z.string().min(1),
  tool_name: z.string().min(1),
  tool_input: TOOL_ARGUMENTS,
  tool_use_id: z.string().optional(),
  mcp_server: z.looseObject({ name: z.string().min(1) }).optional(),
})

/** A Claude Code or Codex CLI tool hook payload. */
export type ClaudePayload = z.output<typeof CLAUDE_PAYLOAD>

/** Reads a Claude Code or Codex CLI tool hook payload. */
export function parseClaudePayload(text: string, agent: string): Parsed<ClaudePayload> {
  const json = readHookJson(text)
  if (!json.ok) return json
  return readWith(CLAUDE_PAYLOAD, json.value, `${agent} hook payload`)
}
