import { describe, expect, it } from 'vitest'

import { inferEnvironment } from './infer-environment.js'

describe('inferEnvironment', () => {
  it.each<[string, string[], ReturnType<typeof inferEnvironment>]>([
    ['finds prod as a word of a name', ['orders-prod'], 'prod'],
    ['finds production in a namespace', ['production'], 'prod'],
    ['finds prd and live', ['db_prd', 'live.acme'], 'prod'],
    ['finds prod with a number', ['prod2-eks'], 'prod'],
    ['finds prod in a path', ['/srv/infra/envs/prod'], 'prod'],
    ['finds prod in a stack name', ['acme/platform/prod'], 'prod'],
    ['finds prod in a camel-case name', ['ApiStackProd'], 'prod'],
    ['finds staging words', ['rg-stg-eu'], 'staging'],
    ['reads pre-prod as staging', ['pre-prod'], 'staging'],
    ['finds preprod as staging', ['app-preprod'], 'staging'],
    ['finds dev words', ['sandbox', 'qa-db'], 'dev'],
    ['lets prod win over dev when names disagree', ['dev-tools', 'orders-prod'], 'prod'],
    ['ignores prod inside a longer word', ['product-catalog'], undefined],
    ['ignores live inside a longer word', ['liveness-probe'], undefined],
    ['ignores non-prod', ['non-prod'], undefined],
    [
      'gives nothing for names without an environment',
      ['payments', 'ip-10-0-3-17.ec2.internal'],
      undefined,
    ],
    ['gives nothing for no names', [], undefined],
  ])('%s', (_name, names, expected) => {
    expect(inferEnvironment(names)).toBe(expected)
  })
})
