import { readFileSync } from 'node:fs'
import { join } from 'node:path'

import { beforeAll, describe, expect, it } from 'vitest'

import type { Action } from '../../src/model/action.js'
import type { Effect } from '../../src/model/effect.js'
import type { ImpactReport } from '../../src/model/impact-report.js'
import { analyzeAction } from '../../src/parse/analyze-action.js'
import { loadParsers } from '../../src/parse/load-parsers.js'
import { buildInventoryGraph } from '../../src/simulate/inventory-graph.js'
import { renderImpactTree } from '../../src/simulate/render-impact-tree.js'
import { simulateImpact } from '../../src/simulate/simulate-impact.js'
import { simulateSession } from '../../src/simulate/simulate-session.js'
import {
  OUTAGE_IDS,
  OUTAGE_INVENTORY,
  OUTAGE_STACK,
} from '../fixtures/inventory/outage/outage-inventory.js'

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'inventory', 'outage')
const graph = buildInventoryGraph(OUTAGE_INVENTORY)
// What runs the service; the environment root and the stack only contain it.
const EVERY_RESOURCE = Object.values(OUTAGE_IDS).filter(
  (id) => id !== OUTAGE_IDS.environment && id !== OUTAGE_IDS.stack,
)
// The longest rebuild chain: database 45 → API 20 → dashboards 15.
const RESTORE_MINUTES = 80
const BUDGET_MINUTES = 4.32

function effectsOf(action: Action): readonly Effect[] {
  const analysis = analyzeAction(action)
  expect(analysis.opaque).toBe(false)
  return analysis.effects
}

function shell(command: string): Action {
  return { kind: 'shell', command, cwd: '/home/agent/cost-reporting', environment: 'prod' }
}

function expectEnvironmentDestruction(report: ImpactReport): void {
  expect(report.unknownTargets).toEqual([])
  const gone = report.resources
    .filter((resource) => resource.fate === 'destroyed' || resource.fate === 'replaced')
    .map((resource) => resource.id)
  expect(gone).toEqual(expect.arrayContaining(EVERY_RESOURCE))
  expect(report.dataLost).toEqual([OUTAGE_IDS.database])
  expect(report.unrecoverable).toBe(true)
  expect(report.servicesBroken).toEqual(['cost-reporting'])
  expect([...report.customerFacing].sort()).toEqual(
    [OUTAGE_IDS.api, OUTAGE_IDS.dashboards, OUTAGE_IDS.loadBalancer].sort(),
  )
  expect(report.estimatedRestoreMinutes).toBe(RESTORE_MINUTES)
  expect(report.environmentDestroyed).toBe('prod')
  expect(report.budgetBurn).toEqual([
    {
      service: 'cost-reporting',
      objective: 0.9999,
      windowDays: 30,
      budgetMinutes: BUDGET_MINUTES,
      downtimeMinutes: RESTORE_MINUTES,
      burn: Math.round((RESTORE_MINUTES / BUDGET_MINUTES) * 1000) / 1000,
    },
  ])
  expect(report.budgetBurn[0]?.burn).toBeGreaterThan(1)
}

beforeAll(loadParsers)

describe('simulating the December 2025 outage', () => {
  it('judges delete-stack then create-stack in one session as the destruction of prod', () => {
    const steps = [
      effectsOf(shell(`aws cloudformation delete-stack --stack-name ${OUTAGE_STACK}`)),
      effectsOf(
        shell(
          `aws cloudformation create-stack --stack-name ${OUTAGE_STACK} --template-body file://stack.yaml`,
        ),
      ),
    ]
    const report = simulateSession(steps, graph, { environment: 'prod' })
    expectEnvironmentDestruction(report)
    expect(report.recreated).toEqual(
      expect.arrayContaining([OUTAGE_IDS.stack, OUTAGE_IDS.database]),
    )
    expect(renderImpactTree(report)).toContain('environment `prod` destroyed')
  })

  it('reports a plan that replaces every resource as the destruction of prod', () => {
    const plan = JSON.parse(
      readFileSync(join(FIXTURES, 'replace-everything.plan.json'), 'utf8'),
    ) as unknown
    const effects = effectsOf({ kind: 'terraform-plan', plan, environment: 'prod' })
    const report = simulateImpact(effects, graph, { environment: 'prod' })
    expectEnvironmentDestruction(report)
    expect(report.resources.find((resource) => resource.id === OUTAGE_IDS.database)?.fate).toBe(
      'replaced',
    )
  })

  it('reports an MCP delete_environment call on prod as the destruction of prod', () => {
    const effects = effectsOf({
      kind: 'mcp',
      server: 'infra',
      tool: 'delete_environment',
      arguments: { environment: 'prod' },
    })
    const report = simulateImpact(effects, graph)
    expectEnvironmentDestruction(report)
    expect(report.resources.find((resource) => resource.id === OUTAGE_IDS.environment)?.fate).toBe(
      'destroyed',
    )
  })

  it('reports terraform destroy in the prod configuration as the destruction of prod', () => {
    const effects = effectsOf({
      kind: 'shell',
      command: 'terraform destroy -auto-approve',
      cwd: '/srv/cost-reporting/infra/prod',
    })
    const report = simulateImpact(effects, graph)
    expect(report.environmentDestroyed).toBe('prod')
    expect(report.dataLost).toEqual([OUTAGE_IDS.database])
  })

  it('limits deleting the database instance to the database and what needs it', () => {
    const effects = effectsOf(
      shell(
        'aws rds delete-db-instance --db-instance-identifier cost-reporting-prod-db --skip-final-snapshot',
      ),
    )
    const report = simulateImpact(effects, graph)
    expect(report.environmentDestroyed).toBeUndefined()
    expect(report.dataLost).toEqual([OUTAGE_IDS.database])
    expect(report.resources.map((resource) => [resource.id, resource.fate, resource.via])).toEqual([
      [OUTAGE_IDS.database, 'destroyed', 'target'],
      [OUTAGE_IDS.api, 'broken', `depends on ${OUTAGE_IDS.database}`],
      [OUTAGE_IDS.workers, 'broken', `depends on ${OUTAGE_IDS.database}`],
      [OUTAGE_IDS.loadBalancer, 'broken', `depends on ${OUTAGE_IDS.api}`],
      [OUTAGE_IDS.dashboards, 'broken', `depends on ${OUTAGE_IDS.api}`],
    ])
    expect(report.estimatedRestoreMinutes).toBe(45)
  })

  it('resolves DROP DATABASE by the database name', () => {
    const effects = effectsOf({ kind: 'sql', dialect: 'postgres', statement: 'DROP DATABASE cost' })
    expect(simulateImpact(effects, graph).dataLost).toEqual([OUTAGE_IDS.database])
  })

  it('resolves deleting the queue by its URL', () => {
    const effects = effectsOf(
      shell(
        'aws sqs delete-queue --queue-url https://sqs.eu-west-1.amazonaws.com/123456789012/cost-reporting-prod-jobs',
      ),
    )
    const report = simulateImpact(effects, graph)
    expect(report.resources[0]).toMatchObject({ id: OUTAGE_IDS.queue, fate: 'destroyed' })
    expect(report.dataLost).toEqual([])
  })

  it('lists an ECS delete whose effect names no service as unknown', () => {
    const effects = effectsOf(
      shell('aws ecs delete-service --cluster cost-reporting-prod --service cost-api'),
    )
    expect(simulateImpact(effects, graph).unknownTargets).toEqual(['aws:ecs'])
  })
})
