import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { GatewayStore } from '../../src/pipeline/gateway-store.js'
import { openSqliteStore } from '../../src/storage/sqlite/open-sqlite-store.js'
import { testBackends } from '../../src/storage/test-backends.js'
import type { GatewayCliIo } from '../../src/surfaces/cli/cli-io.js'
import { runCli } from '../../src/surfaces/cli/cli-program.js'
import {
  ACTIONS,
  type CliRun,
  type GatewayUnderTest,
  ManualClock,
  runCliCapturing,
  startGateway,
  writeTestConfig,
} from './gateway-harness.js'

const DAY = 86_400_000

type Json = Record<string, unknown>

const READS = {
  listProd: ACTIONS.safe,
  gitDev: { kind: 'shell', command: 'git status', cwd: '/srv/dev/app' },
  catDev: { kind: 'shell', command: 'cat /srv/dev/app/README.md', cwd: '/srv/dev/app' },
} as const

const SERVICES = {
  openStore: (url: string) => openSqliteStore({ file: url.slice('sqlite:'.length) }),
  untilShutdown: () => Promise.resolve(),
}

let store: GatewayStore
let gw: GatewayUnderTest
let configFile: string

// The CLI commands read the database with the real clock: the gateway's clock starts just before.
beforeAll(async () => {
  configFile = writeTestConfig(
    "storage: { url: 'sqlite:./gateway.db' }\npermissions: { reviewEvery: 1d }",
  )
  store = await openSqliteStore({ file: join(dirname(configFile), 'gateway.db') })
  gw = await startGateway(store, { configFile, clock: new ManualClock(Date.now() - 3_600_000) })
  for (const action of Object.values(READS)) {
    const { body } = await gw.call('claude', 'POST', '/v1/actions', action)
    expect(body.decision, JSON.stringify(body)).toBe('allow')
  }
})

afterAll(async () => {
  await store.close()
})

function cli(argv: string[]): Promise<CliRun> {
  return runCliCapturing(argv, { services: SERVICES })
}

// As `cli`, with the file writing `airlock permissions review --out` needs.
async function cliWritingFiles(argv: string[]): Promise<CliRun> {
  let out = ''
  let err = ''
  const io: GatewayCliIo & {
    writeFile: (path: string, text: string) => Promise<void>
    mkdir: (path: string) => Promise<void>
  } = {
    stdout: (text) => (out += text),
    stderr: (text) => (err += text),
    readFile: (path) => readFile(path, 'utf8'),
    readStdin: () => Promise.resolve(''),
    listFiles: (dir) => readdir(dir),
    cwd: process.cwd(),
    services: SERVICES,
    writeFile: (path, text) => writeFile(path, text, 'utf8'),
    mkdir: async (path) => {
      await mkdir(path, { recursive: true })
    },
  }
  const code = await runCli(argv, io)
  return { code, out, err }
}

// A copy of the test configuration whose policies are the examples plus `extra` files.
async function configWithPolicies(extra: readonly string[]): Promise<string> {
  const dir = join(dirname(configFile), `policies-${String(Math.random()).slice(2)}`)
  await mkdir(dir)
  const examples = join(import.meta.dirname, '..', '..', 'examples', 'policies')
  for (const name of await readdir(examples)) await copyFile(join(examples, name), join(dir, name))
  for (const file of extra) await copyFile(file, join(dir, file.split('/').at(-1) ?? 'x.cedar'))
  const text = (await readFile(configFile, 'utf8')).replace(/^policies: .*$/m, `policies: ${dir}`)
  const file = join(dirname(configFile), `airlock-${String(Math.random()).slice(2)}.yaml`)
  await writeFile(file, text)
  return file
}

