import { beforeAll, describe, expect, it } from 'vitest'

import { maxRisk, type Risk } from '../../model/risk.js'
import { loadParsers } from '../load-parsers.js'
import { analyzeHttpCall, type HttpCall, type HttpCallAnalysis } from './http-call-analyzer.js'

beforeAll(loadParsers)

const K8S = 'https://k8s-api.prod.internal:6443'
const AZURE = 'https://management.azure.com/subscriptions/0b1f/resourceGroups'

function judge(result: HttpCallAnalysis): { risk: Risk; opaque: boolean } {
  const opaque = result.issues.length > 0 || result.effects.some((effect) => effect.opaque)
  const risks = result.effects.map((effect) => effect.risk)
  return { risk: maxRisk(opaque ? [...risks, 'destructive'] : risks), opaque }
}

function call(method: string, url: string, body?: unknown): HttpCall {
  return body === undefined ? { method, url } : { method, url, body }
}

type Row = [string, HttpCall, Risk]

function expectRisk(request: HttpCall, risk: Risk, environment?: string) {
  const result = analyzeHttpCall(request, environment === undefined ? {} : { environment })
  expect(judge(result)).toEqual({ risk, opaque: false })
}

describe('analyzeHttpCall', () => {
  describe('methods and paths', () => {
    it.each<Row>([
      [
        'reads when a collection is listed',
        call('GET', 'https://api.example.com/v1/users'),
        'safe',
      ],
      [
        'reads when only headers are fetched',
        call('HEAD', 'https://cdn.example.com/app.js'),
        'safe',
      ],
      [
        'reads when options are asked for',
        call('OPTIONS', 'https://api.example.com/v1/users'),
        'safe',
      ],
      [
        'deletes when a GET link names a delete',
        call('GET', 'https://api.example.com/users/5/delete'),
        'destructive',
      ],
      [
        'stops when a GET link names a shutdown',
        call('GET', 'https://api.example.com/admin/shutdown'),
        'mutating',
      ],
      [
        'only mutates when a GET link resets a cache',
        call('GET', 'https://api.example.com/cache/reset'),
        'mutating',
      ],
      [
        'destroys one item when an item is deleted',
        call('DELETE', 'https://api.stripe.com/v1/customers/cus_Q2x8'),
        'destructive',
      ],
      [
        'destroys everything when a bare collection is deleted',
        call('DELETE', 'https://api.example.com/v1/users'),
        'catastrophic',
      ],
      [
        'destroys everything when a collection delete is filtered by a tag',
        call('DELETE', 'https://api.digitalocean.com/v2/droplets?tag_name=env:prod'),
        'catastrophic',
      ],
      [
        'destroys everything when a delete asks for all',
        call('DELETE', 'https://api.example.com/v1/reports/2024?all=true'),
        'catastrophic',
      ],
      [
        'destroys an environment when an environment is deleted',
        call('DELETE', 'https://api.example.com/v1/environments/staging'),
        'catastrophic',
      ],
      [
        'destroys an account when an organization is deleted',
        call('DELETE', 'https://api.github.com/orgs/acme'),
        'catastrophic',
      ],
      [
        'destroys a stack when a stack is deleted',
        call('DELETE', 'https://api.example.com/v1/stacks/acme-dev'),
        'catastrophic',
      ],
      [
        'destroys a database when a database is deleted',
        call('DELETE', 'https://api.example.com/v1/databases/orders'),
        'catastrophic',
      ],
      [
        'destroys a production application when its app is deleted',
        call('DELETE', 'https://api.heroku.com/apps/acme-prod'),
        'catastrophic',
      ],
      [
        'deletes a staging application without destroying an environment',
        call('DELETE', 'https://api.heroku.com/apps/acme-staging'),
        'destructive',
      ],
      [
        'only mutates when sessions are deleted',
        call('DELETE', 'https://api.example.com/v1/users/5/sessions/abc'),
        'mutating',
      ],
      [
        'deletes several indices when a wildcard pattern is deleted',
        call('DELETE', 'http://es.internal:9200/logs-2025.05.*'),
        'destructive',
      ],
      [
        'destroys every index when `_all` is deleted',
        call('DELETE', 'http://es.internal:9200/_all'),
        'catastrophic',
      ],
      [
        'deletes one index when a search cluster index is deleted',
        call('DELETE', 'http://es.internal:9200/orders'),
        'destructive',
      ],
    ])('%s', (_name, request, risk) => {
      expectRisk(request, risk)
    })
  })

  describe('action endpoints and writes', () => {
    it.each<Row>([
      [
        'mutates when a plain POST creates an item',
        call('POST', 'https://api.pagerduty.com/incidents', { incident: { title: 'x' } }),
        'mutating',
      ],
      [
        'reads when a POST searches',
        call('POST', 'http://es.internal:9200/orders/_search', { query: { term: { a: 1 } } }),
        'safe',
      ],
      [
        'deletes when a POST deletes by query',
        call('POST', 'http://es.internal:9200/orders/_delete_by_query', { query: {} }),
        'destructive',
      ],
      [
        'destroys every index when a delete by query targets `_all`',
        call('POST', 'http://es.internal:9200/_all/_delete_by_query', { query: {} }),
        'catastrophic',
      ],
      [
        'deletes when a bulk body carries delete actions',
        call('POST', 'http://es.internal:9200/_bulk', '{"delete":{"_index":"a","_id":"1"}}\n'),
        'destructive',
      ],
      [
        'deletes when an instance is terminated',
        call('POST', 'https://api.example.com/instances/i-1/terminate'),
        'destructive',
      ],
      [
        'deletes when a database is truncated',
        call('POST', 'https://api.example.com/v1/tables/events/truncate'),
        'destructive',
      ],
      [
        'deletes when a store is wiped',
        call('POST', 'https://api.example.com/v1/stores/s1/wipe'),
        'destructive',
      ],
      [
        'mutates when an instance is rebooted',
        call('POST', 'https://api.example.com/instances/i-1/reboot'),
        'mutating',
      ],
      [
        'mutates when a deployment is rolled back',
        call('POST', 'https://api.example.com/v1/deployments/5/rollback'),
        'mutating',
      ],
      [
        'mutates when a service is scaled',
        call('POST', 'https://api.example.com/v1/services/web/scale', { count: 0 }),
        'mutating',
      ],
      [
        'mutates when a cache is purged',
        call('POST', 'https://api.cloudflare.com/client/v4/zones/9f2c/purge_cache', {
          files: ['https://acme.com/app.js'],
        }),
        'mutating',
      ],
      [
        'mutates when a defined job is run',
        call('POST', 'https://ci.example.com/api/jobs/5/run'),
        'mutating',
      ],
      [
        'mutates when a setting is replaced',
        call('PUT', 'http://es.internal:9200/_cluster/settings', { persistent: {} }),
        'mutating',
      ],
      [
        'mutates when replicas are set to zero',
        call('PATCH', 'https://api.example.com/v1/services/web', { replicas: 0 }),
        'mutating',
      ],
      [
        'deletes when a body turns deletion protection off',
        call('PATCH', 'https://api.example.com/v1/databases/main', { deletion_protection: false }),
        'destructive',
      ],
      [
        'deletes when a nested body turns deletion protection off',
        call('PATCH', 'https://api.example.com/v1/instances/db1', {
          settings: { deletionProtectionEnabled: false },
        }),
        'destructive',
      ],
    ])('%s', (_name, request, risk) => {
      expectRisk(request, risk)
    })

    it('deletes when a form post overrides its method with `_method`', () => {
      expectRisk(call('POST', 'https://app.example.com/users/5?_method=DELETE'), 'destructive')
    })

    it('deletes when a dry-run flag is sent to an api not known to honour it', () => {
      expectRisk(
        call('DELETE', 'https://api.example.com/v1/customers/c1?dry_run=true'),
        'destructive',
      )
    })

    it('changes nothing when an EC2 query action is a dry run', () => {
      expectRisk(
        call(
          'POST',
          'https://ec2.us-east-1.amazonaws.com/?Action=TerminateInstances&InstanceId.1=i-1&DryRun=true',
        ),
        'safe',
      )
    })

    it('is opaque when a POST invokes code it cannot see', () => {
      const result = analyzeHttpCall(call('POST', 'https://api.example.com/functions/f/invoke'))
      expect(judge(result)).toEqual({ risk: 'destructive', opaque: true })
    })
  })

  describe('the Kubernetes API', () => {
    it.each<Row>([
      ['reads when pods are listed', call('GET', `${K8S}/api/v1/namespaces/prod/pods`), 'safe'],
      [
        'reads when a watch is opened',
        call('GET', `${K8S}/api/v1/watch/namespaces/prod/pods`),
        'safe',
      ],
      [
        'changes nothing when a delete is a server dry run',
        call('DELETE', `${K8S}/apis/apps/v1/namespaces/prod/deployments/api?dryRun=All`),
        'safe',
      ],
      [
        'only mutates when one pod is deleted',
        call('DELETE', `${K8S}/api/v1/namespaces/prod/pods/web-1`),
        'mutating',
      ],
      [
        'deletes when every pod of a namespace is deleted',
        call('DELETE', `${K8S}/api/v1/namespaces/prod/pods`),
        'destructive',
      ],
      [
        'deletes when a statefulset is deleted',
        call('DELETE', `${K8S}/apis/apps/v1/namespaces/prod/statefulsets/kafka`),
        'destructive',
      ],
      [
        'deletes when a volume claim is deleted',
        call('DELETE', `${K8S}/api/v1/namespaces/prod/persistentvolumeclaims/data-0`),
        'destructive',
      ],
      [
        'destroys a namespace when every deployment in it is deleted',
        call('DELETE', `${K8S}/apis/apps/v1/namespaces/prod/deployments`),
        'catastrophic',
      ],
      [
        'only mutates when selected deployments are deleted with orphaned pods',
        call('DELETE', `${K8S}/apis/apps/v1/namespaces/prod/deployments/api`, {
          propagationPolicy: 'Orphan',
        }),
        'mutating',
      ],
      [
        'destroys a namespace when the namespace is deleted',
        call('DELETE', `${K8S}/api/v1/namespaces/prod`),
        'catastrophic',
      ],
      [
        'destroys a namespace whatever the propagation policy',
        call('DELETE', `${K8S}/api/v1/namespaces/prod`, { propagationPolicy: 'Orphan' }),
        'catastrophic',
      ],
      [
        'mutates when a deployment is scaled to zero',
        call('PATCH', `${K8S}/apis/apps/v1/namespaces/prod/deployments/api/scale`, {
          spec: { replicas: 0 },
        }),
        'mutating',
      ],
      [
        'deletes when a patch clears finalizers',
        call('PATCH', `${K8S}/api/v1/namespaces/prod`, { metadata: { finalizers: null } }),
        'destructive',
      ],
      [
        'deletes when a namespace is finalized with no finalizers',
        call('PUT', `${K8S}/api/v1/namespaces/prod/finalize`, { spec: { finalizers: [] } }),
        'destructive',
      ],
      [
        'mutates when a namespace is created',
        call('POST', `${K8S}/api/v1/namespaces`, { metadata: { name: 'preview-42' } }),
        'mutating',
      ],
      [
        'judges the command when one is run in a pod',
        call(
          'POST',
          `${K8S}/api/v1/namespaces/prod/pods/web-1/exec?command=rm&command=-rf&command=/srv/app/data`,
        ),
        'destructive',
      ],
    ])('%s', (_name, request, risk) => {
      expectRisk(request, risk)
    })

    it.each<Row>([
      [
        'destroys an environment when a plain api serves it under `/api/v1`',
        call('DELETE', 'https://api.example.com/api/v1/environments/prod'),
        'catastrophic',
      ],
      [
        'deletes when a plain api under `/api/v1` offers a GET delete link',
        call('GET', 'https://api.example.com/api/v1/users/5/delete'),
        'destructive',
      ],
      [
        'deletes when a plain api under `/api/v1` terminates an instance',
        call('POST', 'https://api.example.com/api/v1/instances/i-1/terminate'),
        'destructive',
      ],
    ])('%s', (_name, request, risk) => {
      expectRisk(request, risk)
    })

    it('is opaque when an exec carries no command', () => {
      const result = analyzeHttpCall(call('POST', `${K8S}/api/v1/namespaces/prod/pods/web-1/exec`))
      expect(judge(result)).toEqual({ risk: 'destructive', opaque: true })
    })

    it('names the environment of the namespace in its reason', () => {
      const result = analyzeHttpCall(call('DELETE', 'https://k8s.internal/api/v1/namespaces/prod'))
      expect(result.effects[0]?.reason).toContain('(prod)')
      expect(result.effects[0]?.target).toBe('DELETE /api/v1/namespaces/prod')
      expect(result.effects[0]?.system).toBe('k8s')
    })
  })

  describe('cloud APIs', () => {
    it.each<Row>([
      [
        'reads when an AWS query action describes',
        call(
          'GET',
          'https://ec2.us-east-1.amazonaws.com/?Action=DescribeInstances&Version=2016-11-15',
        ),
        'safe',
      ],
      [
        'deletes when an AWS query action terminates instances',
        call(
          'POST',
          'https://ec2.us-east-1.amazonaws.com/?Action=TerminateInstances&InstanceId.1=i-1',
        ),
        'destructive',
      ],
      [
        'destroys a stack when a form body deletes it',
        call(
          'POST',
          'https://cloudformation.us-east-1.amazonaws.com/',
          'Action=DeleteStack&StackName=acme-dev',
        ),
        'catastrophic',
      ],
      [
        'deletes a database instance that keeps a final snapshot',
        call(
          'POST',
          'https://rds.us-east-1.amazonaws.com/?Action=DeleteDBInstance&DBInstanceIdentifier=ledger',
        ),
        'destructive',
      ],
      [
        'destroys a database instance deleted without a final snapshot',
        call(
          'POST',
          'https://rds.us-east-1.amazonaws.com/?Action=DeleteDBInstance&DBInstanceIdentifier=ledger&SkipFinalSnapshot=true',
        ),
        'catastrophic',
      ],
      [
        'destroys a project when a GCP project is deleted',
        call('DELETE', 'https://cloudresourcemanager.googleapis.com/v1/projects/acme-dev-1'),
        'catastrophic',
      ],
      [
        'destroys a cluster when a GKE cluster is deleted',
        call('DELETE', 'https://container.googleapis.com/v1/projects/p/locations/eu/clusters/main'),
        'catastrophic',
      ],
      [
        'deletes when a GCP custom method deletes',
        call(
          'POST',
          'https://compute.googleapis.com/compute/v1/projects/p/zones/z/instances/vm-1:delete',
        ),
        'destructive',
      ],
      [
        'mutates when a GCP custom method stops',
        call(
          'POST',
          'https://compute.googleapis.com/compute/v1/projects/p/zones/z/instances/vm-1:stop',
        ),
        'mutating',
      ],
      [
        'destroys an environment when an Azure resource group is deleted',
        call('DELETE', `${AZURE}/rg-checkout?api-version=2021-04-01`),
        'catastrophic',
      ],
      [
        'deletes one resource of a resource group',
        call(
          'DELETE',
          `${AZURE}/rg/providers/Microsoft.Compute/virtualMachines/vm1?api-version=2024-03-01`,
        ),
        'destructive',
      ],
      [
        'destroys a cluster when an AKS cluster is deleted',
        call(
          'DELETE',
          `${AZURE}/rg/providers/Microsoft.ContainerService/managedClusters/aks1?api-version=2024-01-01`,
        ),
        'catastrophic',
      ],
      [
        'deletes when a virtual machine is reimaged',
        call(
          'POST',
          `${AZURE}/rg/providers/Microsoft.Compute/virtualMachines/vm1/reimage?api-version=2024-03-01`,
        ),
        'destructive',
      ],
      [
        'mutates when a virtual machine is restarted',
        call(
          'POST',
          `${AZURE}/rg/providers/Microsoft.Compute/virtualMachines/vm1/restart?api-version=2024-03-01`,
        ),
        'mutating',
      ],
    ])('%s', (_name, request, risk) => {
      expectRisk(request, risk)
    })
  })

  describe('git hosts', () => {
    it.each<Row>([
      [
        'reads when pull requests are listed',
        call('GET', 'https://api.github.com/repos/acme/api/pulls?state=open'),
        'safe',
      ],
      [
        'deletes when a repository is deleted',
        call('DELETE', 'https://api.github.com/repos/acme/legacy-billing'),
        'destructive',
      ],
      [
        'deletes when a branch ref is deleted',
        call('DELETE', 'https://api.github.com/repos/acme/api/git/refs/heads/release/1.2'),
        'destructive',
      ],
      [
        'rewrites history when a ref is force-updated',
        call('PATCH', 'https://api.github.com/repos/acme/api/git/refs/heads/main', {
          sha: 'abc',
          force: true,
        }),
        'destructive',
      ],
      [
        'only mutates when a ref is fast-forwarded',
        call('PATCH', 'https://api.github.com/repos/acme/api/git/refs/heads/main', { sha: 'abc' }),
        'mutating',
      ],
      [
        'only mutates when a file removal is committed',
        call('DELETE', 'https://api.github.com/repos/acme/api/contents/docs/old.md', {
          message: 'x',
          sha: 'abc',
        }),
        'mutating',
      ],
      [
        'mutates when an issue is opened',
        call('POST', 'https://api.github.com/repos/acme/api/issues', {
          title: 'DROP TABLE in docs',
        }),
        'mutating',
      ],
      [
        'deletes when a GitLab project is deleted',
        call('DELETE', 'https://gitlab.com/api/v4/projects/123'),
        'destructive',
      ],
    ])('%s', (_name, request, risk) => {
      expectRisk(request, risk)
    })
  })

  describe('GraphQL', () => {
    const graphql = (query: string, variables?: unknown) =>
      call(
        'POST',
        'https://api.example.com/graphql',
        variables === undefined ? { query } : { query, variables },
      )

    it.each<Row>([
      [
        'reads when a query selects fields',
        graphql('query { repository(owner: "a", name: "b") { id } }'),
        'safe',
      ],
      ['reads when a shorthand query selects fields', graphql('{ viewer { login } }'), 'safe'],
      [
        'reads when a query argument spells a mutation',
        graphql('query { search(query: "mutation { deleteRepository }") { count } }'),
        'safe',
      ],
      [
        'mutates when a mutation creates',
        graphql('mutation { createIssue(input: {title: "x"}) { id } }'),
        'mutating',
      ],
      [
        'deletes when a mutation deletes',
        graphql('mutation Drop { deleteRepository(input: {id: "R_1"}) { clientMutationId } }'),
        'destructive',
      ],
      [
        'destroys everything when a mutation deletes all',
        graphql('mutation { deleteAllUsers { count } }'),
        'catastrophic',
      ],
      [
        'destroys an environment when a mutation deletes one',
        graphql('mutation { environmentDelete: deleteEnvironment(id: 1) { id } }'),
        'catastrophic',
      ],
      [
        'judges the field behind an alias',
        graphql('mutation { tidyUp: destroyProject(id: 1) { id } }'),
        'catastrophic',
      ],
      [
        'judges the fields of a fragment spread',
        graphql('fragment F on Mutation { purgeTable(name: "events") { ok } } mutation { ...F }'),
        'destructive',
      ],
      [
        'judges the worst of several root fields',
        graphql('mutation { a: createIssue { id } b: deleteRef(input: {}) { id } }'),
        'destructive',
      ],
      [
        'rewrites history when a ref update is forced',
        graphql('mutation { updateRef(input: {oid: "x", force: true}) { ref { name } } }'),
        'destructive',
      ],
      [
        'rewrites history when variables force a ref update',
        graphql(
          'mutation U($input: UpdateRefInput!) { updateRef(input: $input) { ref { name } } }',
          {
            input: { force: true },
          },
        ),
        'destructive',
      ],
    ])('%s', (_name, request, risk) => {
      expectRisk(request, risk)
    })

    it.each<[string, HttpCall]>([
      [
        'is opaque when a mutation field has an unknown name',
        graphql('mutation { frobnicate { id } }'),
      ],
      ['is opaque when the document does not parse', graphql('mutation { deleteRepository(')],
      ['is opaque when a spread names no fragment', graphql('mutation { ...Missing }')],
      [
        'is opaque when a persisted query sends only a hash',
        call('POST', 'https://api.example.com/graphql', {
          extensions: { persistedQuery: { version: 1, sha256Hash: 'ab12' } },
        }),
      ],
    ])('%s', (_name, request) => {
      expect(judge(analyzeHttpCall(request))).toEqual({ risk: 'destructive', opaque: true })
    })
  })

  describe('environment', () => {
    it('infers the environment from the host', () => {
      const result = analyzeHttpCall(call('DELETE', 'https://api.prod.example.com/v1/users/5'))
      expect(result.effects[0]?.reason).toContain('(prod)')
    })

    it('uses the environment it is given over the host', () => {
      const result = analyzeHttpCall(call('DELETE', 'https://api.prod.example.com/v1/users/5'), {
        environment: 'staging',
      })
      expect(result.effects[0]?.reason).toContain('(staging)')
    })

    it('destroys a production application when the environment is given', () => {
      expectRisk(call('DELETE', 'https://api.heroku.com/apps/checkout'), 'catastrophic', 'prod')
    })

    it('targets the method and the path', () => {
      const result = analyzeHttpCall(
        call('DELETE', 'https://api.stripe.com/v1/customers/c1?expand=x'),
      )
      expect(result.effects[0]?.target).toBe('DELETE /v1/customers/c1')
    })
  })

  describe('malformed input', () => {
    it.each<[string, unknown]>([
      ['is opaque when the url is not a url', { method: 'DELETE', url: 'not a url' }],
      ['is opaque when the url has no host', { method: 'DELETE', url: '/api/v1/users/5' }],
      [
        'is opaque when the scheme is not http',
        { method: 'GET', url: 'ftp://files.example.com/a' },
      ],
      ['is opaque when the method is unknown', { method: 'FETCH', url: 'https://example.com/' }],
      ['is opaque when the method is missing', { url: 'https://example.com/' }],
      ['is opaque when the url is not a string', { method: 'GET', url: 42 }],
      [
        'is opaque when the root of an api is deleted',
        { method: 'DELETE', url: 'https://api.example.com/' },
      ],
    ])('%s', (_name, request) => {
      const result = analyzeHttpCall(request as HttpCall)
      expect(judge(result)).toEqual({ risk: 'destructive', opaque: true })
    })

    it('never crashes on odd bodies', () => {
      for (const body of [null, 42, 'text', [], [1, 'a', null], { a: { b: { c: { d: {} } } } }]) {
        const result = analyzeHttpCall(call('PATCH', 'https://api.example.com/v1/a/b', body))
        expect(judge(result).risk).not.toBe('safe')
      }
    })

    it('reports why the url cannot be read', () => {
      const result = analyzeHttpCall(call('GET', 'http://[::1'))
      expect(result.issues[0]?.code).toBe('parse_invalid_document')
      expect(result.issues[0]?.message).toMatch(/^http call: url `http:\/\/\[::1`/)
    })
  })
})
