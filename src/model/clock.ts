import { randomBytes } from 'node:crypto'

/** Where the gateway reads the time; injected so that expiry and the audit chain are testable. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number
}

/** The machine's clock. */
export const SYSTEM_CLOCK: Clock = { now: () => Date.now() }

/** What an id names, as its prefix: `act_…`, `req_…`, `grt_…`, `frz_…`. */
export type IdPrefix = 'act' | 'req' | 'grt' | 'frz'

/** Makes ids; injected so that tests can predict them. */
export interface IdGenerator {
  next(prefix: IdPrefix): string
}

const ID_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'

/** Random ids of 20 base-32 characters (100 bits) after the prefix. */
export const RANDOM_IDS: IdGenerator = {
  next(prefix) {
    const bytes = randomBytes(20)
    let id = ''
    for (const byte of bytes) id += ID_ALPHABET.charAt(byte & 31)
    return `${prefix}_${id}`
  },
}
