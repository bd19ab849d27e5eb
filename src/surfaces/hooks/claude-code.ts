import type { Action } from '../../model/action.js'
import { type ClaudePayload, parseClaudePayload } from './claude-hook-schema.js'
import {
  fileChangeAction,
  type HookContext,
  mcpAction,
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

/** The Claude Code events airlock answers. */
export type ClaudeEvent = 'PreToolUse' | 'PermissionRequest'

const EVENTS: readonly ClaudeEvent[] = ['PreToolUse', 'PermissionRequest']

const SHELL_TOOLS = new Set(['Bash', 'PowerShell'])
const FILE_TOOLS = new Set(['Write', 'Edit', 'MultiEdit', 'NotebookEdit'])

function contextOf(payload: ClaudePayload, rationale?: string): HookContext {
  return {
    ...(payload.tool_use_id === undefined ? {} : { id: payload.tool_use_id }),
    ...(rationale === undefined ? {} : { rationale }),
  }
}

function actionOf(payload: ClaudePayload): Parsed<Action> {
  const { tool_name: tool, tool_input: input, cwd } = payload
  if (SHELL_TOOLS.has(tool)) {
    const shell = readWith(SHELL_INPUT, input, `${tool} input`)
    if (!shell.ok) return shell
    const { command, description } = shell.value
    return { ok: true, value: shellAction(command, cwd, contextOf(payload, description)) }
  }
  if (FILE_TOOLS.has(tool)) {
    const file = readWith(FILE_INPUT, input, `${tool} input`)
    if (!file.ok) return file
    const path = filePathOf(file.value)
    return {
      ok: true,
      value: fileChangeAction([{ op: 'write', path }], cwd, input, contextOf(payload)),
    }
  }
  const mcp = splitDoubleUnderscore(tool)
  if (mcp !== undefined) {
    // The server's configured name, when Claude Code sends it, is what it was registered as.
    const server = payload.mcp_server?.name ?? mcp.server
    return { ok: true, value: mcpAction(server, mcp.tool, input, contextOf(payload)) }
  }
  return { ok: true, value: unknownToolAction('claude-code', tool, input, cwd, contextOf(payload)) }
}

function isClaudeEvent(name: string): name is ClaudeEvent {
  return (EVENTS as readonly string[]).includes(name)
}

function render(verdict: HookVerdict, event: ClaudeEvent = 'PreToolUse'): HookReply {
  if (event === 'PermissionRequest') {
    switch (verdict.kind) {
      // Allowing leaves the permission dialog to the person at the keyboard: a hook never
      // grants more than Claude Code's own settings would.
      case 'allow':
        return jsonReply({})
      case 'ask':
        return jsonReply({ systemMessage: verdict.message })
      case 'deny':
        return jsonReply({
          hookSpecificOutput: {
            hookEventName: 'PermissionRequest',
            decision: { behavior: 'deny', message: verdict.message },
          },
        })
    }
  }
  if (verdict.kind === 'allow') return jsonReply({})
  return jsonReply({
    hookSpecificOutput: {
      hookEventName: 'PreToolUse',
      permissionDecision: verdict.kind,
      permissionDecisionReason: verdict.message,
    },
  })
}

/** Claude Code's `PreToolUse` and `PermissionRequest` hooks, as a command or an HTTP hook. */
export const CLAUDE_CODE_ADAPTER: HookAdapter<ClaudeEvent> = {
  agent: 'claude-code',
  canAsk: true,
  parse(text): HookParse<ClaudeEvent> {
    const payload = parseClaudePayload(text, 'claude-code')
    if (!payload.ok) return payload
    const event = payload.value.hook_event_name
    if (!isClaudeEvent(event)) {
      return failed(
        `claude-code hook event \`${event}\`: airlock answers PreToolUse and PermissionRequest only`,
      )
    }
    const action = actionOf(payload.value)
    return action.ok
      ? { ok: true, value: { action: action.value, event } }
      : { ok: false, message: action.message, event }
  },
  render,
}
