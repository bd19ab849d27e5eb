import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

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
      // In-memory files first; absolute paths fall through to the real disk (the examples).
      readFile: (path) =>
        path in files
          ? Promise.resolve(files[path] ?? '')
          : path.startsWith('/')
            ? readFile(path, 'utf8')
            : Promise.reject(Object.assign(new Error('no such file'), { code: 'ENOENT' })),
      listFiles: (dir) => readdir(dir),
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

describe('configured judging', () => {
  const config = join(import.meta.dirname, '..', '..', '..', 'examples', 'airlock.yaml')

  it('decides with the configuration for a declared agent and explains which policies decided', async () => {
    const run = capture()
    const code = await runCli(
      [
        'check',
        '--json',
        '--explain',
        '--config',
        config,
        '--agent',
        'claude',
        '--env',
        'prod',
        '--',
        'terraform destroy -auto-approve',
      ],
      run.io,
    )
    const result = JSON.parse(run.out()) as Record<string, unknown>
    expect(code).toBe(0)
    expect(result).toMatchObject({
      decision: 'approve',
      approvals: 2,
      environment: { name: 'prod', production: true },
    })
    expect(result.policies).toContain('airlock::catastrophic-two-humans')
    expect(typeof result.alternative).toBe('string')
  })

  it('exits 2 when a configuration is given without an agent', async () => {
    const run = capture()
    expect(await runCli(['check', '--config', config, '--', 'ls'], run.io)).toBe(2)
    expect(run.err()).toContain('give `--agent ID`')
  })

  it('exits 2 naming the declared agents when the agent is unknown', async () => {
    const run = capture()
    expect(
      await runCli(['check', '--config', config, '--agent', 'mallory', '--', 'ls'], run.io),
    ).toBe(2)
    expect(run.err()).toContain('agent `mallory` is not declared')
  })
})

describe('airlock policy', () => {
  let dir: string

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'airlock-policy-'))
    await mkdir(join(dir, 'policies'))
    await writeFile(
      join(dir, 'airlock.yaml'),
      'humans:\n  - id: alice\n    roles: [approver]\nagents:\n  - id: bot\n    operator: alice\n    scope: { maxRisk: catastrophic }\npolicies: ./policies\n',
    )
    await writeFile(
      join(dir, 'policies', 'ok.cedar'),
      '@id("dev-ok")\npermit (principal, action, resource);\n',
    )
    await writeFile(
      join(dir, 'tests.yaml'),
      '- name: reads\n  agent: bot\n  action: { kind: shell, command: ls, cwd: / }\n  expect: allow\n- name: wrongly expects a deletion to be allowed\n  agent: bot\n  action: { kind: shell, command: rm -rf /, cwd: / }\n  expect: allow\n',
    )
  })

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('reports valid policies', async () => {
    const run = capture()
    expect(
      await runCli(['policy', 'validate', '--config', join(dir, 'airlock.yaml')], run.io),
    ).toBe(0)
    expect(run.out()).toContain('1 policy file valid')
  })

  it('reports a policy that does not parse with its file and line, and exits 2', async () => {
    await writeFile(
      join(dir, 'policies', 'zz-broken.cedar'),
      '// comment\n\npermit (principal, action, resource) when { context.risk == };\n',
    )
    const run = capture()
    try {
      expect(
        await runCli(['policy', 'validate', '--config', join(dir, 'airlock.yaml')], run.io),
      ).toBe(2)
      expect(run.err()).toMatch(/zz-broken\.cedar:3:\d+: /)
    } finally {
      await rm(join(dir, 'policies', 'zz-broken.cedar'))
    }
  })

  it('runs test cases, prints a line per case and a count, and exits 1 when one fails', async () => {
    const run = capture()
    expect(
      await runCli(
        ['policy', 'test', join(dir, 'tests.yaml'), '--config', join(dir, 'airlock.yaml')],
        run.io,
      ),
    ).toBe(1)
    expect(run.out()).toContain('ok    reads')
    expect(run.out()).toMatch(
      /FAIL {2}wrongly expects a deletion to be allowed \(.*tests\.yaml:5\): expected allow, got approve/,
    )
    expect(run.out()).toContain('1 passed, 1 failed')
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
