import { z } from 'zod'

import {
  failed,
  type Parsed,
  readHookJson,
  readToolArguments,
  readWith,
} from './hook-payload-schema.js'

/** The Copilot CLI's own `preToolUse` payload (camelCase event name in the hooks file). */
const CAMEL_PAYLOAD = z.looseObject({
  sessionId: z.string().optional(),
  timestamp: z.union([z.number(), z.string()]).optional(),
  cwd: z.string().min(1),
  toolName: z.string().min(1),
  // An object, or a JSON string of one in older releases.
  toolArgs: z.unknown().optional(),
})

/** The VS Code compatible `PreToolUse` payload (PascalCase event name in the hooks file). */
const VSCODE_PAYLOAD = z.looseObject({
  hook_event_name: z.string().min(1),
  session_id: z.string().optional(),
  cwd: z.string().min(1),
  tool_name: z.string().min(1),
  tool_input: z.unknown().optional(),
  tool_use_id: z.string().optional(),
})

/** A Copilot pre-tool payload in either format, with its arguments read. */
export interface CopilotPayload {
  /** `preToolUse` (camelCase fields, flat answer) or `PreToolUse` (VS Code format). */
  readonly event: 'preToolUse' | 'PreToolUse'
  readonly sessionId?: string
  readonly cwd: string
  readonly toolName: string
  readonly toolArgs: Record<string, unknown>
  readonly toolUseId?: string
}

/** Reads a GitHub Copilot `preToolUse`/`PreToolUse` hook payload. */
export function parseCopilotPayload(text: string): Parsed<CopilotPayload> {
  const json = readHookJson(text)
  if (!json.ok) return json
  const value = json.value
  const isVsCode = typeof value === 'object' && value !== null && 'tool_name' in value
  if (isVsCode) {
    const payload = readWith(VSCODE_PAYLOAD, value, 'copilot hook payload')
    if (!payload.ok) return payload
    if (payload.value.hook_event_name !== 'PreToolUse') {
      return failed(
        `copilot hook event \`${payload.value.hook_event_name}\`: airlock answers preToolUse only`,
      )
    }
    const args = readToolArguments(
      payload.value.tool_input,
      'copilot hook payload: field `tool_input`',
    )
    if (!args.ok) return args
    return {
      ok: true,
      value: {
        event: 'PreToolUse',
        ...(payload.value.session_id === undefined ? {} : { sessionId: payload.value.session_id }),
        cwd: payload.value.cwd,
        toolName: payload.value.tool_name,
        toolArgs: args.value,
        ...(payload.value.tool_use_id === undefined
          ? {}
          : { toolUseId: payload.value.tool_use_id }),
      },
    }
  }
  const payload = readWith(CAMEL_PAYLOAD, value, 'copilot hook payload')
  if (!payload.ok) return payload
  const args = readToolArguments(payload.value.toolArgs, 'copilot hook payload: field `toolArgs`')
  if (!args.ok) return args
  return {
    ok: true,
    value: {
      event: 'preToolUse',
      ...(payload.value.sessionId === undefined ? {} : { sessionId: payload.value.sessionId }),
      cwd: payload.value.cwd,
      toolName: payload.value.toolName,
      toolArgs: args.value,
    },
  }
}
