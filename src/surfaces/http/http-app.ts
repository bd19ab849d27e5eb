/**
 * @module surfaces/http
 * The gateway's HTTP API on Hono: authenticates bearer tokens, parses bodies strictly, calls
 * pipeline/ and renders its answers as JSON. Decides nothing itself. Imports model/ and pipeline/.
 */
import { type Context, Hono, type MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { stream } from 'hono/streaming'

import { canonicalJson } from '../../model/canonical-json.js'
import type { Channel } from '../../model/decision-request.js'
import { ApiError } from '../../model/errors.js'
import { describeRedeemRefusal } from '../../model/execution-grant.js'
import type { Principal } from '../../model/principal.js'
import type { Authenticator } from '../../pipeline/authenticate.js'
import type { Gateway } from '../../pipeline/gateway.js'
import type { PermissionCertification } from '../../pipeline/permission-review.js'
import type { AgentReviewStatus } from '../../pipeline/permission-review-status.js'
import type { ActionRunner } from '../../pipeline/run-action.js'
import {
  parseFreezeBody,
  parseOutcomeBody,
  parseProposalBody,
  parseRedeemBody,
  parseReviewBody,
  parseVoteBody,
} from './api-request-schema.js'
import { viewFreeze, viewGrant, viewPrincipal, viewProposal, viewRequest } from './api-views.js'
import { toErrorResponse } from './error-response.js'
import { registerHookRoutes } from './hook-routes.js'
import { OPENAPI_DOCUMENT } from './openapi-document.js'

/** What the HTTP API is built on. */
export interface HttpAppOptions {
  readonly gateway: Gateway
  readonly authenticator: Authenticator
  /** Largest accepted request body; 8 MiB unless given (Terraform plans are large). */
  readonly maxBodyBytes?: number
  /** Runs commands for `airlock exec`; without one, `/v1/grants/:id/run` refuses. */
  readonly runner?: ActionRunner
  /** Told about every failure the API answered with a 5xx, for the server's log. */
  readonly onInternalError?: (error: unknown) => void
}

interface Env {
  Variables: { principal: Principal }
}

const DEFAULT_MAX_BODY = 8 * 1024 * 1024

// `pendingRequests` counts at most this many; a backlog that large says enough.
const MAX_PENDING_COUNTED = 10_000

const REQUEST_STATUSES = ['pending', 'approved', 'denied', 'expired'] as const

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')
  return match?.[1]
}

const CHANNELS: readonly Channel[] = ['api', 'cli', 'exec', 'hook', 'mcp']

// The surface an action came through, as its client states it: recorded and given to the
// policies as `context.channel`, so it is a claim, never proof.
function channelOf(query: string | undefined): Channel {
  if (query === undefined) return 'api'
  if (!(CHANNELS as readonly string[]).includes(query)) {
    throw new ApiError(
      'input_invalid',
      `query \`channel\`: expected one of ${CHANNELS.join(', ')}; got \`${query}\``,
    )
  }
  return query as Channel
}

function principalOf(c: Context<Env>): Principal {
  return c.get('principal')
}

function requireHuman(c: Context<Env>): Principal & { kind: 'human' } {
  const principal = principalOf(c)
  if (principal.kind !== 'human') {
    // An agent token never reaches approval, freeze or audit endpoints.
    throw new ApiError('auth_forbidden', 'this endpoint is for humans: agent tokens are refused')
  }
  return principal
}

function requireAgent(c: Context<Env>): Principal & { kind: 'agent' } {
  const principal = principalOf(c)
  if (principal.kind !== 'agent') {
    throw new ApiError('auth_forbidden', 'this endpoint is for agents: human tokens are refused')
  }
  return principal
}

const toIso = (ms: number | undefined) =>
  ms === undefined ? undefined : new Date(ms).toISOString()

function viewReviewStatus(review: AgentReviewStatus): Record<string, unknown> {
  return {
    ...review,
    lastReviewedAt: toIso(review.lastReviewedAt),
    dueAt: toIso(review.dueAt),
  }
}

function viewCertification(certification: PermissionCertification): Record<string, unknown> {
  return { ...certification, at: toIso(certification.at) }
}

