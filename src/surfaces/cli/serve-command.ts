import { canonicalJson } from '../../model/canonical-json.js'
import { ApiError } from '../../model/errors.js'
import type { Freeze } from '../../model/freeze.js'
import { describeFreezeScope } from '../../model/freeze.js'
import type { GatewayConfig } from '../../model/gateway-config.js'
import { createAuthenticator } from '../../pipeline/authenticate.js'
import { Gateway } from '../../pipeline/gateway.js'
import type { GatewayEvent } from '../../pipeline/gateway-event.js'
import type { GatewayStore } from '../../pipeline/gateway-store.js'
import { createJudge, type Judge, prepareJudging } from '../../pipeline/judge-action.js'
import { Notifier, resolveNotificationTargets } from '../../pipeline/notifier.js'
import type { AgentReviewStatus } from '../../pipeline/permission-review-status.js'
import { ActionRunner, checkCredentials } from '../../pipeline/run-action.js'
import { type InventoryGraph, toInventoryGraph } from '../../pipeline/simulate-action.js'
import { loadGatewayConfig } from '../config/load-gateway-config.js'
import { createHttpApp } from '../http/http-app.js'
import { startHttpServer } from '../http/http-server.js'
import { mountMcpEndpoint } from '../mcp/mcp-http-endpoint.js'
import { mountConsole } from '../web/console-routes.js'
import { EXIT } from './cli-error.js'
import type { GatewayCliIo } from './cli-io.js'
import { reportVerification } from './gateway-commands.js'
import { inventorySnapshotPath, readInventorySnapshot } from './inventory-command.js'
import { resolveFrom } from './judging-options.js'

/** Options of `airlock serve`. */
export interface ServeOptions {
  readonly config: string
  readonly host: string
  readonly port: string
  readonly maxBody?: string
}

/** Options of `airlock audit verify|export --config FILE`, reading the database directly. */
export interface LocalAuditOptions {
  readonly config: string
  readonly json?: boolean
  readonly format?: string
}

const EXPIRY_SWEEP_MS = 10_000

function parsePort(text: string): number {
  const port = Number(text)
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new ApiError(
      'usage_invalid',
      `\`--port\`: expected a port number 0-65535, got \`${text}\``,
    )
  }
  return port
}

function parseBytes(text: string | undefined): number | undefined {
  if (text === undefined) return undefined
  const match = /^(\d+)(k|m)?i?b?$/i.exec(text.trim())
  if (match?.[1] === undefined) {
    throw new ApiError(
      'usage_invalid',
      `\`--max-body\`: expected a size such as 8m or 512k, got \`${text}\``,
    )
  }
  const unit = match[2]?.toLowerCase()
  return Number(match[1]) * (unit === 'm' ? 1024 * 1024 : unit === 'k' ? 1024 : 1)
}

function describeEvent(event: GatewayEvent): string | undefined {
  switch (event.kind) {
    case 'action.decided':
      return undefined
    case 'request.voted':
      return `request ${event.request.id}: ${event.vote.verdict} by ${event.vote.human}`
    case 'request.opened':
      return `request ${event.request.id} opened: ${event.request.risk} action by ${event.request.requester} needs ${String(event.request.needed)} approval(s)`
    case 'request.closed':
      return `request ${event.request.id} ${event.request.status}`
    case 'freeze.set':
      return `FREEZE ${describeFreezeScope(event.freeze.scope)} by ${event.freeze.by}: ${event.freeze.reason}`
    case 'freeze.lifted':
      return `freeze lifted: ${describeFreezeScope(event.freeze.scope)}`
    case 'velocity.breached':
      return `velocity breached: agent ${event.agent} went over its ${event.risk} budget; agent frozen`
  }
}

// The twin proposals are simulated against, when `airlock inventory import` wrote one.
async function readInventory(
  config: string,
  io: GatewayCliIo,
  log: (line: string) => void,
): Promise<InventoryGraph | undefined> {
  let graph: InventoryGraph
  try {
    graph = toInventoryGraph(await readInventorySnapshot(config, io))
  } catch (error) {
    if (!(error instanceof ApiError && error.code === 'input_not_found')) throw error
    log(`${error.message}: proposals are decided without impact simulation`)
    return undefined
  }
  log(
    `inventory: ${String(graph.resources.length)} resources from ${inventorySnapshotPath(config, io)}`,
  )
  return graph
}

function requireServices(io: GatewayCliIo): NonNullable<GatewayCliIo['services']> {
  if (io.services === undefined) throw new Error('the gateway services are not wired in')
  return io.services
}

// The configuration and its compiled policies; any error in either refuses to go on.
async function loadJudge(
  file: string,
  io: GatewayCliIo,
): Promise<Judge & { config: GatewayConfig }> {
  const config = await loadGatewayConfig(resolveFrom(io.cwd, file), io)
  await prepareJudging()
  return { ...createJudge(config), config }
}

/** A gateway on the database of a configuration, for commands that work while `serve` is down. */
export async function openGatewayFromConfig(
  file: string,
  io: GatewayCliIo,
): Promise<{ gateway: Gateway; store: GatewayStore }> {
  const judge = await loadJudge(file, io)
  const store = await requireServices(io).openStore(judge.config.storage.url)
  return { gateway: new Gateway({ judge, store }), store }
}

/**
 * `airlock serve`: the gateway daemon. Loads the configuration (refusing to start on any error
 * in it), opens and migrates the database, and serves the HTTP API until SIGINT or SIGTERM.
 */
