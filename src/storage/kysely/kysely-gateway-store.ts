import { CompiledQuery, type Kysely } from 'kysely'

import { GatewayError } from '../../model/errors.js'
import type { GatewayStore, GatewayStores, StoreSignal } from '../../pipeline/gateway-store.js'
import type { Database } from './database.js'
import { describeError } from './describe-error.js'
import { KyselyApprovalStore } from './kysely-approval-store.js'
import { KyselyAuditLog } from './kysely-audit-log.js'
import { KyselyFreezeStore } from './kysely-freeze-store.js'
import { KyselyGrantStore } from './kysely-grant-store.js'
import { KyselyProposalStore } from './kysely-proposal-store.js'
import { KyselyVelocityStore } from './kysely-velocity-store.js'

/** Carries signals between gateway instances through the database (PostgreSQL NOTIFY). */
export interface SignalChannel {
  /** Sends `signal` from inside a transaction; the database delivers it if that commits. */
  notify(db: Kysely<Database>, signal: StoreSignal): Promise<void>
  subscribe(listener: (signal: StoreSignal) => void): () => void
  close(): Promise<void>
}

/** What a backend hands the shared store: its Kysely instance and its dialect's ways. */
export interface KyselyGatewayStoreOptions {
  readonly kind: GatewayStore['kind']
  /** Migrated already. */
  readonly db: Kysely<Database>
  /** Opens a transaction: `begin immediate` on SQLite takes the write lock up front. */
  readonly begin: string
  /**
   * Commits up to this many waiting transactions together, each in a savepoint of one database
   * transaction (SQLite: one fsync for all of them). Unset, each commits on its own.
   */
  readonly groupCommit?: number
  /** Without one, signals reach this instance's own subscribers once their transaction commits. */
  readonly channel?: SignalChannel
  /** Whether an error came from the driver, to report it as `store_unavailable`. */
  readonly isDriverError: (error: unknown) => boolean
  /** Hears what failed outside any caller: a subscriber that threw. */
  readonly onError?: (error: GatewayError) => void
}

/** A transaction waiting for its turn in a group commit. */
interface Waiting {
  readonly work: (stores: GatewayStores) => Promise<unknown>
  readonly resolve: (result: unknown) => void
  readonly reject: (error: unknown) => void
}

const COMMIT = CompiledQuery.raw('commit')
const ROLLBACK = CompiledQuery.raw('rollback')
const SAVEPOINT = CompiledQuery.raw('savepoint work')
const ROLLBACK_TO_SAVEPOINT = CompiledQuery.raw('rollback to savepoint work')
const RELEASE_SAVEPOINT = CompiledQuery.raw('release savepoint work')

/** The gateway's store over Kysely: each `transaction()` is atomic and isolated. */
export class KyselyGatewayStore implements GatewayStore {
  readonly kind: GatewayStore['kind']
  readonly #db: Kysely<Database>
  readonly #begin: CompiledQuery
  readonly #groupCommit: number | undefined
  readonly #channel: SignalChannel | undefined
  readonly #isDriverError: (error: unknown) => boolean
  readonly #onError: ((error: GatewayError) => void) | undefined
  readonly #listeners = new Set<(signal: StoreSignal) => void>()
  readonly #waiting: Waiting[] = []
  #draining: Promise<void> | undefined
  #closed = false

  constructor(options: KyselyGatewayStoreOptions) {
    this.kind = options.kind
    this.#db = options.db
    this.#begin = CompiledQuery.raw(options.begin)
    this.#groupCommit = options.groupCommit
    this.#channel = options.channel
    this.#isDriverError = options.isDriverError
    this.#onError = options.onError
  }

  async transaction<T>(work: (stores: GatewayStores) => Promise<T>): Promise<T> {
    if (this.#closed) {
      throw new GatewayError('store_unavailable', `${this.kind}: the store is closed`)
    }
    if (this.#groupCommit !== undefined) {
      return new Promise<T>((resolve, reject) => {
        this.#waiting.push({ work, resolve: resolve as (result: unknown) => void, reject })
        this.#draining ??= this.#drain()
      })
    }
    try {
      const { result, signals } = await this.#db.connection().execute(async (db) => {
        await db.executeQuery(this.#begin)
        const signals: StoreSignal[] = []
        let result: T
        try {
          result = await work(this.#bind(db, signals))
          await db.executeQuery(COMMIT)
        } catch (error) {
          await db.executeQuery(ROLLBACK).catch(() => undefined)
          throw error
        }
        return { result, signals }
      })
      this.#deliver(signals)
      return result
    } catch (error) {
      throw this.#fromDriver(error)
    }
  }

