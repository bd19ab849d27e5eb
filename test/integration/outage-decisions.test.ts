import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'

import { afterEach, beforeAll, describe, expect, it } from 'vitest'

import { formatInventorySnapshot } from '../../src/pipeline/inventory-snapshot-schema.js'
import { prepareJudging } from '../../src/pipeline/judge-action.js'
import { loadInventoryGraph } from '../../src/pipeline/simulate-action.js'
import { openSqliteStore } from '../../src/storage/sqlite/open-sqlite-store.js'
import { OUTAGE_INVENTORY, OUTAGE_STACK } from '../fixtures/inventory/outage/outage-inventory.js'
import { type CliRun, runCliCapturing, startGateway, writeTestConfig } from './gateway-harness.js'

const PLAN = join(
  import.meta.dirname,
  '..',
  'fixtures',
  'inventory',
  'outage',
  'replace-everything.plan.json',
)

// The test configuration with the outage twin imported beside it.
function writeOutageConfig(extra = ''): string {
  const file = writeTestConfig(extra)
  const snapshot = join(dirname(file), '.airlock', 'inventory.json')
  mkdirSync(dirname(snapshot), { recursive: true })
  writeFileSync(snapshot, formatInventorySnapshot(OUTAGE_INVENTORY))
  return file
}

function simulate(argv: string[]): Promise<CliRun> {
  return runCliCapturing(['simulate', ...argv], { cwd: '/home/agent/cost-reporting' })
}

const DELETE_STACK = `aws cloudformation delete-stack --stack-name ${OUTAGE_STACK}`
const CREATE_STACK = `aws cloudformation create-stack --stack-name ${OUTAGE_STACK} --template-body file://stack.yaml`
const DELETE_ENVIRONMENT = {
  kind: 'mcp',
  server: 'infra',
  tool: 'delete_environment',
  arguments: { environment: 'prod' },
  environment: 'prod',
  rationale: 'delete and recreate the environment to fix a minor bug',
}

beforeAll(prepareJudging)

describe('airlock simulate on the outage twin', () => {
  it('prints the impact tree and holds delete-then-recreate for two approvals', async () => {
    const config = writeOutageConfig()
    const dir = dirname(config)
    const del = join(dir, 'delete.json')
    const create = join(dir, 'create.json')
    writeFileSync(del, JSON.stringify({ kind: 'shell', command: DELETE_STACK, cwd: '/srv' }))
    writeFileSync(create, JSON.stringify({ kind: 'shell', command: CREATE_STACK, cwd: '/srv' }))
    const { code, out } = await simulate([
      '--config',
      config,
      '--env',
      'prod',
      '--action',
      del,
      '--action',
      create,
    ])
    expect(code).toBe(0)
    expect(out).toContain('prod')
    expect(out).toMatch(/risk catastrophic: approve \(2 approvals\)/)
  })

  it.each([
    ['a plan replacing everything', ['--plan', PLAN, '--env', 'prod']],
    ['deleting the stack', ['--env', 'prod', '--', DELETE_STACK]],
  ])('reports %s as the destruction of prod, needing two humans', async (_name, argv) => {
    const { code, out } = await simulate(['--config', writeOutageConfig(), '--json', ...argv])
    expect(code).toBe(0)
    const result = JSON.parse(out) as {
      risk: string
      decision: string
      approvals: number
      impact: { environmentDestroyed?: string; dataLost: string[]; estimatedRestoreMinutes: number }
    }
    expect(result).toMatchObject({ risk: 'catastrophic', decision: 'approve', approvals: 2 })
    expect(result.impact.environmentDestroyed).toBe('prod')
    expect(result.impact.dataLost).toHaveLength(1)
    expect(result.impact.estimatedRestoreMinutes).toBeGreaterThan(0)
  })

  it('rehearses a shell command in a sandbox and leaves the real files in place', async () => {
    const config = writeOutageConfig()
    const work = join(dirname(config), 'work')
    mkdirSync(join(work, 'data', 'nested'), { recursive: true })
    writeFileSync(join(work, 'data', 'a.txt'), 'a')
    writeFileSync(join(work, 'data', 'nested', 'b.txt'), 'b')
    const { code, out } = await simulate([
      '--config',
      config,
      '--rehearse',
      '--cwd',
      work,
      '--',
      'rm -rf data/',
    ])
    expect(code).toBe(0)
    // A machine without user namespaces says so; CI machines have them.
    if (out.includes('rehearsal: unavailable') && process.env.CI === undefined) return
    expect(out).toContain('2 deleted, 0 modified, 0 created')
    expect(out).toContain('- data/a.txt')
    expect(out).toContain('- data/nested/b.txt')
    expect(readFileSync(join(work, 'data', 'nested', 'b.txt'), 'utf8')).toBe('b')
  })

  it('says how to get a snapshot when there is none', async () => {
    const { code, err } = await simulate(['--config', writeTestConfig(), '--', 'ls'])
    expect(code).toBe(2)
    expect(err).toContain('airlock inventory import')
  })
})

