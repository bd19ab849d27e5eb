import { randomUUID } from 'node:crypto'

import { type PostNotification, postNotification } from '../execute/post-notification.js'
import { ApiError } from '../model/errors.js'
import type {
  GatewayConfig,
  NotificationEventKind,
  NotificationTargetConfig,
} from '../model/gateway-config.js'
import type { GatewayEvent } from './gateway-event.js'
import {
  type NotificationMessage,
  renderSlackBody,
  renderWebhookBody,
  signWebhook,
  toNotificationMessage,
} from './notification-message.js'

/** A notification target with its address and secret read from the gateway's environment. */
export interface NotificationTarget {
  /** How messages and the audit name it: its field and host, never its path or secret. */
  readonly name: string
  readonly kind: NotificationTargetConfig['kind']
  readonly url: string
  readonly secret?: string
  readonly events: ReadonlySet<NotificationEventKind>
}

/** A delivery that never succeeded, for the audit. */
export interface NotificationFailure {
  readonly target: string
  readonly type: NotificationEventKind
  readonly subject: string
  readonly deliveryId: string
  readonly attempts: number
  /** `HTTP 500`, `timeout`, `unreachable (ECONNREFUSED)`, `queue full`. */
  readonly error: string
}

/** How hard a delivery is tried: attempts, the first back-off (doubled each time), its cap. */
export interface RetryPolicy {
  readonly attempts: number
  readonly firstDelayMs: number
  readonly maxDelayMs: number
  readonly timeoutMs: number
}

/** Five attempts over about 15 s (1, 2, 4 and 8 s apart), 5 s each. */
export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 5,
  firstDelayMs: 1000,
  maxDelayMs: 60_000,
  timeoutMs: 5000,
}

/** Deliveries waiting or under way at once; past this, new ones are dropped and reported. */
const MAX_PENDING = 1000

type ProcessEnv = Readonly<Record<string, string | undefined>>

function readVariable(env: ProcessEnv, name: string, field: string): string {
  const value = env[name]
  if (value === undefined || value === '') {
    throw new ApiError(
      'input_invalid',
      `field \`${field}\`: environment variable \`${name}\` is not set in the gateway's environment`,
    )
  }
  return value
}

/**
 * Reads each configured target's address and signing secret from the gateway's environment.
 * Throws naming the field of the first one missing, never a value.
 */
export function resolveNotificationTargets(
  config: Pick<GatewayConfig, 'notifications'>,
  env: ProcessEnv,
): NotificationTarget[] {
  return config.notifications.map((target, index) => {
    const field = `notifications[${String(index)}]`
    const url = target.url ?? readVariable(env, target.urlEnv ?? '', `${field}.urlEnv`)
    let host: string
    try {
      host = new URL(url).host
    } catch {
      throw new ApiError(
        'input_invalid',
        `field \`${field}.urlEnv\`: \`${target.urlEnv ?? ''}\` does not hold an http or https URL`,
      )
    }
    const secret =
      target.secretEnv === undefined
        ? undefined
        : readVariable(env, target.secretEnv, `${field}.secretEnv`)
    return {
      name: `${field} (${target.kind}, ${host})`,
      kind: target.kind,
      url,
      ...(secret === undefined ? {} : { secret }),
      events: new Set(target.events),
    }
  })
}

/** What a notifier is built from; timings and the poster are injectable for tests. */
export interface NotifierOptions {
  readonly targets: readonly NotificationTarget[]
  readonly publicUrl: string
  /** Records a delivery that failed for good; must not throw (it is caught if it does). */
  readonly onFailure: (failure: NotificationFailure) => Promise<void> | void
  readonly post?: PostNotification
  readonly retry?: RetryPolicy
  readonly now?: () => number
}

function isRetryable(status: number): boolean {
  return status === 408 || status === 429 || status >= 500
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError' || error.name === 'AbortError') return 'timeout'
    const code = (error.cause as { code?: unknown } | undefined)?.code
    return typeof code === 'string' ? `unreachable (${code})` : 'unreachable'
  }
  return 'unreachable'
}

/**
 * Sends notifications about gateway events to webhooks and Slack, off the decision path:
 * `notify` only queues, deliveries are retried with exponential back-off, and one that fails
 * for good is handed to `onFailure` (the audit). Nothing here can change or delay a decision.
 */
