import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

import { ApiError } from '../../model/errors.js'
import { HOOK_AGENTS, type HookAgent, isHookAgent } from '../hooks/hook-adapter.js'
import { EXIT } from './cli-error.js'
import { DEFAULT_GATEWAY_URL } from './gateway-client.js'
import { type HookSettings, parseHookSettings } from './hook-settings-schema.js'
import type { InitIo } from './init-command.js'
import { diffLines } from './line-diff.js'

/** Options of `airlock install-hook`. */
export interface InstallHookOptions {
  readonly project?: boolean
  readonly user?: boolean
  readonly dryRun?: boolean
  readonly http?: boolean
  /** The gateway an HTTP hook calls: `--url`, else `AIRLOCK_URL`, else the default. */
  readonly url?: string
  /** The hook command to install, instead of this package's `bin/airlock-hook`. */
  readonly hookCommand?: string
}

/** What `install-hook` needs from its process: files, and `HOME` for `--user`. */
export type InstallHookIo = InitIo & {
  readonly env?: Readonly<Record<string, string | undefined>>
}

/** The `airlock-hook` script beside the CLI: `bin/` of this package, from `src/` or `dist/`. */
export const AIRLOCK_HOOK_BIN = fileURLToPath(new URL('../../../bin/airlock-hook', import.meta.url))

/** How long an agent waits for the hook, in seconds: longer than the script's own 10 s. */
const AGENT_TIMEOUT_S = 30

const PLAIN = /^[A-Za-z0-9_@%+=:,./-]+$/

