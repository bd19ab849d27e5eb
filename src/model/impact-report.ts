/** What happens to a resource in a simulation. */
export type ResourceFate = 'destroyed' | 'replaced' | 'modified' | 'broken'

/** One resource in an impact report, and why it is there. */
export interface ImpactedResource {
  readonly id: string
  readonly name: string
  readonly type: string
  readonly fate: ResourceFate
  /** How the action reaches it: `target`, `contained in cfn:cost-prod`, `depends on tf:aws_db_instance.main`. */
  readonly via: string
  readonly stateful: boolean
  readonly customerFacing: boolean
  readonly service?: string
}

/** The error budget one affected objective would burn. */
export interface BudgetBurn {
  readonly service: string
  readonly objective: number
  readonly windowDays: number
  /** The whole budget of the window, in minutes of downtime. */
  readonly budgetMinutes: number
  /** Estimated downtime, in minutes. */
  readonly downtimeMinutes: number
  /** Share of the budget burned; over 1 when the estimate exceeds it. */
  readonly burn: number
}

/** What an action would cost, simulated against the inventory twin. */
export interface ImpactReport {
  /** Resources destroyed, replaced, modified or broken, targets first. */
  readonly resources: readonly ImpactedResource[]
  /** Targets the twin does not know: never assumed harmless. */
  readonly unknownTargets: readonly string[]
  /** Stateful resources destroyed or replaced without a recent backup. */
  readonly dataLost: readonly string[]
  /** Services with a resource destroyed, replaced or broken. */
  readonly servicesBroken: readonly string[]
  /** Customer-facing resources among them. */
  readonly customerFacing: readonly string[]
  /** Rebuilding along the dependency order, in minutes; 0 when nothing goes. */
  readonly estimatedRestoreMinutes: number
  /**
   * Set when a full restore is impossible: data is lost with no backup to restore it from. The
   * estimate then covers rebuilding empty resources only; what was in them does not come back.
   */
  readonly unrecoverable?: true
  readonly budgetBurn: readonly BudgetBurn[]
  /**
   * Resources a session destroyed and then created or deployed again: a delete-and-recreate,
   * judged as the destruction it is, its rebuild counted as downtime.
   */
  readonly recreated?: readonly string[]
  /** Set when the action takes away a whole environment. */
  readonly environmentDestroyed?: string
}
