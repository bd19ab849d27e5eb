import { describe, expect, it } from 'vitest'

import { createEffect, type Effect, type EffectInit } from '../model/effect.js'
import type {
  Inventory,
  InventoryDependency,
  InventoryResource,
  ResourceFacts,
} from '../model/inventory.js'
import { buildInventoryGraph } from './inventory-graph.js'
import { DEFAULT_REBUILD_MINUTES, simulateImpact } from './simulate-impact.js'

function resource(
  id: string,
  facts: Partial<ResourceFacts> = {},
  extra: Partial<InventoryResource> = {},
): InventoryResource {
  return {
    id,
    type: 'thing',
    name: id,
    environment: 'prod',
    identifiers: { names: [id] },
    facts: { stateful: false, recentBackup: false, customerFacing: false, ...facts },
    source: 'test',
    ...extra,
  }
}

function inventory(
  resources: InventoryResource[],
  dependencies: InventoryDependency[] = [],
  objectives: Inventory['objectives'] = [],
) {
  return buildInventoryGraph({ resources, dependencies, objectives, importedAt: 0 })
}

function on(target: string, verb: EffectInit['verb'] = 'delete', init: Partial<EffectInit> = {}) {
  return createEffect({
    system: 'cloud',
    verb,
    target,
    risk: 'destructive',
    reason: 'test',
    ...init,
  })
}

function fates(effects: readonly Effect[], graph: ReturnType<typeof inventory>) {
  return simulateImpact(effects, graph).resources.map((r) => [r.id, r.fate, r.via])
}

// web → api → db; api → cache; all in stack `app` in env `prod`.
const app = inventory(
  [
    resource('env:prod'),
    resource('app', {}, { parent: 'env:prod' }),
    resource('db', { stateful: true, rebuildMinutes: 30, service: 'shop' }, { parent: 'app' }),
    resource('cache', { rebuildMinutes: 10, service: 'shop' }, { parent: 'app' }),
    resource('api', { rebuildMinutes: 20, service: 'shop' }, { parent: 'app' }),
    resource('web', { customerFacing: true, service: 'shop' }, { parent: 'app' }),
    resource('backup-db', { stateful: true, recentBackup: true, rebuildMinutes: 60 }),
    resource('other', {}, { environment: 'staging' }),
  ],
  [
    { from: 'web', to: 'api' },
    { from: 'api', to: 'db' },
    { from: 'api', to: 'cache' },
  ],
  [{ service: 'shop', objective: 0.999, windowDays: 30 }],
)

