import { describe, expect, it } from 'vitest'

import type { CliIo } from './cli-io.js'
import { runCli } from './cli-program.js'

interface Captured {
  readonly io: CliIo
  readonly out: () => string
  readonly err: () => string
}

function capture(files: Record<string, string> = {}, stdin = ''): Captured {
  let out = ''
  let err = ''
  return {
    io: {
      stdout: (text) => (out += text),
      stderr: (text) => (err += text),
      readFile: (path) =>
        path in files
          ? Promise.resolve(files[path] ?? '')
          : Promise.reject(Object.assign(new Error('no such file'), { code: 'ENOENT' })),
      readStdin: () => Promise.resolve(stdin),
      cwd: '/srv/app',
    },
    out: () => out,
    err: () => err,
  }
}

describe('airlock check', () => {
  it('prints the contract fields as JSON for a shell command', async () => {
    const run = capture()
    const code = await runCli(['check', '--json', '--', 'rm -rf /srv/app'], run.io)
    const result = JSON.parse(run.out()) as Record<string, unknown>
    expect(code).toBe(0)
    expect(result).toMatchObject({
      risk: 'destructive',
      opaque: false,
      decision: 'approve',
      approvals: 1,
    })
    expect(Array.isArray(result.reasons)).toBe(true)
    expect(Array.isArray(result.effects)).toBe(true)
  })

  it('quotes separate words so an argument stays one word', async () => {
    const run = capture()
    await runCli(['check', '--json', '--', 'echo', 'rm -rf /'], run.io)
    expect(JSON.parse(run.out())).toMatchObject({ risk: 'safe', decision: 'allow', approvals: 0 })
  })

  it('requires two approvals for a catastrophic command', async () => {
    const run = capture()
    await runCli(['check', '--json', '--', 'sudo rm -rf /'], run.io)
    expect(JSON.parse(run.out())).toMatchObject({
      risk: 'catastrophic',
      decision: 'approve',
      approvals: 2,
    })
  })

  it('judges an action document from standard input', async () => {
    const run = capture({}, '{"kind":"shell","command":"git push --force","cwd":"/srv/app"}')
    const code = await runCli(['check', '--json', '--action', '-'], run.io)
    expect(code).toBe(0)
    expect(JSON.parse(run.out())).toMatchObject({ risk: 'destructive' })
  })

  it('exits 2 naming the field when an action document is malformed', async () => {
    const run = capture({ 'a.json': '{"kind":"shell","cwd":"/"}' })
    const code = await runCli(['check', '--action', 'a.json'], run.io)
    expect(code).toBe(2)
    expect(run.err()).toContain('`a.json`: field `command`')
  })

  it('exits 2 naming the kind when it is unknown', async () => {
    const run = capture({}, '{"kind":"ftp"}')
    expect(await runCli(['check', '--action', '-'], run.io)).toBe(2)
    expect(run.err()).toContain('unknown kind `ftp`')
  })

  it('exits 2 when the file does not exist', async () => {
    const run = capture()
    expect(await runCli(['check', '--action', 'missing.json'], run.io)).toBe(2)
    expect(run.err()).toContain('`missing.json`: no such file')
  })

  it('exits 2 when there is nothing to check', async () => {
    const run = capture()
    expect(await runCli(['check'], run.io)).toBe(2)
  })

  it('prints a readable account without --json', async () => {
    const run = capture()
    await runCli(['check', '--', 'git reset --hard'], run.io)
    expect(run.out()).toMatch(/^risk {6}destructive/m)
    expect(run.out()).toMatch(/^decision {2}approve \(1 approval/m)
  })
})

describe('airlock eval', () => {
  const corpus = [
    '{"id":"a","kind":"shell","command":"ls","cwd":"/","label":"safe","why":"x"}',
    '{"id":"b","kind":"shell","command":"rm -rf /srv/app","cwd":"/","label":"destructive","why":"x"}',
    'not json',
    '{"id":"c","kind":"shell","command":"git push origin main","cwd":"/","label":"mutating","why":"x"}',
  ].join('\n')

  it('prints one JSON line per item and a summary with the contract fields', async () => {
    const run = capture({ 'c.jsonl': corpus })
    await runCli(['eval', 'c.jsonl', '--json'], run.io)
    const lines = run
      .out()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>)
    expect(lines[0]).toEqual({ id: 'a', risk: 'safe', opaque: false, decision: 'allow' })
    const summary = (lines.at(-1) as { summary: Record<string, unknown> }).summary
    expect(summary).toMatchObject({ n: 3, recall: 1, falseBlockRate: 0, accuracy: 1 })
    expect(summary.confusion).toMatchObject({ safe: { safe: 1 }, destructive: { destructive: 1 } })
  })

  it('reports a malformed line with its number and exits 2 after judging the rest', async () => {
    const run = capture({ 'c.jsonl': corpus })
    const code = await runCli(['eval', 'c.jsonl', '--json'], run.io)
    expect(code).toBe(2)
    expect(run.err()).toContain('line 3: invalid JSON')
    expect(run.out()).toContain('{"line":3,')
  })

  it('prints a table of action, risk and decision', async () => {
    const run = capture({ 'c.jsonl': corpus })
    await runCli(['eval', 'c.jsonl'], run.io)
    expect(run.out()).toMatch(/^ID\s+ACTION\s+RISK\s+DECISION/m)
    expect(run.out()).toMatch(/rm -rf \/srv\/app\s+destructive\s+approve ×1/)
  })
})

describe('--tool-risks', () => {
  const call = '{"kind":"mcp","server":"ops","tool":"frobnicate_widgets","arguments":{}}'

  it('judges an operator-declared tool by its declared risk', async () => {
    const run = capture({ 'risks.yaml': '# our tools\nops/frobnicate_widgets: mutating\n' }, call)
    await runCli(['check', '--json', '--tool-risks', 'risks.yaml', '--action', '-'], run.io)
    expect(JSON.parse(run.out())).toMatchObject({
      risk: 'mutating',
      opaque: false,
      decision: 'allow',
    })
  })

  it('exits 2 naming the line and key of a wrong risk level', async () => {
    const run = capture({ 'risks.yaml': 'a: safe\nops/frobnicate_widgets: harmless\n' }, call)
    expect(await runCli(['check', '--tool-risks', 'risks.yaml', '--action', '-'], run.io)).toBe(2)
    expect(run.err()).toContain('`risks.yaml` line 2: field `ops/frobnicate_widgets`')
  })
})

describe('airlock', () => {
  it('exits 2 on an unknown command', async () => {
    const run = capture()
    expect(await runCli(['frob'], run.io)).toBe(2)
  })

  it('prints help that lists the commands', async () => {
    const run = capture()
    expect(await runCli(['--help'], run.io)).toBe(0)
    expect(run.out()).toContain('check')
    expect(run.out()).toContain('eval')
  })
})
