import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import type { Hono } from 'hono'

import type { Clock, IdGenerator, IdPrefix } from '../../src/model/clock.js'
import type { GatewayConfig } from '../../src/model/gateway-config.js'
import { createAuthenticator, hashToken } from '../../src/pipeline/authenticate.js'
import { Gateway } from '../../src/pipeline/gateway.js'
import type { GatewayEvent } from '../../src/pipeline/gateway-event.js'
import type { GatewayStore } from '../../src/pipeline/gateway-store.js'
import { createJudge, prepareJudging } from '../../src/pipeline/judge-action.js'
import type { InventoryGraph } from '../../src/pipeline/simulate-action.js'
import type { GatewayCliIo } from '../../src/surfaces/cli/cli-io.js'
import { runCli } from '../../src/surfaces/cli/cli-program.js'
import { loadGatewayConfig } from '../../src/surfaces/config/load-gateway-config.js'
import { createHttpApp } from '../../src/surfaces/http/http-app.js'

const ROOT = join(import.meta.dirname, '..', '..')

/** Every principal of the test configuration, by name, with its bearer token. */
export const TOKENS = {
  alice: 'token-alice-approver-operator-of-claude',
  bob: 'token-bob-approver',
  carol: 'token-carol-approver-breakglass',
  dave: 'token-dave-admin-only',
  claude: 'token-claude-agent',
  codex: 'token-codex-agent',
} as const

/** Who holds a token in the test configuration. */
export type TestPrincipal = keyof typeof TOKENS

// Every test configuration of this process lives under one folder, removed when it exits.
let configRoot: string | undefined

function newConfigDir(): string {
  if (configRoot === undefined) {
    const root = mkdtempSync(join(tmpdir(), 'airlock-gateway-'))
    configRoot = root
    process.once('exit', () => {
      rmSync(root, { recursive: true, force: true })
    })
  }
  return mkdtempSync(join(configRoot, 'config-'))
}

/** The test configuration: claude is run by alice; prod and dev are told apart by path. */
export function writeTestConfig(extra = ''): string {
  const dir = newConfigDir()
  const file = join(dir, 'airlock.yaml')
  writeFileSync(
    file,
    `humans:
  - { id: alice, roles: [approver], tokenHash: ${hashToken(TOKENS.alice)} }
  - { id: bob, roles: [approver], tokenHash: ${hashToken(TOKENS.bob)} }
  - { id: carol, roles: [approver, breakglass], tokenHash: ${hashToken(TOKENS.carol)} }
  - { id: dave, roles: [admin], tokenHash: ${hashToken(TOKENS.dave)} }
agents:
  - id: claude
    operator: alice
    tokenHash: ${hashToken(TOKENS.claude)}
    scope: { environments: ['*'], systems: ['*'], maxRisk: catastrophic }
  - id: codex
    operator: bob
    tokenHash: ${hashToken(TOKENS.codex)}
    scope: { environments: ['*'], systems: ['*'], maxRisk: catastrophic }
environments:
  - { name: prod, production: true, match: { paths: [/srv/prod] } }
  - { name: dev, production: false, match: { paths: [/srv/dev] } }
policies: ${join(ROOT, 'examples', 'policies')}
${extra}`,
  )
  return file
}

/** A clock the test moves by hand. */
export class ManualClock implements Clock {
  #now: number

  constructor(start = Date.UTC(2026, 10, 21, 9, 0, 0)) {
    this.#now = start
  }

  now(): number {
    return this.#now
  }

  advance(ms: number): void {
    this.#now += ms
  }
}

/** Ids `act_1`, `req_1`, … per prefix (`act_run_1` with a run name), for readable failures. */
export function countingIds(run?: string): IdGenerator {
  const counts = new Map<IdPrefix, number>()
  return {
    next(prefix) {
      const next = (counts.get(prefix) ?? 0) + 1
      counts.set(prefix, next)
      return run === undefined ? `${prefix}_${String(next)}` : `${prefix}_${run}_${String(next)}`
    },
  }
}

