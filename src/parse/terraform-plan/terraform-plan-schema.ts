import { z } from 'zod'

import { type ChangeKind, readChangeKind } from './terraform-change-kind.js'
import type { JsonPath } from './terraform-json-path.js'
import { quote } from './terraform-wording.js'

/** One entry of `resource_changes`, checked and read. */
export interface ResourceChange {
  readonly address: string
  readonly previousAddress?: string
  readonly mode: 'managed' | 'data'
  readonly type: string
  readonly deposed?: string
  readonly actionReason?: string
  readonly kind: ChangeKind
  readonly before: unknown
  readonly after: unknown
  readonly replacePaths: readonly JsonPath[]
  readonly importing: boolean
}

/** One thing wrong in a plan, at a JSON path. */
export interface PlanProblem {
  readonly path: JsonPath
  readonly message: string
}

/** A part of the plan that is not what Terraform writes (the document or one change). */
export interface InvalidPart {
  readonly path: JsonPath
  readonly problems: readonly PlanProblem[]
  /** The resource address, when the entry had a readable one. */
  readonly address?: string
}

/** What `readPlanDocument` makes of a plan: its valid changes and the parts it could not read. */
export interface PlanDocument {
  readonly changes: readonly ResourceChange[]
  readonly invalid: readonly InvalidPart[]
  readonly variables: Readonly<Record<string, unknown>>
  /** Addresses of managed resources in `prior_state`, when the plan carries it. */
  readonly priorState?: readonly { readonly address: string; readonly type: string }[]
}

const SUPPORTED_MAJORS = new Set(['0', '1'])

const PLAN = z.record(z.string(), z.unknown())
const FORMAT_VERSION = z.string().regex(/^\d+\.\d+(\.\d+)?$/, 'expected a version like `1.2`')
const CHANGES = z.array(z.unknown())

const RESOURCE_CHANGE = z.looseObject({
  address: z.string().min(1),
  previous_address: z.string().nullish(),
  mode: z.enum(['managed', 'data']),
  type: z.string().min(1),
  deposed: z.string().nullish(),
  action_reason: z.string().nullish(),
  change: z.looseObject({
    actions: z.array(z.string()).min(1),
    before: z.unknown().optional(),
    after: z.unknown().optional(),
    replace_paths: z.array(z.array(z.union([z.string(), z.number()]))).nullish(),
    importing: z.unknown().optional(),
  }),
})

const VARIABLES = z.record(z.string(), z.looseObject({ value: z.unknown() }))

const STATE_RESOURCE = z.looseObject({
  address: z.string(),
  mode: z.string(),
  type: z.string(),
})

const STATE_MODULE = z.looseObject({
  resources: z.array(z.unknown()).optional(),
  child_modules: z.array(z.unknown()).optional(),
})

const ADDRESS = z.looseObject({ address: z.string().min(1) })

function messageOf(issue: z.core.$ZodIssue): string {
  const text = issue.message.replace(/^Invalid (input|option): /, '')
  return text.charAt(0).toLowerCase() + text.slice(1)
}

function readChange(entry: unknown, position: number): ResourceChange | InvalidPart {
  const path: JsonPath = ['resource_changes', position]
  const parsed = RESOURCE_CHANGE.safeParse(entry)
  if (!parsed.success) {
    const address = ADDRESS.safeParse(entry)
    return {
      path,
      problems: parsed.error.issues.map((issue) => ({
        path: [
          ...path,
          ...issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part)),
        ],
        message: messageOf(issue),
      })),
      ...(address.success ? { address: address.data.address } : {}),
    }
  }
  const data = parsed.data
  const invalidActions = (message: string): InvalidPart => ({
    path,
    problems: [{ path: [...path, 'change', 'actions'], message }],
    address: data.address,
  })
  const kind = readChangeKind(data.change.actions)
  if (typeof kind !== 'string') return invalidActions(kind.problem)
  // Terraform reads data sources only; a managed resource that is "read" is not its output.
  if (data.mode === 'managed' && kind === 'read') {
    return invalidActions('action `read` is only written for data sources')
  }
  return {
    address: data.address,
    ...(data.previous_address == null ? {} : { previousAddress: data.previous_address }),
    mode: data.mode,
    type: data.type,
    ...(data.deposed == null ? {} : { deposed: data.deposed }),
    ...(data.action_reason == null ? {} : { actionReason: data.action_reason }),
    kind,
    before: data.change.before,
    after: data.change.after,
    replacePaths: data.change.replace_paths ?? [],
    importing: data.change.importing !== undefined && data.change.importing !== null,
  }
}

