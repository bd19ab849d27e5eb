import { ApiError, GatewayError } from '../../model/errors.js'
import type { Principal } from '../../model/principal.js'
import type { Gateway } from '../../pipeline/gateway.js'
import { type HookAdapter, type HookReply, refuseReply, verdictOf } from './hook-adapter.js'

/** What answering a hook needs besides the payload. */
export interface AnswerHookOptions {
  /** Told about failures that are the gateway's own, for the server's log. */
  readonly onInternalError?: ((error: unknown) => void) | undefined
}

function describeFailure(error: unknown): string {
  if (error instanceof ApiError) return error.message
  if (error instanceof GatewayError && error.code === 'store_unavailable') {
    return "the gateway's database is unavailable: nothing was decided"
  }
  return 'internal error: nothing was decided'
}

/**
 * Answers one hook call: reads the agent's payload, proposes its action on channel `hook` and
 * renders the decision in the agent's protocol. Whatever goes wrong is rendered as a deny, so a
 * hook that cannot be judged never lets its tool run.
 */
export async function answerHook(
  gateway: Gateway,
  principal: Principal,
  adapter: HookAdapter,
  text: string,
  options: AnswerHookOptions = {},
): Promise<HookReply> {
  const call = adapter.parse(text)
  if (!call.ok)
    return refuseReply(adapter, `airlock refused this tool call: ${call.message}`, call.event)
  try {
    const outcome = await gateway.propose(principal, call.value.action, 'hook')
    const { hooks, publicUrl } = gateway.config
    const verdict = verdictOf(outcome, { onApproval: hooks.onApproval, publicUrl }, adapter.canAsk)
    return adapter.render(verdict, call.value.event)
  } catch (error) {
    if (!(error instanceof ApiError)) options.onInternalError?.(error)
    return refuseReply(
      adapter,
      `airlock could not judge this tool call: ${describeFailure(error)}`,
      call.value.event,
    )
  }
}
