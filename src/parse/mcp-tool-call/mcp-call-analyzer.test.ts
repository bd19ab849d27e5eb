import { beforeAll, describe, expect, it } from 'vitest'

import type { McpToolAnnotations } from '../../model/action.js'
import { maxRisk, type Risk } from '../../model/risk.js'
import { loadParsers } from '../load-parsers.js'
import {
  analyzeMcpCall,
  type McpCall,
  type McpCallAnalysis,
  type McpCallOptions,
} from './mcp-call-analyzer.js'

beforeAll(loadParsers)

function judge(result: McpCallAnalysis): { risk: Risk; opaque: boolean } {
  const opaque = result.issues.length > 0 || result.effects.some((effect) => effect.opaque)
  const risks = result.effects.map((effect) => effect.risk)
  return { risk: maxRisk(opaque ? [...risks, 'destructive'] : risks), opaque }
}

function call(
  server: string,
  tool: string,
  args: Record<string, unknown> = {},
  annotations?: McpToolAnnotations,
): McpCall {
  return { server, tool, arguments: args, ...(annotations === undefined ? {} : { annotations }) }
}

function analyze(toolCall: McpCall, options: McpCallOptions = {}) {
  return judge(analyzeMcpCall(toolCall, options))
}

type Row = [string, McpCall, Risk]

const NAMESPACE_MANIFEST = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: prod\n'

