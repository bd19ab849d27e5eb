import type { SqlDialect } from '../../model/action.js'
import type { ParseIssue } from '../../model/parse-issue.js'
import type { SqlParsers } from './sql-parsers.js'

/** What PostgreSQL statement rules need besides the statement itself. */
export interface PostgresContext {
  /**
   * The database the SQL runs on. SQLite statements read with PostgreSQL's grammar keep
   * SQLite's functions.
   */
  readonly dialect: SqlDialect
  /** The present, in milliseconds since the epoch, for date bounds in conditions. */
  readonly now: number
  readonly parsers: SqlParsers
  /** Where rules report what they could not read. */
  readonly issues: ParseIssue[]
  /** True for psql's `\copy`: the files it names are on the client, not the server. */
  readonly clientCopy: boolean
}
