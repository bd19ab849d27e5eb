import { inferEnvironment } from '../infer-environment.js'
import type { PlanDocument } from './terraform-plan-schema.js'

const ENVIRONMENT_VARIABLE =
  /^(env|environment|stage|tier|workspace|deployment_environment|(env|environment|stage|workspace)_name)$/i
const ENVIRONMENT_TAG = /^(env|environment|stage|tier)$/i
const TAG_MAPS = ['tags', 'tags_all', 'labels']
const NAME_FIELDS = [
  'name',
  'identifier',
  'cluster_identifier',
  'cluster_name',
  'bucket',
  'project',
  'project_id',
  'function_name',
  'namespace',
]

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function stringsOf(values: Iterable<unknown>): string[] {
  return [...values].filter((value): value is string => typeof value === 'string')
}

function tagValues(values: Record<string, unknown>): string[] {
  const found: string[] = []
  for (const map of TAG_MAPS) {
    const tags = values[map]
    if (!isRecord(tags)) continue
    for (const [key, value] of Object.entries(tags)) {
      if (ENVIRONMENT_TAG.test(key) && typeof value === 'string') found.push(value)
    }
  }
  return found
}

function nameValues(values: Record<string, unknown>): string[] {
  const found = stringsOf(NAME_FIELDS.map((field) => values[field]))
  const metadata = values.metadata
  const first: unknown = Array.isArray(metadata) ? metadata[0] : undefined
  if (isRecord(first)) found.push(...stringsOf([first.name, first.namespace]))
  return found
}

/**
 * The environment a plan lands in. The environment given with the action wins; otherwise it is
 * inferred, strongest evidence first: variables named like `environment`, `env` or `stage`, then
 * `Env`/`Environment` tags and labels, then resource addresses and names (`orders-prod`).
 */
export function resolvePlanEnvironment(
  document: PlanDocument,
  given: string | undefined,
): string | undefined {
  if (given !== undefined && given.trim() !== '') return given.trim()
  const variables = stringsOf(
    Object.entries(document.variables)
      .filter(([name]) => ENVIRONMENT_VARIABLE.test(name))
      .map(([, variable]) => (isRecord(variable) ? variable.value : undefined)),
  )
  const fromVariables = inferEnvironment(variables)
  if (fromVariables !== undefined) return fromVariables
  const tags: string[] = []
  const names: string[] = []
  for (const change of document.changes) {
    if (change.mode !== 'managed') continue
    names.push(change.address)
    const values = isRecord(change.after) ? change.after : change.before
    if (!isRecord(values)) continue
    tags.push(...tagValues(values))
    names.push(...nameValues(values))
  }
  return inferEnvironment(tags) ?? inferEnvironment(names)
}
