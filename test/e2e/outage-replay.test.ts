/**
 * End to end: `airlock demo --no-wait`, the outage replay of the README, run as CI runs it (no
 * terminal, `CI` set). It starts a real gateway, `airlock mcp-proxy` in front of the demo cloud
 * and `airlock exec`; the transcript is asserted step by step, and the demo directory is read
 * afterwards, so "never reached the cloud" is seen, not assumed. The directory is never in `/tmp`,
 * which the analyser rightly treats as scratch space.
 */
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { importInventory } from '../../src/pipeline/import-inventory.js'
import { OUTAGE_INVENTORY } from '../fixtures/inventory/outage/outage-inventory.js'
import { makeWorkFolder } from '../work-folder.js'
import { exportAudit, runAirlock } from './serve-process.js'

const ROOT = join(import.meta.dirname, '..', '..')
const BIN = join(ROOT, 'bin', 'airlock.js')
const EXAMPLES = join(ROOT, 'examples', 'outage')

interface Run {
  readonly code: number | null
  readonly out: string
  readonly err: string
}

function runDemo(dir: string): Promise<Run> {
  const env: Record<string, string | undefined> = { ...process.env, CI: 'true' }
  delete env.AIRLOCK_TOKEN
  delete env.AIRLOCK_URL
  const child = spawn(process.execPath, [BIN, 'demo', '--no-wait', '--dir', dir], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  })
  let out = ''
  let err = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk))
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk))
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('close', (code) => {
      resolve({ code, out, err })
    })
  })
}

// The text between a step's heading and the next one.
function step(out: string, number: number): string {
  const start = out.indexOf(`── ${String(number)}. `)
  const end = out.indexOf(`── ${String(number + 1)}. `)
  expect(start, `no step ${String(number)} in:\n${out}`).toBeGreaterThan(-1)
  return out.slice(start, end === -1 ? undefined : end)
}

// Wrapped lines joined again: what a sentence says, wherever the 80 columns broke it.
function flat(text: string): string {
  return text.replace(/\s+/g, ' ')
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}