export async function runServe(options: ServeOptions, io: GatewayCliIo): Promise<number> {
  const services = requireServices(io)
  const port = parsePort(options.port)
  const maxBodyBytes = parseBytes(options.maxBody)
  const judge = await loadJudge(options.config, io)
  const { config } = judge
  const log = (line: string) => {
    io.stderr(`${new Date().toISOString()} ${line}\n`)
  }
  if (!config.agents.some((agent) => agent.tokenHash !== undefined)) {
    log('warning: no agent has a tokenHash, so no agent can propose actions')
  }
  if (
    !config.humans.some(
      (human) => human.tokenHash !== undefined && human.roles.includes('approver'),
    )
  ) {
    log('warning: no approver has a tokenHash, so nothing that needs approval can ever run')
  }
  // A credential that cannot be read stops the gateway now, not the first command that needs it.
  await checkCredentials(config, io.env ?? {})
  const notificationTargets = resolveNotificationTargets(config, io.env ?? {})
  const inventory = await readInventory(options.config, io, log)
  const store = await services.openStore(config.storage.url)
  try {
    const gateway = new Gateway({
      judge,
      store,
      ...(inventory === undefined ? {} : { inventory }),
      notify: (event) => {
        const line = describeEvent(event)
        if (line !== undefined) log(line)
      },
    })
    // Deliveries happen after the change is recorded and off the decision path; one that fails
    // for good is audited and changes nothing else.
    const notifier = new Notifier({
      targets: notificationTargets,
      publicUrl: config.publicUrl,
      onFailure: async (failure) => {
        log(
          `notification ${failure.type} to ${failure.target} failed after ${String(failure.attempts)} attempt(s): ${failure.error}`,
        )
        await gateway.recordNotificationFailure(failure)
      },
    })
    const stopNotifying =
      notificationTargets.length === 0
        ? () => undefined
        : gateway.listen((event) => {
            notifier.notify(event)
          })
    const app = createHttpApp({
      gateway,
      authenticator: createAuthenticator(config),
      runner: new ActionRunner(gateway, io.env ?? {}),
      ...(maxBodyBytes === undefined ? {} : { maxBodyBytes }),
      onInternalError: (error) => {
        log(`internal error: ${error instanceof Error ? error.message : String(error)}`)
      },
    })
    mountConsole(app, {
      gateway,
      authenticator: createAuthenticator(config),
      onInternalError: (error) => {
        log(`console: internal error: ${error instanceof Error ? error.message : String(error)}`)
      },
    })
    const mcp = mountMcpEndpoint(app, {
      gateway,
      authenticator: createAuthenticator(config),
      env: io.env ?? {},
      log,
    })
    const server = await startHttpServer(app, { host: options.host, port })
    const unsubscribe = gateway.subscribe((signal) => {
      if (signal.kind === 'freeze') log(`freeze changed on another instance (${signal.id})`)
    })
    const sweep = setInterval(() => {
      gateway.expireRequests().catch((error: unknown) => {
        log(`expiring requests failed: ${error instanceof Error ? error.message : String(error)}`)
      })
    }, EXPIRY_SWEEP_MS)
    sweep.unref()
    io.stdout(
      `airlock serve: listening on ${server.url} (store: ${store.kind}; config: ${config.file})\n`,
    )
    io.stdout(`  API description: ${server.url}/openapi.json\n`)
    for (const target of notificationTargets) {
      io.stdout(`  notifications: ${target.name}: ${[...target.events].join(', ')}\n`)
    }
    io.stdout(`  approver console: ${server.url}/\n`)
    const freezes: Freeze[] = await gateway.listFreezes()
    for (const freeze of freezes) {
      io.stdout(`  in force: freeze ${describeFreezeScope(freeze.scope)} (${freeze.reason})\n`)
    }
    for (const review of await gateway.reviewStatus()) {
      if (review.overdue) log(`warning: ${describeOverdueReview(review)}`)
    }
    await services.untilShutdown()
    clearInterval(sweep)
    stopNotifying()
    await notifier.close()
    unsubscribe()
    await server.close()
    await mcp.close()
    io.stdout('airlock serve: stopped\n')
    return EXIT.ok
  } finally {
    await store.close()
  }
}

// `agent claude is overdue for a permission review: last re-certified … by human:bob`
function describeOverdueReview(review: AgentReviewStatus): string {
  const last =
    review.lastReviewedAt === undefined
      ? 'never re-certified'
      : `last re-certified ${new Date(review.lastReviewedAt).toISOString()} by ${review.lastReviewedBy ?? 'unknown'}`
  return `agent ${review.agent} is overdue for a permission review (${last}): run \`airlock permissions review\``
}

/** `airlock audit verify --config FILE`: checks the chain in the database, no server needed. */
export async function runAuditVerifyLocal(
  options: LocalAuditOptions,
  io: GatewayCliIo,
): Promise<number> {
  const { gateway, store } = await openGatewayFromConfig(options.config, io)
  try {
    const result = await gateway.verifyAudit()
    return reportVerification({ ...result }, options, io)
  } finally {
    await store.close()
  }
}

/** `airlock audit export --config FILE`: every record as JSON lines, from the database. */
export async function runAuditExportLocal(
  options: LocalAuditOptions,
  io: GatewayCliIo,
): Promise<number> {
  const { gateway, store } = await openGatewayFromConfig(options.config, io)
  try {
    for await (const record of gateway.exportAudit()) io.stdout(`${canonicalJson(record)}\n`)
    return EXIT.ok
  } finally {
    await store.close()
  }
}
