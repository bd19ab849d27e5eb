import { serve } from '@hono/node-server'
import type { Hono } from 'hono'

/** A listening HTTP server. */
export interface RunningServer {
  /** `http://host:port`, with the port actually bound. */
  readonly url: string
  close(): Promise<void>
}

/** Serves a Hono app on Node's HTTP server; port 0 picks a free one. */
export function startHttpServer(
  app: Pick<Hono, 'fetch'>,
  options: { readonly host: string; readonly port: number },
): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server = serve(
      { fetch: app.fetch, hostname: options.host, port: options.port },
      (info) => {
        const host = info.family === 'IPv6' ? `[${info.address}]` : info.address
        resolve({
          url: `http://${host}:${String(info.port)}`,
          close: () =>
            new Promise<void>((done) => {
              server.close(() => {
                done()
              })
              if ('closeAllConnections' in server) server.closeAllConnections()
            }),
        })
      },
    )
    server.once('error', reject)
  })
}
