import type { PolicySource } from '../../model/gateway-config.js'
import type { PolicyProblem } from '../policy-engine.js'
import { cedar, type DetailedError } from './cedar-wasm.js'
import { GATEWAY_SCHEMA } from './gateway-schema.js'
import { INVARIANTS, isReservedPolicyId, RESERVED_ID_PREFIX } from './invariants.js'

/** One policy as the engine uses it: its id, text, origin and what its annotations say. */
export interface CompiledPolicy {
  readonly id: string
  readonly text: string
  /** The file it came from; `airlock` for an invariant. */
  readonly file: string
  /** Character offset of the policy in its file. */
  readonly start: number
  readonly shadow: boolean
  readonly effect: 'permit' | 'forbid'
  /** `@approvals("N")` of a forbid: the approvals that may lift it. */
  readonly approvals?: number
  /** `@reason("…")`: why the policy decides, in words. */
  readonly reason?: string
}

/** Policies ready for an engine, or the problems that keep them from it. */
export interface CompiledPolicies {
  /** The invariants first, then the policies of every source in order. */
  readonly policies: readonly CompiledPolicy[]
  readonly problems: readonly PolicyProblem[]
}

/** How to compile. */
export interface CompileOptions {
  /**
   * Validate against the schema (the default). Only airlock's own policies, whose validity a
   * test pins, may skip it to save start-up time.
   */
  readonly validate?: boolean
}

const APPROVALS_PATTERN = /^(?:0|[1-9][0-9]?)$/

/** The file name given to problems that are not in any policy file. */
const AIRLOCK_FILE = 'airlock'

/** The built-in invariants as compiled policies. */
export const INVARIANT_POLICIES: readonly CompiledPolicy[] = INVARIANTS.map((policy) => ({
  ...policy,
  file: AIRLOCK_FILE,
  start: 0,
  shadow: false,
}))

/**
 * Splits, parses and validates policy files against the gateway schema (strict mode), with the
 * invariants. Every problem names its file, line and column; a policy with a problem is left out.
 */
export function compilePolicies(
  sources: readonly PolicySource[],
  options: CompileOptions = {},
): CompiledPolicies {
  const problems: PolicyProblem[] = []
  const policies: CompiledPolicy[] = [...INVARIANT_POLICIES]
  const byId = new Map(policies.map((policy) => [policy.id, policy]))
  const files = new Map<string, string>()
  for (const source of sources) {
    files.set(source.file, source.text)
    const split = splitPolicies(source)
    problems.push(...split.problems)
    for (const [index, part] of split.parts.entries()) {
      const at = (message: string): PolicyProblem =>
        toProblem(source.file, source.text, part.start, message)
      const read = readPolicy(part.text)
      if (!read.ok) {
        problems.push(at(read.message))
        continue
      }
      const id = read.id ?? `${source.file}#${index + 1}`
      const named = `policy \`${id}\``
      if (id === '') {
        problems.push(at('policy id is empty'))
        continue
      }
      if (isReservedPolicyId(id)) {
        problems.push(
          at(`${named}: the prefix \`${RESERVED_ID_PREFIX}\` is reserved for built-in policies`),
        )
        continue
      }
      const first = byId.get(id)
      if (first !== undefined) {
        const where = toProblem(first.file, files.get(first.file) ?? '', first.start, '')
        problems.push(at(`${named}: duplicate id, first used at ${where.file}:${where.line}`))
        continue
      }
      if (read.approvals === 'malformed') {
        problems.push(at(`${named}: \`@approvals\` must be a whole number from 0 to 99`))
        continue
      }
      if (read.approvals !== undefined && read.effect === 'permit') {
        problems.push(at(`${named}: \`@approvals\` applies to forbid policies only`))
        continue
      }
      const policy: CompiledPolicy = {
        id,
        text: part.text,
        file: source.file,
        start: part.start,
        shadow: source.shadow,
        effect: read.effect,
        ...(read.approvals === undefined ? {} : { approvals: read.approvals }),
        ...(read.reason === undefined ? {} : { reason: read.reason }),
      }
      policies.push(policy)
      byId.set(id, policy)
    }
  }
  if (options.validate !== false) {
    problems.push(...validatePolicies(policies, files))
  }
  return { policies, problems: dedupe(problems) }
}

interface PolicyPart {
  readonly text: string
  readonly start: number
}

/** Splits a file into its policies with Cedar's parser and finds where each one starts. */
function splitPolicies(source: PolicySource): {
  parts: readonly PolicyPart[]
  problems: readonly PolicyProblem[]
} {
  const answer = cedar.policySetTextToParts(source.text)
  if (answer.type === 'failure') {
    return { parts: [], problems: answer.errors.map((error) => fromCedarError(source, 0, error)) }
  }
  const [template] = answer.policy_templates
  if (template !== undefined) {
    const start = Math.max(0, source.text.indexOf(template))
    return {
      parts: [],
      problems: [toProblem(source.file, source.text, start, 'policy templates are not supported')],
    }
  }
  // Cedar returns the policies sorted by the ids it gave them as strings (`policy0`,
  // `policy1`, `policy10`, `policy11`, `policy2`, …); sort the ids the same way to undo it.
  const inFileOrder: string[] = []
  answer.policies
    .map((_, index) => `policy${index}`)
    .sort()
    .forEach((id, sorted) => {
      inFileOrder[Number(id.slice('policy'.length))] = answer.policies[sorted] ?? ''
    })
  const parts: PolicyPart[] = []
  let cursor = 0
  for (const text of inFileOrder) {
    const start = findAfterGap(source.text, text, cursor)
    parts.push({ text, start })
    cursor = start + text.length
  }
  return { parts, problems: [] }
}

