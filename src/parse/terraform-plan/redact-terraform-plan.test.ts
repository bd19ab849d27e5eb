import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

import { describe, expect, it } from 'vitest'

import { REDACTION_FAILED, redactTerraformPlan } from './redact-terraform-plan.js'
import { isSensitivePath, maskSensitive } from './sensitive-mask.js'

const S = '(sensitive)'

function changeWith(change: Record<string, unknown>): Record<string, unknown> {
  return {
    format_version: '1.2',
    resource_changes: [{ address: 'aws_db_instance.main', type: 'aws_db_instance', change }],
  }
}

function firstChange(plan: unknown): Record<string, unknown> {
  const changes = (plan as { resource_changes: { change: Record<string, unknown> }[] })
    .resource_changes
  return changes[0]?.change ?? {}
}

describe('redactTerraformPlan', () => {
  it.each<[string, unknown, unknown, unknown]>([
    [
      'a sensitive leaf',
      { password: 'p', name: 'n' },
      { password: true },
      { password: S, name: 'n' },
    ],
    ['a whole sensitive object', { block: { a: 1, b: 2 } }, { block: true }, { block: S }],
    ['a whole sensitive value', { a: 1 }, true, S],
    [
      'items of a list',
      { list: [{ v: 'x' }, { v: 'y' }] },
      { list: [{}, { v: true }] },
      { list: [{ v: 'x' }, { v: S }] },
    ],
    ['nothing when the mask is false', { password: 'p' }, false, { password: 'p' }],
    ['nothing in a null value', null, true, null],
    ['a sensitive null leaf as null', { password: null }, { password: true }, { password: null }],
  ])('redacts %s in before and after', (_, value, mask, redacted) => {
    const plan = changeWith({
      actions: ['update'],
      before: value,
      after: value,
      before_sensitive: mask,
      after_sensitive: mask,
    })
    const change = firstChange(redactTerraformPlan(plan))
    expect(change.before).toEqual(redacted)
    expect(change.after).toEqual(redacted)
  })

  it('keeps the masks, the actions and the addresses as they are', () => {
    const plan = changeWith({
      actions: ['delete', 'create'],
      before: { password: 'p' },
      after: { password: 'q' },
      before_sensitive: { password: true },
      after_sensitive: { password: true },
      replace_paths: [['password']],
    })
    const redacted = redactTerraformPlan(plan)
    expect(redacted).toEqual({
      format_version: '1.2',
      resource_changes: [
        {
          address: 'aws_db_instance.main',
          type: 'aws_db_instance',
          change: {
            actions: ['delete', 'create'],
            before: { password: S },
            after: { password: S },
            before_sensitive: { password: true },
            after_sensitive: { password: true },
            replace_paths: [['password']],
          },
        },
      ],
    })
  })

  it('does not change the plan it is given', () => {
    const plan = changeWith({
      actions: ['update'],
      before: { password: 'p' },
      after: { password: 'q' },
      after_sensitive: { password: true },
    })
    const before = JSON.stringify(plan)
    redactTerraformPlan(plan)
    expect(JSON.stringify(plan)).toBe(before)
  })

  it('redacts drift and deferred changes like resource changes', () => {
    const change = {
      actions: ['update'],
      before: { t: 'a' },
      after: { t: 'b' },
      after_sensitive: { t: true },
    }
    const plan = {
      resource_drift: [{ address: 'x.y', change }],
      deferred_changes: [
        { reason: 'provider_config_unknown', resource_change: { address: 'x.z', change } },
      ],
    }
    const text = JSON.stringify(redactTerraformPlan(plan))
    expect(text).not.toContain('"b"')
    expect(text).toContain('"a"')
  })

  it.each([
    ['marked sensitive', { actions: ['update'], before: 'old', after: 'new', sensitive: true }],
    [
      'with a sensitive after',
      {
        actions: ['update'],
        before: 'old',
        after: 'new',
        before_sensitive: true,
        after_sensitive: true,
      },
    ],
  ])('redacts an output change %s', (_, change) => {
    const redacted = redactTerraformPlan({ output_changes: { dsn: change } }) as {
      output_changes: { dsn: Record<string, unknown> }
    }
    expect(redacted.output_changes.dsn).toMatchObject({ before: S, after: S })
  })

  it('redacts an output whose name says secret, even unmarked', () => {
    const plan = {
      output_changes: { api_token: { actions: ['create'], before: null, after: 't' } },
    }
    expect(JSON.stringify(redactTerraformPlan(plan))).not.toContain('"t"')
  })

  it.each([
    ['db_password', true],
    ['apiToken', true],
    ['client_secret', true],
    ['ssh_private_key', true],
    ['storage_connection_string', true],
    ['environment', false],
    ['region', false],
    ['monkey', false],
  ])('redacts the variable `%s`: %s', (name, redacted) => {
    const plan = { variables: { [name]: { value: 'v' } } }
    const value = (redactTerraformPlan(plan) as { variables: Record<string, { value: unknown }> })
      .variables[name]?.value
    expect(value).toBe(redacted ? S : 'v')
  })

  it('redacts a variable the configuration declares sensitive, and its default', () => {
    const plan = {
      variables: { admin: { value: 'root-pw' } },
      configuration: {
        root_module: { variables: { admin: { default: 'dflt', sensitive: true } } },
      },
    }
    const text = JSON.stringify(redactTerraformPlan(plan))
    expect(text).not.toContain('root-pw')
    expect(text).not.toContain('dflt')
  })

  it('redacts sensitive values in planned values and the prior state, and sensitive outputs', () => {
    const resource = {
      address: 'aws_db_instance.main',
      type: 'aws_db_instance',
      values: { password: 'pw-1', name: 'db' },
      sensitive_values: { password: true },
    }
    const values = {
      outputs: { dsn: { value: 'postgres://u:pw-2@h/db', sensitive: true } },
      root_module: { resources: [resource], child_modules: [{ resources: [resource] }] },
    }
    const text = JSON.stringify(
      redactTerraformPlan({ planned_values: values, prior_state: { values } }),
    )
    expect(text).not.toMatch(/pw-1|pw-2/)
    expect(text).toContain('"db"')
  })

  it('redacts configuration constants for attributes that are sensitive in the changes', () => {
    const plan = {
      resource_changes: [
        {
          address: 'azuredevops_variable_group.main',
          type: 'azuredevops_variable_group',
          change: {
            actions: ['create'],
            before: null,
            after: { secret_variable: [{ name: 'K', value: 'clear-1' }] },
            after_sensitive: { secret_variable: true },
          },
        },
      ],
      configuration: {
        provider_config: { aws: { expressions: { secret_key: { constant_value: 'clear-2' } } } },
        root_module: {
          resources: [
            {
              address: 'azuredevops_variable_group.main',
              type: 'azuredevops_variable_group',
              expressions: {
                secret_variable: [
                  { name: { constant_value: 'K' }, value: { constant_value: 'clear-3' } },
                ],
                name: { constant_value: 'public-name' },
              },
            },
          ],
          module_calls: {
            db: {
              expressions: { password: { constant_value: 'clear-4' } },
              module: { outputs: { token: { expression: { constant_value: 'clear-5' } } } },
            },
          },
        },
      },
    }
    const text = JSON.stringify(redactTerraformPlan(plan))
    expect(text).not.toMatch(/clear-\d/)
    expect(text).toContain('public-name')
  })

  it('keeps a `__proto__` key as data instead of a prototype', () => {
    const plan = JSON.parse(
      '{"resource_changes":[{"change":{"before":{"__proto__":{"skip_final_snapshot":true}}}}]}',
    ) as unknown
    const before = firstChange(redactTerraformPlan(plan)).before as Record<string, unknown>
    expect(Object.getPrototypeOf(before)).toBe(Object.prototype)
    expect(Object.keys(before)).toEqual(['__proto__'])
    expect(before.skip_final_snapshot).toBeUndefined()
  })

  it.each([[null], ['text'], [42], [[1, { a: 2 }]]])('copies %j, which is not a plan', (value) => {
    expect(redactTerraformPlan(value)).toEqual(value)
  })

  it('gives a marker instead of a copy for input it cannot walk', () => {
    const hostile = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('boom')
        },
      },
    )
    expect(redactTerraformPlan(hostile)).toBe(REDACTION_FAILED)
  })
})

