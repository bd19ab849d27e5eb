import { beforeAll, describe, expect, it } from 'vitest'

import type { Risk } from '../../../model/risk.js'
import { loadParsers } from '../../load-parsers.js'
import { analyzeShell } from '../shell-analyzer.js'

beforeAll(loadParsers)

function analyze(command: string, options: { cwd?: string; environment?: string } = {}) {
  return analyzeShell(command, {
    cwd: options.cwd ?? '/srv/infra',
    ...(options.environment === undefined ? {} : { environment: options.environment }),
  })
}

describe('terraform rules', () => {
  it.each<[string, string, Risk]>([
    ['only plans when plan writes a plan file', 'terraform plan -out=tfplan', 'safe'],
    [
      'only plans when the plan is a destroy plan',
      'terraform plan -destroy -out=destroy.tfplan',
      'safe',
    ],
    [
      'reads when it validates and checks formatting',
      'terraform validate && terraform fmt -check -recursive',
      'safe',
    ],
    [
      'reads when a plan file is shown as JSON',
      `terraform show -json tfplan | jq -r '.resource_changes[] | .address'`,
      'safe',
    ],
    ['reads when outputs are printed', 'terraform output -json', 'safe'],
    ['reads when the state is listed', 'terraform state list', 'safe'],
    ['reads when workspaces are listed', 'terraform workspace list', 'safe'],
    ['only downloads providers when init runs', 'terraform init -upgrade', 'safe'],
    ['reads when the global -chdir option comes first', 'terraform -chdir=envs/prod plan', 'safe'],
    ['rewrites files when fmt runs without -check', 'terraform fmt -recursive', 'mutating'],
    [
      'mutates when a resource is imported',
      'terraform import aws_s3_bucket.logs acme-logs-prod',
      'mutating',
    ],
    ['mutates when a resource is tainted', 'terraform taint aws_instance.web', 'mutating'],
    ['mutates when the configuration is applied', 'terraform apply -auto-approve', 'mutating'],
    ['mutates when a saved plan is applied', 'terraform apply tfplan', 'mutating'],
    ['mutates when an apply is targeted', 'terraform apply -target=module.api', 'mutating'],
    ['mutates when a state lock is released', 'terraform force-unlock 6c1e-42', 'mutating'],
    [
      'mutates when state addresses move',
      'terraform state mv aws_instance.a aws_instance.b',
      'mutating',
    ],
    [
      'destroys when one target is destroyed',
      'terraform destroy -target=aws_instance.bastion -auto-approve',
      'destructive',
    ],
    [
      'destroys when a resource is replaced',
      'terraform apply -replace=aws_db_instance.main',
      'destructive',
    ],
    [
      'destroys when resources are removed from state',
      'terraform state rm aws_s3_bucket.logs',
      'destructive',
    ],
    ['destroys when a workspace is deleted', 'terraform workspace delete staging', 'destructive'],
    [
      'destroys when the stored state is overwritten',
      'terraform state push backup.tfstate',
      'destructive',
    ],
    [
      'destroys the whole configuration catastrophically',
      'terraform destroy -auto-approve',
      'catastrophic',
    ],
    [
      'destroys the whole configuration through apply -destroy',
      'terraform apply -destroy -auto-approve',
      'catastrophic',
    ],
    [
      'destroys the whole configuration when spelled with two dashes',
      'terraform --chdir=envs/dev destroy --auto-approve',
      'catastrophic',
    ],
    [
      'destroys the whole configuration decoded from base64',
      'echo dGVycmFmb3JtIGRlc3Ryb3kgLWF1dG8tYXBwcm92ZQ== | base64 -d | sh',
      'catastrophic',
    ],
    ['treats tofu like terraform', 'tofu destroy -auto-approve', 'catastrophic'],
    [
      'destroys every module when terragrunt runs destroy on all',
      'terragrunt run-all destroy --terragrunt-non-interactive',
      'catastrophic',
    ],
    [
      'destroys every module with the newer terragrunt syntax',
      'terragrunt run --all -- destroy',
      'catastrophic',
    ],
    ['mutates when terragrunt applies every module', 'terragrunt run-all apply', 'mutating'],
    ['only plans when terragrunt plans every module', 'terragrunt run-all plan', 'safe'],
    ['passes terragrunt commands through to terraform', 'terragrunt plan', 'safe'],
  ])('%s', (_name, command, risk) => {
    expect(analyze(command).risk).toBe(risk)
  })

  it('names the environment of the working directory in the reason', () => {
    const [effect] = analyze('terraform destroy -auto-approve', {
      cwd: '/srv/infra/envs/prod',
    }).effects
    expect(effect?.reason).toBe(
      '`terraform destroy` destroys every resource in the configuration at `/srv/infra/envs/prod` (prod)',
    )
    expect(effect?.scope).toBe('environment')
  })

  it('names the environment given on the action in the reason', () => {
    const [effect] = analyze('terraform apply -destroy -auto-approve', {
      environment: 'prod',
    }).effects
    expect(effect?.reason).toContain('(prod)')
  })

  it('says a saved plan decides what apply changes', () => {
    const [effect] = analyze('terraform apply tfplan').effects
    expect(effect?.reason).toContain('saved plan `tfplan`')
  })

  it('is opaque when the subcommand is unknown', () => {
    const result = analyze('terraform frobnicate')
    expect(result.opaque).toBe(true)
    expect(result.effects[0]?.reason).toBe('airlock does not know what `terraform frobnicate` does')
  })
})