/** The HTTP API of `airlock serve`, documented by the OpenAPI document it serves. */
export function createHttpApp(options: HttpAppOptions): Hono<Env> {
  const { gateway, authenticator } = options
  const app = new Hono<Env>()

  app.onError((error, c) => {
    const { status, body } = toErrorResponse(error)
    if (status >= 500) options.onInternalError?.(error)
    return c.json(body, status)
  })
  app.notFound((c) =>
    c.json(
      {
        error: {
          code: 'input_not_found',
          message: `no endpoint \`${c.req.method} ${c.req.path}\``,
        },
      },
      404,
    ),
  )

  app.get('/healthz', (c) => c.json({ ok: true, store: gateway.storeKind }))
  app.get('/openapi.json', (c) => c.json(OPENAPI_DOCUMENT))

  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY
  const tooLarge = (): never => {
    throw new ApiError(
      'input_too_large',
      `request body is over the limit of ${String(maxBody)} bytes`,
    )
  }
  // Chunked bodies are counted as they stream in; the rest are judged by their length, which
  // Node's parser enforces, so the request is not rebuilt as a stream just to be measured.
  const limitStreamedBody = bodyLimit({ maxSize: maxBody, onError: tooLarge })
  const limitBody: MiddlewareHandler<Env> = async (c, next) => {
    const length = c.req.header('content-length')
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      if (Number(length) > maxBody) tooLarge()
      await next()
      return
    }
    if (c.req.method === 'GET' || c.req.method === 'HEAD') {
      await next()
      return
    }
    await limitStreamedBody(c, next)
  }
  app.use('/v1/*', limitBody)
  app.use('/v1/*', async (c, next) => {
    const token = bearerToken(c.req.header('authorization'))
    if (token === undefined) {
      throw new ApiError('auth_missing', 'missing bearer token: send `Authorization: Bearer TOKEN`')
    }
    const principal = authenticator.authenticate(token)
    if (principal === undefined) throw new ApiError('auth_missing', 'unknown token')
    c.set('principal', principal)
    await next()
  })

  app.get('/v1/whoami', (c) => c.json(viewPrincipal(principalOf(c))))

  app.post('/v1/actions', async (c) => {
    const action = parseProposalBody(await c.req.text())
    const outcome = await gateway.propose(principalOf(c), action, channelOf(c.req.query('channel')))
    return c.json(viewProposal(outcome, gateway.config.publicUrl))
  })
  app.get('/v1/actions/:id', async (c) =>
    c.json(
      viewProposal(
        await gateway.getProposal(principalOf(c), c.req.param('id')),
        gateway.config.publicUrl,
      ),
    ),
  )
  app.post('/v1/actions/:id/outcome', async (c) => {
    const agent = requireAgent(c)
    const report = parseOutcomeBody(await c.req.text())
    const proposal = await gateway.recordExecution(agent, c.req.param('id'), {
      status: report.status,
      ...(report.exitCode === undefined ? {} : { exitCode: report.exitCode }),
      ...(report.detail === undefined ? {} : { detail: report.detail }),
    })
    return c.json({ id: proposal.id, status: proposal.status })
  })
  app.post('/v1/grants/:id/redeem', async (c) => {
    const agent = requireAgent(c)
    const action = parseRedeemBody(await c.req.text())
    const outcome = await gateway.redeem(agent, c.req.param('id'), action)
    if (outcome.kind === 'refused') {
      throw new ApiError(
        'state_conflict',
        describeRedeemRefusal(c.req.param('id'), outcome.reason),
        {
          data: { reason: outcome.reason },
        },
      )
    }
    return c.json({ redeemed: true, grant: viewGrant(outcome.grant) })
  })

  app.post('/v1/grants/:id/run', async (c) => {
    const agent = requireAgent(c)
    const { runner } = options
    if (runner === undefined) {
      throw new ApiError('state_conflict', 'this gateway was started without a command runner')
    }
    const action = parseRedeemBody(await c.req.text())
    // Errors up to here answer as JSON; once the command runs, its output and end are lines
    // of NDJSON: `{"type":"stdout"|"stderr","data"}`, then `{"type":"exit",…}`.
    const prepared = await runner.prepare(agent, c.req.param('id'), action)
    c.header('content-type', 'application/x-ndjson')
    return stream(c, async (out) => {
      const controller = new AbortController()
      out.onAbort(() => {
        controller.abort()
      })
      let written: Promise<unknown> = Promise.resolve()
      const send = (line: Record<string, unknown>): void => {
        written = written.then(() => out.write(`${JSON.stringify(line)}\n`))
      }
      try {
        const result = await prepared.start((type, data) => {
          send({ type, data })
        }, controller.signal)
        send({ type: 'exit', ...result })
      } catch (error) {
        options.onInternalError?.(error)
        send({ type: 'error', message: 'the gateway failed while running the command' })
      }
      await written
    })
  })

  app.get('/v1/requests', async (c) => {
    requireHuman(c)
    const status = c.req.query('status') ?? 'pending'
    if (status !== 'all' && !(REQUEST_STATUSES as readonly string[]).includes(status)) {
      throw new ApiError(
        'input_invalid',
        `query \`status\`: expected one of all, ${REQUEST_STATUSES.join(', ')}; got \`${status}\``,
      )
    }
    const requests = await gateway.listRequests(
      status === 'all' ? {} : { status: status as (typeof REQUEST_STATUSES)[number] },
    )
    return c.json({
      requests: requests.map((request) =>
        viewRequest(request, undefined, gateway.config.publicUrl),
      ),
    })
  })
  app.get('/v1/requests/:id', async (c) => {
    requireHuman(c)
    const request = await gateway.getRequest(c.req.param('id'))
    return c.json(
      viewRequest(request, await gateway.getRequestProposal(request), gateway.config.publicUrl),
    )
  })
  for (const verdict of ['approve', 'deny'] as const) {
    app.post(`/v1/requests/:id/${verdict}`, async (c) => {
      const human = requireHuman(c)
      const body = parseVoteBody(await c.req.text())
      const outcome = await gateway.vote(human, c.req.param('id'), verdict, body.comment)
      return c.json({
        request: viewRequest(outcome.request, undefined, gateway.config.publicUrl),
        ...(outcome.grant === undefined ? {} : { grant: viewGrant(outcome.grant) }),
      })
    })
  }

  app.get('/v1/freezes', async (c) => {
    requireHuman(c)
    return c.json({ freezes: (await gateway.listFreezes()).map(viewFreeze) })
  })
  app.post('/v1/freezes', async (c) => {
    const human = requireHuman(c)
    const { scope, reason } = parseFreezeBody(await c.req.text())
    return c.json(viewFreeze(await gateway.freeze(human, scope, reason)), 201)
  })
  app.post('/v1/freezes/lift', async (c) => {
    const human = requireHuman(c)
    const { scope, reason } = parseFreezeBody(await c.req.text())
    return c.json({ lifted: (await gateway.unfreeze(human, scope, reason)).map(viewFreeze) })
  })

  app.get('/v1/status', async (c) => {
    requireHuman(c)
    const [freezes, pending, reviews] = await Promise.all([
      gateway.listFreezes(),
      gateway.listRequests({ status: 'pending', limit: MAX_PENDING_COUNTED }),
      gateway.reviewStatus(),
    ])
    return c.json({
      store: gateway.storeKind,
      freezes: freezes.map(viewFreeze),
      pendingRequests: pending.length,
      overdueReviews: reviews.filter((review) => review.overdue).map((review) => review.agent),
      reviews: reviews.map(viewReviewStatus),
    })
  })
  app.post('/v1/agents/:id/review', async (c) => {
    const human = requireHuman(c)
    const { comment } = parseReviewBody(await c.req.text())
    const certification = await gateway.certifyPermissions(human, c.req.param('id'), comment, 'api')
    return c.json(viewCertification(certification), 201)
  })

  app.get('/v1/audit/verify', async (c) => {
    requireHuman(c)
    return c.json(await gateway.verifyAudit())
  })
  app.get('/v1/audit/export', (c) => {
    requireHuman(c)
    const format = c.req.query('format') ?? 'jsonl'
    if (format !== 'jsonl') {
      throw new ApiError('input_invalid', `query \`format\`: expected \`jsonl\`, got \`${format}\``)
    }
    c.header('content-type', 'application/x-ndjson')
    return stream(c, async (out) => {
      for await (const record of gateway.exportAudit())
        await out.write(`${canonicalJson(record)}\n`)
    })
  })

  registerHookRoutes(app, { gateway, onInternalError: options.onInternalError })

  return app
}
