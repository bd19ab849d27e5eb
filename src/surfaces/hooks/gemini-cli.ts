import { resolve } from 'node:path'

import type { Action } from '../../model/action.js'
import { type GeminiPayload, parseGeminiPayload } from './gemini-hook-schema.js'
import {
  fileChangeAction,
  type HookContext,
  mcpAction,
  type McpToolName,
  shellAction,
  splitDoubleUnderscore,
  unknownToolAction,
} from './hook-actions.js'
import {
  type HookAdapter,
  type HookParse,
  type HookReply,
  type HookVerdict,
  jsonReply,
} from './hook-adapter.js'
import {
  failed,
  FILE_INPUT,
  filePathOf,
  type Parsed,
  readWith,
  SHELL_INPUT,
} from './hook-payload-schema.js'

/** The Gemini CLI event airlock answers. */
export type GeminiEvent = 'BeforeTool'

const FILE_TOOLS = new Set(['write_file', 'replace', 'edit'])

// `mcp__server__tool` now; `mcp_server_tool` in older releases, where the split is ambiguous
// unless `mcp_context` names the server.
function mcpNameOf(payload: GeminiPayload): McpToolName | undefined {
  const name = payload.tool_name
  const server = payload.mcp_context?.server_name ?? payload.mcp_context?.serverName
  const contextTool = payload.mcp_context?.tool_name ?? payload.mcp_context?.toolName
  const split = splitDoubleUnderscore(name)
  if (split !== undefined) return { server: server ?? split.server, tool: split.tool }
  if (server !== undefined) {
    const prefix = `mcp_${server}_`
    const tool = contextTool ?? (name.startsWith(prefix) ? name.slice(prefix.length) : name)
    return { server, tool }
  }
  const match = /^mcp_([^_]+)_(.+)$/.exec(name)
  return match?.[1] === undefined || match[2] === undefined
    ? undefined
    : { server: match[1], tool: match[2] }
}

function actionOf(payload: GeminiPayload, context: HookContext): Parsed<Action> {
  const { tool_name: tool, tool_input: input, cwd } = payload
  if (tool === 'run_shell_command') {
    const shell = readWith(SHELL_INPUT, input, `${tool} input`)
    if (!shell.ok) return shell
    const { command, description, dir_path: dir } = shell.value
    return {
      ok: true,
      value: shellAction(command, dir === undefined ? cwd : resolve(cwd, dir), {
        ...context,
        ...(description === undefined ? {} : { rationale: description }),
      }),
    }
  }
  if (FILE_TOOLS.has(tool)) {
    const file = readWith(FILE_INPUT, input, `${tool} input`)
    if (!file.ok) return file
    const path = filePathOf(file.value)
    return { ok: true, value: fileChangeAction([{ op: 'write', path }], cwd, input, context) }
  }
  const mcp =
    payload.mcp_context !== undefined || tool.startsWith('mcp_') ? mcpNameOf(payload) : undefined
  if (mcp !== undefined) return { ok: true, value: mcpAction(mcp.server, mcp.tool, input, context) }
  return { ok: true, value: unknownToolAction('gemini-cli', tool, input, cwd, context) }
}

// Gemini CLI reads `decision` and `reason`; it has no prompt of its own for a hook to ask.
function render(verdict: HookVerdict): HookReply {
  if (verdict.kind === 'allow') return jsonReply({})
  return jsonReply({ decision: 'deny', reason: verdict.message })
}

/** Gemini CLI's `BeforeTool` command hook (`.gemini/settings.json`). */
export const GEMINI_CLI_ADAPTER: HookAdapter<GeminiEvent> = {
  agent: 'gemini-cli',
  canAsk: false,
  parse(text): HookParse<GeminiEvent> {
    const payload = parseGeminiPayload(text)
    if (!payload.ok) return payload
    const event = payload.value.hook_event_name
    if (event !== 'BeforeTool') {
      return failed(`gemini-cli hook event \`${event}\`: airlock answers BeforeTool only`)
    }
    const action = actionOf(payload.value, {})
    return action.ok
      ? { ok: true, value: { action: action.value, event } }
      : { ok: false, message: action.message, event }
  },
  render,
}