function quote(word: string): string {
  return PLAIN.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`
}

/** Where each agent keeps its hooks, relative to the project or the home directory. */
const SETTINGS_FILES: Readonly<Record<HookAgent, { project: string; user: string }>> = {
  'claude-code': { project: '.claude/settings.json', user: '.claude/settings.json' },
  codex: { project: '.codex/hooks.json', user: '.codex/hooks.json' },
  'gemini-cli': { project: '.gemini/settings.json', user: '.gemini/settings.json' },
  cursor: { project: '.cursor/hooks.json', user: '.cursor/hooks.json' },
  copilot: { project: '.github/hooks/airlock.json', user: '.copilot/hooks/airlock.json' },
  kiro: { project: '.kiro/hooks/airlock.json', user: '.kiro/hooks/airlock.json' },
}

type Json = Record<string, unknown>

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** True for a hook handler (or Kiro hook) that is airlock's, whatever path or URL it has. */
function isAirlockHandler(handler: unknown): boolean {
  if (!isObject(handler)) return false
  const texts = [handler.command, handler.bash, handler.url, handler.name]
  if (isObject(handler.action)) texts.push(handler.action.command)
  return texts.some(
    (text) =>
      typeof text === 'string' &&
      (/airlock-hook\b/.test(text) ||
        /\bairlock hook\b/.test(text) ||
        text.includes('/v1/hooks/') ||
        text === 'airlock'),
  )
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

/**
 * Puts `handler` into a Claude-style `hooks.EVENT[] = {matcher, hooks: [handler]}` list: an
 * airlock handler already there is replaced in place, otherwise a new group is appended.
 */
function mergeMatcherGroup(settings: Json, event: string, matcher: string, handler: Json): Json {
  const hooks = isObject(settings.hooks) ? settings.hooks : {}
  const groups = Array.isArray(hooks[event]) ? [...(hooks[event] as unknown[])] : []
  const at = groups.findIndex(
    (group) => isObject(group) && Array.isArray(group.hooks) && group.hooks.some(isAirlockHandler),
  )
  const merged = [...groups]
  const group = merged[at]
  if (isObject(group) && Array.isArray(group.hooks)) {
    const inner = (group.hooks as unknown[]).map((inner) =>
      isAirlockHandler(inner) ? handler : inner,
    )
    merged[at] = { ...group, matcher, hooks: inner }
  } else {
    merged.push({ matcher, hooks: [handler] })
  }
  return { ...settings, hooks: { ...hooks, [event]: merged } }
}

/** Puts `handler` into a flat `hooks.EVENT[] = [handler]` list (Cursor, Copilot). */
function mergeFlat(settings: Json, event: string, handler: Json): Json {
  const hooks = isObject(settings.hooks) ? settings.hooks : {}
  const handlers = Array.isArray(hooks[event]) ? [...(hooks[event] as unknown[])] : []
  const index = handlers.findIndex(isAirlockHandler)
  if (index >= 0) handlers[index] = handler
  else handlers.push(handler)
  return { ...settings, hooks: { ...hooks, [event]: handlers } }
}

/** The settings with airlock's hook for `agent` in them; everything else is kept as it was. */
function withAirlockHook(
  agent: HookAgent,
  settings: HookSettings,
  command: string,
  httpUrl: string | undefined,
): Json {
  switch (agent) {
    case 'claude-code': {
      const handler =
        httpUrl === undefined
          ? { type: 'command', command, timeout: AGENT_TIMEOUT_S, onFailure: 'block' }
          : {
              type: 'http',
              url: `${httpUrl}/v1/hooks/claude-code`,
              headers: { Authorization: 'Bearer $AIRLOCK_TOKEN' },
              allowedEnvVars: ['AIRLOCK_TOKEN'],
              timeout: AGENT_TIMEOUT_S,
              onFailure: 'block',
            }
      return mergeMatcherGroup(
        settings,
        'PreToolUse',
        'Bash|PowerShell|Write|Edit|NotebookEdit|mcp__.*',
        handler,
      )
    }
    case 'codex':
      return mergeMatcherGroup(settings, 'PreToolUse', 'Bash|apply_patch|mcp__.*', {
        type: 'command',
        command,
        timeout: AGENT_TIMEOUT_S,
      })
    case 'gemini-cli':
      return mergeMatcherGroup(
        settings,
        'BeforeTool',
        'run_shell_command|write_file|replace|mcp_.*',
        {
          type: 'command',
          name: 'airlock',
          command,
          timeout: AGENT_TIMEOUT_S * 1000,
          description: 'airlock change control: every tool call is decided before it runs',
        },
      )
    case 'cursor': {
      const handler = { command, failClosed: true }
      let merged: Json = settings.version === undefined ? { version: 1, ...settings } : settings
      merged = mergeFlat(merged, 'beforeShellExecution', handler)
      merged = mergeFlat(merged, 'beforeMCPExecution', handler)
      return mergeFlat(merged, 'preToolUse', {
        ...handler,
        matcher: 'Write|Edit|StrReplace|MultiEdit|Delete',
      })
    }
    case 'copilot':
      return mergeFlat(
        settings.version === undefined ? { version: 1, ...settings } : settings,
        'preToolUse',
        {
          type: 'command',
          bash: command,
          timeoutSec: AGENT_TIMEOUT_S,
        },
      )
    case 'kiro': {
      const hook = {
        name: 'airlock',
        trigger: 'PreToolUse',
        matcher: 'execute_bash|fs_write|use_aws|shell|write|aws|@.*',
        action: { type: 'command', command },
        timeout: AGENT_TIMEOUT_S,
        enabled: true,
      }
      const hooks = Array.isArray(settings.hooks) ? [...(settings.hooks as unknown[])] : []
      const index = hooks.findIndex(isAirlockHandler)
      if (index >= 0) hooks[index] = hook
      else hooks.push(hook)
      return settings.version === undefined
        ? { version: 'v1', ...settings, hooks }
        : { ...settings, hooks }
    }
  }
}

async function readIfExists(io: InstallHookIo, file: string): Promise<string | undefined> {
  try {
    return await io.readFile(file)
  } catch (error) {
    if (isObject(error) && error.code === 'ENOENT') return undefined
    throw error
  }
}

/**
 * `airlock install-hook AGENT`: writes airlock's pre-tool hook into the agent's settings file,
 * merged with what is there (no other key or hook is dropped; a second run changes nothing),
 * and prints a diff of the change. `--dry-run` prints the diff only.
 */
export async function runInstallHook(
  agent: string,
  options: InstallHookOptions,
  io: InstallHookIo,
): Promise<number> {
  const { writeFile, mkdir } = io
  if (writeFile === undefined || mkdir === undefined) {
    throw new Error('`airlock install-hook` needs writeFile and mkdir in its io')
  }
  if (!isHookAgent(agent)) {
    throw new ApiError(
      'usage_invalid',
      `unknown agent \`${agent}\`: expected one of ${HOOK_AGENTS.join(', ')}`,
    )
  }
  if (options.project === true && options.user === true) {
    throw new ApiError('usage_invalid', 'give --project or --user, not both')
  }
  if (options.http === true && agent !== 'claude-code') {
    throw new ApiError(
      'usage_invalid',
      `--http: only Claude Code calls hooks over HTTP; ${agent} runs a command hook`,
    )
  }
  const home = io.env?.HOME ?? ''
  if (options.user === true && home === '') {
    throw new ApiError('usage_invalid', '--user: HOME is not set')
  }
  const base = options.user === true ? home : io.cwd
  const relativeFile = SETTINGS_FILES[agent][options.user === true ? 'user' : 'project']
  const file = join(base, relativeFile)
  const shown = options.user === true ? `~/${relativeFile}` : relative(io.cwd, file) || file
  const command = options.hookCommand ?? `${quote(resolve(AIRLOCK_HOOK_BIN))} ${agent}`
  const httpUrl =
    options.http === true
      ? (options.url ?? io.env?.AIRLOCK_URL ?? DEFAULT_GATEWAY_URL).replace(/\/+$/, '')
      : undefined

  const before = await readIfExists(io, file)
  const settings = parseHookSettings(before ?? '', shown)
  const merged = withAirlockHook(agent, settings, command, httpUrl)
  if (before !== undefined && sameJson(settings, merged)) {
    io.stdout(`${shown} already has the airlock hook: nothing to change\n`)
    return EXIT.ok
  }
  const after = `${JSON.stringify(merged, null, 2)}\n`
  io.stdout(
    diffLines(before ?? '', after, { from: before === undefined ? '/dev/null' : shown, to: shown }),
  )
  if (options.dryRun === true) return EXIT.ok
  await mkdir(dirname(file))
  await writeFile(file, after)
  io.stdout(
    `wrote ${shown}: the agent's tool calls now go through airlock; set AIRLOCK_TOKEN to its agent token${
      httpUrl === undefined ? ` (and AIRLOCK_URL unless it is ${DEFAULT_GATEWAY_URL})` : ''
    }\n`,
  )
  return EXIT.ok
}
