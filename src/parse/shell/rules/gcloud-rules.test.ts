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

describe('gcloud rules', () => {
  it.each<[string, string, Risk]>([
    [
      'reads when instances are listed',
      'gcloud compute instances list --project acme-prod --format=json',
      'safe',
    ],
    ['reads when a resource is described', 'gcloud sql instances describe orders-db', 'safe'],
    ['reads when an IAM policy is fetched', 'gcloud projects get-iam-policy acme-prod', 'safe'],
    ['reads when logs are read', 'gcloud logging read "severity>=ERROR" --limit 20', 'safe'],
    ['reads behind a release track', 'gcloud beta run services list', 'safe'],
    [
      'mutates when a service is deployed',
      'gcloud run deploy api --image gcr.io/acme-prod/api:1.4.2 --region europe-west1',
      'mutating',
    ],
    [
      'mutates when an instance is created',
      'gcloud compute instances create vm-2 --zone us-central1-a',
      'mutating',
    ],
    [
      'mutates when an instance is stopped',
      'gcloud compute instances stop vm-1 --zone us-central1-a',
      'mutating',
    ],
    [
      'mutates when a configuration value is set',
      'gcloud config set project acme-prod',
      'mutating',
    ],
    [
      'mutates when a binding is added',
      'gcloud projects add-iam-policy-binding acme --member user:a@acme.com --role roles/viewer',
      'mutating',
    ],
    [
      'destroys when instances are deleted, quiet or not',
      'gcloud compute instances delete web-1 web-2 --zone us-central1-a --quiet',
      'destructive',
    ],
    [
      'destroys when a service is deleted',
      'gcloud run services delete api --region europe-west1',
      'destructive',
    ],
    [
      'destroys when a database instance is deleted outside prod',
      'gcloud sql instances delete orders-db',
      'destructive',
    ],
    [
      'destroys when storage objects are removed recursively',
      'gcloud storage rm -r gs://acme-backups',
      'destructive',
    ],
    [
      'destroys when an rsync deletes unmatched objects',
      'gcloud storage rsync ./site gs://acme-www --delete-unmatched-destination-objects',
      'destructive',
    ],
    [
      'destroys when a whole IAM policy is replaced',
      'gcloud projects set-iam-policy acme policy.json',
      'destructive',
    ],
    [
      'deletes a project catastrophically',
      'gcloud projects delete acme-prod-41822 --quiet',
      'catastrophic',
    ],
    [
      'deletes a GKE cluster catastrophically',
      'gcloud container clusters delete main --region us-central1',
      'catastrophic',
    ],
    [
      'deletes a deployment manager deployment catastrophically',
      'gcloud deployment-manager deployments delete platform',
      'catastrophic',
    ],
    [
      'deletes a database instance catastrophically when its project is prod',
      'gcloud sql instances delete orders-db --project acme-prod',
      'catastrophic',
    ],
  ])('%s', (_name, command, risk) => {
    expect(analyze(command).risk).toBe(risk)
  })

  it('deletes a database instance catastrophically when the action names prod', () => {
    const result = analyze('gcloud sql instances delete orders-db', 'prod')
    expect(result.risk).toBe('catastrophic')
    expect(result.effects[0]?.reason).toBe(
      '`gcloud sql instances delete` deletes instance `orders-db` and the data in it (prod)',
    )
  })

  it('names what it deletes in the reason', () => {
    const [effect] = analyze(
      'gcloud compute instances delete web-1 web-2 --zone us-central1-a',
    ).effects
    expect(effect?.reason).toBe(
      '`gcloud compute instances delete` deletes 2 instances `web-1`, `web-2`',
    )
  })

  it('analyses the command that compute ssh runs remotely', () => {
    expect(
      analyze(`gcloud compute ssh db-1 --zone z --command 'sudo rm -rf /var/lib/postgresql'`).risk,
    ).toBe('catastrophic')
  })

  it('is opaque when compute ssh opens an interactive shell', () => {
    expect(analyze('gcloud compute ssh db-1 --zone z').opaque).toBe(true)
  })

  it('is opaque when the command group is unknown', () => {
    const result = analyze('gcloud frobnicate widgets')
    expect(result.opaque).toBe(true)
    expect(result.effects[0]?.reason).toContain('`gcloud frobnicate widgets`')
  })
})