// The next occurrence of `text` that only white space and comments separate from `cursor`, so
// that a comment quoting a policy is never taken for it.
function findAfterGap(file: string, text: string, cursor: number): number {
  for (let at = file.indexOf(text, cursor); at >= 0; at = file.indexOf(text, at + 1)) {
    if (
      file
        .slice(cursor, at)
        .replace(/\/\/[^\n]*/g, '')
        .trim() === ''
    ) {
      return at
    }
  }
  return cursor
}

type ReadPolicy =
  | {
      readonly ok: true
      readonly effect: 'permit' | 'forbid'
      readonly id?: string
      readonly approvals?: number | 'malformed'
      readonly reason?: string
    }
  | { readonly ok: false; readonly message: string }

/** Reads the effect and the annotations airlock gives meaning to. */
function readPolicy(text: string): ReadPolicy {
  const answer = cedar.policyToJson(text)
  if (answer.type === 'failure') {
    return { ok: false, message: answer.errors.map((error) => error.message).join(': ') }
  }
  const annotations: Readonly<Record<string, string | null>> = answer.json.annotations ?? {}
  const id = annotations.id
  const approvals = annotations.approvals
  const reason = annotations.reason
  return {
    ok: true,
    effect: answer.json.effect,
    ...(id === undefined ? {} : { id: id ?? '' }),
    ...(approvals === undefined
      ? {}
      : {
          approvals:
            approvals !== null && APPROVALS_PATTERN.test(approvals)
              ? Number(approvals)
              : 'malformed',
        }),
    ...(reason === undefined || reason === null ? {} : { reason }),
  }
}

/** Strict validation of the whole set against the schema; errors point into each file. */
function validatePolicies(
  policies: readonly CompiledPolicy[],
  files: ReadonlyMap<string, string>,
): PolicyProblem[] {
  const byId = new Map(policies.map((policy) => [policy.id, policy]))
  const answer = cedar.validate({
    schema: GATEWAY_SCHEMA,
    policies: {
      staticPolicies: Object.fromEntries(policies.map((policy) => [policy.id, policy.text])),
    },
    validationSettings: { mode: 'strict' },
  })
  if (answer.type === 'failure') {
    return answer.errors.map((error) => ({
      file: AIRLOCK_FILE,
      line: 1,
      column: 1,
      message: `validation failed: ${describeError(error)}`,
    }))
  }
  return answer.validationErrors.map(({ policyId, error }) => {
    const policy = byId.get(policyId)
    if (policy === undefined) {
      return { file: AIRLOCK_FILE, line: 1, column: 1, message: describeError(error) }
    }
    const source = { file: policy.file, text: files.get(policy.file) ?? policy.text }
    const within = byteToCharIndex(policy.text, error.sourceLocations?.[0]?.start ?? 0)
    return toProblem(
      source.file,
      source.text,
      policy.start + within,
      `policy \`${policyId}\`: ${describeError(error, policyId)}`,
    )
  })
}

function fromCedarError(
  source: { readonly file: string; readonly text: string },
  start: number,
  error: DetailedError,
): PolicyProblem {
  const within = byteToCharIndex(source.text.slice(start), error.sourceLocations?.[0]?.start ?? 0)
  return toProblem(source.file, source.text, start + within, describeError(error))
}

// `for policy \`p\`, attribute \`x\` in context for Action::"fs" not found` → `attribute \`x\`
// in context not found`: the location says which policy, and one message covers every action.
function describeError(error: DetailedError, policyId?: string): string {
  let message = error.message.replace(/ for Action::"[^"]*"/g, '')
  if (policyId !== undefined) {
    message = message.replace(`for policy \`${policyId}\`, `, '')
  }
  const help = error.help === null ? '' : `: ${error.help}`
  return `${message}${help}`.replace(/\s*\n\s*/g, ' ')
}

/** The line and column (both from 1) of a character offset in a file. */
function toProblem(file: string, text: string, offset: number, message: string): PolicyProblem {
  const before = text.slice(0, offset)
  const lineStart = before.lastIndexOf('\n') + 1
  return {
    file,
    line: before.split('\n').length,
    column: offset - lineStart + 1,
    message,
  }
}

const encoder = new TextEncoder()
const decoder = new TextDecoder()

// Cedar counts UTF-8 bytes; JavaScript strings count UTF-16 code units.
function byteToCharIndex(text: string, byteOffset: number): number {
  return decoder.decode(encoder.encode(text).subarray(0, byteOffset)).length
}

function dedupe(problems: readonly PolicyProblem[]): PolicyProblem[] {
  const seen = new Set<string>()
  return problems.filter((problem) => {
    const key = `${problem.file}:${problem.line}:${problem.column}:${problem.message}`
    if (seen.has(key)) {
      return false
    }
    seen.add(key)
    return true
  })
}
