import type { Action } from '../../model/action.js'
import {
  awsCommandOf,
  fileChangeAction,
  mcpAction,
  shellAction,
  unknownToolAction,
} from './hook-actions.js'
import {
  blockReply,
  type HookAdapter,
  type HookParse,
  type HookReply,
  type HookVerdict,
} from './hook-adapter.js'
import {
  failed,
  FILE_INPUT,
  filePathOf,
  type Parsed,
  readWith,
  SHELL_INPUT,
  USE_AWS_INPUT,
} from './hook-payload-schema.js'
import { type KiroPayload, parseKiroPayload } from './kiro-hook-schema.js'

/** The Kiro events airlock answers: CLI 2.x agent hooks and v3 / IDE hook files. */
export type KiroEvent = 'preToolUse' | 'PreToolUse'

const SHELL_TOOLS = new Set(['execute_bash', 'execute_cmd', 'shell'])
const WRITE_TOOLS = new Set(['fs_write', 'write'])
const AWS_TOOLS = new Set(['use_aws', 'aws'])

function isKiroEvent(name: string): name is KiroEvent {
  return name === 'preToolUse' || name === 'PreToolUse'
}

function actionOf(payload: KiroPayload): Parsed<Action> {
  const { tool_name: tool, tool_input: input, cwd } = payload
  if (SHELL_TOOLS.has(tool)) {
    const shell = readWith(SHELL_INPUT, input, `${tool} input`)
    if (!shell.ok) return shell
    const { command, summary } = shell.value
    return {
      ok: true,
      value: shellAction(command, cwd, summary === undefined ? {} : { rationale: summary }),
    }
  }
  if (WRITE_TOOLS.has(tool)) {
    const file = readWith(FILE_INPUT, input, `${tool} input`)
    if (!file.ok) return file
    const path = filePathOf(file.value)
    return { ok: true, value: fileChangeAction([{ op: 'write', path }], cwd, input, {}) }
  }
  if (AWS_TOOLS.has(tool)) {
    const aws = readWith(USE_AWS_INPUT, input, `${tool} input`)
    if (!aws.ok) return aws
    const label = aws.value.label ?? undefined
    return {
      ok: true,
      value: shellAction(
        awsCommandOf(aws.value),
        cwd,
        label === undefined ? {} : { rationale: label },
      ),
    }
  }
  // MCP tools are `@server/tool`.
  const mcp = /^@([^/]+)\/(.+)$/.exec(tool)
  if (mcp?.[1] !== undefined && mcp[2] !== undefined) {
    return { ok: true, value: mcpAction(mcp[1], mcp[2], input, {}) }
  }
  return { ok: true, value: unknownToolAction('kiro', tool, input, cwd, {}) }
}

// Kiro reads exit codes only: 0 runs the tool, 2 blocks it with standard error as the reason.
function render(verdict: HookVerdict): HookReply {
  return verdict.kind === 'allow'
    ? { status: 200, body: '', exitCode: 0 }
    : blockReply(verdict.message)
}

/** Kiro's (and Amazon Q Developer CLI's) pre-tool command hook. */
export const KIRO_ADAPTER: HookAdapter<KiroEvent> = {
  agent: 'kiro',
  canAsk: false,
  parse(text): HookParse<KiroEvent> {
    const payload = parseKiroPayload(text)
    if (!payload.ok) return payload
    const event = payload.value.hook_event_name
    if (!isKiroEvent(event)) {
      return failed(`kiro hook event \`${event}\`: airlock answers preToolUse only`)
    }
    const action = actionOf(payload.value)
    return action.ok
      ? { ok: true, value: { action: action.value, event } }
      : { ok: false, message: action.message, event }
  },
  render,
}
