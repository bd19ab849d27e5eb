import { beforeAll, describe, expect, it } from 'vitest'

import type { Risk } from '../../../model/risk.js'
import { loadParsers } from '../../load-parsers.js'
import { analyzeShell } from '../shell-analyzer.js'

beforeAll(loadParsers)

function analyze(command: string) {
  return analyzeShell(command, { cwd: '/srv/infra' })
}

describe('pulumi rules', () => {
  it.each<[string, string, Risk]>([
    ['only previews when preview runs', 'pulumi preview --stack acme/api/prod --diff', 'safe'],
    ['reads when stacks are listed', 'pulumi stack ls', 'safe'],
    ['reads when stack outputs are printed', 'pulumi stack output --stack acme/api/prod', 'safe'],
    ['reads when configuration is read', 'pulumi config get dbSize -s dev', 'safe'],
    [
      'changes nothing when destroy is a preview',
      'pulumi destroy --preview-only --stack dev',
      'safe',
    ],
    ['mutates when a stack is updated', 'pulumi up --yes --stack acme/api/prod', 'mutating'],
    ['mutates when configuration is set', 'pulumi config set dbSize 20 -s dev', 'mutating'],
    ['mutates when state is refreshed', 'pulumi refresh --yes -s dev', 'mutating'],
    [
      'destroys when an update replaces a resource',
      'pulumi up --replace urn:pulumi:prod::api::aws:rds/instance:Instance::db',
      'destructive',
    ],
    [
      'destroys when a destroy is targeted',
      'pulumi destroy --target urn:pulumi:dev::api::aws:s3/bucket:Bucket::logs -s dev',
      'destructive',
    ],
    ['destroys when a stack is removed', 'pulumi stack rm acme/api/dev --yes', 'destructive'],
    [
      'destroys when a resource is deleted from state',
      'pulumi state delete urn:pulumi:dev::api::aws:s3/bucket:Bucket::logs',
      'destructive',
    ],
    [
      'destroys a whole stack catastrophically',
      'pulumi destroy --yes --stack acme/platform/prod',
      'catastrophic',
    ],
    ['destroys a stack by its short alias', 'pulumi down -y -s dev', 'catastrophic'],
  ])('%s', (_name, command, risk) => {
    expect(analyze(command).risk).toBe(risk)
  })

  it('names the stack and its environment in the reason', () => {
    const [effect] = analyze('pulumi destroy --yes --stack acme/platform/prod').effects
    expect(effect?.reason).toBe(
      '`pulumi destroy` destroys every resource of stack `acme/platform/prod` (prod)',
    )
  })

  it('is opaque when the subcommand is unknown', () => {
    expect(analyze('pulumi frobnicate').opaque).toBe(true)
  })
})
