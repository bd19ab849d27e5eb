import { describe, expect, it } from 'vitest'

import { createEffect, type EffectInit } from '../model/effect.js'
import type { InventoryResource } from '../model/inventory.js'
import { buildInventoryGraph } from './inventory-graph.js'
import { simulateSession } from './simulate-session.js'

function resource(id: string, extra: Partial<InventoryResource> = {}): InventoryResource {
  return {
    id,
    type: 'thing',
    name: id,
    environment: 'prod',
    identifiers: { names: [], stack: 'app' },
    facts: { stateful: false, recentBackup: false, customerFacing: false, rebuildMinutes: 10 },
    source: 'test',
    ...extra,
  }
}

// Stack `app` holds half of prod; `edge` stays outside it.
const graph = buildInventoryGraph({
  resources: [
    resource('app'),
    resource('worker', { parent: 'app' }),
    resource('edge', { identifiers: { names: ['edge'] } }),
  ],
  dependencies: [],
  objectives: [],
  importedAt: 0,
})

function on(verb: EffectInit['verb'], target = 'aws:cloudformation:app') {
  return createEffect({ system: 'cloud', verb, target, risk: 'destructive', reason: 'test' })
}

describe('simulateSession', () => {
  it('judges a delete then a create of the same stack as destroying its environment', () => {
    const report = simulateSession([[on('delete')], [on('create')]], graph)
    expect(report.recreated).toEqual(['app', 'worker'])
    expect(report.environmentDestroyed).toBe('prod')
    expect(report.estimatedRestoreMinutes).toBe(20)
  })

  it('judges a delete then a deploy in one step the same way', () => {
    const report = simulateSession([[on('delete'), on('deploy')]], graph)
    expect(report.environmentDestroyed).toBe('prod')
  })

  it('does not count a create that comes before the delete', () => {
    const report = simulateSession([[on('create')], [on('delete')]], graph)
    expect(report.recreated).toBeUndefined()
    expect(report.environmentDestroyed).toBeUndefined()
  })

  it('does not count creating something else', () => {
    const report = simulateSession([[on('delete')], [on('create', 'edge')]], graph)
    expect(report.recreated).toBeUndefined()
    expect(report.environmentDestroyed).toBeUndefined()
  })

  it('judges deleting and recreating one resource as a repair, not an environment lost', () => {
    const report = simulateSession(
      [[on('delete', 'aws:cloudformation:edge')], [on('create', 'aws:cloudformation:edge')]],
      graph,
    )
    expect(report.recreated).toEqual(['edge'])
    expect(report.environmentDestroyed).toBeUndefined()
  })
})
