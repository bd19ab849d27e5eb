import { collapseMask, maskSensitive, mergeMasks } from './sensitive-mask.js'
import { setOwn } from './set-own.js'

// `terraform show -json` prints sensitive values in clear text and marks them beside the value.
// Names that say "secret" are redacted too, for values Terraform does not mark (variables,
// provider settings, constants in the configuration).
const SECRET_WORDS = new Set([
  'password',
  'passwd',
  'pwd',
  'passphrase',
  'secret',
  'secrets',
  'token',
  'tokens',
  'key',
  'keys',
  'apikey',
  'privatekey',
  'credential',
  'credentials',
])

/** Whether a variable, attribute or output name says it holds a secret. */
function isSecretName(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
  return words.some((word) => SECRET_WORDS.has(word)) || /connection_?string/i.test(name)
}

type Json = Record<string, unknown>

/** What `redactTerraformPlan` gives for input it cannot walk, instead of a copy. */
export const REDACTION_FAILED = '(redaction failed)'

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function copy(value: unknown): unknown {
  return maskSensitive(value, undefined)
}

function mapItems(value: unknown, redact: (item: unknown) => unknown): unknown {
  return Array.isArray(value) ? value.map((item: unknown) => redact(item)) : copy(value)
}

function mapEntries(value: unknown, redact: (item: unknown, key: string) => unknown): unknown {
  if (!isRecord(value)) return copy(value)
  const redacted: Json = {}
  for (const [key, item] of Object.entries(value)) setOwn(redacted, key, redact(item, key))
  return redacted
}

function withFields(value: Json, fields: Json): Json {
  const redacted: Json = {}
  for (const [key, item] of Object.entries(value)) {
    setOwn(redacted, key, Object.hasOwn(fields, key) ? fields[key] : copy(item))
  }
  return redacted
}

/** A `change` object: `before`/`after` masked by `before_sensitive`/`after_sensitive`. */
function redactChange(change: unknown, sensitive = false): unknown {
  if (!isRecord(change)) return copy(change)
  return withFields(change, {
    before: maskSensitive(change.before, sensitive || change.before_sensitive),
    after: maskSensitive(change.after, sensitive || change.after_sensitive),
  })
}

function redactResourceChange(entry: unknown): unknown {
  return isRecord(entry) ? withFields(entry, { change: redactChange(entry.change) }) : copy(entry)
}

// Masks by resource address, from the changes: planned values and the prior state do not
// always mark what the change marks (a whole block sensitive in the change, not in the values).
type AddressMasks = ReadonlyMap<string, unknown>

function redactStateModule(module: unknown, masks: AddressMasks, depth = 0): unknown {
  if (!isRecord(module) || depth > 64) return copy(module)
  return withFields(module, {
    resources: mapItems(module.resources, (resource) =>
      isRecord(resource)
        ? withFields(resource, {
            values: maskSensitive(
              resource.values,
              mergeMasks(
                resource.sensitive_values,
                typeof resource.address === 'string' ? masks.get(resource.address) : undefined,
              ),
            ),
          })
        : copy(resource),
    ),
    child_modules: mapItems(module.child_modules, (child) =>
      redactStateModule(child, masks, depth + 1),
    ),
  })
}

function redactOutput(output: unknown, name: string): unknown {
  if (!isRecord(output)) return copy(output)
  const sensitive = output.sensitive === true || isSecretName(name)
  return withFields(output, { value: maskSensitive(output.value, sensitive) })
}

/** `planned_values` and `prior_state.values`: outputs and modules of resources. */
function redactValues(values: unknown, masks: AddressMasks): unknown {
  if (!isRecord(values)) return copy(values)
  return withFields(values, {
    outputs: mapEntries(values.outputs, redactOutput),
    root_module: redactStateModule(values.root_module, masks),
  })
}

// An expression leaf (`{constant_value, references}`) or a block of attribute expressions.
function redactExpressions(
  expressions: unknown,
  mask: unknown,
  secret: boolean,
  depth = 0,
): unknown {
  if (depth > 64) return copy(expressions)
  if (Array.isArray(expressions)) {
    return expressions.map((block: unknown) => redactExpressions(block, mask, secret, depth + 1))
  }
  if (!isRecord(expressions)) return copy(expressions)
  if ('constant_value' in expressions) {
    return withFields(expressions, {
      constant_value: maskSensitive(expressions.constant_value, secret || mask),
    })
  }
  const redacted: Json = {}
  for (const [key, item] of Object.entries(expressions)) {
    const child = isRecord(mask) ? mask[key] : mask === true ? true : undefined
    setOwn(redacted, key, redactExpressions(item, child, secret || isSecretName(key), depth + 1))
  }
  return redacted
}

interface ConfigContext {
  readonly typeMasks: ReadonlyMap<string, unknown>
  readonly addressMasks: AddressMasks
  readonly sensitiveVariables: Set<string>
}

function redactConfigModule(module: unknown, context: ConfigContext, depth = 0): unknown {
  if (!isRecord(module) || depth > 64) return copy(module)
  return withFields(module, {
    outputs: mapEntries(module.outputs, (output, name) =>
      isRecord(output)
        ? withFields(output, {
            expression: redactExpressions(
              output.expression,
              undefined,
              output.sensitive === true || isSecretName(name),
            ),
          })
        : copy(output),
    ),
    resources: mapItems(module.resources, (resource) =>
      isRecord(resource)
        ? withFields(resource, {
            expressions: redactExpressions(
              resource.expressions,
              typeof resource.type === 'string' ? context.typeMasks.get(resource.type) : undefined,
              false,
            ),
          })
        : copy(resource),
    ),
    module_calls: mapEntries(module.module_calls, (call) =>
      isRecord(call)
        ? withFields(call, {
            expressions: redactExpressions(call.expressions, undefined, false),
            module: redactConfigModule(call.module, context, depth + 1),
          })
        : copy(call),
    ),
    variables: mapEntries(module.variables, (variable, name) => {
      if (!isRecord(variable)) return copy(variable)
      const sensitive = variable.sensitive === true || isSecretName(name)
      if (sensitive && depth === 0) context.sensitiveVariables.add(name)
      return withFields(variable, { default: maskSensitive(variable.default, sensitive) })
    }),
  })
}

