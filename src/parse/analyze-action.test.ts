import { beforeAll, describe, expect, it } from 'vitest'

import { analyzeAction } from './analyze-action.js'
import { loadParsers } from './load-parsers.js'

beforeAll(loadParsers)

const planWithSecret = {
  format_version: '1.2',
  terraform_version: '1.9.8',
  resource_changes: [
    {
      address: 'aws_db_instance.main',
      mode: 'managed',
      type: 'aws_db_instance',
      name: 'main',
      provider_name: 'registry.terraform.io/hashicorp/aws',
      change: {
        actions: ['update'],
        before: { password: 'hunter2-old', instance_class: 'db.t3.small' },
        after: { password: 'hunter2-new', instance_class: 'db.t3.medium' },
        before_sensitive: { password: true },
        after_sensitive: { password: true },
      },
    },
  ],
}

describe('analyzeAction', () => {
  it('keeps a plan with its sensitive values redacted and digests the plan as proposed', () => {
    const action = { kind: 'terraform-plan', plan: planWithSecret } as const
    const analysis = analyzeAction(action)
    const kept = JSON.stringify(analysis.action)
    expect(kept).not.toContain('hunter2')
    expect(kept).toContain('(sensitive)')
    const other = analyzeAction({
      kind: 'terraform-plan',
      plan: { ...planWithSecret, terraform_version: '1.9.9' },
    })
    expect(other.digest).not.toBe(analysis.digest)
  })

  it('uses the risk an operator declared for their own tool', () => {
    const action = {
      kind: 'mcp',
      server: 'ops',
      tool: 'frobnicate_widgets',
      arguments: {},
    } as const
    expect(analyzeAction(action).opaque).toBe(true)
    const declared = analyzeAction(action, {
      mcpToolRisks: new Map([['ops/frobnicate_widgets', 'mutating']]),
    })
    expect({ risk: declared.risk, opaque: declared.opaque }).toEqual({
      risk: 'mutating',
      opaque: false,
    })
  })

  it('makes a whole-database reset catastrophic in production and destructive in development', () => {
    const reset = {
      kind: 'sql',
      dialect: 'postgres',
      statement: 'DROP SCHEMA public CASCADE',
    } as const
    expect(analyzeAction({ ...reset, environment: 'prod' }).risk).toBe('catastrophic')
    expect(analyzeAction({ ...reset, environment: 'dev' }).risk).toBe('destructive')
  })
})
