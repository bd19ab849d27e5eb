import type { Context } from 'hono'
import { streamSSE } from 'hono/streaming'

import type { Gateway } from '../../pipeline/gateway.js'

/** How often an idle event stream sends a comment, so proxies and browsers keep it open. */
export const HEARTBEAT_MS = 20_000

/**
 * The console's live updates as server-sent events: a `change` event (its data is only the kind
 * of change) whenever this instance records something or another instance signals a change.
 * Listeners are removed when the browser goes away.
 */
export function streamConsoleEvents(
  c: Context,
  gateway: Pick<Gateway, 'listen' | 'subscribe'>,
  heartbeatMs = HEARTBEAT_MS,
): Response {
  return streamSSE(c, async (stream) => {
    let written: Promise<unknown> = Promise.resolve()
    const send = (write: () => Promise<unknown>): void => {
      written = written.then(write).catch(() => undefined)
    }
    const change = (kind: string): void => {
      send(() => stream.writeSSE({ event: 'change', data: kind }))
    }
    const stopLocal = gateway.listen((event) => {
      change(event.kind)
    })
    const stopRemote = gateway.subscribe((signal) => {
      change(`remote.${signal.kind}`)
    })
    const heartbeat = setInterval(() => {
      send(() => stream.write(': heartbeat\n\n'))
    }, heartbeatMs)
    try {
      const closed = new Promise<void>((resolve) => {
        stream.onAbort(resolve)
      })
      await stream.writeSSE({ event: 'ready', data: 'listening', retry: 3000 })
      await closed
    } finally {
      clearInterval(heartbeat)
      stopLocal()
      stopRemote()
    }
  })
}
