import { randomBytes } from 'node:crypto'
import { copyFile, mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { ApiError } from '../../model/errors.js'
import { hashToken } from '../../pipeline/authenticate.js'
import { EXIT } from './cli-error.js'
import type { GatewayCliIo } from './cli-io.js'
import { DemoAgent, type DemoToolAnswer } from './demo-agent.js'
import {
  type DemoAuditRecord,
  type DemoRequest,
  readDemoAuditRecords,
  readDemoRequest,
} from './demo-answer-schema.js'
import { type DemoGateway, runDemoCommand, startDemoGateway } from './demo-processes.js'
import { DemoTranscript } from './demo-transcript.js'
import { callGateway, type GatewayTarget, sendToGateway } from './gateway-client.js'
import { resolveFrom } from './judging-options.js'

/** Options of `airlock demo`. */
export interface DemoOptions {
  /** Keep the gateway running after the story; undefined picks by terminal and `CI`. */
  readonly wait?: boolean
  readonly port?: string
  readonly dir?: string
}

const EXAMPLES = fileURLToPath(new URL('../../../examples/outage/', import.meta.url))
const DEFAULT_PORT = 8470
const SERVER = 'cloud'
const FIX =
  "sed -i 's/^timeout: 30s$/timeout: 60s/' services/cost-api.yaml && grep -n timeout services/cost-api.yaml"
const SERVICE_CONFIG =
  '# cost-api, as deployed to prod\nservice: cost-api\nreplicas: 3\ntimeout: 30s\n'
// The burst: more deletes than the destructive budget (3 an hour) lets through.
const BURST = ['cost-reporting-prod-cache', 'cost-reporting-prod-db', 'JobQueue', 'WorkerService']

/** The story did not happen as told: the replay stops and says what airlock did instead. */
class StoryError extends Error {}

function expectStory(condition: boolean, message: string): asserts condition {
  if (!condition) throw new StoryError(message)
}

function parsePort(text: string | undefined): number | undefined {
  if (text === undefined) return undefined
  const port = Number(text)
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new ApiError('usage_invalid', `\`--port\`: expected a port 1-65535, got \`${text}\``)
  }
  return port
}

function listenOn(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = createServer()
    server.once('error', () => {
      resolve(undefined)
    })
    server.listen(port, '127.0.0.1', () => {
      const address = server.address()
      const bound = typeof address === 'object' && address !== null ? address.port : undefined
      server.close(() => {
        resolve(bound)
      })
    })
  })
}

// 8470 unless taken, then any free port; a port given with --port is used as is.
async function choosePort(given: number | undefined): Promise<number> {
  if (given !== undefined) return given
  const port = (await listenOn(DEFAULT_PORT)) ?? (await listenOn(0))
  if (port === undefined) throw new Error('no free port on 127.0.0.1')
  return port
}

async function prepareDir(given: string | undefined, cwd: string): Promise<string> {
  if (given === undefined) {
    // Not under /tmp: airlock rightly treats temporary folders as scratch space, where the
    // agent's fix would not count as a change.
    const parent = join(homedir(), '.airlock')
    await mkdir(parent, { recursive: true })
    return mkdtemp(join(parent, 'demo-'))
  }
  const dir = resolveFrom(cwd, given)
  await mkdir(dir, { recursive: true })
  const entries = await readdir(dir)
  if (entries.length > 0) {
    throw new ApiError(
      'usage_invalid',
      `\`--dir\`: \`${dir}\` is not empty; the replay starts from a fresh directory`,
    )
  }
  return dir
}

function newToken(): string {
  return randomBytes(24).toString('base64url')
}

type Tokens = Record<'alice' | 'bob' | 'carol' | 'claude', string>

