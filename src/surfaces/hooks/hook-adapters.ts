import { CLAUDE_CODE_ADAPTER } from './claude-code.js'
import { CODEX_ADAPTER } from './codex.js'
import { COPILOT_ADAPTER } from './copilot.js'
import { CURSOR_ADAPTER } from './cursor.js'
import { GEMINI_CLI_ADAPTER } from './gemini-cli.js'
import type { HookAdapter, HookAgent, HookReply } from './hook-adapter.js'
import { KIRO_ADAPTER } from './kiro.js'

/** Every agent's adapter, by the name used in `/v1/hooks/:agent` and `airlock-hook AGENT`. */
export const HOOK_ADAPTERS: Readonly<Record<HookAgent, HookAdapter>> = {
  'claude-code': CLAUDE_CODE_ADAPTER,
  codex: CODEX_ADAPTER,
  'gemini-cli': GEMINI_CLI_ADAPTER,
  cursor: CURSOR_ADAPTER,
  copilot: COPILOT_ADAPTER,
  kiro: KIRO_ADAPTER,
}

/**
 * The answer of a command hook that could not ask the gateway (no token, unreachable, slow,
 * an error answer): a block by exit code 2 with the reason on standard error, which Claude Code,
 * Codex, Gemini CLI and Kiro read, plus the JSON deny on standard output for Cursor and Copilot.
 * Never an allow.
 */
export function failClosedReply(agent: HookAgent | undefined, reason: string): HookReply {
  const message = `airlock: ${reason}: the tool call is blocked`
  const body =
    agent === 'cursor' || agent === 'copilot'
      ? HOOK_ADAPTERS[agent].render({ kind: 'deny', message }).body
      : ''
  return { status: 200, body, exitCode: 2, stderr: message }
}
