import { type Kysely, sql } from 'kysely'
import pg from 'pg'

import { GatewayError } from '../../model/errors.js'
import type { StoreSignal } from '../../pipeline/gateway-store.js'
import type { Database } from '../kysely/database.js'
import type { SignalChannel } from '../kysely/kysely-gateway-store.js'
import { parseStoredJson, STORE_SIGNAL_SCHEMA } from '../kysely/stored-json-schema.js'

const FIRST_RETRY_MS = 500
const LAST_RETRY_MS = 30_000

/**
 * Signals over PostgreSQL NOTIFY: `pg_notify` inside the sending transaction, which PostgreSQL
 * delivers at commit, and one dedicated client that LISTENs for every instance's signals. A lost
 * listener connection is reported and reopened with backoff; signals sent meanwhile are missed.
 */
export class PostgresSignalChannel implements SignalChannel {
  readonly #config: pg.ClientConfig
  readonly #channel: string
  readonly #onError: ((error: GatewayError) => void) | undefined
  readonly #listeners = new Set<(signal: StoreSignal) => void>()
  #client: pg.Client | undefined
  #retry: NodeJS.Timeout | undefined
  #closed = false

  private constructor(
    config: pg.ClientConfig,
    channel: string,
    onError: ((error: GatewayError) => void) | undefined,
  ) {
    this.#config = config
    this.#channel = channel
    this.#onError = onError
  }

  /** Connects the listener; once this resolves, every signal committed afterwards arrives. */
  static async open(
    config: pg.ClientConfig,
    channel: string,
    onError?: (error: GatewayError) => void,
  ): Promise<PostgresSignalChannel> {
    const signals = new PostgresSignalChannel(config, channel, onError)
    await signals.#connect()
    return signals
  }

  async notify(db: Kysely<Database>, signal: StoreSignal): Promise<void> {
    const payload = JSON.stringify({ kind: signal.kind, id: signal.id })
    await sql`select pg_notify(${this.#channel}, ${payload})`.execute(db)
  }

  subscribe(listener: (signal: StoreSignal) => void): () => void {
    const own = (signal: StoreSignal): void => {
      listener(signal)
    }
    this.#listeners.add(own)
    return () => this.#listeners.delete(own)
  }

  async close(): Promise<void> {
    this.#closed = true
    this.#listeners.clear()
    clearTimeout(this.#retry)
    const client = this.#client
    this.#client = undefined
    await client?.end()
  }

  async #connect(): Promise<void> {
    const client = new pg.Client(this.#config)
    // INVARIANT: a client always has an error listener; without one a lost connection would
    // crash the process.
    client.on('error', (error) => {
      this.#lost(client, error)
    })
    client.on('end', () => {
      this.#lost(client, undefined)
    })
    client.on('notification', (message) => {
      this.#receive(message)
    })
    try {
      await client.connect()
      await client.query(`listen ${client.escapeIdentifier(this.#channel)}`)
    } catch (error) {
      await client.end().catch(() => undefined)
      throw error
    }
    if (this.#closed) {
      await client.end()
      return
    }
    this.#client = client
  }

  #lost(client: pg.Client, error: Error | undefined): void {
    if (this.#client !== client) {
      return
    }
    this.#client = undefined
    client.end().catch(() => undefined)
    if (this.#closed) {
      return
    }
    this.#report('postgres: the signal listener lost its connection, reconnecting', error)
    this.#reconnect(0)
  }

  #reconnect(attempt: number): void {
    const delay = Math.min(LAST_RETRY_MS, FIRST_RETRY_MS * 2 ** attempt)
    this.#retry = setTimeout(() => {
      this.#connect().catch((error: unknown) => {
        if (!this.#closed) {
          this.#report('postgres: the signal listener could not reconnect', error)
          this.#reconnect(attempt + 1)
        }
      })
    }, delay)
    this.#retry.unref()
  }

  #receive(message: pg.Notification): void {
    if (message.channel !== this.#channel || message.payload === undefined) {
      return
    }
    let signal: StoreSignal
    try {
      signal = parseStoredJson(message.payload, STORE_SIGNAL_SCHEMA, 'signal')
    } catch (error) {
      this.#report('postgres: ignored a malformed signal', error)
      return
    }
    for (const listener of [...this.#listeners]) {
      try {
        listener(signal)
      } catch (error) {
        this.#report(`postgres: a subscriber failed on a \`${signal.kind}\` signal`, error)
      }
    }
  }

  #report(message: string, cause: unknown): void {
    this.#onError?.(new GatewayError('store_unavailable', message, { cause }))
  }
}