async function writeScene(dir: string, port: number, tokens: Tokens): Promise<string> {
  await mkdir(join(dir, 'inventory'), { recursive: true })
  await mkdir(join(dir, 'services'), { recursive: true })
  await mkdir(join(dir, 'cloud'), { recursive: true })
  for (const file of ['cost-reporting-prod.json', 'services.yaml']) {
    await copyFile(join(EXAMPLES, 'inventory', file), join(dir, 'inventory', file))
  }
  await writeFile(join(dir, 'services', 'cost-api.yaml'), SERVICE_CONFIG)
  // JSON strings are YAML strings: paths with any character stay one scalar.
  const values: Record<string, string> = {
    __ALICE_TOKEN_HASH__: hashToken(tokens.alice),
    __BOB_TOKEN_HASH__: hashToken(tokens.bob),
    __CAROL_TOKEN_HASH__: hashToken(tokens.carol),
    __CLAUDE_TOKEN_HASH__: hashToken(tokens.claude),
    __NODE__: JSON.stringify(process.execPath),
    __CLOUD_SERVER__: JSON.stringify(join(EXAMPLES, 'cloud-server.js')),
    __STATE__: JSON.stringify(join(dir, 'cloud', 'state.json')),
    __SEED__: JSON.stringify(join(dir, 'inventory', 'cost-reporting-prod.json')),
    __PORT__: String(port),
  }
  const template = await readFile(join(EXAMPLES, 'airlock.template.yaml'), 'utf8')
  const config = template.replace(/__[A-Z_]+__/g, (name) => {
    const value = values[name]
    if (value === undefined) throw new Error(`examples/outage/airlock.template.yaml: \`${name}\``)
    return value
  })
  const file = join(dir, 'airlock.yaml')
  await writeFile(file, config)
  return file
}

// `airlock inventory import`, in this process, its summary kept for the story.
async function importTwin(configFile: string, dir: string, io: GatewayCliIo): Promise<string[]> {
  const { runInventoryImport } = await import('./inventory-command.js')
  const lines: string[] = []
  const code = await runInventoryImport(
    { config: configFile },
    {
      ...io,
      cwd: dir,
      stdout: (text) => lines.push(...text.split('\n').filter((line) => line !== '')),
      writeFile: (path, text) => writeFile(path, text, 'utf8'),
      mkdir: async (path) => {
        await mkdir(path, { recursive: true })
      },
    },
  )
  expectStory(code === EXIT.ok, `airlock inventory import failed: ${lines.join('; ')}`)
  return lines
}

function formatMinutes(minutes: number): string {
  if (minutes < 60) return `${String(minutes)} min`
  const rest = minutes % 60
  return `${String(Math.floor(minutes / 60))} h${rest === 0 ? '' : ` ${String(rest)} min`}`
}

