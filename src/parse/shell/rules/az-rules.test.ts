import { beforeAll, describe, expect, it } from 'vitest'

import type { Risk } from '../../../model/risk.js'
import { loadParsers } from '../../load-parsers.js'
import { analyzeShell } from '../shell-analyzer.js'

beforeAll(loadParsers)

function analyze(command: string, environment?: string) {
  return analyzeShell(command, {
    cwd: '/srv/app',
    ...(environment === undefined ? {} : { environment }),
  })
}

describe('az rules', () => {
  it.each<[string, string, Risk]>([
    ['reads when resources are listed', 'az vm list -o table', 'safe'],
    ['reads when a resource is shown', 'az group show --name rg-api-prod', 'safe'],
    [
      'reads when a deployment is previewed with what-if',
      'az deployment group what-if -g rg-app --template-file main.bicep',
      'safe',
    ],
    [
      'reads when create is given --what-if',
      'az deployment group create -g rg-app --template-file main.bicep --what-if',
      'safe',
    ],
    [
      'mutates when a resource group is created',
      'az group create -n rg-new -l westeurope',
      'mutating',
    ],
    [
      'mutates when a deployment runs in incremental mode',
      'az deployment group create -g rg-app --template-file main.bicep',
      'mutating',
    ],
    [
      'mutates when a subscription deployment runs',
      'az deployment sub create -l westeurope -f main.bicep -p env=prod',
      'mutating',
    ],
    ['mutates when a VM is deallocated', 'az vm deallocate -g rg -n vm1', 'mutating'],
    [
      'destroys when a deployment runs in complete mode',
      'az deployment group create -g rg-app --template-file main.bicep --mode Complete',
      'destructive',
    ],
    ['destroys when a VM is deleted', 'az vm delete -g rg -n vm1 --yes', 'destructive'],
    [
      'destroys when blobs are deleted in a batch',
      'az storage blob delete-batch --account-name acct -s container',
      'destructive',
    ],
    ['destroys when a key vault is purged', 'az keyvault purge --name kv-old', 'destructive'],
    ['destroys when a VM is reimaged', 'az vm reimage -g rg -n vm1', 'destructive'],
    [
      'destroys when a database is deleted outside prod',
      'az sql db delete -g rg -s srv -n orders-qa --yes',
      'destructive',
    ],
    [
      'deletes a database catastrophically in prod',
      'az sql db delete -g rg -s srv -n orders-prod --yes',
      'catastrophic',
    ],
    [
      'deletes a resource group catastrophically',
      'az group delete --name rg-platform-prod --yes --no-wait',
      'catastrophic',
    ],
    [
      'deletes an AKS cluster catastrophically',
      'az aks delete -n main-aks -g rg --yes',
      'catastrophic',
    ],
    [
      'takes the worst part of a delete-and-recreate sequence',
      'az group delete -n rg-api-prod --yes && az deployment sub create -l westeurope -f main.bicep -p env=prod',
      'catastrophic',
    ],
  ])('%s', (_name, command, risk) => {
    expect(analyze(command).risk).toBe(risk)
  })

  it('names the resource group and the environment in the reason', () => {
    const [effect] = analyze('az group delete --name rg-platform-prod --yes').effects
    expect(effect?.reason).toBe(
      '`az group delete` deletes resource group `rg-platform-prod` and every resource in it (prod)',
    )
    expect(effect?.scope).toBe('environment')
  })

  it('analyses the script run by vm run-command invoke', () => {
    expect(
      analyze(
        `az vm run-command invoke -g rg -n vm1 --command-id RunShellScript --scripts "rm -rf /var/lib/mysql"`,
      ).risk,
    ).toBe('catastrophic')
  })

  it('is opaque when run-command runs a PowerShell script', () => {
    expect(
      analyze(
        `az vm run-command invoke -g rg -n vm1 --command-id RunPowerShellScript --scripts "Get-Process"`,
      ).opaque,
    ).toBe(true)
  })

  it('is opaque when the command is unknown', () => {
    const result = analyze('az frobnicate widgets')
    expect(result.opaque).toBe(true)
    expect(result.effects[0]?.reason).toBe(
      'airlock does not know what `az frobnicate widgets` does',
    )
  })
})
