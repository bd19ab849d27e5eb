import { describe, expect, it } from 'vitest'

import type { Action } from '../model/action.js'
import { summariseAnalysis } from '../model/analysis.js'
import { createEffect, type Effect } from '../model/effect.js'
import type { EnvironmentConfig } from '../model/gateway-config.js'
import { recogniseEnvironment } from './recognise-environment.js'

const ENVIRONMENTS: readonly EnvironmentConfig[] = [
  {
    name: 'dev',
    production: false,
    match: {
      awsProfiles: ['dev'],
      kubeContexts: ['kind-dev'],
      kubeNamespaces: ['dev'],
      terraformWorkspaces: ['dev'],
      terraformDirs: ['infra/dev'],
      databaseHosts: ['localhost', '*.dev.internal'],
      urlHosts: ['*.dev.example.com'],
      paths: ['/srv/dev'],
    },
  },
  {
    name: 'staging',
    production: false,
    match: {
      awsAccounts: ['222222222222'],
      awsRegions: ['eu-central-1'],
      kubeContexts: ['staging'],
      mcpServers: ['staging-db'],
      paths: ['/srv/shared'],
    },
  },
  {
    name: 'prod',
    production: true,
    match: {
      awsAccounts: ['111111111111'],
      awsRegions: ['us-east-1'],
      awsProfiles: ['prod'],
      kubeContexts: ['prod', 'arn:aws:eks:*:111111111111:cluster/*'],
      kubeNamespaces: ['production'],
      terraformWorkspaces: ['prod'],
      terraformDirs: ['infra/prod', '/opt/terraform/prod'],
      databaseHosts: ['*.prod.internal'],
      mcpServers: ['prod-postgres'],
      urlHosts: ['*.prod.example.com', 'api.example.com'],
      paths: ['/srv/prod', '/srv/shared'],
    },
  },
]

function shell(command: string, cwd = '/home/agent/repo', environment?: string): Action {
  return { kind: 'shell', command, cwd, ...(environment === undefined ? {} : { environment }) }
}

function effect(target: string, source = '', system: Effect['system'] = 'fs'): Effect {
  return createEffect({
    system,
    verb: 'delete',
    target,
    risk: 'destructive',
    reason: 'test',
    source,
  })
}

function recognise(action: Action, effects: readonly Effect[] = []): string | undefined {
  return recogniseEnvironment(
    action,
    summariseAnalysis(action, 'digest', effects, []),
    ENVIRONMENTS,
  )?.name
}