describe('isSensitivePath', () => {
  it.each<[unknown, (string | number)[], boolean]>([
    [{ password: true }, ['password'], true],
    [{ password: true }, ['name'], false],
    [{ block: true }, ['block', 0, 'x'], true],
    [{ list: [{}, { v: true }] }, ['list', 1, 'v'], true],
    [{ list: [{}, { v: true }] }, ['list', 0, 'v'], false],
    [true, [], true],
    [false, ['a'], false],
    [undefined, ['a'], false],
  ])('reads %j at %j as %s', (mask, path, sensitive) => {
    expect(isSensitivePath(mask, path)).toBe(sensitive)
  })
})

describe('maskSensitive', () => {
  it('stops at a depth no real plan reaches', () => {
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    expect(JSON.stringify(maskSensitive(cyclic, undefined))).toContain('(too deep)')
  })
})

const FIXTURES = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  '..',
  'shared',
  'fixtures',
  'terraform-plan',
)
const available = existsSync(FIXTURES)
if (!available && process.env.CI !== undefined) {
  throw new Error(`the real terraform plans are missing at ${FIXTURES}; CI must have ../shared`)
}

// Every leaf value a mask marks sensitive, from the original plan.
function sensitiveLeaves(value: unknown, mask: unknown, found: string[]): void {
  if (mask === true) {
    if (typeof value === 'string' && value.length >= 4) found.push(value)
    else if (typeof value === 'object' && value !== null) {
      for (const item of Object.values(value)) sensitiveLeaves(item, true, found)
    }
    return
  }
  if (typeof value !== 'object' || value === null || typeof mask !== 'object' || mask === null) {
    return
  }
  for (const [key, item] of Object.entries(value)) {
    sensitiveLeaves(item, (mask as Record<string, unknown>)[key], found)
  }
}

