import type { Action } from '../../model/action.js'
import { type CopilotPayload, parseCopilotPayload } from './copilot-hook-schema.js'
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
  FILE_INPUT,
  filePathOf,
  type Parsed,
  readWith,
  SHELL_INPUT,
} from './hook-payload-schema.js'

/** The Copilot events airlock answers: the CLI's own and the VS Code compatible spelling. */
export type CopilotEvent = 'preToolUse' | 'PreToolUse'

const SHELL_TOOLS = new Set(['bash', 'powershell', 'shell', 'runInTerminal', 'run_in_terminal'])
const WRITE_TOOLS = new Set([
  'create',
  'edit',
  'write',
  'str_replace',
  'str_replace_editor',
  'createFile',
  'editFile',
  'create_file',
  'edit_file',
  'insert_edit_into_file',
  'replace_string_in_file',
])

function actionOf(payload: CopilotPayload): Parsed<Action> {
  const { toolName: tool, toolArgs: input, cwd } = payload
  const context: HookContext = payload.toolUseId === undefined ? {} : { id: payload.toolUseId }
  if (SHELL_TOOLS.has(tool)) {
    const shell = readWith(SHELL_INPUT, input, `${tool} input`)
    if (!shell.ok) return shell
    const { command, description } = shell.value
    return {
      ok: true,
      value: shellAction(command, cwd, {
        ...context,
        ...(description === undefined ? {} : { rationale: description }),
      }),
    }
  }
  if (WRITE_TOOLS.has(tool)) {
    const file = readWith(FILE_INPUT, input, `${tool} input`)
    if (!file.ok) return file
    const path = filePathOf(file.value)
    return { ok: true, value: fileChangeAction([{ op: 'write', path }], cwd, input, context) }
  }
  // MCP tools as `mcp__server__tool` or `server/tool`; any other name is opaque.
  const split = splitDoubleUnderscore(tool)
  const slash = /^([^/\s]+)\/([^/\s]+)$/.exec(tool)
  const mcp =
    split ??
    (slash?.[1] === undefined || slash[2] === undefined
      ? undefined
      : { server: slash[1], tool: slash[2] })
  if (mcp !== undefined) return { ok: true, value: mcpAction(mcp.server, mcp.tool, input, context) }
  return { ok: true, value: unknownToolAction('copilot', tool, input, cwd, context) }
}

function render(verdict: HookVerdict, event: CopilotEvent = 'preToolUse'): HookReply {
  // An empty answer lets the tool run as Copilot's own settings say.
  if (verdict.kind === 'allow') return jsonReply({})
  const decision = {
    permissionDecision: verdict.kind,
    permissionDecisionReason: verdict.message,
  }
  return jsonReply(
    event === 'PreToolUse'
      ? { hookSpecificOutput: { hookEventName: 'PreToolUse', ...decision } }
      : decision,
  )
}

/** GitHub Copilot's `preToolUse` command hook (`.github/hooks/*.json`), in both payload formats. */
export const COPILOT_ADAPTER: HookAdapter<CopilotEvent> = {
  agent: 'copilot',
  canAsk: true,
  parse(text): HookParse<CopilotEvent> {
    const payload = parseCopilotPayload(text)
    if (!payload.ok) return payload
    const { event } = payload.value
    const action = actionOf(payload.value)
    return action.ok
      ? { ok: true, value: { action: action.value, event } }
      : { ok: false, message: action.message, event }
  },
  render,
}
