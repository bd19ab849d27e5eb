import type { Hono } from 'hono'

import { ApiError } from '../../model/errors.js'
import type { Principal } from '../../model/principal.js'
import type { Gateway } from '../../pipeline/gateway.js'
import { answerHook } from '../hooks/answer-hook.js'
import { HOOK_AGENTS, isHookAgent } from '../hooks/hook-adapter.js'
import { HOOK_ADAPTERS } from '../hooks/hook-adapters.js'

/** What the hook endpoints are built on. */
export interface HookRoutesOptions {
  readonly gateway: Gateway
  readonly onInternalError?: ((error: unknown) => void) | undefined
}

/** The exit code a command hook exits with, for `airlock-hook` and `airlock hook`. */
export const HOOK_EXIT_HEADER = 'Airlock-Hook-Exit'
/** Where a command hook prints the body: `stdout` or `stderr`. */
export const HOOK_STREAM_HEADER = 'Airlock-Hook-Stream'

/**
 * `POST /v1/hooks/:agent`: an agent's pre-tool hook payload in, the decision out in that agent's
 * protocol. HTTP hooks (Claude Code) read the body; command hooks (`airlock-hook`) print it on
 * the stream `Airlock-Hook-Stream` names and exit with `Airlock-Hook-Exit`. Agent tokens only.
 */
export function registerHookRoutes(
  app: Hono<{ Variables: { principal: Principal } }>,
  options: HookRoutesOptions,
): void {
  app.post('/v1/hooks/:agent', async (c) => {
    const principal = c.get('principal')
    if (principal.kind !== 'agent') {
      throw new ApiError('auth_forbidden', 'this endpoint is for agents: human tokens are refused')
    }
    const agent = c.req.param('agent')
    if (!isHookAgent(agent)) {
      throw new ApiError(
        'input_not_found',
        `no hook adapter for \`${agent}\`: expected one of ${HOOK_AGENTS.join(', ')}`,
      )
    }
    const reply = await answerHook(
      options.gateway,
      principal,
      HOOK_ADAPTERS[agent],
      await c.req.text(),
      {
        onInternalError: options.onInternalError,
      },
    )
    const toStderr = reply.body === '' && reply.stderr !== undefined
    const text = toStderr ? (reply.stderr ?? '') : reply.body
    return c.body(text, reply.status, {
      'content-type': toStderr || text === '' ? 'text/plain; charset=utf-8' : 'application/json',
      [HOOK_EXIT_HEADER]: String(reply.exitCode),
      [HOOK_STREAM_HEADER]: toStderr ? 'stderr' : 'stdout',
    })
  })
}