describe('airlock demo --no-wait', () => {
  const base = makeWorkFolder('e2e-outage-')
  const dir = join(base, 'demo')
  let run: Run

  beforeAll(async () => {
    run = await runDemo(dir)
  }, 60_000)

  afterAll(() => {
    rmSync(base, { recursive: true, force: true })
  })

  it('tells the whole story and exits 0 when airlock behaves as told', () => {
    expect(run.code, `${run.out}\n--- stderr ---\n${run.err}`).toBe(0)
    for (const heading of [
      '1. The agent reads',
      '2. A harmless fix, through airlock exec',
      '3. "Delete and recreate the environment"',
      '4. A burst of deletes',
      '5. Where that leaves us',
    ]) {
      expect(run.out).toContain(heading)
    }
  })

  it('fits 80 columns and prints no colour when the output is not a terminal', () => {
    const wide = run.out.split('\n').filter((line) => line.length > 80)
    expect(wide).toEqual([])
    expect(run.out).not.toContain('\u001B[')
  })

  it('allows and forwards the reads', () => {
    const reads = flat(step(run.out, 1))
    expect(reads).toContain('agent → cloud/describe_environment prod')
    expect(reads).toContain('agent → cloud/get_logs cost-api prod')
    expect(reads.match(/airlock: ALLOW \(risk safe\)/g)).toHaveLength(2)
    expect(reads).toContain('cloud │ RUNNING Database')
    expect(reads).toContain('timed out after')
  })

  it('allows the harmless fix through airlock exec, which runs it', () => {
    const fix = flat(step(run.out, 2))
    expect(fix).toContain('airlock: ALLOW (risk mutating)')
    expect(fix).toContain('exec │ 4:timeout: 60s')
    expect(readFileSync(join(dir, 'services', 'cost-api.yaml'), 'utf8')).toContain('timeout: 60s')
  })

  it('holds delete and recreate of the environment for two humans with the impact report', () => {
    const recreate = flat(step(run.out, 3))
    expect(recreate).toContain('agent → cloud/delete_environment prod')
    expect(recreate).toContain('agent → cloud/create_environment prod')
    expect(
      recreate.match(/airlock: HOLD for humans \(risk catastrophic, 2 approvals needed\)/g),
    ).toHaveLength(2)
    expect(recreate.match(/held: request req_\w+, the call was not forwarded/g)).toHaveLength(2)
    expect(recreate).toContain('environment prod destroyed: 11 resources')
    expect(recreate).toContain('data lost: Database (no backup)')
    expect(recreate).toContain('customer-facing: ApiService, ApiLoadBalancer, DashboardService')
    expect(recreate).toContain('restore: about 1 h 20 min; the lost data does not come back')
    expect(recreate).toContain('this burns 18.5x of it')
    expect(recreate).toMatch(/console: http:\/\/127\.0\.0\.1:\d+\/requests\/req_\w+/)
    expect(recreate).toContain('judged as the destruction it is')
  })

  it('trips the velocity limit on the burst of deletes and freezes the agent', () => {
    const burst = flat(step(run.out, 4))
    expect(burst.match(/held: request req_\w+/g)).toHaveLength(3)
    expect(burst).toContain('velocity limit tripped (more than 3 destructive actions in 1 h)')
    expect(burst).toContain('the call was denied and agent claude is frozen')
    expect(burst).toContain('a freeze covers this action')
  })

  it('prints the console link, the two approvers tokens and a verified audit', () => {
    const close = step(run.out, 5)
    expect(close).toContain('prod still stands: 8 resources running')
    expect(close).toContain('audit chain intact')
    expect(close).toMatch(/console {3}http:\/\/127\.0\.0\.1:\d+\//)
    expect(close).toMatch(/sign in {3}http:\/\/127\.0\.0\.1:\d+\/login/)
    const config = readFileSync(join(dir, 'airlock.yaml'), 'utf8')
    const hashOf = (id: string) =>
      new RegExp(`- id: ${id}\\n(?:.*\\n)*?\\s+tokenHash: ([0-9a-f]{64})`).exec(config)?.[1]
    for (const human of ['bob', 'carol']) {
      const token = new RegExp(`^ {4}${human} +(\\S+)$`, 'm').exec(close)?.[1] ?? ''
      expect(sha256(token), `${human}'s printed token`).toBe(hashOf(human))
    }
    // Neither the operator's nor the agent's token is printed.
    const printed = run.out.match(/\b[\w-]{32}\b/g) ?? []
    const secret = new Set([hashOf('alice'), hashOf('claude')])
    expect(printed.filter((word) => secret.has(sha256(word)))).toEqual([])
  })

  it('leaves the environment in the cloud state: no held or denied call reached it', () => {
    const state = JSON.parse(readFileSync(join(dir, 'cloud', 'state.json'), 'utf8')) as {
      environments: Record<string, { resources: unknown[] }>
      log: string[]
    }
    expect(state.environments.prod?.resources).toHaveLength(8)
    expect(state.log).toEqual([])
  })

  it('records the requests, the breach and the freeze in a chain that verifies', async () => {
    const configFile = join(dir, 'airlock.yaml')
    const records = await exportAudit(configFile)
    const count = (kind: string) => records.filter((record) => record.kind === kind).length
    expect(count('approval.opened')).toBe(5)
    // The breach, and the frozen agent's next call over the same budget.
    expect(count('velocity.breached')).toBeGreaterThanOrEqual(1)
    expect(count('freeze.set')).toBe(1)
    const verify = await runAirlock(['audit', 'verify', '--config', configFile])
    expect(verify.stdout).toContain('audit chain intact')
  })
})

describe('examples/outage inventory', () => {
  it('imports into the same twin as the outage fixture', () => {
    const read = (file: string) => readFileSync(join(EXAMPLES, 'inventory', file), 'utf8')
    const { inventory, issues } = importInventory(
      [
        {
          kind: 'cloudformation',
          file: 'cost-reporting-prod.json',
          text: read('cost-reporting-prod.json'),
          environment: 'prod',
        },
        { kind: 'yaml', file: 'services.yaml', text: read('services.yaml'), environment: 'prod' },
      ],
      { now: 0 },
    )
    expect(issues).toEqual([])
    const shape = (resources: typeof inventory.resources) =>
      resources
        .filter((resource) => resource.type !== 'service')
        .map(({ id, type, environment, parent, facts, identifiers }) => ({
          id,
          type,
          environment,
          parent,
          facts,
          physicalId: identifiers.physicalId,
        }))
        .sort((a, b) => a.id.localeCompare(b.id))
    const fixture = shape(OUTAGE_INVENTORY.resources)
    const imported = shape(inventory.resources)
    expect(imported.map((resource) => resource.id)).toEqual(fixture.map((resource) => resource.id))
    for (const [index, resource] of imported.entries()) {
      const expected = fixture[index]
      expect(resource.type, resource.id).toBe(expected?.type)
      expect(resource.facts, resource.id).toEqual(expected?.facts)
      if (resource.type !== 'AWS::CloudFormation::Stack' && resource.type !== 'environment') {
        expect(resource.physicalId, resource.id).toBe(expected?.physicalId)
      }
    }
    const edges = (dependencies: typeof inventory.dependencies) =>
      dependencies.map(({ from, to }) => `${from} → ${to}`)
    expect(edges(inventory.dependencies)).toEqual(
      expect.arrayContaining(edges(OUTAGE_INVENTORY.dependencies)),
    )
    expect(inventory.objectives).toEqual(OUTAGE_INVENTORY.objectives)
  })
})
