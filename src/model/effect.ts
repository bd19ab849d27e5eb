import type { Risk } from './risk.js'

/** What an effect does to its target. */
export type EffectVerb =
  | 'read'
  | 'create'
  | 'write'
  | 'overwrite'
  | 'delete'
  | 'move'
  | 'permission'
  | 'restart'
  | 'stop'
  | 'scale'
  | 'deploy'
  | 'rewrite-history'
  | 'execute'
  | 'unknown'

/** The system an effect lands in; one Cedar action class per system later. */
export type EffectSystem =
  | 'fs'
  | 'git'
  | 'process'
  | 'service'
  | 'package'
  | 'container'
  | 'k8s'
  | 'cloud'
  | 'iac'
  | 'database'
  | 'network'
  | 'device'
  | 'shell'

// Keyed by the union so that a new effect system fails to compile until it is listed here.
const SYSTEM_SET: Readonly<Record<EffectSystem, true>> = {
  fs: true,
  git: true,
  process: true,
  service: true,
  package: true,
  container: true,
  k8s: true,
  cloud: true,
  iac: true,
  database: true,
  network: true,
  device: true,
  shell: true,
}

/** Every effect system; each is one Cedar action class (`Action::"k8s"`). */
export const EFFECT_SYSTEMS = Object.keys(SYSTEM_SET) as readonly EffectSystem[]

/** How much of the world the target covers, from one item to a whole environment. */
export type EffectScope =
  | 'item'
  | 'collection'
  | 'directory'
  | 'repository'
  | 'database'
  | 'namespace'
  | 'stack'
  | 'cluster'
  | 'environment'
  | 'account'
  | 'filesystem'
  | 'device'
  | 'host'
  | 'unknown'

/** One consequence of an action: what it does, to what, and how badly. */
export interface Effect {
  readonly system: EffectSystem
  readonly verb: EffectVerb
  readonly target: string
  readonly scope: EffectScope
  readonly reversible: boolean
  readonly dataLoss: boolean
  readonly risk: Risk
  readonly opaque: boolean
  readonly reason: string
  readonly source: string
}

/** The fields an analyser must give; the rest have conservative defaults. */
export type EffectInit = Pick<Effect, 'system' | 'verb' | 'target' | 'risk' | 'reason'> &
  Partial<Omit<Effect, 'system' | 'verb' | 'target' | 'risk' | 'reason'>>

/** Builds an effect. Reversibility and data loss default from the risk level. */
export function createEffect(init: EffectInit): Effect {
  const harmful = init.risk === 'destructive' || init.risk === 'catastrophic'
  return {
    system: init.system,
    verb: init.verb,
    target: init.target,
    scope: init.scope ?? 'item',
    reversible: init.reversible ?? !harmful,
    dataLoss: init.dataLoss ?? harmful,
    risk: init.risk,
    opaque: init.opaque ?? false,
    reason: init.reason,
    source: init.source ?? '',
  }
}

/**
 * An effect for something airlock cannot see through. It is dangerous by construction: the
 * action may do anything its principal is allowed to do.
 */
export function createOpaqueEffect(system: EffectSystem, reason: string, source = ''): Effect {
  return createEffect({
    system,
    verb: 'unknown',
    target: source === '' ? '?' : source,
    scope: 'unknown',
    risk: 'destructive',
    opaque: true,
    reversible: false,
    dataLoss: true,
    reason,
    source,
  })
}
