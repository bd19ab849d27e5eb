/**
 * How a rehearsal ended: `rehearsed` when it ran to the end (a command may still have exited
 * non-zero), `unavailable` when this machine or database cannot rehearse, `timed-out` when the
 * time limit stopped it, `failed` when the action itself could not run in the sandbox.
 */
export type RehearsalStatus = 'rehearsed' | 'unavailable' | 'timed-out' | 'failed'

/** What a file rehearsal found, per list; the lists themselves may be capped. */
export interface RehearsalFileCounts {
  readonly deleted: number
  readonly modified: number
  readonly created: number
}

/**
 * A shell command run in a throwaway sandbox: the files it would delete, modify and create,
 * relative to its working directory, sorted. A directory is listed as the files it held; an empty
 * one as `name/`.
 */
export interface ShellRehearsal {
  readonly kind: 'shell'
  readonly status: RehearsalStatus
  /** Why it is not `rehearsed`, or what the lists may miss. */
  readonly reason?: string
  readonly exitCode?: number
  readonly deleted: readonly string[]
  readonly modified: readonly string[]
  readonly created: readonly string[]
  /** The full sizes of the three lists, which hold at most `REHEARSAL_PATH_LIMIT` paths each. */
  readonly counts: RehearsalFileCounts
  /** The last few kilobytes of the command's output. */
  readonly stdoutTail?: string
  readonly stderrTail?: string
  readonly durationMs: number
}

/** What a statement would do to the rows of one table. */
export type RowOperation = 'insert' | 'update' | 'delete' | 'truncate' | 'drop'

/** Rows one statement would change in one table, with one operation. */
export interface TableRowChange {
  /** `schema.table`. */
  readonly table: string
  readonly operation: RowOperation
  readonly rows: number
  /** Set when `rows` is the planner's estimate because the table could not be counted. */
  readonly estimated?: boolean
}

/** SQL run inside a transaction that was rolled back: the rows it would change, per table. */
export interface SqlRehearsal {
  readonly kind: 'sql'
  readonly status: RehearsalStatus
  /** Why it is not `rehearsed`: the database's own message when the statement failed. */
  readonly reason?: string
  /** Ordered by table, then operation. */
  readonly rowsAffected: readonly TableRowChange[]
  readonly durationMs: number
}

/**
 * What running an action for real would have changed, learnt by running it where nothing real
 * changes. Advisory: it never replaces the decision.
 */
export type RehearsalReport = ShellRehearsal | SqlRehearsal

/** At most this many paths in each list of a `ShellRehearsal`; `counts` has the full sizes. */
export const REHEARSAL_PATH_LIMIT = 1000
