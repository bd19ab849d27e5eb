import type { Freeze, FreezeScope } from '../model/freeze.js'

/** Keeps kill switches. Every decision reads the active ones, so a freeze holds at once. */
export interface FreezeStore {
  add(freeze: Freeze): Promise<void>
  /** Freezes not lifted, oldest first. */
  listActive(): Promise<Freeze[]>
  /** Lifts the active freezes of exactly this scope and returns them as lifted. */
  lift(
    scope: FreezeScope,
    lifted: { readonly by: string; readonly reason: string; readonly at: number },
  ): Promise<Freeze[]>
}
