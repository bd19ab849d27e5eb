import type { Effect } from '../model/effect.js'

const DATABASE_WIDE = new Set<Effect['scope']>(['database'])

/**
 * Applies what the named environment changes about an effect. The same whole-database reset
 * is catastrophic in production and destructive on a throwaway development database.
 */
export function adjustForEnvironment(
  effects: readonly Effect[],
  environment: string | undefined,
): Effect[] {
  if (environment === undefined) return [...effects]
  const production = /^(prod|production|prd|live)$/i.test(environment)
  const development = /^(dev|development|test|sandbox|local)$/i.test(environment)
  return effects.map((effect) => {
    if (
      !DATABASE_WIDE.has(effect.scope) ||
      (effect.verb !== 'delete' && effect.verb !== 'overwrite')
    )
      return effect
    if (production && effect.risk === 'destructive') {
      return { ...effect, risk: 'catastrophic', reason: `${effect.reason} in production` }
    }
    if (development && effect.risk === 'catastrophic' && !effect.opaque) {
      return {
        ...effect,
        risk: 'destructive',
        reason: `${effect.reason} on a development database`,
      }
    }
    return effect
  })
}