describe.skipIf(!available)('redactTerraformPlan on real plans', () => {
  it.each([
    ['azuredevops-delete-and-replace-tf1.14.json'],
    ['local-null-replaces-sensitive-tf1.7.json'],
    ['google-noop-drift-sensitive-tf1.4.json'],
  ])('leaves no sensitive value anywhere in %s', (file) => {
    const plan = JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as {
      resource_changes: { change: Record<string, unknown> }[]
    }
    const secrets: string[] = []
    for (const { change } of plan.resource_changes) {
      sensitiveLeaves(change.before, change.before_sensitive, secrets)
      sensitiveLeaves(change.after, change.after_sensitive, secrets)
    }
    const text = JSON.stringify(redactTerraformPlan(plan))
    for (const secret of secrets) expect(text).not.toContain(JSON.stringify(secret))
  })

  it('removes the clear-text secret of the azuredevops plan from every part of it', () => {
    const text = readFileSync(join(FIXTURES, 'azuredevops-delete-and-replace-tf1.14.json'), 'utf8')
    expect(text).toContain('supersecret')
    const redacted = JSON.stringify(redactTerraformPlan(JSON.parse(text) as unknown))
    expect(redacted).not.toContain('supersecret')
  })
})

// Without ../shared the real-plan suite above shows as skipped and this says why.
it.runIf(!available)('skips the real terraform plans, which are not beside this checkout', () => {
  expect(existsSync(FIXTURES)).toBe(false)
})