export class Notifier {
  readonly #options: NotifierOptions
  readonly #post: PostNotification
  readonly #retry: RetryPolicy
  readonly #now: () => number
  readonly #pending = new Set<Promise<void>>()
  readonly #timers = new Set<{ timer: NodeJS.Timeout; wake: () => void }>()
  #closed = false

  constructor(options: NotifierOptions) {
    this.#options = options
    this.#post = options.post ?? postNotification
    this.#retry = options.retry ?? DEFAULT_RETRY
    this.#now = options.now ?? Date.now
  }

  /** Queues the deliveries an event calls for; returns at once and never throws. */
  notify(event: GatewayEvent): void {
    if (this.#closed) return
    const message = toNotificationMessage(event, this.#options.publicUrl)
    if (message === undefined) return
    for (const target of this.#options.targets) {
      if (!target.events.has(message.type)) continue
      const deliveryId = randomUUID()
      if (this.#pending.size >= MAX_PENDING) {
        void this.#fail(target, message, deliveryId, 0, 'queue full')
        continue
      }
      const delivery = this.#deliver(target, message, deliveryId)
      this.#pending.add(delivery)
      void delivery.finally(() => this.#pending.delete(delivery))
    }
  }

  /** Resolves once every queued delivery has succeeded or failed for good. */
  async idle(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending])
  }

  /**
   * Stops taking events and gives the deliveries under way up to `graceMs` to finish; those
   * still waiting to retry then make their last attempt at once.
   */
  async close(graceMs = 5000): Promise<void> {
    this.#closed = true
    const grace = new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref())
    await Promise.race([this.idle(), grace])
    for (const { timer, wake } of this.#timers) {
      clearTimeout(timer)
      wake()
    }
    await this.idle()
  }

  async #deliver(
    target: NotificationTarget,
    message: NotificationMessage,
    deliveryId: string,
  ): Promise<void> {
    const created = this.#now()
    const body =
      target.kind === 'slack'
        ? renderSlackBody(message)
        : renderWebhookBody(message, { id: deliveryId, at: created })
    let error = 'unreachable'
    for (let attempt = 1; attempt <= this.#retry.attempts; attempt++) {
      const timestamp = Math.floor(this.#now() / 1000)
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'user-agent': 'airlock',
        'x-airlock-event': message.type,
        'x-airlock-delivery': deliveryId,
        'x-airlock-attempt': String(attempt),
        'x-airlock-timestamp': String(timestamp),
      }
      if (target.secret !== undefined) {
        headers['x-airlock-signature'] = signWebhook(target.secret, timestamp, body)
      }
      try {
        const { status } = await this.#post({
          url: target.url,
          headers,
          body,
          timeoutMs: this.#retry.timeoutMs,
        })
        if (status >= 200 && status < 300) return
        error = `HTTP ${String(status)}`
        if (!isRetryable(status)) {
          await this.#fail(target, message, deliveryId, attempt, error)
          return
        }
      } catch (caught) {
        error = describeError(caught)
      }
      if (attempt < this.#retry.attempts && !this.#closed) {
        await this.#sleep(
          Math.min(this.#retry.firstDelayMs * 2 ** (attempt - 1), this.#retry.maxDelayMs),
        )
      } else if (attempt < this.#retry.attempts) {
        // Closing: one last attempt without waiting, then the failure is recorded.
        attempt = this.#retry.attempts - 1
      }
    }
    return this.#fail(target, message, deliveryId, this.#retry.attempts, error)
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          this.#timers.delete(entry)
          resolve()
        }, ms),
        wake: resolve,
      }
      entry.timer.unref()
      this.#timers.add(entry)
    })
  }

  async #fail(
    target: NotificationTarget,
    message: NotificationMessage,
    deliveryId: string,
    attempts: number,
    error: string,
  ): Promise<void> {
    try {
      await this.#options.onFailure({
        target: target.name,
        type: message.type,
        subject: message.subject,
        deliveryId,
        attempts,
        error,
      })
    } catch {
      // INVARIANT: a notification never reaches the decision path, not even by failing to
      // record its own failure.
    }
  }
}