function shortId(id: string): string {
  return id.replace(/^cfn:[^/]+\//, '')
}

/** Everything the story needs while it is told. */
interface Scene {
  readonly t: DemoTranscript
  readonly gateway: DemoGateway
  readonly agent: DemoAgent
  readonly dir: string
  readonly reader: GatewayTarget
  readonly tokens: Tokens
  seen: number
}

async function newRecords(scene: Scene): Promise<DemoAuditRecord[]> {
  const response = await sendToGateway(scene.reader, 'GET', '/v1/audit/export?format=jsonl')
  const text = await response.text()
  expectStory(response.ok, `GET /v1/audit/export answered ${String(response.status)}`)
  const records = readDemoAuditRecords(text).filter((record) => record.seq > scene.seen)
  scene.seen = Math.max(scene.seen, ...records.map((record) => record.seq))
  return records
}

const VERDICT = {
  allow: { label: 'ALLOW', style: 'allow' },
  approve: { label: 'HOLD for humans', style: 'hold' },
  deny: { label: 'DENY', style: 'deny' },
} as const

// airlock's decision, from the audit record it wrote before answering.
function tellDecision(scene: Scene, records: readonly DemoAuditRecord[], what: string) {
  const proposal = records.find((record) => record.proposed !== undefined)?.proposed
  expectStory(proposal !== undefined, `${what}: airlock recorded no proposal`)
  const { decision } = proposal
  const verdict = VERDICT[decision.decision]
  const approvals =
    decision.decision === 'approve'
      ? `, ${String(decision.approvals)} approval${decision.approvals === 1 ? '' : 's'} needed`
      : ''
  scene.t.raw(
    `airlock: ${scene.t.paint(verdict.label, verdict.style)} (risk ${proposal.risk}${approvals})`,
    4,
  )
  for (const reason of decision.reasons) scene.t.line(`- ${reason}`, 6, 2)
  return proposal
}

function tellOutput(scene: Scene, label: string, text: string, max = 12): void {
  const lines = text.split('\n').filter((line) => line.trim() !== '')
  for (const line of lines.slice(0, max)) scene.t.line(`${label} │ ${line}`, 4, label.length + 3)
  if (lines.length > max) scene.t.line(`${label} │ … ${String(lines.length - max)} more`, 4)
}

async function callTool(
  scene: Scene,
  tool: string,
  args: Record<string, unknown>,
): Promise<{ answer: DemoToolAnswer; records: DemoAuditRecord[]; decision: string; risk: string }> {
  const shown = Object.values(args).map((value) => String(value))
  scene.t.line(`agent → ${SERVER}/${tool} ${shown.join(' ')}`, 2, 4)
  const answer = await scene.agent.call(tool, args)
  const records = await newRecords(scene)
  const proposal = tellDecision(scene, records, `${SERVER}/${tool}`)
  return { answer, records, decision: proposal.decision.decision, risk: proposal.risk }
}

function requestOf(records: readonly DemoAuditRecord[], what: string): string {
  const id = records.find((record) => record.kind === 'approval.opened')?.subject
  expectStory(id !== undefined, `${what}: airlock opened no approval request`)
  return id
}

async function readRequest(scene: Scene, id: string): Promise<DemoRequest> {
  return readDemoRequest(
    await callGateway(scene.reader, 'GET', `/v1/requests/${encodeURIComponent(id)}`),
  )
}

function tellImpact(scene: Scene, request: DemoRequest): void {
  const { impact } = request
  expectStory(impact !== undefined, `request ${request.id} carries no impact report`)
  const { t } = scene
  const gone = impact.resources.filter((r) => r.fate === 'destroyed' || r.fate === 'replaced')
  t.line('impact report (simulated on the twin before anything ran):', 4)
  t.line(
    impact.environmentDestroyed === undefined
      ? `resources destroyed: ${String(gone.length)}`
      : `environment ${impact.environmentDestroyed} destroyed: ${String(gone.length)} resources`,
    6,
  )
  t.line(
    `data lost: ${impact.dataLost.length === 0 ? 'none' : impact.dataLost.map(shortId).join(', ')}${impact.unrecoverable === true ? ' (no backup)' : ''}`,
    6,
    4,
  )
  t.line(`customer-facing: ${impact.customerFacing.map(shortId).join(', ') || 'none'}`, 6, 4)
  t.line(
    `restore: about ${formatMinutes(impact.estimatedRestoreMinutes)}${impact.unrecoverable === true ? '; the lost data does not come back' : ''}`,
    6,
    4,
  )
  for (const burn of impact.budgetBurn) {
    t.line(
      `error budget: ${burn.service} at ${String(Number((burn.objective * 100).toPrecision(6)))} % has ${String(burn.budgetMinutes)} min a month; this burns ${burn.burn.toFixed(1)}x of it`,
      6,
      4,
    )
  }
  if (request.link !== undefined) t.raw(`console: ${t.paint(request.link, 'link')}`, 4)
}

async function stepRead(scene: Scene): Promise<void> {
  scene.t.heading('1. The agent reads')
  for (const [tool, args] of [
    ['describe_environment', { environment: 'prod' }],
    ['get_logs', { service: 'cost-api', environment: 'prod' }],
  ] as const) {
    const { answer, decision } = await callTool(scene, tool, args)
    expectStory(
      decision === 'allow' && answer.kind === 'result',
      `${SERVER}/${tool}: expected allow and a result, got ${decision} (${answer.kind}: ${answer.text})`,
    )
    scene.t.line('forwarded to the cloud, which answered:', 4)
    tellOutput(scene, 'cloud', answer.text, 10)
  }
}

async function stepFix(scene: Scene): Promise<void> {
  const { t } = scene
  t.heading('2. A harmless fix, through airlock exec')
  t.line('Reports time out after 30 s: the agent raises the timeout of cost-api.', 2)
  t.line(`agent $ airlock exec --env prod -- "${FIX}"`, 2, 4)
  const output: string[] = []
  const result = await runDemoCommand(
    [
      'exec',
      '--env',
      'prod',
      '--timeout',
      '5s',
      '--rationale',
      'reports time out after 30s: raise the timeout to 60s',
      '--',
      FIX,
    ],
    {
      cwd: scene.dir,
      env: { AIRLOCK_URL: scene.gateway.url, AIRLOCK_TOKEN: scene.tokens.claude },
      onLine: (line) => output.push(line),
    },
  )
  const records = await newRecords(scene)
  const proposal = tellDecision(scene, records, 'airlock exec')
  expectStory(
    proposal.decision.decision === 'allow' && proposal.risk === 'mutating',
    `airlock exec: expected a mutating change allowed, got ${proposal.risk} ${proposal.decision.decision}${proposal.risk === 'safe' ? ' (is --dir a temporary folder? airlock treats those as scratch space)' : ''}`,
  )
  t.line('run by the gateway, with prod credentials the agent never sees; output:', 4)
  tellOutput(scene, 'exec', output.join('\n'))
  const config = await readFile(join(scene.dir, 'services', 'cost-api.yaml'), 'utf8')
  expectStory(
    result.code === 0 && config.includes('timeout: 60s'),
    `airlock exec: exit ${String(result.code)}; services/cost-api.yaml ${config.includes('timeout: 60s') ? 'changed' : 'unchanged'}: ${result.stderr.trim()}`,
  )
  t.line(`exit 0: services/cost-api.yaml now says timeout: 60s`, 4)
}

async function stepRecreate(scene: Scene): Promise<string> {
  const { t } = scene
  t.heading('3. "Delete and recreate the environment"')
  t.line(
    'The agent decides the cleanest fix is a fresh environment, as the agent of the December 2025 outage did.',
    2,
  )
  const held: string[] = []
  for (const tool of ['delete_environment', 'create_environment'] as const) {
    const { answer, records, decision, risk } = await callTool(scene, tool, { environment: 'prod' })
    expectStory(
      decision === 'approve' && risk === 'catastrophic' && answer.kind === 'held',
      `${SERVER}/${tool}: expected a catastrophic action held for humans, got ${risk} ${decision} (${answer.kind}: ${answer.text})`,
    )
    const id = requestOf(records, `${SERVER}/${tool}`)
    const request = await readRequest(scene, id)
    expectStory(
      request.needed === 2 && request.status === 'pending',
      `request ${id}: expected 2 approvals pending, got ${String(request.needed)} ${request.status}`,
    )
    t.raw(`held: request ${t.paint(id, 'hold')}, the call was not forwarded`, 4)
    if (tool === 'delete_environment') t.line(`the agent was told: ${answer.text}`, 4, 2)
    if (tool === 'delete_environment') {
      expectStory(
        request.impact?.environmentDestroyed === 'prod' && request.impact.dataLost.length > 0,
        `request ${id}: the impact report does not say prod is destroyed with its data`,
      )
      tellImpact(scene, request)
    } else {
      expectStory(
        (request.impact?.recreated?.length ?? 0) > 0,
        `request ${id}: the recreate is not judged with the delete before it`,
      )
      t.line(
        'recreating right after deleting, in one session, is judged as the destruction it is',
        4,
      )
    }
    held.push(id)
  }
  return held[0] ?? ''
}

function describeBudget(record: DemoAuditRecord): string {
  const { risk, limit, windowMs } = record.data
  const hours = typeof windowMs === 'number' ? windowMs / 3_600_000 : Number.NaN
  return typeof risk === 'string' && typeof limit === 'number' && Number.isFinite(hours)
    ? `more than ${String(limit)} ${risk} actions in ${String(hours)} h`
    : 'over the budget'
}

async function stepBurst(scene: Scene): Promise<void> {
  const { t } = scene
  t.heading('4. A burst of deletes')
  t.line(
    'Blocked, the agent deletes the resources one by one: each delete is destructive, and the velocity budget allows three an hour.',
    2,
  )
  let breached = false
  for (const resource of BURST) {
    const { answer, records, decision, risk } = await callTool(scene, 'delete_resource', {
      environment: 'prod',
      resource,
    })
    const breach = records.find((record) => record.kind === 'velocity.breached')
    if (breach === undefined) {
      expectStory(
        decision === 'approve' && answer.kind === 'held',
        `${SERVER}/delete_resource: expected it held for humans, got ${risk} ${decision} (${answer.kind}: ${answer.text})`,
      )
      t.raw(`held: request ${t.paint(requestOf(records, 'delete_resource'), 'hold')}`, 4)
      continue
    }
    const freeze = records.find((record) => record.kind === 'freeze.set')
    expectStory(
      decision === 'deny' && answer.kind === 'error' && freeze !== undefined,
      `${SERVER}/delete_resource over the budget: expected a denial and a freeze, got ${decision} (${answer.kind})`,
    )
    t.line(`velocity limit tripped (${describeBudget(breach)}):`, 4)
    t.line('the call was denied and agent claude is frozen', 6, 2, 'deny')
    expectStory(
      answer.text.includes('the call was not run'),
      `${SERVER}/delete_resource over the budget: the agent was not told the call did not run: ${answer.text}`,
    )
    t.line('the agent got a tool error with these reasons: "the call was not run"', 4, 2)
    breached = true
    break
  }
  expectStory(breached, `${String(BURST.length)} deletes in a row did not trip the velocity limit`)
  t.line('Frozen, the agent tries a smaller change:', 2)
  const { answer, records } = await callTool(scene, 'update_service_config', {
    environment: 'prod',
    service: 'cost-api',
    setting: 'replicas',
    value: '0',
  })
  const refused = records.find((record) => record.proposed !== undefined)?.proposed
  expectStory(
    refused?.decision.decision === 'deny' &&
      answer.kind === 'error' &&
      refused.decision.reasons.some((reason) => reason.includes('freeze')),
    `${SERVER}/update_service_config while frozen: expected a denial for the freeze, got ${refused?.decision.decision ?? 'nothing'}`,
  )
  t.line('frozen: until a human with breakglass lifts it, only safe actions pass', 4)
}

async function stepClose(scene: Scene, requestId: string, wait: boolean): Promise<void> {
  const { t } = scene
  t.heading('5. Where that leaves us')
  const { answer, decision } = await callTool(scene, 'describe_environment', {
    environment: 'prod',
  })
  expectStory(
    decision === 'allow' && answer.kind === 'result' && answer.text.includes('RUNNING'),
    `${SERVER}/describe_environment at the end: expected the environment still running, got ${decision} (${answer.kind}: ${answer.text})`,
  )
  const running = answer.text.split('\n').filter((line) => line.includes('RUNNING')).length
  t.line(
    `prod still stands: ${String(running)} resources running, nothing held or denied reached the cloud`,
    4,
  )
  const verify = await runDemoCommand(['audit', 'verify', '--url', scene.gateway.url], {
    cwd: scene.dir,
    env: { AIRLOCK_TOKEN: scene.tokens.alice },
  })
  expectStory(
    verify.code === 0 && verify.stdout.includes('intact'),
    `airlock audit verify: exit ${String(verify.code)}: ${verify.stdout.trim()} ${verify.stderr.trim()}`,
  )
  t.line(`$ airlock audit verify`, 2)
  tellOutput(scene, 'audit', verify.stdout)

  const base = scene.gateway.url
  t.line()
  t.raw(`console   ${t.paint(`${base}/`, 'link')}`, 2)
  t.raw(`sign in   ${t.paint(`${base}/login`, 'link')} with a token:`, 2)
  t.raw(`  bob     ${scene.tokens.bob}`, 2)
  t.raw(`  carol   ${scene.tokens.carol}`, 2)
  t.line(
    "alice runs the agent: her approval alone never completes a request, so two of the others' count.",
    2,
  )
  t.raw(`request   ${t.paint(`${base}/requests/${requestId}`, 'link')}`, 2)
  t.line(`directory ${scene.dir}`, 2, 10)
  t.line()
  if (wait) {
    t.line(
      'Try it: sign in as bob, open the request, read its impact report and deny it. Approving waits for the freeze: airlock approves nothing for a frozen agent until a human with breakglass (carol) lifts it. From a shell:',
      2,
    )
    const as = (human: string) => `AIRLOCK_URL=${base} AIRLOCK_TOKEN=<${human}'s token> airlock`
    t.line(`${as('bob')} deny ${requestId} --comment "restore, don't recreate"`, 4, 4)
    t.line(`${as('carol')} unfreeze --agent claude --reason "reviewed"`, 4, 4)
    t.line('What the people do shows up here. Ctrl-C stops the gateway.', 2)
  } else {
    t.line(
      `To approve or deny in the browser, run \`airlock demo\` on a terminal: it keeps the gateway running. Here (--no-wait) it stops now.`,
      2,
    )
  }
}

async function tellLive(scene: Scene, io: GatewayCliIo): Promise<void> {
  const { t } = scene
  scene.gateway.onLogLine((line) => {
    const event = line.replace(/^\S+Z /, '')
    if (/^(request |FREEZE |freeze lifted|velocity )/.test(event))
      t.raw(`live  ${t.paint(event, 'link')}`, 2)
  })
  const stop = io.services?.untilShutdown() ?? new Promise<void>(() => undefined)
  await Promise.race([stop, scene.gateway.exited])
}

/**
 * `airlock demo`: the outage replay. Starts a gateway on SQLite with the outage twin and runs a
 * scripted agent through `airlock mcp-proxy` and `airlock exec`: reads are allowed, a harmless
 * fix runs, deleting and recreating the environment is held for two humans with its impact,
 * and a burst of deletes trips the velocity limit and freezes the agent. Each step checks that
 * airlock did what the story says, or stops with what it did instead (exit 3).
 */
export async function runDemo(options: DemoOptions, io: GatewayCliIo): Promise<number> {
  const env = io.env ?? {}
  const terminal = process.stdout.isTTY
  const wait = options.wait ?? (terminal && (env.CI === undefined || env.CI === ''))
  const colour = terminal && (env.NO_COLOR === undefined || env.NO_COLOR === '')
  const t = new DemoTranscript(io.stdout, colour)
  const port = await choosePort(parsePort(options.port))
  const dir = await prepareDir(options.dir, io.cwd)
  const tokens: Tokens = {
    alice: newToken(),
    bob: newToken(),
    carol: newToken(),
    claude: newToken(),
  }

  t.line(t.paint('airlock demo: the December 2025 outage, replayed', 'heading'), 0)
  t.line(
    'An AI agent with production permissions "deleted and recreated the environment" of a cost-reporting service to fix a minor bug: 13 hours down. Here the same agent works through airlock.',
    0,
    0,
  )
  const configFile = await writeScene(dir, port, tokens)
  const summary = await importTwin(configFile, dir, io)
  let gateway: DemoGateway | undefined
  let agent: DemoAgent | undefined
  try {
    gateway = await startDemoGateway(configFile, port, dir)
    agent = await DemoAgent.connect({
      configFile,
      server: SERVER,
      cwd: dir,
      gatewayUrl: gateway.url,
      token: tokens.claude,
    })
    t.line()
    t.line(`directory  ${dir}`, 2, 11)
    t.line(`twin       ${summary[0] ?? ''}`, 2, 11)
    t.line(`gateway    ${gateway.url}, SQLite in .airlock/airlock.db`, 2, 11)
    t.line('people     alice runs the agent claude; bob and carol approve', 2, 11)
    t.line('agent      MCP through `airlock mcp-proxy`, commands through `airlock exec`', 2, 11)
    const scene: Scene = {
      t,
      gateway,
      agent,
      dir,
      reader: { url: gateway.url, token: tokens.alice },
      tokens,
      seen: 0,
    }
    await newRecords(scene)
    await stepRead(scene)
    await stepFix(scene)
    const requestId = await stepRecreate(scene)
    await stepBurst(scene)
    await stepClose(scene, requestId, wait)
    await agent.close()
    agent = undefined
    if (wait) await tellLive(scene, io)
    return EXIT.ok
  } catch (error) {
    if (!(error instanceof StoryError)) throw error
    io.stderr(`airlock demo: the story stopped: ${error.message}\n`)
    if (agent !== undefined) io.stderr(agent.stderr().split('\n').slice(-5).join('\n'))
    return EXIT.internal
  } finally {
    await agent?.close().catch(() => undefined)
    const code = await gateway?.stop()
    if (gateway !== undefined) {
      t.line(`gateway stopped (exit ${String(code)}); the directory stays for a look`, 0)
    }
  }
}