// Managed resources of `prior_state`, or undefined when it is absent or unreadable.
function readPriorState(plan: Readonly<Record<string, unknown>>): PlanDocument['priorState'] {
  const prior = PLAN.safeParse(plan.prior_state)
  if (!prior.success) return undefined
  const values = PLAN.safeParse(prior.data.values)
  if (!values.success) return undefined
  const found: { address: string; type: string }[] = []
  const pending: unknown[] = [values.data.root_module]
  // INVARIANT: each module is visited once; the walk is linear in the size of the state.
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const module = STATE_MODULE.safeParse(next)
    if (!module.success) continue
    for (const resource of module.data.resources ?? []) {
      const read = STATE_RESOURCE.safeParse(resource)
      if (read.success && read.data.mode === 'managed') {
        found.push({ address: read.data.address, type: read.data.type })
      }
    }
    for (const child of module.data.child_modules ?? []) pending.push(child)
  }
  return found
}

// Terraform leaves `resource_changes` out when the configuration has no resources at all.
function hasPlannedResources(plan: Readonly<Record<string, unknown>>): boolean {
  const planned = PLAN.safeParse(plan.planned_values)
  if (!planned.success) return true
  const root = STATE_MODULE.safeParse(planned.data.root_module ?? {})
  if (!root.success) return true
  return (root.data.resources ?? []).length > 0 || (root.data.child_modules ?? []).length > 0
}

function readFormatVersion(plan: Readonly<Record<string, unknown>>): InvalidPart | undefined {
  const version = FORMAT_VERSION.safeParse(plan.format_version)
  if (!version.success) {
    const issue = version.error.issues[0]
    const message =
      plan.format_version === undefined
        ? 'missing: a plan from `terraform show -json` always has one'
        : issue === undefined
          ? 'invalid'
          : messageOf(issue)
    return { path: ['format_version'], problems: [{ path: ['format_version'], message }] }
  }
  const major = version.data.split('.')[0] ?? ''
  if (SUPPORTED_MAJORS.has(major)) return undefined
  const message = `unknown major version ${quote(version.data)}`
  return { path: ['format_version'], problems: [{ path: ['format_version'], message }] }
}

/**
 * Checks a plan document (already parsed from JSON, `terraform show -json` or `tofu show -json`)
 * against the shape Terraform writes and reads it. Unknown keys are ignored, as the format asks;
 * an unknown `format_version` major, an unreadable `resource_changes` entry or an unknown action
 * becomes an invalid part, and every valid change is still read.
 */
export function readPlanDocument(plan: unknown): PlanDocument {
  const root = PLAN.safeParse(plan)
  if (!root.success) {
    const got = plan === null ? 'null' : Array.isArray(plan) ? 'an array' : typeof plan
    const message = `expected a plan object, received ${got}`
    return {
      changes: [],
      invalid: [{ path: [], problems: [{ path: [], message }] }],
      variables: {},
    }
  }
  const document = root.data
  const invalid: InvalidPart[] = []
  const version = readFormatVersion(document)
  if (version !== undefined) invalid.push(version)
  const changes: ResourceChange[] = []
  const entries = CHANGES.safeParse(document.resource_changes)
  if (entries.success) {
    entries.data.forEach((entry, position) => {
      const read = readChange(entry, position)
      if ('kind' in read) changes.push(read)
      else invalid.push(read)
    })
  } else if (document.resource_changes !== undefined || hasPlannedResources(document)) {
    const found = document.resource_changes
    const message =
      found === undefined
        ? 'missing, and `planned_values` does not show an empty configuration'
        : `expected an array, received ${found === null ? 'null' : typeof found}`
    invalid.push({
      path: ['resource_changes'],
      problems: [{ path: ['resource_changes'], message }],
    })
  }
  const variables = VARIABLES.safeParse(document.variables)
  const priorState = readPriorState(document)
  return {
    changes,
    invalid,
    variables: variables.success ? variables.data : {},
    ...(priorState === undefined ? {} : { priorState }),
  }
}
