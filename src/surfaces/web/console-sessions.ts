import { randomBytes } from 'node:crypto'

import type { Principal } from '../../model/principal.js'
import { hashToken } from '../../pipeline/authenticate.js'

/** The cookie that carries a console session id. */
export const SESSION_COOKIE = 'airlock_session'

/** How long a console session lasts after sign-in. */
export const SESSION_TTL_MS = 12 * 3_600_000

/** A signed-in human and the CSRF token every form of theirs must carry. */
export interface ConsoleSession {
  readonly principal: Principal & { readonly kind: 'human' }
  readonly csrf: string
  readonly expiresAt: number
}

/**
 * The console's sessions, in memory: only the SHA-256 of each session id is kept, so a memory
 * dump holds nothing a browser could present. A restart signs everyone out.
 */
export class ConsoleSessions {
  readonly #sessions = new Map<string, ConsoleSession>()
  readonly #now: () => number

  constructor(now: () => number = Date.now) {
    this.#now = now
  }

  /** Opens a session for a human; returns the id for the cookie (never stored) and the session. */
  open(principal: Principal & { readonly kind: 'human' }): { id: string; session: ConsoleSession } {
    this.#sweep()
    const id = randomBytes(32).toString('base64url')
    const session: ConsoleSession = {
      principal,
      csrf: randomBytes(32).toString('base64url'),
      expiresAt: this.#now() + SESSION_TTL_MS,
    }
    this.#sessions.set(hashToken(id), session)
    return { id, session }
  }

  /** The live session of this cookie value, if any; an expired one is removed. */
  find(id: string | undefined): ConsoleSession | undefined {
    if (id === undefined || id === '') return undefined
    const key = hashToken(id)
    const session = this.#sessions.get(key)
    if (session === undefined) return undefined
    if (session.expiresAt <= this.#now()) {
      this.#sessions.delete(key)
      return undefined
    }
    return session
  }

  /** Ends the session of this cookie value. */
  close(id: string | undefined): void {
    if (id !== undefined) this.#sessions.delete(hashToken(id))
  }

  #sweep(): void {
    const now = this.#now()
    for (const [key, session] of this.#sessions) {
      if (session.expiresAt <= now) this.#sessions.delete(key)
    }
  }
}