/** A gateway over a store, with its HTTP API and a way to call it as any principal. */
export interface GatewayUnderTest {
  readonly config: GatewayConfig
  readonly gateway: Gateway
  readonly app: Hono
  readonly clock: ManualClock
  readonly events: GatewayEvent[]
  call(
    as: TestPrincipal | undefined,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: Record<string, unknown> }>
}

/** Loads the test configuration and builds a gateway and its HTTP API over `store`. */
export async function startGateway(
  store: GatewayStore,
  options: {
    configFile?: string
    clock?: ManualClock
    run?: string
    inventory?: InventoryGraph
  } = {},
): Promise<GatewayUnderTest> {
  await prepareJudging()
  const config = await loadGatewayConfig(options.configFile ?? writeTestConfig(), {
    readFile: (path) => readFile(path, 'utf8'),
    listFiles: (dir) => readdir(dir),
  })
  const clock = options.clock ?? new ManualClock()
  const events: GatewayEvent[] = []
  const gateway = new Gateway({
    judge: { ...createJudge(config), config },
    store,
    clock,
    ids: countingIds(options.run),
    notify: (event) => events.push(event),
    ...(options.inventory === undefined ? {} : { inventory: options.inventory }),
  })
  const app = createHttpApp({
    gateway,
    authenticator: createAuthenticator(config),
  }) as unknown as Hono
  return {
    config,
    gateway,
    app,
    clock,
    events,
    async call(as, method, path, body) {
      const headers: Record<string, string> = {}
      if (as !== undefined) headers.authorization = `Bearer ${TOKENS[as]}`
      let payload: string | undefined
      if (body !== undefined) {
        headers['content-type'] = 'application/json'
        payload = typeof body === 'string' ? body : JSON.stringify(body)
      }
      const response = await app.request(path, {
        method,
        headers,
        ...(payload === undefined ? {} : { body: payload }),
      })
      const text = await response.text()
      return {
        status: response.status,
        body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
      }
    },
  }
}

/** What one CLI run printed and returned. */
export interface CliRun {
  readonly code: number
  readonly out: string
  readonly err: string
}

/** Runs the `airlock` CLI in process with real files, capturing its output. */
export async function runCliCapturing(
  argv: readonly string[],
  options: Pick<GatewayCliIo, 'env' | 'services'> & { cwd?: string } = {},
): Promise<CliRun> {
  let out = ''
  let err = ''
  const io: GatewayCliIo = {
    stdout: (text) => {
      out += text
    },
    stderr: (text) => {
      err += text
    },
    readFile: (path) => readFile(path, 'utf8'),
    readStdin: () => Promise.resolve(''),
    listFiles: (dir) => readdir(dir),
    cwd: options.cwd ?? process.cwd(),
    ...(options.env === undefined ? {} : { env: options.env }),
    ...(options.services === undefined ? {} : { services: options.services }),
  }
  const code = await runCli(argv, io)
  return { code, out, err }
}

/** Shell actions in each environment of the test configuration. */
export const ACTIONS = {
  safe: { kind: 'shell', command: 'ls -la', cwd: '/srv/prod/app' },
  mutatingProd: { kind: 'shell', command: 'touch /srv/prod/app/flag', cwd: '/srv/prod/app' },
  mutatingDev: { kind: 'shell', command: 'touch /srv/dev/app/flag', cwd: '/srv/dev/app' },
  destructiveProd: {
    kind: 'shell',
    command: 'rm -rf /srv/prod/app/cache',
    cwd: '/srv/prod/app',
    rationale: 'clear a stale cache',
  },
  catastrophicProd: {
    kind: 'shell',
    command: 'terraform destroy -auto-approve',
    cwd: '/srv/prod/infra',
    rationale: 'delete and recreate the environment',
  },
} as const
