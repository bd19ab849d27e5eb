import { createHash } from 'node:crypto'

import type { Action, ActionContext, McpAction, ShellAction } from '../../model/action.js'
import { canonicalJson } from '../../model/canonical-json.js'
import type { UseAwsInput } from './hook-payload-schema.js'

/** What an adapter knows about a tool call besides its payload. */
export type HookContext = Pick<ActionContext, 'id' | 'rationale'>

/** One change to a file that a write tool makes. */
export type FileChange =
  | { readonly op: 'write'; readonly path: string }
  | { readonly op: 'delete'; readonly path: string }
  | { readonly op: 'move'; readonly from: string; readonly to: string }

const PLAIN = /^[A-Za-z0-9_@%+=:,./-]+$/

/** One shell word, quoted when the shell would otherwise split or expand it. */
export function quoteWord(word: string): string {
  return word !== '' && PLAIN.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`
}

function withContext<T extends Action>(action: T, context: HookContext): T {
  return {
    ...action,
    ...(context.id === undefined || context.id === '' ? {} : { id: context.id }),
    ...(context.rationale === undefined || context.rationale.trim() === ''
      ? {}
      : { rationale: context.rationale }),
  }
}

/** A shell command the agent runs in `cwd`; an argv array is joined with quoting. */
export function shellAction(
  command: string | readonly string[],
  cwd: string,
  context: HookContext,
): ShellAction {
  const line = typeof command === 'string' ? command : command.map(quoteWord).join(' ')
  return withContext({ kind: 'shell', command: line, cwd }, context)
}

function contentDigest(content: unknown): string {
  return createHash('sha256').update(canonicalJson(content)).digest('hex')
}

/**
 * A file tool as the shell command with the same effect on the file system, so that the shell
 * analyser, the environments' `paths` and the policies judge it like any write:
 * `tee -- /srv/prod/app.yaml >/dev/null`. The comment carries a digest of the tool's input,
 * so an approval holds for this exact content and not for another write to the same path.
 */
export function fileChangeAction(
  changes: readonly FileChange[],
  cwd: string,
  content: unknown,
  context: HookContext,
): ShellAction {
  const lines = changes.map((change) => {
    switch (change.op) {
      case 'write':
        return `tee -- ${quoteWord(change.path)} >/dev/null`
      case 'delete':
        return `rm -f -- ${quoteWord(change.path)}`
      case 'move':
        return `mv -- ${quoteWord(change.from)} ${quoteWord(change.to)}`
    }
  })
  const command = `${lines.join('\n')}  # content sha256:${contentDigest(content)}`
  return withContext({ kind: 'shell', command, cwd }, context)
}

/** A call of an MCP tool. */
export function mcpAction(
  server: string,
  tool: string,
  args: Readonly<Record<string, unknown>>,
  context: HookContext,
): McpAction {
  return withContext({ kind: 'mcp', server, tool, arguments: args }, context)
}

/**
 * A tool airlock has no adapter for, as a command no analyser knows (`claude-code:WebFetch
 * '{"url":…}'`): it is opaque, so it waits for a human, and its arguments are part of the
 * digest, so an approval holds for this call only.
 */
export function unknownToolAction(
  agent: string,
  tool: string,
  input: unknown,
  cwd: string,
  context: HookContext,
): ShellAction {
  const command = `${quoteWord(`${agent}:${tool}`)} ${quoteWord(canonicalJson(input ?? {}))}`
  return withContext({ kind: 'shell', command, cwd }, context)
}

// `KeyConditionExpression` → `key-condition-expression`, `max_items` → `max-items`.
function kebabCase(name: string): string {
  return name
    .replace(/^-+/, '')
    .replaceAll(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replaceAll(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .replaceAll('_', '-')
    .toLowerCase()
}

/**
 * The `aws` command line a `use_aws` call runs, as Kiro and Amazon Q build it:
 * `aws --region R [--profile P] SERVICE OPERATION --param value…` (parameters in name order).
 */
export function awsCommandOf(input: UseAwsInput): string[] {
  const words = ['aws', '--region', input.region]
  if (input.profile_name !== undefined && input.profile_name !== null && input.profile_name !== '')
    words.push('--profile', input.profile_name)
  words.push(input.service_name, input.operation_name)
  const parameters = Object.entries(input.parameters ?? {}).sort(([a], [b]) => a.localeCompare(b))
  for (const [name, value] of parameters) {
    words.push(`--${kebabCase(name)}`)
    const text = typeof value === 'string' ? value : canonicalJson(value)
    if (text !== '') words.push(text)
  }
  return words
}

const PATCH_LINE = /^\*\*\* (Add File|Update File|Delete File|Move to): (.+)$/

/**
 * The files a Codex `apply_patch` patch touches, in order; empty when it names none.
 * @example
 * changesOfPatch('*** Begin Patch\n*** Update File: a.ts\n*** Move to: b.ts\n…') // [{ op: 'move', from: 'a.ts', to: 'b.ts' }]
 */
export function changesOfPatch(patch: string): FileChange[] {
  const changes: FileChange[] = []
  for (const line of patch.split(/\r?\n/)) {
    const match = PATCH_LINE.exec(line)
    if (match === null) continue
    const [, marker, rawPath] = match
    const path = (rawPath ?? '').trim()
    if (path === '') continue
    if (marker === 'Move to') {
      const last = changes.at(-1)
      if (last?.op === 'write')
        changes[changes.length - 1] = { op: 'move', from: last.path, to: path }
      else changes.push({ op: 'write', path })
    } else if (marker === 'Delete File') {
      changes.push({ op: 'delete', path })
    } else {
      changes.push({ op: 'write', path })
    }
  }
  return changes
}

/** An MCP tool name split into its server and tool, for the naming schemes agents use. */
export interface McpToolName {
  readonly server: string
  readonly tool: string
}

/** `mcp__server__tool` (Claude Code, Codex, current Gemini CLI). */
export function splitDoubleUnderscore(name: string): McpToolName | undefined {
  const match = /^mcp__(.+?)__(.+)$/.exec(name)
  return match?.[1] === undefined || match[2] === undefined
    ? undefined
    : { server: match[1], tool: match[2] }
}