describe('airlock permissions review', () => {
  let review: Json
  let policyFile: string

  beforeAll(async () => {
    const outDir = join(dirname(configFile), 'proposed')
    const run = await cliWritingFiles([
      'permissions',
      'review',
      '--config',
      configFile,
      '--agent',
      'claude',
      '--json',
      '--out',
      outDir,
    ])
    expect(run.code, run.err).toBe(0)
    const reviews = (JSON.parse(run.out) as { reviews: Json[] }).reviews
    expect(reviews.map((entry) => entry.agent)).toEqual(['claude'])
    review = reviews[0] ?? {}
    policyFile = join(outDir, 'claude.least-privilege.cedar')
  })

  it('lists what the agent used and the grants it never used when it only read', () => {
    expect(review.used).toMatchObject({
      proposals: 3,
      byDecision: { allow: 3, approve: 0, deny: 0 },
      environments: ['prod', 'dev'],
      maxRisk: 'safe',
    })
    const unused = review.unused as Json
    expect(unused.wildcards).toEqual(['environments', 'systems'])
    expect(unused.risks).toEqual(['mutating', 'destructive', 'catastrophic'])
    expect(unused.environments).toEqual(['unknown'])
    expect(unused.systems).toContain('k8s')
  })

  it('flags the wildcard scope as an always-allow exception', () => {
    const kinds = (review.exceptions as Json[]).map((exception) => exception.kind)
    expect(kinds).toEqual(['any-environment', 'any-system', 'catastrophic-wildcard'])
  })

  it('writes a read-only least-privilege policy that airlock policy validate accepts', async () => {
    const cedar = await readFile(policyFile, 'utf8')
    expect(cedar).toBe((review.proposal as Json).cedar)
    expect(cedar).toContain('forbid (principal == Agent::"claude", action, resource)')
    expect(cedar).toContain('when { context.riskLevel > 0 };')
    expect((review.proposal as Json).scope).toMatchObject({
      environments: ['prod', 'dev'],
      maxRisk: 'safe',
    })
    const validate = await cli([
      'policy',
      'validate',
      '--config',
      await configWithPolicies([policyFile]),
    ])
    expect(validate.err).toBe('')
    expect(validate.code).toBe(0)
  })

  it('denies destructive and mutating actions by the agent but still allows its reads once the policy is loaded', async () => {
    const narrowed = await openSqliteStore({ file: ':memory:' })
    try {
      const restricted = await startGateway(narrowed, {
        configFile: await configWithPolicies([policyFile]),
      })
      const decide = async (action: Json, as: 'claude' | 'codex' = 'claude') =>
        (await restricted.call(as, 'POST', '/v1/actions', action)).body
      for (const action of Object.values(READS)) {
        expect((await decide(action)).decision).toBe('allow')
      }
      const destructive = await decide(ACTIONS.destructiveProd)
      expect(destructive.decision).toBe('deny')
      expect(destructive.policies).toContain('least-privilege-claude-risk')
      expect((await decide(ACTIONS.mutatingDev)).decision).toBe('deny')
      expect((await decide(ACTIONS.catastrophicProd)).decision).toBe('deny')
      // Another agent is untouched: its destructive action still waits for approval.
      expect((await decide(ACTIONS.destructiveProd, 'codex')).decision).toBe('approve')
    } finally {
      await narrowed.close()
    }
  })

  it('prints the review as text with the proposed policy when --json and --out are not given', async () => {
    const run = await cli(['permissions', 'review', '--config', configFile, '--since', '7d'])
    expect(run.code, run.err).toBe(0)
    expect(run.out).toContain('agent claude (operator alice)')
    expect(run.out).toContain('agent codex (operator bob)')
    expect(run.out).toContain(
      'scope: { environments: [prod, dev], systems: [process], maxRisk: safe }',
    )
    expect(run.out).toContain('catastrophic-wildcard')
  })

  it('exits 2 naming the option when the window is not a duration', async () => {
    const run = await cli(['permissions', 'review', '--config', configFile, '--since', 'a month'])
    expect(run.code).toBe(2)
    expect(run.err).toContain('option --since: expected a duration')
  })
})

