import { beforeAll, describe, expect, it } from 'vitest'

import type { Risk } from '../../../model/risk.js'
import { loadParsers } from '../../load-parsers.js'
import { analyzeShell } from '../shell-analyzer.js'

beforeAll(loadParsers)

function analyze(command: string, environment?: string) {
  return analyzeShell(command, {
    cwd: '/srv/infra',
    ...(environment === undefined ? {} : { environment }),
  })
}

describe('cdk rules', () => {
  it.each<[string, string, Risk]>([
    ['reads when a stack is diffed', 'cdk diff ApiStack-prod', 'safe'],
    ['reads when the app is synthesized', 'cdk synth --all', 'safe'],
    ['reads when stacks are listed', 'cdk ls', 'safe'],
    ['mutates when stacks are deployed', 'cdk deploy --all --require-approval never', 'mutating'],
    [
      'mutates when the environment is bootstrapped',
      'cdk bootstrap aws://123456789012/us-east-1',
      'mutating',
    ],
    ['destroys one stack catastrophically', 'cdk destroy ApiStack-dev', 'catastrophic'],
    ['destroys every stack catastrophically', 'cdk destroy --all --force', 'catastrophic'],
  ])('%s', (_name, command, risk) => {
    expect(analyze(command).risk).toBe(risk)
  })

  it('names every stack and the environment in the reason', () => {
    const [effect] = analyze('cdk destroy --all --force', 'prod').effects
    expect(effect?.reason).toBe(
      '`cdk destroy` deletes every stack in the app and every resource in them (prod)',
    )
  })

  it('is opaque when the subcommand is unknown', () => {
    expect(analyze('cdk frobnicate').opaque).toBe(true)
  })
})