  subscribe(listener: (signal: StoreSignal) => void): () => void {
    if (this.#channel !== undefined) {
      return this.#channel.subscribe(listener)
    }
    const own = (signal: StoreSignal): void => {
      listener(signal)
    }
    this.#listeners.add(own)
    return () => this.#listeners.delete(own)
  }

  async close(): Promise<void> {
    if (this.#closed) {
      return
    }
    this.#closed = true
    this.#listeners.clear()
    try {
      await this.#draining
      await this.#channel?.close()
    } finally {
      await this.#db.destroy()
    }
  }

  /** Commits waiting transactions in groups until none is left. */
  async #drain(): Promise<void> {
    try {
      do {
        await this.#commitGroup()
        // One turn of the event loop, so that requests that arrived meanwhile join the next group.
        await new Promise((resolve) => setImmediate(resolve))
      } while (this.#waiting.length > 0)
    } finally {
      this.#draining = undefined
    }
  }

  /**
   * Runs waiting transactions one after another in one database transaction, each in a
   * savepoint: one that throws rolls back to its savepoint alone. INVARIANT: no caller hears
   * of success before the group commits; if the commit fails, every one of them hears of it.
   */
  async #commitGroup(): Promise<void> {
    const group = this.#waiting.splice(0, this.#groupCommit)
    const failedAlone = new Set<Waiting>()
    const committed: { waiting: Waiting; result: unknown; signals: StoreSignal[] }[] = []
    try {
      await this.#db.connection().execute(async (db) => {
        await db.executeQuery(this.#begin)
        try {
          for (const waiting of group) {
            const signals: StoreSignal[] = []
            if (group.length === 1) {
              // Alone in its group: its failure rolls back the database transaction.
              committed.push({
                waiting,
                result: await waiting.work(this.#bind(db, signals)),
                signals,
              })
              break
            }
            await db.executeQuery(SAVEPOINT)
            let result: unknown
            try {
              result = await waiting.work(this.#bind(db, signals))
            } catch (error) {
              failedAlone.add(waiting)
              waiting.reject(this.#fromDriver(error))
              await db.executeQuery(ROLLBACK_TO_SAVEPOINT)
              await db.executeQuery(RELEASE_SAVEPOINT)
              continue
            }
            await db.executeQuery(RELEASE_SAVEPOINT)
            committed.push({ waiting, result, signals })
          }
          await db.executeQuery(COMMIT)
        } catch (error) {
          await db.executeQuery(ROLLBACK).catch(() => undefined)
          throw error
        }
      })
    } catch (error) {
      const failure = this.#fromDriver(error)
      for (const waiting of group) {
        if (!failedAlone.has(waiting)) waiting.reject(failure)
      }
      return
    }
    for (const { waiting, result, signals } of committed) {
      waiting.resolve(result)
      this.#deliver(signals)
    }
  }

  /** A driver error as `store_unavailable`; any other error as it is. */
  #fromDriver(error: unknown): unknown {
    return this.#isDriverError(error)
      ? new GatewayError('store_unavailable', `${this.kind}: ${describeError(error)}`, {
          cause: error,
        })
      : error
  }

  /** The stores of one transaction, bound to its connection. */
  #bind(db: Kysely<Database>, signals: StoreSignal[]): GatewayStores {
    const channel = this.#channel
    return {
      proposals: new KyselyProposalStore(db),
      approvals: new KyselyApprovalStore(db, this.kind),
      grants: new KyselyGrantStore(db),
      freezes: new KyselyFreezeStore(db),
      velocity: new KyselyVelocityStore(db),
      audit: new KyselyAuditLog(db, this.kind),
      signal:
        channel === undefined
          ? (signal) => {
              signals.push(signal)
              return Promise.resolve()
            }
          : (signal) => channel.notify(db, signal),
    }
  }

  /** Hands a committed transaction's signals to this instance's subscribers. */
  #deliver(signals: readonly StoreSignal[]): void {
    for (const signal of signals) {
      for (const listener of [...this.#listeners]) {
        try {
          listener(signal)
        } catch (error) {
          this.#onError?.(
            new GatewayError(
              'store_unavailable',
              `${this.kind}: a subscriber failed on a \`${signal.kind}\` signal`,
              { cause: error },
            ),
          )
        }
      }
    }
  }
}