describe('analyzeMcpCall', () => {
  describe('verbs in tool names', () => {
    it.each<Row>([
      [
        'reads when a file is read',
        call('filesystem', 'read_file', { path: '/srv/app/a.yaml' }),
        'safe',
      ],
      [
        'reads when pods are listed',
        call('kubernetes', 'list_pods', { namespace: 'prod' }),
        'safe',
      ],
      [
        'deletes a whole namespace when an object-first name ends in the verb',
        call('kubernetes', 'namespaces_delete', { name: 'payments' }),
        'catastrophic',
      ],
      [
        'reads when a camel-case name gets',
        call('sentry', 'getIssueDetails', { issueId: 'A-1' }),
        'safe',
      ],
      [
        'reads when a kebab-case name searches',
        call('docs', 'search-pages', { q: 'drop table' }),
        'safe',
      ],
      [
        'reads when a dotted name describes',
        call('aws', 'cloudformation.describe_stack', { stack: 'acme-prod' }),
        'safe',
      ],
      [
        'reads when a program prefix comes first',
        call('kubernetes', 'kubectl_get', { resourceType: 'pods' }),
        'safe',
      ],
      [
        'mutates when an issue is created',
        call('github', 'create_issue', { owner: 'a', repo: 'b', title: 'DROP TABLE x' }),
        'mutating',
      ],
      [
        'mutates when a file is edited',
        call('filesystem', 'edit_file', { path: '/srv/app/README.md', edits: [] }),
        'mutating',
      ],
      [
        'mutates when a service is restarted',
        call('ops', 'restart_service', { service: 'api' }),
        'mutating',
      ],
      [
        'mutates when a deployment is scaled',
        call('kubernetes', 'kubectl_scale', {
          resourceType: 'deployment',
          name: 'api',
          replicas: 6,
        }),
        'mutating',
      ],
      [
        'mutates when a deployment is scaled to zero',
        call('kubernetes', 'kubectl_scale', {
          resourceType: 'deployment',
          name: 'api',
          replicas: 0,
        }),
        'mutating',
      ],
      [
        'mutates when a release is deployed',
        call('ops', 'deploy_release', { version: '1.2.3' }),
        'mutating',
      ],
      [
        'mutates when branches are merged',
        call('github', 'merge_pull_request', { owner: 'a', repo: 'b', pullNumber: 5 }),
        'mutating',
      ],
      [
        'deletes when a bucket is deleted',
        call('aws', 'delete_bucket', { bucket: 'exports', force: true }),
        'destructive',
      ],
      [
        'deletes when a table is dropped',
        call('db', 'dropTable', { table: 'sessions' }),
        'destructive',
      ],
      [
        'deletes when an instance is terminated',
        call('aws', 'terminate_instance', { instanceId: 'i-1' }),
        'destructive',
      ],
      [
        'deletes when a volume is removed',
        call('docker', 'remove_volume', { name: 'pgdata' }),
        'destructive',
      ],
      [
        'deletes when a release is uninstalled',
        call('kubernetes', 'helm_uninstall', { name: 'ingress', namespace: 'ingress' }),
        'destructive',
      ],
      [
        'deletes when a table is truncated',
        call('db', 'truncate_table', { table: 'events' }),
        'destructive',
      ],
      [
        'deletes when a queue is purged',
        call('sqs', 'purge_queue', { queue: 'jobs' }),
        'destructive',
      ],
      [
        'deletes when a branch is deleted',
        call('github', 'delete_branch', { owner: 'a', repo: 'b', branch: 'release/1' }),
        'destructive',
      ],
      [
        'deletes when a repository is deleted',
        call('github', 'delete_repository', { owner: 'a', repo: 'b' }),
        'destructive',
      ],
      [
        'deletes when a name reads and deletes',
        call('x', 'get_and_delete_item', { id: 1 }),
        'destructive',
      ],
      [
        'only mutates when a cache is purged',
        call('cdn', 'purge_cache', { zone: 'z1' }),
        'mutating',
      ],
      [
        'only mutates when a password is reset',
        call('auth', 'reset_password', { user: 'bob' }),
        'mutating',
      ],
      [
        'destroys a stack when a stack is deleted',
        call('aws', 'delete_stack', { stack_name: 'acme-dev' }),
        'catastrophic',
      ],
      [
        'destroys a project when a project is deleted',
        call('gcp', 'delete_project', { project_id: 'acme-1' }),
        'catastrophic',
      ],
      [
        'destroys a cluster when a cluster is deleted',
        call('eks', 'delete_cluster', { name: 'main' }),
        'catastrophic',
      ],
      [
        'destroys an environment when one is deleted',
        call('ops', 'delete_environment', { environment: 'staging' }),
        'catastrophic',
      ],
      [
        'destroys a database when one is dropped',
        call('db', 'drop_database', { name: 'analytics' }),
        'catastrophic',
      ],
      [
        'destroys everything when all users are deleted',
        call('crm', 'delete_all_users'),
        'catastrophic',
      ],
      [
        'deletes a database server that keeps a snapshot',
        call('aws', 'delete_db_instance', { db_instance_identifier: 'ledger' }),
        'destructive',
      ],
      [
        'destroys a database server deleted without a snapshot',
        call('aws', 'delete_db_instance', {
          db_instance_identifier: 'ledger',
          skip_final_snapshot: true,
        }),
        'catastrophic',
      ],
      [
        'destroys a production database server',
        call('aws', 'delete_db_instance', { db_instance_identifier: 'ledger-prod' }),
        'catastrophic',
      ],
      [
        'destroys a production application',
        call('heroku', 'delete_app', { app: 'acme-prod' }),
        'catastrophic',
      ],
      [
        'changes nothing when called as a dry run',
        call('kubernetes', 'kubectl_delete', {
          resourceType: 'namespace',
          name: 'prod',
          dryRun: true,
        }),
        'safe',
      ],
    ])('%s', (_name, toolCall, risk) => {
      expect(analyze(toolCall)).toEqual({ risk, opaque: false })
    })

    it('ignores a dry-run argument of a tool whose server may not honour it', () => {
      expect(analyze(call('aws', 'delete_bucket', { bucket: 'b', dry_run: true })).risk).toBe(
        'destructive',
      )
    })
  })

  describe('multiplexing tools', () => {
    const trigger = (method: string) =>
      call('github', 'actions_run_trigger', { method, owner: 'acme', repo: 'api', run_id: 5 })

    it.each<Row>([
      ['mutates when a workflow is run', trigger('run_workflow'), 'mutating'],
      ['mutates when a run is re-run', trigger('rerun_workflow_run'), 'mutating'],
      ['mutates when failed jobs are re-run', trigger('rerun_failed_jobs'), 'mutating'],
      ['mutates when a run is cancelled', trigger('cancel_workflow_run'), 'mutating'],
      ['deletes when run logs are deleted', trigger('delete_workflow_run_logs'), 'destructive'],
      [
        'reads when a rollout status is asked for',
        call('kubernetes', 'kubectl_rollout', {
          subCommand: 'status',
          resourceType: 'deployment',
          name: 'api',
        }),
        'safe',
      ],
      [
        'mutates when a rollout is undone',
        call('kubernetes', 'kubectl_rollout', {
          subCommand: 'undo',
          resourceType: 'deployment',
          name: 'api',
        }),
        'mutating',
      ],
    ])('%s', (_name, toolCall, risk) => {
      expect(analyze(toolCall)).toEqual({ risk, opaque: false })
    })

    it('keeps a delete in the tool name when the selector reads', () => {
      expect(analyze(call('x', 'delete_records', { action: 'list', table: 'a' })).risk).toBe(
        'destructive',
      )
    })
  })

  describe('annotations', () => {
    it.each<Row>([
      [
        'deletes when a delete tool claims to be read-only',
        call('aws', 'delete_bucket', { bucket: 'b' }, { readOnlyHint: true }),
        'destructive',
      ],
      [
        'destroys a project whose tool claims to be read-only',
        call('gcp', 'delete_project', { project_id: 'p' }, { readOnlyHint: true }),
        'catastrophic',
      ],
      [
        'destroys a stack whose tool claims not to be destructive',
        call(
          'aws',
          'delete_stack',
          { stack_name: 'acme-prod' },
          { readOnlyHint: false, destructiveHint: false },
        ),
        'catastrophic',
      ],
      [
        'reads when a describe tool claims to be destructive',
        call('aws', 'describe_stack', { stack_name: 'acme-prod' }, { destructiveHint: true }),
        'safe',
      ],
      [
        'only mutates when a commit-style delete claims to be destructive',
        call(
          'github',
          'delete_file',
          { owner: 'a', repo: 'b', path: 'x.md', branch: 'main', message: 'm' },
          { destructiveHint: true },
        ),
        'mutating',
      ],
      [
        'judges the command when a shell tool claims to be read-only',
        call(
          'shell',
          'run_command',
          { command: 'rm -rf /srv/app/uploads' },
          { readOnlyHint: true },
        ),
        'destructive',
      ],
      [
        'judges the sql when a database tool claims to be read-only',
        call('db-admin', 'run_sql', { sql: 'DROP TABLE sessions' }, { readOnlyHint: true }),
        'destructive',
      ],
    ])('%s', (_name, toolCall, risk) => {
      expect(analyze(toolCall)).toEqual({ risk, opaque: false })
    })

    it.each<[string, McpToolAnnotations | undefined]>([
      ['is opaque when an unknown tool has no annotations', undefined],
      ['is opaque when an unknown tool claims to be read-only', { readOnlyHint: true }],
      ['is opaque when an unknown tool claims to be destructive', { destructiveHint: true }],
      [
        'is opaque when an unknown tool claims to be harmless',
        { readOnlyHint: false, destructiveHint: false },
      ],
    ])('%s', (_name, annotations) => {
      const result = analyzeMcpCall(call('acme', 'frobnicate', { id: 1 }, annotations))
      expect(judge(result)).toEqual({ risk: 'destructive', opaque: true })
      expect(result.effects[0]?.reason).toContain('`acme/frobnicate`')
    })

    it('says when a claim disagrees with what the tool does', () => {
      const result = analyzeMcpCall(
        call('aws', 'delete_bucket', { bucket: 'b' }, { readOnlyHint: true }),
      )
      expect(result.effects[0]?.reason).toContain('claims it is read-only')
    })
  })

  describe('declared risks', () => {
    const declared = (entries: [string, Risk][]): McpCallOptions => ({
      declaredRisks: new Map(entries),
    })

    it('uses the risk declared for server and tool', () => {
      expect(
        analyze(call('acme', 'frobnicate'), declared([['acme/frobnicate', 'mutating']])),
      ).toEqual({
        risk: 'mutating',
        opaque: false,
      })
    })

    it('uses the risk declared for the tool alone', () => {
      expect(analyze(call('acme', 'frobnicate'), declared([['frobnicate', 'safe']]))).toEqual({
        risk: 'safe',
        opaque: false,
      })
    })

    it('prefers the declaration for server and tool over the tool alone', () => {
      const options = declared([
        ['frobnicate', 'safe'],
        ['acme/frobnicate', 'destructive'],
      ])
      expect(analyze(call('acme', 'frobnicate'), options).risk).toBe('destructive')
    })

    it('trusts a declaration that lowers what the name says', () => {
      expect(
        analyze(call('acme', 'delete_draft'), declared([['delete_draft', 'mutating']])).risk,
      ).toBe('mutating')
    })

    it('raises a declared risk when the embedded command is worse', () => {
      const result = analyze(
        call('ops', 'run_task', { command: 'rm -rf /' }),
        declared([['ops/run_task', 'safe']]),
      )
      expect(result).toEqual({ risk: 'catastrophic', opaque: false })
    })

    it('raises a declared risk when the embedded sql is worse', () => {
      const result = analyze(
        call('warehouse', 'report', { sql: 'TRUNCATE events' }),
        declared([['report', 'safe']]),
      )
      expect(result.risk).toBe('destructive')
    })

    it('ignores a declaration for another server', () => {
      expect(
        analyze(call('acme', 'frobnicate'), declared([['other/frobnicate', 'safe']])).opaque,
      ).toBe(true)
    })
  })

  describe('embedded content', () => {
    it.each<Row>([
      [
        'reads when a shell command only lists',
        call('shell', 'run_command', { command: 'ls -la', cwd: '/srv' }),
        'safe',
      ],
      [
        'reads when dangerous words are only printed',
        call('shell', 'bash', { command: 'echo "rm -rf /"' }),
        'safe',
      ],
      [
        'deletes when a shell command deletes a project folder',
        call('shell', 'exec_command', { cmd: 'rm -rf uploads', workdir: '/srv/app' }),
        'destructive',
      ],
      [
        'destroys when a script wipes the root',
        call('shell', 'run_script', { script: 'cd /\nrm -rf --no-preserve-root /' }),
        'catastrophic',
      ],
      [
        'judges an argv given as an array',
        call('kubernetes', 'exec_in_pod', {
          name: 'web-1',
          command: ['rm', '-rf', '/srv/app/data'],
        }),
        'destructive',
      ],
      [
        'judges a command and its separate arguments',
        call('shell', 'run_command', { command: 'rm', args: ['-rf', '/srv/app/data'] }),
        'destructive',
      ],
      [
        'reads when a cli command lists',
        call('aws', 'call_aws', { cli_command: "aws s3api list-buckets --query 'Buckets[].Name'" }),
        'safe',
      ],
      [
        'deletes when a cli command terminates',
        call('aws', 'call_aws', { cli_command: 'aws ec2 terminate-instances --instance-ids i-1' }),
        'destructive',
      ],
      [
        'runs the wrapped program when a terraform tool plans',
        call('terraform', 'ExecuteTerraformCommand', {
          command: 'plan',
          working_directory: '/infra/envs/prod',
        }),
        'safe',
      ],
      [
        'runs the wrapped program when a terraform tool destroys',
        call('terraform', 'ExecuteTerraformCommand', {
          command: 'destroy',
          working_directory: '/infra/envs/prod',
        }),
        'catastrophic',
      ],
      [
        'runs the wrapped program when a redis tool flushes',
        call('redis', 'execute_command', { command: 'FLUSHALL' }),
        'destructive',
      ],
      [
        'reads when a redis tool gets a key',
        call('redis', 'execute_command', { command: 'GET session:1' }),
        'safe',
      ],
      [
        'reads when a query tool selects',
        call('postgres', 'query', { sql: 'SELECT id FROM orders WHERE id = 1' }),
        'safe',
      ],
      [
        'mutates when a run tool inserts',
        call('db-admin', 'run_sql', { sql: "INSERT INTO flags (name) VALUES ('x')" }),
        'mutating',
      ],
      [
        'deletes when a delete has no where',
        call('db', 'execute_sql', { sql: 'DELETE FROM users' }),
        'destructive',
      ],
      [
        'destroys when a database is dropped',
        call('db-admin', 'run_sql', { database: 'postgres', sql: 'DROP DATABASE analytics' }),
        'catastrophic',
      ],
      [
        'reads the dialect from the server name',
        call('mysql', 'query', { query: 'SELECT `id` FROM `orders` LIMIT 1' }),
        'safe',
      ],
      [
        'reads the dialect from an argument',
        call('db', 'run_query', { dialect: 'sqlite', query: 'PRAGMA table_info(users)' }),
        'safe',
      ],
      [
        'raises a schema drop named as production',
        call('postgres', 'run_query', { database: 'prod', sql: 'DROP SCHEMA public CASCADE' }),
        'catastrophic',
      ],
      [
        'judges sql behind a leading comment in a run tool',
        call('warehouse', 'run_query', { query: '/* cleanup */ DROP TABLE events' }),
        'destructive',
      ],
      [
        'reads when a search tool is given words that start like sql',
        call('grafana', 'search_dashboards', { query: 'update latency' }),
        'safe',
      ],
      [
        'reads when a query tool is given promql',
        call('prometheus', 'query', { query: 'rate(http_requests_total[5m])' }),
        'safe',
      ],
      [
        'ignores sql words in free text',
        call('github', 'create_issue', { owner: 'a', repo: 'b', body: 'DROP COLUMN legacy_id' }),
        'mutating',
      ],
      [
        'judges python code run by an interpreter tool',
        call('sandbox', 'execute_python', { code: 'import shutil; shutil.rmtree("/srv/app")' }),
        'destructive',
      ],
      [
        'judges a request carried by an http tool',
        call('http', 'http_request', {
          method: 'DELETE',
          url: 'https://k8s.internal/api/v1/namespaces/prod',
        }),
        'catastrophic',
      ],
      [
        'reads when an http tool only gets',
        call('http', 'http_request', { method: 'GET', url: 'https://api.example.com/v1/users' }),
        'safe',
      ],
      [
        'judges a graphql mutation carried by a graphql tool',
        call('graphql', 'graphql_query', { query: 'mutation { deleteProject(id: 1) { id } }' }),
        'catastrophic',
      ],
      [
        'mutates when a namespace manifest is applied',
        call('kubernetes', 'kubectl_apply', { manifest: NAMESPACE_MANIFEST }),
        'mutating',
      ],
      [
        'destroys when a namespace manifest is deleted',
        call('kubernetes', 'kubectl_delete', { manifest: NAMESPACE_MANIFEST }),
        'catastrophic',
      ],
      [
        'judges every document of a manifest',
        call('kubernetes', 'kubectl_delete', {
          manifest: `${NAMESPACE_MANIFEST}---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n`,
        }),
        'catastrophic',
      ],
      [
        'judges a json manifest',
        call('kubernetes', 'kubectl_create', {
          manifest: '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"api"}}',
        }),
        'mutating',
      ],
      [
        'judges a manifest given as an object',
        call('kubernetes', 'delete_resource', {
          resource: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data' } },
        }),
        'destructive',
      ],
      [
        'judges the items of a list manifest',
        call('cluster', 'apply_manifest', {
          manifest: {
            apiVersion: 'v1',
            kind: 'List',
            items: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }],
          },
        }),
        'mutating',
      ],
      [
        'treats a manifest pushed to a repository as a file',
        call('github', 'create_or_update_file', {
          owner: 'a',
          repo: 'b',
          path: 'k8s/ns.yaml',
          content: NAMESPACE_MANIFEST,
          message: 'm',
          branch: 'main',
        }),
        'mutating',
      ],
    ])('%s', (_name, toolCall, risk) => {
      expect(analyze(toolCall)).toEqual({ risk, opaque: false })
    })

    it.each<[string, McpCall]>([
      ['is opaque when a run tool carries nothing to read', call('shell', 'run_command')],
      [
        'is opaque when the command is an unknown program',
        call('shell', 'run_command', { command: 'frob --all' }),
      ],
      [
        'is opaque when the sql does not parse',
        call('postgres', 'run_query', { sql: 'SELEC oops' }),
      ],
      [
        'is opaque when the code has no known language',
        call('sandbox', 'run_code', { code: 'print(1)' }),
      ],
      [
        'is opaque when a manifest does not parse',
        call('kubernetes', 'kubectl_delete', { manifest: 'apiVersion: v1\nkind: [Namespace\n' }),
      ],
      [
        'is opaque when a playbook is run',
        call('ansible', 'run_playbook', { playbook: 'site.yml' }),
      ],
    ])('%s', (_name, toolCall) => {
      expect(analyze(toolCall)).toMatchObject({ opaque: true })
      expect(analyze(toolCall).risk).not.toBe('safe')
    })

    it('runs embedded commands in the working directory an argument names', () => {
      const result = analyzeMcpCall(
        call('shell', 'run_command', { command: 'rm -rf data', cwd: '/srv/app' }),
      )
      expect(result.effects.some((effect) => effect.target.includes('/srv/app/data'))).toBe(true)
    })
  })

  describe('kubernetes tools', () => {
    it.each<Row>([
      [
        'only mutates when one pod is deleted',
        call('kubernetes', 'kubectl_delete', {
          resourceType: 'pods',
          name: 'web-1',
          namespace: 'prod',
        }),
        'mutating',
      ],
      [
        'deletes when every pod is deleted',
        call('kubernetes', 'kubectl_delete', { resourceType: 'pods', namespace: 'prod' }),
        'destructive',
      ],
      [
        'deletes when a deployment is deleted',
        call('kubernetes', 'kubectl_delete', {
          resourceType: 'deployment',
          name: 'payments-api',
          namespace: 'prod',
        }),
        'destructive',
      ],
      [
        'destroys a namespace when every deployment is deleted',
        call('kubernetes', 'kubectl_delete', { resourceType: 'deployments', namespace: 'prod' }),
        'catastrophic',
      ],
      [
        'only mutates when a deployment is deleted with orphaned pods',
        call('kubernetes', 'kubectl_delete', {
          resourceType: 'deployment',
          name: 'api',
          cascade: 'orphan',
        }),
        'mutating',
      ],
      [
        'destroys a namespace when it is deleted',
        call('kubernetes', 'kubectl_delete', { resourceType: 'namespace', name: 'prod' }),
        'catastrophic',
      ],
      [
        'destroys a namespace named in the tool',
        call('k8s', 'delete_namespace', { name: 'staging' }),
        'catastrophic',
      ],
      [
        'deletes a volume claim',
        call('kubernetes', 'delete_pvc', { name: 'data-0', namespace: 'db' }),
        'destructive',
      ],
      [
        'deletes when finalizers are removed',
        call('kubernetes', 'kubectl_patch', {
          resourceType: 'namespace',
          name: 'prod',
          patch: '{"metadata":{"finalizers":null}}',
        }),
        'destructive',
      ],
      [
        'mutates when a patch sets labels',
        call('kubernetes', 'kubectl_patch', {
          resourceType: 'deployment',
          name: 'api',
          patch: '{"metadata":{"labels":{"a":"b"}}}',
        }),
        'mutating',
      ],
    ])('%s', (_name, toolCall, risk) => {
      expect(analyze(toolCall)).toEqual({ risk, opaque: false })
    })

    it('targets the kind, name and namespace', () => {
      const result = analyzeMcpCall(
        call('kubernetes', 'kubectl_delete', {
          resourceType: 'deployment',
          name: 'api',
          namespace: 'prod',
        }),
      )
      expect(result.effects[0]?.target).toBe('k8s:prod/deployment/api')
      expect(result.effects[0]?.system).toBe('k8s')
    })
  })

  describe('files', () => {
    it.each<Row>([
      [
        'only mutates when a removal is committed to a hosted repository',
        call('github', 'delete_file', {
          owner: 'a',
          repo: 'b',
          path: 'docs/x.md',
          branch: 'main',
          message: 'm',
        }),
        'mutating',
      ],
      [
        'mutates when files are pushed',
        call('github', 'push_files', {
          owner: 'a',
          repo: 'b',
          branch: 'main',
          files: [{ path: 'a', content: 'b' }],
          message: 'm',
        }),
        'mutating',
      ],
      [
        'deletes when a local data file is deleted',
        call('filesystem', 'delete_file', { path: '/srv/app/data.db' }),
        'destructive',
      ],
      [
        'changes nothing that matters when scratch space is deleted',
        call('filesystem', 'delete_file', { path: '/tmp/build.log' }),
        'safe',
      ],
      [
        'changes nothing that matters when build output is deleted',
        call('filesystem', 'delete_directory', { path: '/srv/app/node_modules' }),
        'safe',
      ],
      [
        'destroys the filesystem when the root is deleted',
        call('filesystem', 'delete_directory', { path: '/' }),
        'catastrophic',
      ],
      [
        'destroys a home directory when it is deleted',
        call('filesystem', 'remove_directory', { path: '~' }),
        'catastrophic',
      ],
      [
        'mutates when a project file is written',
        call('filesystem', 'write_file', { path: '/srv/app/notes.txt', content: 'x' }),
        'mutating',
      ],
      [
        'deletes when a secrets file is written over',
        call('filesystem', 'write_file', { path: '/srv/app/.env', content: 'x' }),
        'destructive',
      ],
      [
        'rewrites history when a push is forced',
        call('git', 'git_push', { remote: 'origin', branch: 'main', force: true }),
        'destructive',
      ],
      [
        'mutates when a push is not forced',
        call('git', 'git_push', { remote: 'origin', branch: 'main' }),
        'mutating',
      ],
    ])('%s', (_name, toolCall, risk) => {
      expect(analyze(toolCall)).toEqual({ risk, opaque: false })
    })
  })

  describe('environment', () => {
    it('infers the environment from target arguments', () => {
      const result = analyzeMcpCall(call('aws', 'delete_bucket', { bucket: 'acme-prod-exports' }))
      expect(result.effects[0]?.reason).toContain('(prod)')
    })

    it('does not infer the environment from free text', () => {
      const result = analyzeMcpCall(call('tracker', 'create_ticket', { title: 'prod is down' }))
      expect(result.effects[0]?.reason).not.toContain('(prod)')
    })

    it('uses the environment it is given over the arguments', () => {
      const result = analyzeMcpCall(call('aws', 'delete_bucket', { bucket: 'acme-prod-exports' }), {
        environment: 'dev',
      })
      expect(result.effects[0]?.reason).toContain('(dev)')
    })

    it('reads the environment from nested variables', () => {
      const result = analyzeMcpCall(
        call('ops', 'delete_app', { name: 'checkout', variables: { environment: 'prod' } }),
      )
      expect(judge(result).risk).toBe('catastrophic')
    })

    it('puts the targets of the arguments into the effect target', () => {
      const result = analyzeMcpCall(
        call('github', 'delete_branch', { owner: 'acme', repo: 'api', branch: 'old' }),
      )
      expect(result.effects[0]?.target).toBe('github/delete_branch acme/api old')
      expect(result.effects[0]?.reason).toContain('`old`')
    })
  })

  describe('malformed input', () => {
    it.each<[string, unknown]>([
      ['is opaque when the call is null', null],
      ['is opaque when the call is a string', 'delete_file'],
      ['is opaque when the tool is missing', { server: 's', arguments: {} }],
      ['is opaque when the tool is empty', { server: 's', tool: '', arguments: {} }],
      ['is opaque when the server is not a string', { server: 1, tool: 'get_x', arguments: {} }],
      ['is opaque when the arguments are null', { server: 's', tool: 'get_x', arguments: null }],
      ['is opaque when the arguments are an array', { server: 's', tool: 'get_x', arguments: [] }],
      ['is opaque when the tool name has no letters', { server: 's', tool: '___', arguments: {} }],
    ])('%s', (_name, toolCall) => {
      const result = analyzeMcpCall(toolCall as McpCall)
      expect(judge(result)).toEqual({ risk: 'destructive', opaque: true })
    })

    it('ignores annotations that are not an object', () => {
      const toolCall = { server: 's', tool: 'get_x', arguments: {}, annotations: 'read-only' }
      expect(analyze(toolCall as unknown as McpCall)).toEqual({ risk: 'safe', opaque: false })
    })

    it('never crashes on odd argument values', () => {
      const values: unknown[] = [
        null,
        0,
        true,
        [],
        [null, 1],
        { a: { b: { c: { d: { e: {} } } } } },
        'x'.repeat(10_000),
      ]
      for (const value of values) {
        for (const tool of ['run_command', 'delete_file', 'kubectl_apply', 'query']) {
          const result = analyzeMcpCall(
            call('kubernetes', tool, { command: value, path: value, manifest: value, sql: value }),
          )
          expect(result.effects.length).toBeGreaterThan(0)
        }
      }
    })
  })
})