describe('simulateImpact', () => {
  it('ignores effects that only read or create', () => {
    const report = simulateImpact([on('db', 'read'), on('new-thing', 'create')], app)
    expect(report.resources).toEqual([])
    expect(report.unknownTargets).toEqual([])
    expect(report.estimatedRestoreMinutes).toBe(0)
  })

  it('lists a target the inventory does not know instead of assuming it harmless', () => {
    const report = simulateImpact([on('aws:rds:ghost')], app)
    expect(report.unknownTargets).toEqual(['aws:rds:ghost'])
    expect(report.resources).toEqual([])
  })

  it('does not list local paths and git as unknown', () => {
    const report = simulateImpact(
      [
        on('/tmp/build', 'delete', { system: 'fs' }),
        on('origin main', 'rewrite-history', { system: 'git' }),
      ],
      app,
    )
    expect(report.unknownTargets).toEqual([])
  })

  it('destroys what a destroyed resource contains, nested by containment', () => {
    expect(fates([on('env:prod')], app)).toEqual([
      ['env:prod', 'destroyed', 'target'],
      ['app', 'destroyed', 'contained in env:prod'],
      ['db', 'destroyed', 'contained in app'],
      ['cache', 'destroyed', 'contained in app'],
      ['api', 'destroyed', 'contained in app'],
      ['web', 'destroyed', 'contained in app'],
    ])
  })

  it('breaks everything that needs a destroyed resource, transitively', () => {
    expect(fates([on('db')], app)).toEqual([
      ['db', 'destroyed', 'target'],
      ['api', 'broken', 'depends on db'],
      ['web', 'broken', 'depends on api'],
    ])
  })

  it('replaces what a plan replaces and breaks what needs it', () => {
    const replace = on('cache', 'overwrite', { system: 'iac' })
    expect(fates([replace], app)).toEqual([
      ['cache', 'replaced', 'target'],
      ['api', 'broken', 'depends on cache'],
      ['web', 'broken', 'depends on api'],
    ])
  })

  it('modifies the target of a write, restart or scale and breaks nothing', () => {
    const report = simulateImpact([on('api', 'restart'), on('web', 'scale')], app)
    expect(report.resources.map((r) => [r.id, r.fate])).toEqual([
      ['api', 'modified'],
      ['web', 'modified'],
    ])
    expect(report.servicesBroken).toEqual([])
    expect(report.customerFacing).toEqual([])
    expect(report.estimatedRestoreMinutes).toBe(0)
    expect(report.budgetBurn).toEqual([])
  })

  it('keeps the worst fate when effects meet on one resource', () => {
    expect(fates([on('api', 'restart'), on('db')], app)).toEqual([
      ['api', 'broken', 'depends on db'],
      ['db', 'destroyed', 'target'],
      ['web', 'broken', 'depends on api'],
    ])
  })

  it('counts data lost only for stateful resources without a recent backup', () => {
    const report = simulateImpact([on('db'), on('backup-db'), on('cache')], app)
    expect(report.dataLost).toEqual(['db'])
    expect(report.unrecoverable).toBe(true)
    expect(simulateImpact([on('backup-db')], app).unrecoverable).toBeUndefined()
  })

  it('counts data lost when an effect wipes a stateful resource in place', () => {
    const wipe = on('db', 'delete', { system: 'database', scope: 'collection' })
    expect(simulateImpact([wipe], app).dataLost).toEqual(['db'])
    const truncate = on('db', 'overwrite', { system: 'database', dataLoss: true })
    expect(simulateImpact([truncate], app).dataLost).toEqual(['db'])
    const write = on('db', 'write', { system: 'database', risk: 'mutating', dataLoss: false })
    expect(simulateImpact([write], app).dataLost).toEqual([])
  })

  it('estimates the restore as the longest rebuild chain, dependencies first', () => {
    // db 30 → api 20 → web 15 (default); cache 10 runs alongside db.
    expect(simulateImpact([on('app')], app).estimatedRestoreMinutes).toBe(
      30 + 20 + DEFAULT_REBUILD_MINUTES,
    )
    // A broken resource rebuilds nothing: it is back when what it needs is.
    expect(simulateImpact([on('cache')], app).estimatedRestoreMinutes).toBe(10)
  })

  it('finishes the estimate when dependencies form a cycle', () => {
    const cyclic = inventory(
      [resource('a', { rebuildMinutes: 5 }), resource('b', { rebuildMinutes: 7 })],
      [
        { from: 'a', to: 'b' },
        { from: 'b', to: 'a' },
      ],
    )
    const report = simulateImpact([on('a'), on('b')], cyclic)
    expect(report.estimatedRestoreMinutes).toBeGreaterThanOrEqual(7)
  })

  it('burns the error budget as downtime over (1 − objective) × window', () => {
    const [burn] = simulateImpact([on('db')], app).budgetBurn
    // 99.9 % over 30 days: 43.2 minutes; the service is down until db (30 min) is back.
    expect(burn).toEqual({
      service: 'shop',
      objective: 0.999,
      windowDays: 30,
      budgetMinutes: 43.2,
      downtimeMinutes: 30,
      burn: 0.694,
    })
    const whole = simulateImpact([on('app')], app)
    expect(whole.budgetBurn[0]?.burn).toBe(1.505)
    expect(whole.servicesBroken).toEqual(['shop'])
    expect(whole.customerFacing).toEqual(['web'])
  })

  it('says an environment is destroyed when its root goes or all its resources do', () => {
    expect(simulateImpact([on('env:prod')], app).environmentDestroyed).toBe('prod')
    expect(simulateImpact([on('app')], app).environmentDestroyed).toBeUndefined()
    const leaves = ['db', 'cache', 'api', 'web', 'backup-db'].map((id) => on(id))
    expect(simulateImpact(leaves, app).environmentDestroyed).toBe('prod')
  })

  it('confines a single-resource action to that resource', () => {
    const report = simulateImpact([on('other')], app)
    expect(report.resources.map((r) => r.id)).toEqual(['other'])
    expect(report.environmentDestroyed).toBe('staging')
    expect(report.servicesBroken).toEqual([])
    expect(report.estimatedRestoreMinutes).toBe(DEFAULT_REBUILD_MINUTES)
  })
})
