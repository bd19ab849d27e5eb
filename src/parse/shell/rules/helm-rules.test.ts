import { beforeAll, describe, expect, it } from 'vitest'

import type { Risk } from '../../../model/risk.js'
import { loadParsers } from '../../load-parsers.js'
import { analyzeShell } from '../shell-analyzer.js'

beforeAll(loadParsers)

function analyze(command: string) {
  return analyzeShell(command, { cwd: '/srv/app' })
}

describe('helm rules', () => {
  it.each<[string, string, Risk]>([
    [
      'reads when a chart is rendered and diffed',
      'helm template charts/api -f values-prod.yaml | kubectl diff -f -',
      'safe',
    ],
    ['reads when releases are listed', 'helm list -A', 'safe'],
    ['reads when release values are fetched', 'helm get values api -n prod', 'safe'],
    ['reads when a chart is linted', 'helm lint charts/api', 'safe'],
    ['reads when the history is shown', 'helm history api -n prod', 'safe'],
    [
      'only manages local settings when a repo is added',
      'helm repo add bitnami https://charts.bitnami.com/bitnami',
      'safe',
    ],
    ['changes nothing when an install is a dry run', 'helm install web ./chart --dry-run', 'safe'],
    [
      'changes nothing when an upgrade is a server dry run',
      'helm upgrade web ./chart --dry-run=server',
      'safe',
    ],
    [
      'mutates when a release is installed or upgraded',
      'helm upgrade --install redis bitnami/redis -n cache -f values.yaml',
      'mutating',
    ],
    [
      'mutates when a release is installed',
      'helm install web ./chart -n web --create-namespace',
      'mutating',
    ],
    ['mutates when a release is rolled back', 'helm rollback web 3 -n prod', 'mutating'],
    ['destroys when a release is uninstalled', 'helm uninstall kafka -n data', 'destructive'],
    [
      'destroys when a release is deleted by its old name',
      'helm delete kafka -n data',
      'destructive',
    ],
  ])('%s', (_name, command, risk) => {
    expect(analyze(command).risk).toBe(risk)
  })

  it('names the release and namespace in the reason', () => {
    const [effect] = analyze('helm uninstall kafka -n data').effects
    expect(effect?.reason).toBe(
      '`helm uninstall` removes release `kafka` and every object it created in namespace `data`',
    )
  })

  it('is opaque when the subcommand is unknown', () => {
    expect(analyze('helm frobnicate web').opaque).toBe(true)
  })
})
