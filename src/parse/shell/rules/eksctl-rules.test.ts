import { beforeAll, describe, expect, it } from 'vitest'

import type { Risk } from '../../../model/risk.js'
import { loadParsers } from '../../load-parsers.js'
import { analyzeShell } from '../shell-analyzer.js'

beforeAll(loadParsers)

function analyze(command: string) {
  return analyzeShell(command, { cwd: '/srv/app' })
}

describe('eksctl rules', () => {
  it.each<[string, string, Risk]>([
    ['reads when clusters are listed', 'eksctl get cluster --region us-east-1', 'safe'],
    ['reads when node groups are listed', 'eksctl get nodegroup --cluster prod-eks', 'safe'],
    [
      'only prints the config when create is given --dry-run',
      'eksctl create cluster --name x --dry-run',
      'safe',
    ],
    ['only plans when upgrade is not approved', 'eksctl upgrade cluster --name prod-eks', 'safe'],
    ['mutates when a cluster is created', 'eksctl create cluster -f cluster.yaml', 'mutating'],
    [
      'mutates when an upgrade is approved',
      'eksctl upgrade cluster --name prod-eks --approve',
      'mutating',
    ],
    [
      'mutates when a node group is scaled',
      'eksctl scale nodegroup --cluster prod-eks --name ng-1 --nodes 5',
      'mutating',
    ],
    [
      'destroys when a node group is deleted',
      'eksctl delete nodegroup --cluster prod-eks --name ng-1',
      'destructive',
    ],
    [
      'destroys when an IAM service account is deleted',
      'eksctl delete iamserviceaccount --cluster c --name sa',
      'destructive',
    ],
    [
      'deletes a cluster catastrophically',
      'eksctl delete cluster --name prod-eks --region us-east-1',
      'catastrophic',
    ],
    [
      'deletes a cluster named by position catastrophically',
      'eksctl delete cluster dev-eks',
      'catastrophic',
    ],
  ])('%s', (_name, command, risk) => {
    expect(analyze(command).risk).toBe(risk)
  })

  it('names the cluster and its environment in the reason', () => {
    const [effect] = analyze('eksctl delete cluster --name prod-eks --region us-east-1').effects
    expect(effect?.reason).toBe(
      '`eksctl delete cluster` deletes cluster `prod-eks` and every workload and node group on it (prod)',
    )
    expect(effect?.scope).toBe('cluster')
  })

  it('is opaque when the command is unknown', () => {
    expect(analyze('eksctl frobnicate cluster').opaque).toBe(true)
  })
})
