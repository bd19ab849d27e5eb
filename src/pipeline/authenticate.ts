import { createHash, timingSafeEqual } from 'node:crypto'

import type { GatewayConfig } from '../model/gateway-config.js'
import type { Principal } from '../model/principal.js'

interface Credential {
  readonly hash: Buffer
  readonly principal: Principal
}

/** Turns bearer tokens into principals; built once from the configuration. */
export interface Authenticator {
  /** The principal whose token this is, or undefined for an unknown token. */
  authenticate(token: string): Principal | undefined
}

/** SHA-256 of a token, hex: what the configuration stores instead of the token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

/**
 * An authenticator over the configuration's token hashes. Every known hash is compared, in
 * constant time, whatever matches first, so timing tells nothing about which tokens exist.
 */
export function createAuthenticator(config: GatewayConfig): Authenticator {
  const credentials: Credential[] = []
  for (const agent of config.agents) {
    if (agent.tokenHash === undefined) continue
    credentials.push({
      hash: Buffer.from(agent.tokenHash, 'hex'),
      principal: {
        kind: 'agent',
        id: agent.id,
        ...(agent.operator === undefined ? {} : { operator: agent.operator }),
      },
    })
  }
  for (const human of config.humans) {
    if (human.tokenHash === undefined) continue
    credentials.push({
      hash: Buffer.from(human.tokenHash, 'hex'),
      principal: { kind: 'human', id: human.id, roles: human.roles },
    })
  }
  return {
    authenticate(token) {
      if (token === '') return undefined
      const presented = createHash('sha256').update(token).digest()
      let found: Principal | undefined
      for (const credential of credentials) {
        // INVARIANT: no early exit; every credential costs the same comparison.
        if (timingSafeEqual(presented, credential.hash) && found === undefined) {
          found = credential.principal
        }
      }
      return found
    },
  }
}
