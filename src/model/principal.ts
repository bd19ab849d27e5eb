import type { HumanRole } from './gateway-config.js'

/** Who is calling the gateway, as its token proved. */
export type Principal =
  | { readonly kind: 'agent'; readonly id: string; readonly operator?: string }
  | { readonly kind: 'human'; readonly id: string; readonly roles: readonly HumanRole[] }

/** The name a principal goes by in the audit and in requests: `agent:claude`, `human:alice`. */
export function describePrincipal(principal: Principal): string {
  return `${principal.kind}:${principal.id}`
}

/** The actor name of airlock itself, for what it does on its own (expiry, velocity freezes). */
export const AIRLOCK_ACTOR = 'airlock'
