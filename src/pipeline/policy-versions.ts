import { createHash } from 'node:crypto'

import { INVARIANTS } from '../decide/cedar/invariants.js'
import { canonicalJson } from '../model/canonical-json.js'
import type { PolicySource } from '../model/gateway-config.js'

/** One policy file as it is in force: where it is and the SHA-256 of its text. */
export interface PolicyFileVersion {
  readonly file: string
  readonly sha256: string
  readonly shadow: boolean
}

/**
 * Which policies decide: each file's text hash, the built-in invariants' hash and one digest of
 * the whole set. The set digest ignores paths and order (a Cedar policy set has none), so the
 * same policies moved elsewhere keep their digest.
 */
export interface PolicyVersions {
  readonly digest: string
  readonly invariants: string
  readonly files: readonly PolicyFileVersion[]
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}

/** The versions of a configuration's policies and of the invariants appended to them. */
export function describePolicyVersions(policies: readonly PolicySource[]): PolicyVersions {
  const invariants = sha256(INVARIANTS.map((policy) => policy.text).join('\n'))
  const files = policies.map((policy) => ({
    file: policy.file,
    sha256: sha256(policy.text),
    shadow: policy.shadow,
  }))
  const set = files
    .map(({ sha256: hash, shadow }) => ({ sha256: hash, shadow }))
    .sort((a, b) => (a.sha256 < b.sha256 ? -1 : a.sha256 > b.sha256 ? 1 : Number(a.shadow)))
  return { digest: sha256(canonicalJson({ invariants, policies: set })), invariants, files }
}
