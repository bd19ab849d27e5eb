import { describe, expect, it } from 'vitest'

import type { PolicySource } from '../../model/gateway-config.js'
import { PolicyLoadError } from '../policy-load-error.js'
import { loadCedarPolicyEngine, validatePolicySources } from './cedar-policy-engine.js'

function source(text: string, file = 'policies/a.cedar', shadow = false): PolicySource {
  return { file, text, shadow }
}

const PERMIT = 'permit (principal, action, resource);'

describe('validatePolicySources', () => {
  it('reports nothing when every policy parses and validates', () => {
    expect(
      validatePolicySources([
        source(`// Agents may read anywhere.
@id("reads")
permit (principal is Agent, action, resource) when { context.riskLevel == 0 };`),
        source(PERMIT, 'policies/b.cedar'),
      ]),
    ).toEqual([])
  })

  it('reports a parse error at its file, line and column', () => {
    const text = `// first line
${PERMIT}

forbid (principal, action, resource)
when { context.riskLevel >= };
`
    expect(validatePolicySources([source(text)])).toEqual([
      {
        file: 'policies/a.cedar',
        line: 5,
        column: 29,
        message: expect.stringMatching(/^unexpected token `}`/) as unknown,
      },
    ])
  })

  it('reports a validation error at the line and column of the offending expression', () => {
    const text = `${PERMIT}
// a comment that quotes the next policy: forbid (principal, action, resource)
@id("typo")
forbid (principal, action, resource)
when { context.riskLevl > 1 };
`
    expect(validatePolicySources([source(text)])).toEqual([
      {
        file: 'policies/a.cedar',
        line: 5,
        column: 8,
        message:
          'policy `typo`: attribute `riskLevl` in context not found: did you mean `riskLevel`?',
      },
    ])
  })

  it('finds the right policy when a file holds more than ten', () => {
    const policies = Array.from(
      { length: 12 },
      (_, index) => `forbid (principal, action, resource) when { context.riskLevel == ${index} };`,
    )
    policies[10] = 'forbid (principal, action, resource) when { context.nope };'
    expect(validatePolicySources([source(policies.join('\n'))])).toMatchObject([
      {
        line: 11,
        column: 45,
        message: expect.stringMatching(/^policy `policies\/a\.cedar#11`/) as unknown,
      },
    ])
  })

  it('counts columns in characters when the file holds non-ASCII text', () => {
    const text = '@reason("ünïcödé ☃") forbid (principal, action, resource) when { context.nope };'
    expect(validatePolicySources([source(text)])).toMatchObject([
      { line: 1, column: text.indexOf('context.nope') + 1 },
    ])
  })

  it('reports a type error that strict validation finds', () => {
    expect(
      validatePolicySources([
        source(
          'forbid (principal, action, resource) when { context.impact.downtimeMinutes > 60 };',
        ),
      ]),
    ).toMatchObject([
      {
        line: 1,
        column: 45,
        message: expect.stringMatching(/optional attribute `impact`/) as unknown,
      },
    ])
  })

  it('reports an action that is not an effect system', () => {
    expect(
      validatePolicySources([source('forbid (principal, action == Action::"kubectl", resource);')]),
    ).toMatchObject([
      { line: 1, column: 30, message: expect.stringMatching(/unrecognized action/) as unknown },
    ])
  })

  it.each([
    ['airlock::freeze', /reserved/],
    ['airlock::opaque', /reserved/],
    ['airlock::anything', /reserved/],
    ['', /empty/],
  ])('reports the id %s', (id, message) => {
    expect(validatePolicySources([source(`@id("${id}")\n${PERMIT}`)])).toMatchObject([
      { line: 1, column: 1, message: expect.stringMatching(message) as unknown },
    ])
  })

  it('reports a duplicate id with where it was first used', () => {
    expect(
      validatePolicySources([
        source(`@id("same")\n${PERMIT}`),
        source(`\n\n@id("same")\n${PERMIT}`, 'policies/b.cedar'),
      ]),
    ).toEqual([
      {
        file: 'policies/b.cedar',
        line: 3,
        column: 1,
        message: 'policy `same`: duplicate id, first used at policies/a.cedar:1',
      },
    ])
  })

  it('reports a duplicate id when a shadow policy reuses an enforced one', () => {
    expect(
      validatePolicySources([
        source(`@id("same")\n${PERMIT}`),
        source(`@id("same")\n${PERMIT}`, 'policies/a.shadow.cedar', true),
      ]),
    ).toMatchObject([
      { file: 'policies/a.shadow.cedar', message: expect.stringMatching(/duplicate/) as unknown },
    ])
  })

  it.each(['two', '-1', '1.5', '100', ''])('reports @approvals("%s") as malformed', (value) => {
    expect(
      validatePolicySources([
        source(`@approvals("${value}")\nforbid (principal, action, resource);`),
      ]),
    ).toMatchObject([
      { message: expect.stringMatching(/`@approvals` must be a whole number/) as unknown },
    ])
  })

  it('reports @approvals without a value as malformed', () => {
    expect(
      validatePolicySources([source('@approvals\nforbid (principal, action, resource);')]),
    ).toMatchObject([
      { message: expect.stringMatching(/`@approvals` must be a whole number/) as unknown },
    ])
  })

  it('reports @approvals on a permit', () => {
    expect(validatePolicySources([source(`@approvals("1")\n${PERMIT}`)])).toMatchObject([
      { message: expect.stringMatching(/applies to forbid policies only/) as unknown },
    ])
  })

  it('reports a policy template', () => {
    expect(
      validatePolicySources([
        source(`${PERMIT}\npermit (principal == ?principal, action, resource);`),
      ]),
    ).toMatchObject([{ line: 2, column: 1, message: 'policy templates are not supported' }])
  })

  it('reports problems in every file when several are broken', () => {
    expect(
      validatePolicySources([
        source('permit (principal'),
        source('forbid (', 'policies/b.cedar'),
      ]).map((problem) => problem.file),
    ).toEqual(['policies/a.cedar', 'policies/b.cedar'])
  })
})

describe('loadCedarPolicyEngine', () => {
  it('throws every problem with its location when a policy does not load', () => {
    const load = (): unknown =>
      loadCedarPolicyEngine({
        policies: [source('forbid (principal, action, resource) when { context.nope };')],
        agents: [],
        humans: [],
        environments: [],
      })
    expect(load).toThrow(PolicyLoadError)
    expect(load).toThrow(
      'policies: 1 problem: policies/a.cedar:1:45: policy `policies/a.cedar#1`: attribute `nope` in context not found',
    )
  })
})
