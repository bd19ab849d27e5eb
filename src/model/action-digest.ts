import { createHash } from 'node:crypto'

import type { Action } from './action.js'
import { canonicalJson } from './canonical-json.js'

/**
 * The SHA-256 of an action's canonical JSON, hex encoded. Approvals and execution grants are
 * bound to it, so any change to what would run, where, or for whom gives another digest. The
 * caller's `id` and the agent's rationale do not change what runs and are left out.
 */
export function digestAction(action: Action): string {
  const { id: _id, rationale: _rationale, ...bound } = action
  return createHash('sha256').update(canonicalJson(bound)).digest('hex')
}