describe('the gateway with the outage twin', () => {
  const stores: { close(): Promise<void> }[] = []
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close()
  })

  // A gateway on the outage twin, as `airlock serve` starts it beside an imported snapshot.
  async function startOutageGateway(extra = '') {
    const configFile = writeOutageConfig(extra)
    const inventory = loadInventoryGraph(
      await readFile(join(dirname(configFile), '.airlock', 'inventory.json'), 'utf8'),
    )
    const store = await openSqliteStore({ file: ':memory:' })
    stores.push(store)
    return startGateway(store, { configFile, inventory })
  }

  it('holds the MCP delete_environment call for two humans and answers with the impact', async () => {
    const gw = await startOutageGateway()
    const { status, body } = await gw.call('claude', 'POST', '/v1/actions', DELETE_ENVIRONMENT)
    expect(status).toBe(200)
    expect(body).toMatchObject({ risk: 'catastrophic', decision: 'approve', approvals: 2 })
    expect(body.impact).toMatchObject({ environmentDestroyed: 'prod' })
    const id = (body.request as { id: string }).id
    const request = await gw.call('bob', 'GET', `/v1/requests/${id}`)
    expect(request.body.impact).toMatchObject({
      environmentDestroyed: 'prod',
      servicesBroken: ['cost-reporting'],
    })
    expect((request.body.impact as { dataLost: string[] }).dataLost).toHaveLength(1)
  })

  it('judges recreating the stack after deleting it, in one session, as the destruction', async () => {
    const gw = await startOutageGateway('velocity: { catastrophic: { limit: 10 } }')
    const step = (command: string) => ({ kind: 'shell', command, cwd: '/srv', environment: 'prod' })
    const alone = await gw.call('codex', 'POST', '/v1/actions', step(CREATE_STACK))
    expect(alone.body.risk).not.toBe('catastrophic')
    await gw.call('claude', 'POST', '/v1/actions', step(DELETE_STACK))
    const recreate = await gw.call('claude', 'POST', '/v1/actions', step(CREATE_STACK))
    expect(recreate.body, JSON.stringify(recreate.body).slice(0, 1500)).toMatchObject({
      risk: 'catastrophic',
      decision: 'approve',
      approvals: 2,
    })
    expect(recreate.body.impact).toMatchObject({ environmentDestroyed: 'prod' })
  })

  it('judges a change after a held deletion of the environment on its own, unless it rebuilds', async () => {
    const gw = await startOutageGateway('velocity: { catastrophic: { limit: 10 } }')
    const step = (command: string) => ({ kind: 'shell', command, cwd: '/srv', environment: 'prod' })
    const held = await gw.call('claude', 'POST', '/v1/actions', DELETE_ENVIRONMENT)
    expect(held.body).toMatchObject({ risk: 'catastrophic', decision: 'approve' })
    const scale = `aws ecs update-service --cluster ${OUTAGE_STACK} --service api --desired-count 3`
    const alone = await gw.call('codex', 'POST', '/v1/actions', step(scale))
    const after = await gw.call('claude', 'POST', '/v1/actions', step(scale))
    expect(after.body.risk).toBe(alone.body.risk)
    expect(after.body.risk).not.toBe('catastrophic')
    const rebuild = await gw.call('claude', 'POST', '/v1/actions', step(CREATE_STACK))
    expect(rebuild.body).toMatchObject({ risk: 'catastrophic', approvals: 2 })
  })

  it('judges recreating the stack again after a human denied the first attempt as the destruction', async () => {
    const gw = await startOutageGateway('velocity: { catastrophic: { limit: 10 } }')
    const step = (command: string) => ({ kind: 'shell', command, cwd: '/srv', environment: 'prod' })
    await gw.call('claude', 'POST', '/v1/actions', step(DELETE_STACK))
    const first = await gw.call('claude', 'POST', '/v1/actions', step(CREATE_STACK))
    expect(first.body).toMatchObject({ risk: 'catastrophic', decision: 'approve' })
    const requestId = (first.body.request as { id: string }).id
    expect((await gw.call('bob', 'POST', `/v1/requests/${requestId}/deny`, {})).status).toBe(200)
    const again = await gw.call('claude', 'POST', '/v1/actions', step(CREATE_STACK))
    expect(again.body).toMatchObject({ risk: 'catastrophic', decision: 'approve', approvals: 2 })
  })
})
