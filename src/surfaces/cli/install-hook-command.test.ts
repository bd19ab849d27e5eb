import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { access, mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import type { GatewayCliIo } from './cli-io.js'
import { runCli } from './cli-program.js'
import type { InitIo } from './init-command.js'
import { AIRLOCK_HOOK_BIN } from './install-hook-command.js'

type Json = Record<string, unknown>

let root: string
let project: string
let home: string

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'airlock-install-hook-'))
  project = join(root, 'project')
  home = join(root, 'home')
  mkdirSync(project)
  mkdirSync(home)
})

afterEach(() => {
  rmSync(root, { recursive: true, force: true })
})

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const io: InitIo & GatewayCliIo = {
    stdout: (text) => (out += text),
    stderr: (text) => (err += text),
    readFile: (path) => readFile(path, 'utf8'),
    readStdin: () => Promise.resolve(''),
    listFiles: (dir) => readdir(dir),
    cwd: project,
    writeFile: (path, text) => writeFile(path, text, 'utf8'),
    mkdir: async (path) => {
      await mkdir(path, { recursive: true })
    },
    exists: (path) =>
      access(path).then(
        () => true,
        () => false,
      ),
    env: { HOME: home },
  }
  const code = await runCli(['install-hook', ...argv], io)
  return { code, out, err }
}

function readJson(path: string): Json {
  return JSON.parse(readFileSync(path, 'utf8')) as Json
}

const COMMAND = `${AIRLOCK_HOOK_BIN} claude-code`

describe('airlock install-hook', () => {
  it('writes a fail-closed Claude Code hook into a new project settings file and prints the diff', async () => {
    const { code, out } = await run('claude-code')
    expect(code).toBe(0)
    expect(AIRLOCK_HOOK_BIN).toMatch(/\/bin\/airlock-hook$/)
    expect(readJson(join(project, '.claude', 'settings.json'))).toEqual({
      hooks: {
        PreToolUse: [
          {
            matcher: 'Bash|PowerShell|Write|Edit|NotebookEdit|mcp__.*',
            hooks: [{ type: 'command', command: COMMAND, timeout: 30, onFailure: 'block' }],
          },
        ],
      },
    })
    expect(out).toMatch(/^--- \/dev\/null\n\+\+\+ \.claude\/settings\.json\n@@ -0,0 \+1,\d+ @@\n/)
    expect(out).toContain('+            "onFailure": "block"')
    expect(out).toContain('wrote .claude/settings.json')
  })

  it("keeps the user's other keys and hooks and adds nothing when run twice", async () => {
    const file = join(project, '.claude', 'settings.json')
    mkdirSync(join(project, '.claude'))
    const existing = {
      model: 'opus',
      permissions: { deny: ['Read(./.env)'] },
      hooks: {
        PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: './lint.sh' }] }],
        PostToolUse: [{ matcher: 'Write', hooks: [{ type: 'command', command: 'prettier' }] }],
      },
    }
    writeFileSync(file, JSON.stringify(existing, null, 2))
    const first = await run('claude-code')
    expect(first.code).toBe(0)
    const merged = readJson(file)
    expect(merged).toMatchObject({ model: 'opus', permissions: existing.permissions })
    const hooks = merged.hooks as Record<string, Json[]>
    expect(hooks.PostToolUse).toEqual(existing.hooks.PostToolUse)
    expect(hooks.PreToolUse).toHaveLength(2)
    expect(hooks.PreToolUse?.[0]).toEqual(existing.hooks.PreToolUse[0])
    expect(first.out).toContain(
      '+        "matcher": "Bash|PowerShell|Write|Edit|NotebookEdit|mcp__.*",',
    )
    expect(first.out.split('\n').filter((line) => /^-(?!--)/.test(line))).toEqual([])

    const text = readFileSync(file, 'utf8')
    const second = await run('claude-code')
    expect(second).toMatchObject({ code: 0 })
    expect(second.out).toBe(
      '.claude/settings.json already has the airlock hook: nothing to change\n',
    )
    expect(readFileSync(file, 'utf8')).toBe(text)
  })

  it('replaces an older airlock hook in place instead of adding a second one', async () => {
    await run('claude-code', '--hook-command', '/old/place/airlock-hook claude-code')
    const { out } = await run('claude-code')
    const file = readJson(join(project, '.claude', 'settings.json'))
    const groups = (file.hooks as Record<string, Json[]>).PreToolUse ?? []
    expect(groups).toHaveLength(1)
    expect(out).toContain('-            "command": "/old/place/airlock-hook claude-code",')
    expect(out).toContain(`+            "command": "${COMMAND}",`)
  })

  it('prints the diff and writes nothing with --dry-run', async () => {
    const { code, out } = await run('codex', '--dry-run')
    expect(code).toBe(0)
    expect(out).toContain('+++ .codex/hooks.json')
    expect(out).toContain('"matcher": "Bash|apply_patch|mcp__.*"')
    expect(out).not.toContain('wrote')
    await expect(access(join(project, '.codex'))).rejects.toThrow()
  })

  it('writes an HTTP hook that sends the token from the environment with --http', async () => {
    await run('claude-code', '--user', '--http', '--url', 'http://10.0.0.5:8470/')
    const file = readJson(join(home, '.claude', 'settings.json'))
    const group = (file.hooks as Record<string, Json[]>).PreToolUse?.[0]
    expect(group?.hooks).toEqual([
      {
        type: 'http',
        url: 'http://10.0.0.5:8470/v1/hooks/claude-code',
        headers: { Authorization: 'Bearer $AIRLOCK_TOKEN' },
        allowedEnvVars: ['AIRLOCK_TOKEN'],
        timeout: 30,
        onFailure: 'block',
      },
    ])
  })

  it.each([
    ['gemini-cli', '.gemini/settings.json', 'BeforeTool'],
    ['cursor', '.cursor/hooks.json', 'beforeShellExecution'],
    ['copilot', '.github/hooks/airlock.json', 'preToolUse'],
  ])('writes the %s hook into %s', async (agent, path, event) => {
    expect((await run(agent)).code).toBe(0)
    const file = readJson(join(project, path))
    expect(JSON.stringify((file.hooks as Json)[event])).toContain(`airlock-hook ${agent}`)
    expect((await run(agent)).out).toContain('nothing to change')
  })

  it('writes the Kiro hook file with its own name, once', async () => {
    await run('kiro')
    await run('kiro')
    const file = readJson(join(project, '.kiro', 'hooks', 'airlock.json'))
    expect(file).toMatchObject({ version: 'v1' })
    expect(file.hooks).toEqual([
      expect.objectContaining({
        name: 'airlock',
        trigger: 'PreToolUse',
        action: { type: 'command', command: `${AIRLOCK_HOOK_BIN} kiro` },
      }),
    ])
  })

  it('refuses a settings file that is not JSON and leaves it alone', async () => {
    mkdirSync(join(project, '.cursor'))
    writeFileSync(join(project, '.cursor', 'hooks.json'), '{ "version": 1, ')
    const { code, err } = await run('cursor')
    expect(code).toBe(2)
    expect(err).toMatch(/`\.cursor\/hooks\.json` is not valid JSON .*nothing was changed/)
    expect(readFileSync(join(project, '.cursor', 'hooks.json'), 'utf8')).toBe('{ "version": 1, ')
  })

  it('refuses an unknown agent and --http for agents without HTTP hooks', async () => {
    expect((await run('windsurf')).code).toBe(2)
    const http = await run('codex', '--http')
    expect(http.code).toBe(2)
    expect(http.err).toContain('only Claude Code calls hooks over HTTP')
  })
})
