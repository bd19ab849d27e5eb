/** What a kill switch covers. */
export type FreezeScope =
  | { readonly kind: 'global' }
  | { readonly kind: 'environment'; readonly environment: string }
  | { readonly kind: 'agent'; readonly agent: string }

/** A kill switch: who pulled it, why, and whether it has been lifted. */
export interface Freeze {
  readonly id: string
  readonly scope: FreezeScope
  readonly reason: string
  /** Actor that set it: `human:alice`, or `airlock` for a velocity breach. */
  readonly by: string
  readonly at: number
  readonly liftedAt?: number
  readonly liftedBy?: string
  readonly liftReason?: string
}

/** `global`, `environment:prod` or `agent:claude`, for messages and the audit. */
export function describeFreezeScope(scope: FreezeScope): string {
  switch (scope.kind) {
    case 'global':
      return 'global'
    case 'environment':
      return `environment:${scope.environment}`
    case 'agent':
      return `agent:${scope.agent}`
  }
}

/** Whether a freeze of this scope covers an action by `agent` in `environment`. */
export function isCoveredByFreeze(
  scope: FreezeScope,
  target: { readonly agent?: string; readonly environment?: string },
): boolean {
  switch (scope.kind) {
    case 'global':
      return true
    case 'environment':
      return target.environment === scope.environment
    case 'agent':
      return target.agent === scope.agent
  }
}

/** Whether two scopes are the same switch. */
export function isSameFreezeScope(a: FreezeScope, b: FreezeScope): boolean {
  return describeFreezeScope(a) === describeFreezeScope(b)
}
