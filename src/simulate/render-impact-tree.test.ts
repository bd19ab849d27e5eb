import { describe, expect, it } from 'vitest'

import type { ImpactReport } from '../model/impact-report.js'
import { renderImpactTree } from './render-impact-tree.js'

const EMPTY: ImpactReport = {
  resources: [],
  unknownTargets: [],
  dataLost: [],
  servicesBroken: [],
  customerFacing: [],
  estimatedRestoreMinutes: 0,
  budgetBurn: [],
}

const base = { stateful: false, customerFacing: false, service: 'shop' }

describe('renderImpactTree', () => {
  it('nests what goes by containment and marks destroyed, replaced and broken', () => {
    const report: ImpactReport = {
      ...EMPTY,
      resources: [
        {
          ...base,
          id: 'env:prod',
          name: 'prod',
          type: 'environment',
          fate: 'destroyed',
          via: 'target',
        },
        {
          ...base,
          id: 'db',
          name: 'orders db',
          type: 'rds',
          fate: 'destroyed',
          via: 'contained in env:prod',
          stateful: true,
        },
        {
          ...base,
          id: 'q',
          name: 'queue',
          type: 'sqs',
          fate: 'replaced',
          via: 'contained in env:prod',
        },
        {
          ...base,
          id: 'web',
          name: 'web',
          type: 'ecs',
          fate: 'broken',
          via: 'depends on db',
          customerFacing: true,
        },
      ],
      unknownTargets: ['aws:ecs'],
      dataLost: ['db'],
      servicesBroken: ['shop'],
      customerFacing: ['web'],
      estimatedRestoreMinutes: 95,
      unrecoverable: true,
      budgetBurn: [
        {
          service: 'shop',
          objective: 0.9999,
          windowDays: 30,
          budgetMinutes: 4.32,
          downtimeMinutes: 95,
          burn: 21.991,
        },
      ],
      environmentDestroyed: 'prod',
    }
    expect(renderImpactTree(report)).toBe(
      [
        'impact: environment `prod` destroyed',
        '├─ ✗ prod [environment]',
        '│  ├─ ✗ orders db [rds]  (stateful)',
        '│  └─ ~ queue [sqs]  (replaced)',
        '└─ ! web [ecs]  (broken, customer-facing, needs orders db)',
        '? unknown to the inventory, not assumed harmless: `aws:ecs`',
        'data lost: orders db (no recent backup)',
        'services broken: shop',
        'customer-facing: web',
        'restore: about 1 h 35 min to rebuild in dependency order; lost data cannot be restored',
        'error budget: shop 99.99 % over 30 d: 1 h 35 min down of 4.32 min budget, 2199.1 % burned (over budget)',
      ].join('\n'),
    )
  })

  it('says nothing goes when nothing does', () => {
    expect(renderImpactTree(EMPTY)).toBe(
      [
        'impact: 0 resources affected',
        'data lost: none',
        'services broken: none',
        'restore: nothing to rebuild',
      ].join('\n'),
    )
  })
})
