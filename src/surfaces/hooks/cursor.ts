import type { Action } from '../../model/action.js'
import { type CursorPayload, parseCursorPayload } from './cursor-hook-schema.js'
import {
  type FileChange,
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
  readToolArguments,
  readWith,
  SHELL_INPUT,
} from './hook-payload-schema.js'

/** The Cursor events airlock answers. */
export type CursorEvent = 'beforeShellExecution' | 'beforeMCPExecution' | 'preToolUse'

const EVENTS: readonly CursorEvent[] = ['beforeShellExecution', 'beforeMCPExecution', 'preToolUse']

const SHELL_TOOLS = new Set(['Shell', 'Bash', 'Terminal', 'run_terminal_cmd'])
const WRITE_TOOLS = new Set([
  'Write',
  'Edit',
  'StrReplace',
  'MultiEdit',
  'edit_file',
  'search_replace',
  'write',
])
const DELETE_TOOLS = new Set(['Delete', 'delete_file'])

function isCursorEvent(name: string): name is CursorEvent {
  return (EVENTS as readonly string[]).includes(name)
}

// `MCP:server:tool` (preToolUse), `mcp__server__tool`; otherwise the server is named after the
// host of its URL, or `cursor`: its command line may carry credentials and is never a name.
function mcpNameOf(tool: string, payload: CursorPayload): McpToolName {
  const prefixed = /^MCP:([^:]+):(.+)$/.exec(tool)
  if (prefixed?.[1] !== undefined && prefixed[2] !== undefined) {
    return { server: prefixed[1], tool: prefixed[2] }
  }
  const split = splitDoubleUnderscore(tool)
  if (split !== undefined) return split
  const server = serverOf(payload)
  return { server, tool }
}

function serverOf(payload: CursorPayload): string {
  if (payload.url !== undefined && URL.canParse(payload.url)) return new URL(payload.url).hostname
  return 'cursor'
}

function actionOf(event: CursorEvent, payload: CursorPayload, cwd: string): Parsed<Action> {
  const context: HookContext = payload.tool_use_id === undefined ? {} : { id: payload.tool_use_id }
  if (event === 'beforeShellExecution') {
    const command = payload.command?.trim() ?? ''
    if (command === '')
      return failed('cursor beforeShellExecution: field `command`: expected the command')
    return { ok: true, value: shellAction(payload.command ?? '', cwd, context) }
  }
  const tool = payload.tool_name
  if (tool === undefined) return failed(`cursor ${event}: field \`tool_name\`: required`)
  const input = readToolArguments(payload.tool_input, `cursor ${event}: field \`tool_input\``)
  if (!input.ok) return input
  if (event === 'beforeMCPExecution' || tool.startsWith('MCP:') || tool.startsWith('mcp__')) {
    const name = mcpNameOf(tool, payload)
    return { ok: true, value: mcpAction(name.server, name.tool, input.value, context) }
  }
  if (SHELL_TOOLS.has(tool)) {
    const shell = readWith(SHELL_INPUT, input.value, `${tool} input`)
    if (!shell.ok) return shell
    const { command, cwd: toolCwd } = shell.value
    return { ok: true, value: shellAction(command, toolCwd ?? cwd, context) }
  }
  if (WRITE_TOOLS.has(tool) || DELETE_TOOLS.has(tool)) {
    const file = readWith(FILE_INPUT, input.value, `${tool} input`)
    if (!file.ok) return file
    const path = filePathOf(file.value)
    const change: FileChange = DELETE_TOOLS.has(tool)
      ? { op: 'delete', path }
      : { op: 'write', path }
    return { ok: true, value: fileChangeAction([change], cwd, input.value, context) }
  }
  return { ok: true, value: unknownToolAction('cursor', tool, input.value, cwd, context) }
}

// Cursor reads `permission`, shows `user_message` to the person and `agent_message` to the agent.
function render(verdict: HookVerdict): HookReply {
  if (verdict.kind === 'allow') return jsonReply({ permission: 'allow' })
  return jsonReply({
    permission: verdict.kind,
    user_message: verdict.message,
    agent_message: verdict.message,
  })
}

/** Cursor's `beforeShellExecution`, `beforeMCPExecution` and `preToolUse` hooks. */
export const CURSOR_ADAPTER: HookAdapter<CursorEvent> = {
  agent: 'cursor',
  canAsk: true,
  parse(text): HookParse<CursorEvent> {
    const payload = parseCursorPayload(text)
    if (!payload.ok) return payload
    const event = payload.value.hook_event_name
    if (!isCursorEvent(event)) {
      return failed(
        `cursor hook event \`${event}\`: airlock answers beforeShellExecution, beforeMCPExecution and preToolUse only`,
      )
    }
    const cwd = payload.value.cwd ?? payload.value.workspace_roots?.[0]
    if (cwd === undefined || cwd === '') {
      return { ok: false, message: `cursor ${event}: no \`cwd\` and no \`workspace_roots\``, event }
    }
    const action = actionOf(event, payload.value, cwd)
    return action.ok
      ? { ok: true, value: { action: action.value, event } }
      : { ok: false, message: action.message, event }
  },
  render,
}