describe('permission certification and review status', () => {
  async function status(): Promise<Json> {
    const response = await gw.call('bob', 'GET', '/v1/status')
    expect(response.status).toBe(200)
    return response.body
  }

  function certifyClaude(as: string, comment: string): Promise<CliRun> {
    const argv = ['--config', configFile, '--agent', 'claude', '--as', as, '--comment', comment]
    return cli(['permissions', 'certify', ...argv])
  }

  async function reviewedRecords(): Promise<Json[]> {
    const records: Json[] = []
    for await (const record of gw.gateway.exportAudit()) {
      if (record.kind === 'permissions.reviewed') records.push({ ...record })
    }
    return records
  }

  it('flags agents never reviewed as overdue in /v1/status', async () => {
    const body = await status()
    expect(body).toMatchObject({ store: 'sqlite', pendingRequests: 0, freezes: [] })
    expect(body.overdueReviews).toEqual(['claude', 'codex'])
  })

  it('refuses the agent token on the status and review endpoints', async () => {
    expect((await gw.call('claude', 'GET', '/v1/status')).status).toBe(403)
    const review = await gw.call('claude', 'POST', '/v1/agents/claude/review', { comment: 'me' })
    expect(review.status).toBe(403)
    expect(await reviewedRecords()).toEqual([])
  })

  it("refuses the agent's own operator as its certifier", async () => {
    const run = await certifyClaude('alice', 'mine is fine')
    expect(run.code).toBe(2)
    expect(run.err).toContain('`alice` operates agent `claude` and cannot re-certify')
  })

  it('records who re-certified which scope in a chain that still verifies', async () => {
    const run = await certifyClaude('bob', 'read-only policy added')
    expect(run.code, run.err).toBe(0)
    expect(run.out).toContain('agent claude re-certified by human:bob')
    const http = await gw.call('dave', 'POST', '/v1/agents/codex/review', {
      comment: 'still needed',
    })
    expect(http.status, JSON.stringify(http.body)).toBe(201)
    expect(http.body).toMatchObject({ agent: 'codex', by: 'human:dave' })
    const records = await reviewedRecords()
    expect(records).toMatchObject([
      {
        actor: 'human:bob',
        subject: 'agent:claude',
        data: {
          agent: 'claude',
          scope: { environments: ['*'], systems: ['*'], maxRisk: 'catastrophic' },
          permits: [],
          comment: 'read-only policy added',
          channel: 'cli',
        },
      },
      { actor: 'human:dave', subject: 'agent:codex', data: { channel: 'api' } },
    ])
    const verify = await gw.call('bob', 'GET', '/v1/audit/verify')
    expect(verify.body).toMatchObject({ ok: true })
  })

  it('shows the last review in the next review of the agent', async () => {
    const run = await cli([
      'permissions',
      'review',
      '--config',
      configFile,
      '--agent',
      'claude',
      '--json',
    ])
    const [claude] = (JSON.parse(run.out) as { reviews: Json[] }).reviews
    expect(claude?.lastReview).toMatchObject({ by: 'human:bob', comment: 'read-only policy added' })
    expect(claude?.growth).toMatchObject({ grew: false })
  })

  it('clears the overdue flag after a review and raises it again once reviewEvery has passed', async () => {
    const fresh = await status()
    expect(fresh.overdueReviews).toEqual([])
    expect(fresh.reviews).toMatchObject([
      { agent: 'claude', lastReviewedBy: 'human:bob', overdue: false },
      { agent: 'codex', lastReviewedBy: 'human:dave', overdue: false },
    ])
    gw.clock.advance(2 * DAY)
    expect((await status()).overdueReviews).toEqual(['claude', 'codex'])
  })

  it('refuses a review without a comment', async () => {
    const response = await gw.call('bob', 'POST', '/v1/agents/codex/review', {})
    expect(response.status).toBe(400)
    expect(JSON.stringify(response.body)).toContain('comment')
  })

  it('answers 404 for an agent that is not configured', async () => {
    const response = await gw.call('bob', 'POST', '/v1/agents/nobody/review', { comment: 'x' })
    expect(response.status).toBe(404)
  })

  it('warns at serve start about each agent overdue for review', async () => {
    const overdue = writeTestConfig(
      "storage: { url: 'sqlite:./serve.db' }\npermissions: { reviewEvery: 1d }",
    )
    const run = await runCliCapturing(['serve', '--config', overdue, '--port', '0'], {
      services: SERVICES,
    })
    expect(run.code, run.err).toBe(0)
    expect(run.err).toMatch(
      /warning: agent claude is overdue for a permission review \(never re-certified\)/,
    )
    expect(run.err).toMatch(/warning: agent codex is overdue for a permission review/)
  })
})

for (const backend of testBackends()) {
  describe(`permission reviews on ${backend.name}`, () => {
    it('records a certification, reports it in the status and reviews the agent with it', async () => {
      const backendStore = await backend.open()
      try {
        const clock = new ManualClock()
        const under = await startGateway(backendStore, {
          configFile: writeTestConfig('permissions: { reviewEvery: 7d }'),
          clock,
        })
        await under.call('claude', 'POST', '/v1/actions', READS.gitDev)
        const certified = await under.call('carol', 'POST', '/v1/agents/claude/review', {
          comment: 'git reads only',
        })
        expect(certified.status).toBe(201)
        clock.advance(DAY)
        const [claude] = await under.gateway.reviewPermissions({
          agent: 'claude',
          windowMs: 7 * DAY,
        })
        expect(claude?.lastReview).toMatchObject({ by: 'human:carol', comment: 'git reads only' })
        expect(claude?.used).toMatchObject({ proposals: 1, environments: ['dev'], maxRisk: 'safe' })
        const status = await under.call('bob', 'GET', '/v1/status')
        expect(status.body.overdueReviews).toEqual(['codex'])
        expect((await under.gateway.verifyAudit()).ok).toBe(true)
      } finally {
        await backendStore.close()
      }
    })
  })
}