function redactConfiguration(configuration: unknown, context: ConfigContext): unknown {
  if (!isRecord(configuration)) return copy(configuration)
  return withFields(configuration, {
    provider_config: mapEntries(configuration.provider_config, (provider) =>
      isRecord(provider)
        ? withFields(provider, {
            expressions: redactExpressions(provider.expressions, undefined, false),
          })
        : copy(provider),
    ),
    root_module: redactConfigModule(configuration.root_module, context),
  })
}

function addTypeMask(masks: Map<string, unknown>, type: unknown, ...found: unknown[]): void {
  if (typeof type !== 'string') return
  let mask = masks.get(type)
  for (const part of found) mask = mergeMasks(mask, collapseMask(part))
  if (mask !== undefined) masks.set(type, mask)
}

function collectStateMasks(module: unknown, masks: Map<string, unknown>, depth = 0): void {
  if (!isRecord(module) || depth > 64) return
  if (Array.isArray(module.resources)) {
    for (const resource of module.resources as unknown[]) {
      if (isRecord(resource)) addTypeMask(masks, resource.type, resource.sensitive_values)
    }
  }
  if (Array.isArray(module.child_modules)) {
    for (const child of module.child_modules as unknown[])
      collectStateMasks(child, masks, depth + 1)
  }
}

function collectAddressMasks(plan: Json): Map<string, unknown> {
  const masks = new Map<string, unknown>()
  for (const key of ['resource_changes', 'resource_drift']) {
    const entries = plan[key]
    if (!Array.isArray(entries)) continue
    for (const entry of entries as unknown[]) {
      if (!isRecord(entry) || !isRecord(entry.change) || typeof entry.address !== 'string') continue
      const found = mergeMasks(entry.change.before_sensitive, entry.change.after_sensitive)
      masks.set(entry.address, mergeMasks(masks.get(entry.address), found))
    }
  }
  return masks
}

// Sensitivity per resource type, to redact the constants the configuration sets for those attributes.
function collectTypeMasks(plan: Json): Map<string, unknown> {
  const masks = new Map<string, unknown>()
  for (const key of ['resource_changes', 'resource_drift']) {
    const entries = plan[key]
    if (!Array.isArray(entries)) continue
    for (const entry of entries as unknown[]) {
      if (!isRecord(entry) || !isRecord(entry.change)) continue
      addTypeMask(masks, entry.type, entry.change.before_sensitive, entry.change.after_sensitive)
    }
  }
  for (const values of [
    plan.planned_values,
    isRecord(plan.prior_state) ? plan.prior_state.values : undefined,
  ]) {
    if (isRecord(values)) collectStateMasks(values.root_module, masks)
  }
  return masks
}

/**
 * Copies a plan (`terraform show -json` output) with every sensitive value replaced by
 * `(sensitive)`, so that it can be stored, logged and shown. Redacted are: values marked in
 * `before_sensitive`/`after_sensitive` (resource changes, drift, deferred changes) and in
 * `sensitive_values` (planned values, prior state); sensitive outputs and output changes;
 * variables that are declared sensitive or whose name says secret, password, token or key;
 * and constants in the configuration for attributes that are sensitive or named like a secret.
 * Anything that is not a plan is copied as it is. Never throws: input that cannot be walked
 * (not JSON data) gives the string `(redaction failed)` instead of a copy.
 */
export function redactTerraformPlan(plan: unknown): unknown {
  try {
    return redactPlan(plan)
  } catch {
    // Fail closed: what could not be walked is not shown at all.
    return REDACTION_FAILED
  }
}

function redactPlan(plan: unknown): unknown {
  if (!isRecord(plan)) return copy(plan)
  const context: ConfigContext = {
    typeMasks: collectTypeMasks(plan),
    addressMasks: collectAddressMasks(plan),
    sensitiveVariables: new Set(),
  }
  // The configuration says which variables are sensitive, so it goes first.
  const configuration = redactConfiguration(plan.configuration, context)
  return withFields(plan, {
    configuration,
    resource_changes: mapItems(plan.resource_changes, redactResourceChange),
    resource_drift: mapItems(plan.resource_drift, redactResourceChange),
    deferred_changes: mapItems(plan.deferred_changes, (deferred) =>
      isRecord(deferred)
        ? withFields(deferred, { resource_change: redactResourceChange(deferred.resource_change) })
        : copy(deferred),
    ),
    output_changes: mapEntries(plan.output_changes, (change, name) =>
      redactChange(change, (isRecord(change) && change.sensitive === true) || isSecretName(name)),
    ),
    planned_values: redactValues(plan.planned_values, context.addressMasks),
    prior_state: isRecord(plan.prior_state)
      ? withFields(plan.prior_state, {
          values: redactValues(plan.prior_state.values, context.addressMasks),
        })
      : copy(plan.prior_state),
    variables: mapEntries(plan.variables, (variable, name) =>
      isRecord(variable)
        ? withFields(variable, {
            value: maskSensitive(
              variable.value,
              context.sensitiveVariables.has(name) || isSecretName(name),
            ),
          })
        : maskSensitive(variable, isSecretName(name)),
    ),
  })
}
