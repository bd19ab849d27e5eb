import type { Risk } from '../model/risk.js'

/** Counts each agent's proposals per risk class, for sliding-window velocity budgets. */
export interface VelocityStore {
  record(agent: string, risk: Risk, at: number): Promise<void>
  /** Proposals of this agent at this risk at or after `since`. */
  count(agent: string, risk: Risk, since: number): Promise<number>
}