describe('recogniseEnvironment', () => {
  it.each([
    ['--profile', 'aws --profile prod s3 rb s3://logs --force', 'prod'],
    ['--profile=', 'aws s3 ls --profile=dev', 'dev'],
    ['AWS_PROFILE before the command', 'AWS_PROFILE=prod aws s3 rm s3://x --recursive', 'prod'],
    ['an exported AWS_PROFILE', 'export AWS_PROFILE=dev && aws s3 ls', 'dev'],
    ['--region', 'aws ec2 terminate-instances --instance-ids i-1 --region us-east-1', 'prod'],
    ['AWS_REGION', 'AWS_REGION=eu-central-1 aws lambda list-functions', 'staging'],
    [
      'an account id in an ARN',
      'aws iam delete-role --role-arn arn:aws:iam::111111111111:role/x',
      'prod',
    ],
    [
      'a region in an ARN',
      'aws rds delete-db-instance --db arn:aws:rds:eu-central-1:333333333333:db:x',
      'staging',
    ],
    ['--context of kubectl', 'kubectl --context prod delete deployment api', 'prod'],
    ['--context= of kubectl', 'kubectl delete pod x --context=kind-dev', 'dev'],
    [
      'a wildcard context pattern',
      'kubectl --context arn:aws:eks:us-west-2:111111111111:cluster/main get pods',
      'prod',
    ],
    ['--kube-context of helm', 'helm --kube-context staging uninstall api', 'staging'],
    ['kubectl config use-context', 'kubectl config use-context prod', 'prod'],
    ['kubectx', 'kubectx staging && kubectl delete ns x', 'staging'],
    ['-n of kubectl', 'kubectl delete pods --all -n production', 'prod'],
    ['--namespace of kubectl', 'kubectl --namespace=dev delete pod x', 'dev'],
    ['-n glued to its value', 'kubectl -nproduction delete pod x', 'prod'],
    ['kubens', 'kubens production', 'prod'],
    ['terraform -chdir', 'terraform -chdir=infra/prod destroy -auto-approve', 'prod'],
    ['an absolute terraform -chdir', 'terraform -chdir=/opt/terraform/prod apply', 'prod'],
    ['TF_WORKSPACE', 'TF_WORKSPACE=prod terraform destroy', 'prod'],
    ['terraform workspace select', 'terraform workspace select dev && terraform destroy', 'dev'],
    ['psql -h', 'psql -h db1.prod.internal -c "DROP TABLE users"', 'prod'],
    ['mysql -hHOST', 'mysql -hdb2.dev.internal -e "drop database x"', 'dev'],
    ['pg_dump --host=', 'pg_dump --host=db.prod.internal app', 'prod'],
    ['a database URL', 'psql postgres://admin@db1.prod.internal:5432/app -c "TRUNCATE t"', 'prod'],
    [
      'a libpq connection string',
      'psql "host=db1.prod.internal dbname=app" -c "drop table x"',
      'prod',
    ],
    ['PGHOST', 'PGHOST=localhost dropdb app', 'dev'],
    ['an HTTP URL host', 'curl -X DELETE https://orders.prod.example.com/v1/orders/1', 'prod'],
    ['an exact URL host', 'curl -X POST https://api.example.com/reset', 'prod'],
    ['a cwd prefix', 'rm -rf data', 'prod', '/srv/prod/app'],
    ['a cd into a prefix', 'cd /srv/dev && rm -rf build', 'dev'],
    ['a relative cd into a prefix', 'cd prod/app && rm -rf build', 'prod', '/srv'],
    ['a relative terraform directory', 'terraform destroy', 'prod', '/home/agent/repo/infra/prod'],
    ['a command nested in bash -c', `bash -c 'kubectl --context prod delete ns x'`, 'prod'],
    [
      'a command in a subshell',
      'echo start; (cd /tmp && kubectl -n production delete pod x)',
      'prod',
    ],
  ])('recognises the environment from %s', (_, command, expected, cwd?: string) => {
    expect(recognise(shell(command, cwd))).toBe(expected)
  })

  it.each([
    ['a look-alike path', 'rm -rf /srv/production/x', '/tmp'],
    ['-n of a command other than kubectl', 'head -n production file.txt', '/tmp'],
    ['-h of a command other than a database client', 'grep -h db1.prod.internal notes.txt', '/tmp'],
    ['--context of a command other than kubectl', 'docker --context prod ps', '/tmp'],
    ['a quoted flag in a message', `echo '--profile prod' >/dev/null`, '/tmp'],
    ['the apex of a wildcard host', 'curl https://prod.example.com/', '/tmp'],
    ['a host with a matching prefix', 'curl https://x.prod.example.com.evil.test/', '/tmp'],
  ])('recognises nothing from %s', (_, command, cwd) => {
    expect(recognise(shell(command, cwd))).toBeUndefined()
  })

  it.each([
    ['a kube target namespace', effect('k8s:production/deployment/api', '', 'k8s'), 'prod'],
    ['a deleted namespace', effect('k8s:/namespace/dev', '', 'k8s'), 'dev'],
    ['a terraform target directory', effect('terraform:/opt/terraform/prod', '', 'iac'), 'prod'],
    ['an absolute target path', effect('/srv/dev/cache'), 'dev'],
    ['an ARN target', effect('aws:iam:arn:aws:iam::222222222222:role/x', '', 'cloud'), 'staging'],
    [
      'a nested command in an effect source',
      effect('?', 'kubectl --context prod delete ns x', 'k8s'),
      'prod',
    ],
  ])('recognises the environment from %s of an effect', (_, found, expected) => {
    expect(recognise(shell('./run.sh', '/tmp'), [found])).toBe(expected)
  })

  it.each<[string, Action, string | undefined]>([
    [
      'an MCP server',
      { kind: 'mcp', server: 'prod-postgres', tool: 'query', arguments: { sql: 'DROP TABLE x' } },
      'prod',
    ],
    [
      'an MCP namespace argument',
      { kind: 'mcp', server: 'k8s', tool: 'pods_delete', arguments: { namespace: 'production' } },
      'prod',
    ],
    [
      'an MCP command argument',
      {
        kind: 'mcp',
        server: 'shell',
        tool: 'run',
        arguments: { command: 'aws --profile dev s3 ls' },
      },
      'dev',
    ],
    [
      'an MCP connection string argument',
      {
        kind: 'mcp',
        server: 'db',
        tool: 'query',
        arguments: { url: 'postgres://db.prod.internal/app' },
      },
      'prod',
    ],
    [
      'the source and destination of an MCP move',
      {
        kind: 'mcp',
        server: 'files',
        tool: 'move_file',
        arguments: { source: '/srv/prod/app/a.txt', destination: '/srv/prod/app/b.txt' },
      },
      'prod',
    ],
    [
      'no path from an MCP source that is no path',
      { kind: 'mcp', server: 'files', tool: 'import', arguments: { source: 'prod' } },
      undefined,
    ],
    ['an HTTP host', { kind: 'http', method: 'DELETE', url: 'https://x.dev.example.com/a' }, 'dev'],
    [
      'an AWS endpoint region',
      {
        kind: 'http',
        method: 'POST',
        url: 'https://ec2.us-east-1.amazonaws.com/?Action=TerminateInstances',
      },
      'prod',
    ],
    [
      'a Kubernetes API namespace',
      {
        kind: 'http',
        method: 'DELETE',
        url: 'https://k8s.internal/api/v1/namespaces/production/pods/x',
      },
      'prod',
    ],
    [
      'an ARN in an HTTP body',
      {
        kind: 'http',
        method: 'POST',
        url: 'https://x.internal/',
        body: { arn: 'arn:aws:sns:us-west-2:222222222222:t' },
      },
      'staging',
    ],
    [
      'a plan variable naming the environment',
      { kind: 'terraform-plan', plan: { variables: { environment: { value: 'staging' } } } },
      'staging',
    ],
    [
      'a plan workspace variable',
      { kind: 'terraform-plan', plan: { variables: { workspace: { value: 'prod' } } } },
      'prod',
    ],
    [
      'a plan provider region',
      {
        kind: 'terraform-plan',
        plan: {
          configuration: {
            provider_config: { aws: { expressions: { region: { constant_value: 'us-east-1' } } } },
          },
        },
      },
      'prod',
    ],
    [
      'an SQL statement alone',
      { kind: 'sql', dialect: 'postgres', statement: 'DROP TABLE x' },
      undefined,
    ],
  ])('recognises the environment from %s', (_, action, expected) => {
    expect(recognise(action)).toBe(expected)
  })

  it.each([
    ['names a configured environment', shell('ls', '/tmp', 'staging'), 'staging'],
    [
      'names production while facts say dev',
      shell('aws --profile dev s3 ls', '/tmp', 'prod'),
      'prod',
    ],
    ['names dev while nothing matches', shell('ls', '/tmp', 'dev'), 'dev'],
    ['names an unknown environment', shell('aws --profile dev s3 ls', '/tmp', 'qa'), 'dev'],
    [
      'names dev while facts say production',
      shell('aws --profile prod s3 rb s3://x', '/tmp', 'dev'),
      'prod',
    ],
  ])('decides by the explicit environment when the action %s', (_, action, expected) => {
    expect(recognise(action)).toBe(expected)
  })

  it.each([
    ['a cwd two environments share', 'ls', 'prod', '/srv/shared/app'],
    [
      'facts of dev and prod',
      'aws --profile dev s3 cp s3://a s3://b && kubectl --context prod get pods',
      'prod',
    ],
    ['facts of dev and staging', 'kubectl --context staging get pods -n dev', 'dev'],
  ])(
    'prefers production, then the first declared, when it matches %s',
    (_, command, expected, cwd = '/tmp') => {
      expect(recognise(shell(command, cwd))).toBe(expected)
    },
  )

  it('recognises nothing when no environment is configured', () => {
    const action = shell('kubectl --context prod delete ns x')
    expect(recogniseEnvironment(action, summariseAnalysis(action, 'd', [], []), [])).toBeUndefined()
  })
})
