import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'

import { describe, expect, it } from 'vitest'

import type { Action } from '../../model/action.js'
import { digestAction } from '../../model/action-digest.js'
import { type Analysis, summariseAnalysis } from '../../model/analysis.js'
import type { DecisionRequest } from '../../model/decision-request.js'
import { createEffect, type EffectInit } from '../../model/effect.js'
import type { AgentConfig, EnvironmentConfig, PolicySource } from '../../model/gateway-config.js'
import { loadCedarPolicyEngine, validatePolicySources } from './cedar-policy-engine.js'

// The policies shipped in examples/policies, read as the config loader reads a policy directory.
const DIRECTORY = path.join(import.meta.dirname, '..', '..', '..', 'examples', 'policies')

const SOURCES: readonly PolicySource[] = readdirSync(DIRECTORY)
  .filter((name) => name.endsWith('.cedar'))
  .sort()
  .map((name) => ({
    file: `examples/policies/${name}`,
    text: readFileSync(path.join(DIRECTORY, name), 'utf8'),
    shadow: name.endsWith('.shadow.cedar'),
  }))

const SCOPE = { environments: ['*'], systems: ['*'], maxRisk: 'catastrophic' } as const
const CLAUDE: AgentConfig = { id: 'claude', operator: 'alice', scope: SCOPE }
const PROD: EnvironmentConfig = { name: 'prod', production: true, match: {} }
const DEV: EnvironmentConfig = { name: 'dev', production: false, match: {} }

const engine = loadCedarPolicyEngine({
  policies: SOURCES,
  agents: [CLAUDE],
  humans: [
    { id: 'alice', roles: ['approver'] },
    { id: 'bob', roles: ['approver'] },
  ],
  environments: [PROD, DEV],
})

const ACTION: Action = { kind: 'shell', command: 'true', cwd: '/srv/app' }

function decide(effect: EffectInit, environment?: EnvironmentConfig) {
  const analysis: Analysis = summariseAnalysis(
    ACTION,
    digestAction(ACTION),
    [createEffect(effect)],
    [],
  )
  const request: DecisionRequest = {
    analysis,
    agent: CLAUDE,
    environment,
    approvals: { count: 0, distinctHumans: 0, nonOperator: 0 },
    frozen: false,
    velocityExceeded: false,
    channel: 'cli',
  }
  return engine.decide(request)
}

const READ = { system: 'fs', verb: 'read', target: 'a', risk: 'safe', reason: 'reads' } as const
const WRITE = {
  system: 'k8s',
  verb: 'write',
  target: 'a',
  risk: 'mutating',
  reason: 'writes',
} as const
const DELETE = {
  system: 'fs',
  verb: 'delete',
  target: 'a',
  risk: 'destructive',
  reason: 'deletes',
} as const
const DESTROY = {
  system: 'cloud',
  verb: 'delete',
  scope: 'stack',
  target: 'stack',
  risk: 'catastrophic',
  reason: 'deletes a stack',
} as const
const WIPE = {
  system: 'device',
  verb: 'overwrite',
  target: '/dev/sda',
  risk: 'catastrophic',
  reason: 'wipes',
} as const

describe('examples/policies', () => {
  it('holds a shadow example and policies to enforce', () => {
    expect(SOURCES.filter((source) => source.shadow)).toHaveLength(1)
    expect(SOURCES.filter((source) => !source.shadow).length).toBeGreaterThanOrEqual(3)
  })

  it('validates against the schema', () => {
    expect(validatePolicySources(SOURCES)).toEqual([])
  })

  it.each([
    ['a safe action', READ, DEV, 'allow', 0],
    ['a safe action in production', READ, PROD, 'allow', 0],
    ['a mutating action', WRITE, DEV, 'allow', 0],
    ['a destructive action', DELETE, DEV, 'approve', 1],
    ['a destructive action in production', DELETE, PROD, 'approve', 1],
    ['a catastrophic action', DESTROY, DEV, 'approve', 2],
    ['a catastrophic action in production', DESTROY, PROD, 'approve', 2],
    ['a device write outside production', WIPE, DEV, 'approve', 2],
    ['a device write in production', WIPE, PROD, 'deny', 0],
  ] as const)(
    'decides %s as the examples promise',
    (_, effect, environment, decision, approvals) => {
      expect(decide(effect, environment)).toMatchObject({ decision, approvals })
    },
  )

  it('reports the shadow trial for a change in production without enforcing it', () => {
    expect(decide(WRITE, PROD)).toMatchObject({
      decision: 'allow',
      shadow: {
        decision: 'approve',
        approvals: 1,
        policies: ['trial-production-changes-need-approval'],
      },
    })
  })

  it('asks for two approvals when an environment-wide deletion lands in production', () => {
    expect(decide(DESTROY, PROD).policies).toContain('production-environment-deletes')
  })
})
