import type { Action } from '../../model/action.js'
import { type ClaudePayload, parseClaudePayload } from './claude-hook-schema.js'
import {
  changesOfPatch,
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
import { failed, type Parsed, readWith, SHELL_INPUT } from './hook-payload-schema.js'

/** The Codex CLI events airlock answers. */
export type CodexEvent = 'PreToolUse' | 'PermissionRequest'

const EVENTS: readonly CodexEvent[] = ['PreToolUse', 'PermissionRequest']

const SHELL_TOOLS = new Set(['Bash', 'shell', 'exec_command', 'local_shell', 'unified_exec'])

function contextOf(payload: ClaudePayload, rationale?: string): HookContext {
  return {
    ...(payload.tool_use_id === undefined ? {} : { id: payload.tool_use_id }),
    ...(rationale === undefined ? {} : { rationale }),
  }
}

function patchOf(input: Readonly<Record<string, unknown>>): string | undefined {
  for (const key of ['command', 'patch', 'input']) {
    const value = input[key]
    if (typeof value === 'string' && value.trim() !== '') return value
  }
  return undefined
}

function actionOf(payload: ClaudePayload): Parsed<Action> {
  const { tool_name: tool, tool_input: input, cwd } = payload
  if (SHELL_TOOLS.has(tool)) {
    const shell = readWith(SHELL_INPUT, input, `${tool} input`)
    if (!shell.ok) return shell
    // Network approvals arrive as `Bash` with `description: network-access <domain>`.
    const { command, description } = shell.value
    return { ok: true, value: shellAction(command, cwd, contextOf(payload, description)) }
  }
  if (tool === 'apply_patch') {
    const patch = patchOf(input)
    if (patch === undefined) return failed('apply_patch input: field `command`: expected the patch')
    const changes = changesOfPatch(patch)
    // A patch that names no file is still a write airlock cannot place: opaque, not allowed.
    const value =
      changes.length === 0
        ? unknownToolAction('codex', tool, input, cwd, contextOf(payload))
        : fileChangeAction(changes, cwd, input, contextOf(payload))
    return { ok: true, value }
  }
  const mcp = splitDoubleUnderscore(tool)
  if (mcp !== undefined) {
    return { ok: true, value: mcpAction(mcp.server, mcp.tool, input, contextOf(payload)) }
  }
  return { ok: true, value: unknownToolAction('codex', tool, input, cwd, contextOf(payload)) }
}

function isCodexEvent(name: string): name is CodexEvent {
  return (EVENTS as readonly string[]).includes(name)
}

// Codex has no `ask` for hooks, and reads an allow without `updatedInput` as nothing at all, so
// an allow is an empty answer and everything else a deny.
function render(verdict: HookVerdict, event: CodexEvent = 'PreToolUse'): HookReply {
  if (verdict.kind === 'allow') return { status: 200, body: '', exitCode: 0 }
  if (event === 'PermissionRequest') {
    return jsonReply({
      hookSpecificOutput: {
        hookEventName: 'PermissionRequest',
        decision: { behavior: 'deny', message: verdict.message },
      },
    })
  }
  return jsonReply({
    hookSpecificOutput: {
      hookEventName: 'PreToolUse',
      permissionDecision: 'deny',
      permissionDecisionReason: verdict.message,
    },
  })
}

/** Codex CLI's `PreToolUse` and `PermissionRequest` command hooks (`.codex/hooks.json`). */
export const CODEX_ADAPTER: HookAdapter<CodexEvent> = {
  agent: 'codex',
  canAsk: false,
  parse(text): HookParse<CodexEvent> {
    const payload = parseClaudePayload(text, 'codex')
    if (!payload.ok) return payload
    const event = payload.value.hook_event_name
    if (!isCodexEvent(event)) {
      return failed(
        `codex hook event \`${event}\`: airlock answers PreToolUse and PermissionRequest only`,
      )
    }
    const action = actionOf(payload.value)
    return action.ok
      ? { ok: true, value: { action: action.value, event } }
      : { ok: false, message: action.message, event }
  },
  render,
}
