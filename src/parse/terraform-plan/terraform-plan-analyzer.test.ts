import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

import { describe, expect, it } from 'vitest'

import { maxRisk, type Risk } from '../../model/risk.js'
import { analyzeTerraformPlan, type TerraformPlanOptions } from './terraform-plan-analyzer.js'

interface ChangeInit {
  readonly address?: string
  readonly mode?: 'managed' | 'data'
  readonly before?: unknown
  readonly after?: unknown
  readonly [key: string]: unknown
}

/** A `resource_changes` entry as `terraform show -json` writes it. */
function change(type: string, actions: string[], init: ChangeInit = {}): Record<string, unknown> {
  const { address, mode, before, after, replace_paths, importing, ...rest } = init
  const name = 'main'
  const destroys = actions.length === 1 && actions[0] === 'delete'
  const creates = actions.length === 1 && (actions[0] === 'create' || actions[0] === 'read')
  const shownBefore = before === undefined ? (creates ? null : { id: 'x-1' }) : before
  const shownAfter = after === undefined ? (destroys ? null : { id: 'x-1' }) : after
  return {
    address: address ?? `${mode === 'data' ? 'data.' : ''}${type}.${name}`,
    mode: mode ?? 'managed',
    type,
    name,
    provider_name: 'registry.terraform.io/hashicorp/aws',
    ...rest,
    change: {
      actions,
      before: shownBefore,
      after: shownAfter,
      after_unknown: {},
      before_sensitive: shownBefore === null ? false : {},
      after_sensitive: shownAfter === null ? false : {},
      ...(replace_paths === undefined ? {} : { replace_paths }),
      ...(importing === undefined ? {} : { importing }),
    },
  }
}

function planOf(
  changes: readonly unknown[],
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { format_version: '1.2', terraform_version: '1.9.5', resource_changes: changes, ...extra }
}

function judge(plan: unknown, options: TerraformPlanOptions = {}) {
  const { effects, issues } = analyzeTerraformPlan(plan, options)
  return {
    effects,
    issues,
    risk: maxRisk(effects.map((effect) => effect.risk)),
    opaque: issues.length > 0 || effects.some((effect) => effect.opaque),
    reasons: effects.map((effect) => effect.reason),
  }
}

function many(count: number, make: (index: number) => unknown): unknown[] {
  return Array.from({ length: count }, (_, index) => make(index))
}

describe('analyzeTerraformPlan', () => {
  describe('per resource change', () => {
    const rules: [string, Record<string, unknown>, Risk][] = [
      ['a no-op', change('aws_db_instance', ['no-op']), 'safe'],
      ['a data source read', change('aws_ami', ['read'], { mode: 'data' }), 'safe'],
      [
        'a no-op moved from an old address',
        change('aws_vpc', ['no-op'], { previous_address: 'aws_vpc.old' }),
        'safe',
      ],
      ['a create', change('aws_s3_bucket', ['create']), 'mutating'],
      ['an in-place update', change('aws_autoscaling_group', ['update']), 'mutating'],
      ['an import', change('aws_s3_bucket', ['no-op'], { importing: { id: 'b' } }), 'mutating'],
      ['a forget', change('aws_db_instance', ['forget']), 'mutating'],
      ['a create-then-forget', change('aws_db_instance', ['create', 'forget']), 'mutating'],
      ['a delete of a bucket', change('aws_s3_bucket', ['delete']), 'destructive'],
      ['a delete of a table', change('aws_dynamodb_table', ['delete']), 'destructive'],
      ['a delete of a volume', change('aws_ebs_volume', ['delete']), 'destructive'],
      [
        'a delete of a volume claim',
        change('kubernetes_persistent_volume_claim_v1', ['delete']),
        'destructive',
      ],
      ['a delete of a hosted zone', change('aws_route53_zone', ['delete']), 'destructive'],
      ['a delete of a KMS key', change('aws_kms_key', ['delete']), 'destructive'],
      [
        'a delete of a stateless rule',
        change('aws_security_group_rule', ['delete']),
        'destructive',
      ],
      ['a delete of an alarm', change('aws_cloudwatch_metric_alarm', ['delete']), 'destructive'],
      ['a delete of a null_resource', change('null_resource', ['delete']), 'mutating'],
      ['a delete of a random_id', change('random_id', ['delete']), 'mutating'],
      ['a replace of a queue', change('aws_sqs_queue', ['delete', 'create']), 'destructive'],
      [
        'a create-before-destroy of a secret',
        change('aws_secretsmanager_secret', ['create', 'delete']),
        'destructive',
      ],
      [
        'a replace of a random_password',
        change('random_password', ['delete', 'create']),
        'destructive',
      ],
      [
        'a replace of a lambda permission',
        change('aws_lambda_permission', ['delete', 'create']),
        'mutating',
      ],
      [
        'a create-before-destroy of a launch template',
        change('aws_launch_template', ['create', 'delete']),
        'mutating',
      ],
      ['a replace of a node group', change('aws_eks_node_group', ['delete', 'create']), 'mutating'],
      [
        'a replace of a tainted null_resource',
        change('null_resource', ['delete', 'create'], { action_reason: 'replace_because_tainted' }),
        'mutating',
      ],
      [
        'a replace of an instance whose root disk goes with it',
        change('aws_instance', ['delete', 'create'], {
          before: { root_block_device: [{ delete_on_termination: true }] },
        }),
        'destructive',
      ],
      [
        'a replace of an instance whose disks outlive it',
        change('aws_instance', ['delete', 'create'], {
          before: { root_block_device: [{ delete_on_termination: false }] },
        }),
        'mutating',
      ],
      [
        'a replace of a GCE instance that keeps its boot disk',
        change('google_compute_instance', ['delete', 'create'], {
          before: { boot_disk: [{ auto_delete: false }] },
        }),
        'mutating',
      ],
      [
        'a replace of a database with a final snapshot',
        change('aws_db_instance', ['delete', 'create'], { before: { skip_final_snapshot: false } }),
        'destructive',
      ],
      [
        'a delete of a database server',
        change('azurerm_postgresql_flexible_server', ['delete']),
        'destructive',
      ],
      [
        'a delete of a database server with no final snapshot',
        change('aws_rds_cluster', ['delete'], { before: { skip_final_snapshot: true } }),
        'catastrophic',
      ],
      ['a delete of a logical database', change('google_sql_database', ['delete']), 'catastrophic'],
      [
        'a delete of a catalog database',
        change('aws_glue_catalog_database', ['delete']),
        'destructive',
      ],
      [
        'a replace of a Kubernetes cluster',
        change('aws_eks_cluster', ['delete', 'create']),
        'catastrophic',
      ],
      ['a delete of a GKE cluster', change('google_container_cluster', ['delete']), 'catastrophic'],
      [
        'a delete of a Kubernetes namespace',
        change('kubernetes_namespace', ['delete'], { before: { metadata: [{ name: 'apps' }] } }),
        'catastrophic',
      ],
      [
        'a delete of a resource group',
        change('azurerm_resource_group', ['delete']),
        'catastrophic',
      ],
      [
        'a delete of a project',
        change('google_project', ['delete'], { before: { deletion_policy: 'DELETE' } }),
        'catastrophic',
      ],
      [
        'a delete of an abandoned project',
        change('google_project', ['delete'], { before: { deletion_policy: 'ABANDON' } }),
        'mutating',
      ],
      [
        'a delete of a CloudFormation stack',
        change('aws_cloudformation_stack', ['delete']),
        'catastrophic',
      ],
      [
        'a delete of a deposed object of a data-less resource',
        change('aws_lb_target_group', ['delete'], { deposed: '3f2a9c1e' }),
        'mutating',
      ],
      [
        'a delete of a deposed object of a volume',
        change('aws_ebs_volume', ['delete'], { deposed: '3f2a9c1e' }),
        'destructive',
      ],
    ]

    it.each(rules.map(([name, entry, risk]) => ({ name, entry, risk })))(
      'judges $name as $risk',
      ({ entry, risk }) => {
        expect(judge(planOf([entry])).risk).toBe(risk)
      },
    )

    it.each<[string, Record<string, unknown>, string]>([
      [
        'a replace of a database in a module',
        change('aws_db_instance', ['delete', 'create'], {
          address: 'module.db.aws_db_instance.main',
          action_reason: 'replace_because_cannot_update',
          replace_paths: [['engine_version']],
        }),
        'replaces `module.db.aws_db_instance.main` (delete before create; replace_because_cannot_update: `engine_version` cannot change in place): the database and its data are lost',
      ],
      [
        'a forced bucket delete',
        change('aws_s3_bucket', ['delete'], {
          before: { force_destroy: true },
          action_reason: 'delete_because_no_resource_config',
        }),
        'deletes `aws_s3_bucket.main` (delete_because_no_resource_config: it is no longer in the configuration): the bucket and its objects are lost (`force_destroy` is set)',
      ],
      [
        'a deposed volume',
        change('aws_ebs_volume', ['delete'], { deposed: 'ab12' }),
        'deletes deposed object `ab12` of `aws_ebs_volume.main`, the old half of a create_before_destroy replacement: the data on the volume is lost',
      ],
      [
        'a forget',
        change('aws_iam_user', ['forget']),
        'forgets `aws_iam_user.main`: terraform stops managing it and the real object stays',
      ],
      [
        'a move',
        change('aws_vpc', ['no-op'], { previous_address: 'aws_vpc.old' }),
        'moves `aws_vpc.old` to `aws_vpc.main` in terraform state only; nothing real changes',
      ],
      [
        'a replace by request',
        change('aws_instance', ['delete', 'create'], { action_reason: 'replace_by_request' }),
        'replaces `aws_instance.main` (delete before create; replace_by_request: `-replace` asked for it): its disks are deleted with it',
      ],
    ])('explains %s in its reason', (_, entry, reason) => {
      expect(judge(planOf([entry])).reasons).toEqual([reason])
    })

    it.each([
      [
        { deletion_protection: true },
        { deletion_protection: false },
        'turns off `deletion_protection`',
      ],
      [{ force_destroy: false }, { force_destroy: true }, 'sets `force_destroy`'],
      [{ skip_final_snapshot: false }, { skip_final_snapshot: true }, 'sets `skip_final_snapshot`'],
      [
        { allocated_storage: 200 },
        { allocated_storage: 100 },
        'shrinks `allocated_storage` from 200 to 100',
      ],
      [
        { settings: [{ deletion_protection_enabled: true }] },
        { settings: [{ deletion_protection_enabled: false }] },
        'turns off `settings[0].deletion_protection_enabled`',
      ],
    ])('keeps an update that loosens %j mutating and names the signal', (before, after, signal) => {
      const { risk, reasons } = judge(
        planOf([change('aws_db_instance', ['update'], { before, after })]),
      )
      expect(risk).toBe('mutating')
      expect(reasons[0]).toContain(`leans towards data loss: ${signal}`)
    })

    it('says nothing about an update that only changes tags', () => {
      const { reasons } = judge(
        planOf([
          change('aws_db_instance', ['update'], {
            before: { deletion_protection: true, tags: { Team: 'a' } },
            after: { deletion_protection: true, tags: { Team: 'b' } },
          }),
        ]),
      )
      expect(reasons).toEqual(['updates `aws_db_instance.main` in place'])
    })

    it('gives no effect for a no-op that neither moves nor imports', () => {
      expect(judge(planOf([change('aws_s3_bucket', ['no-op'])])).effects).toEqual([])
    })

    it('describes every effect as an item of the iac system addressed by its resource', () => {
      const [effect] = judge(planOf([change('aws_s3_bucket', ['create'])])).effects
      expect(effect).toMatchObject({
        system: 'iac',
        verb: 'create',
        target: 'aws_s3_bucket.main',
        scope: 'item',
        opaque: false,
        reversible: true,
      })
    })
  })

  describe('on the whole plan', () => {
    it('judges an empty plan as safe', () => {
      expect(judge(planOf([]))).toMatchObject({ risk: 'safe', opaque: false, effects: [] })
    })

    it('judges a plan of a configuration without resources as safe when resource_changes is left out', () => {
      const plan = { format_version: '1.2', planned_values: { root_module: {} } }
      expect(judge(plan)).toMatchObject({ risk: 'safe', opaque: false })
    })

    it('judges a plan with only output changes as safe', () => {
      const plan = planOf([], {
        output_changes: { url: { actions: ['create'], before: null, after: 'https://x' } },
      })
      expect(judge(plan).risk).toBe('safe')
    })

    it('finds a teardown when at least five managed resources are deleted and they are most of the plan', () => {
      const types = ['aws_vpc', 'aws_subnet', 'aws_lb', 'aws_iam_role', 'aws_ecs_service']
      const changes = types.map((type) => change(type, ['delete']))
      const { effects } = judge(planOf(changes), { environment: 'prod' })
      const teardown = effects.find((effect) => effect.target === '*')
      expect(teardown).toMatchObject({ risk: 'catastrophic', scope: 'environment' })
      expect(teardown?.reason).toMatch(
        /^deletes 5 of the 5 resources the plan manages in `prod`, including `aws_vpc.main`/,
      )
    })

    it('finds no teardown when fewer than five resources are deleted', () => {
      const changes = ['aws_ebs_volume', 'aws_volume_attachment'].map((type) =>
        change(type, ['delete']),
      )
      expect(judge(planOf(changes)).risk).toBe('destructive')
    })

    it('finds no teardown when the prior state holds many more resources than are deleted', () => {
      const changes = many(5, (index) =>
        change('aws_iam_policy', ['delete'], { address: `aws_iam_policy.p${index}` }),
      )
      const resources = many(20, (index) => ({
        address: `aws_iam_role.r${index}`,
        mode: 'managed',
        type: 'aws_iam_role',
        name: `r${index}`,
        values: {},
      }))
      const plan = planOf(changes, { prior_state: { values: { root_module: { resources } } } })
      expect(judge(plan).risk).toBe('destructive')
    })

    it('does not count resources that exist only in state towards a teardown', () => {
      const changes = many(6, (index) =>
        change('null_resource', ['delete'], { address: `null_resource.n${index}` }),
      )
      expect(judge(planOf(changes)).risk).toBe('mutating')
    })

    it('finds a removed module that holds data, with its nested modules', () => {
      const removed = (address: string, type: string) =>
        change(type, ['delete'], { address, action_reason: 'delete_because_no_module' })
      const changes = [
        change('aws_iam_role', ['no-op'], { address: 'aws_iam_role.ci' }),
        removed('module.search.aws_opensearch_domain.main', 'aws_opensearch_domain'),
        removed(
          'module.search.module.logs.aws_cloudwatch_log_group.main',
          'aws_cloudwatch_log_group',
        ),
      ]
      const catastrophic = judge(planOf(changes)).effects.filter(
        (effect) => effect.risk === 'catastrophic',
      )
      expect(catastrophic).toMatchObject([{ target: 'module.search', scope: 'stack' }])
      expect(catastrophic[0]?.reason).toMatch(
        /^removes module `module.search` \(delete_because_no_module\) and deletes all 2 resources in it/,
      )
    })

    it('finds a removed module instance by its for_each key', () => {
      const changes = ['blue', 'green'].flatMap((key) =>
        ['aws_s3_bucket', 'aws_sqs_queue'].map((type) =>
          change(type, ['delete'], {
            address: `module.app["${key}"].${type}.main`,
            ...(key === 'blue' ? { action_reason: 'delete_because_no_module' } : {}),
          }),
        ),
      )
      const targets = judge(planOf(changes))
        .effects.filter((effect) => effect.risk === 'catastrophic')
        .map((effect) => effect.target)
      expect(targets).toEqual(['module.app["blue"]'])
    })

    it('leaves a small removed module of plain resources at the risk of its deletes', () => {
      const changes = [
        change('aws_iam_role', ['no-op'], { address: 'aws_iam_role.ci' }),
        ...['aws_iam_role', 'aws_iam_role_policy'].map((type) =>
          change(type, ['delete'], {
            address: `module.ci.${type}.main`,
            action_reason: 'delete_because_no_module',
          }),
        ),
      ]
      expect(judge(planOf(changes)).risk).toBe('destructive')
    })

    it('does not call a module removed when the prior state still has more of it', () => {
      const changes = [
        change('aws_iam_role', ['no-op'], { address: 'aws_iam_role.ci' }),
        ...['aws_s3_bucket', 'aws_sqs_queue'].map((type) =>
          change(type, ['delete'], {
            address: `module.data.${type}.main`,
            action_reason: 'delete_because_no_module',
          }),
        ),
      ]
      const resources = ['aws_s3_bucket', 'aws_sqs_queue', 'aws_kms_key', 'aws_iam_role'].map(
        (type) => ({ address: `module.data.${type}.main`, mode: 'managed', type }),
      )
      const plan = planOf(changes, {
        prior_state: {
          values: { root_module: { child_modules: [{ address: 'module.data', resources }] } },
        },
      })
      expect(judge(plan).risk).toBe('destructive')
    })

    it('finds a network deleted together with what is inside it', () => {
      const changes = [
        change('aws_vpc', ['delete'], { before: { id: 'vpc-0a1', cidr_block: '10.0.0.0/16' } }),
        change('aws_subnet', ['delete'], { before: { id: 'subnet-1', vpc_id: 'vpc-0a1' } }),
        ...many(6, (index) =>
          change('aws_iam_role', ['no-op'], { address: `aws_iam_role.r${index}` }),
        ),
      ]
      const catastrophic = judge(planOf(changes)).effects.filter(
        (effect) => effect.risk === 'catastrophic',
      )
      expect(catastrophic).toMatchObject([{ target: 'aws_vpc.main' }])
      expect(catastrophic[0]?.reason).toContain('together with a resource inside it')
    })

    it('matches a network by name for resources that refer to it by name', () => {
      const changes = [
        change('google_compute_network', ['delete'], { before: { name: 'core', id: 'n-1' } }),
        change('google_compute_subnetwork', ['delete'], {
          before: { name: 'core-a', network: 'core' },
        }),
      ]
      expect(judge(planOf(changes)).risk).toBe('catastrophic')
    })

    it('leaves an empty network deleted alone at destructive', () => {
      const changes = [
        change('aws_vpc', ['delete'], { before: { id: 'vpc-0a1' } }),
        change('aws_subnet', ['delete'], { before: { id: 'subnet-1', vpc_id: 'vpc-other' } }),
      ]
      expect(judge(planOf(changes)).risk).toBe('destructive')
    })
  })

  describe('environment', () => {
    const bucket = change('aws_s3_bucket', ['delete'], {
      before: { bucket: 'orders-exports', tags: { Environment: 'staging' } },
    })

    it.each<[string, Record<string, unknown>, TerraformPlanOptions, string]>([
      ['the given one', planOf([bucket]), { environment: 'prod' }, ' in `prod`:'],
      [
        'a variable named environment',
        planOf([bucket], { variables: { env: { value: 'production' } } }),
        {},
        ' in `prod`:',
      ],
      ['an Environment tag', planOf([bucket]), {}, ' in `staging`:'],
      [
        'resource names',
        planOf([change('aws_s3_bucket', ['delete'], { before: { bucket: 'acme-dev-logs' } })]),
        {},
        ' in `dev`:',
      ],
    ])('names %s in the reasons', (_, plan, options, phrase) => {
      expect(judge(plan, options).reasons[0]).toContain(phrase)
    })

    it('names no environment when nothing reveals one', () => {
      const plan = planOf([change('aws_s3_bucket', ['delete'], { before: { bucket: 'orders' } })])
      expect(judge(plan).reasons[0]).not.toContain(' in `')
    })

    it('keeps a data-holding delete destructive when names say prod', () => {
      const plan = planOf([
        change('aws_dynamodb_table', ['delete'], { before: { name: 'sessions-prod' } }),
      ])
      expect(judge(plan).risk).toBe('destructive')
    })

    it('marks whole-database effects with the database scope so a given environment can adjust them', () => {
      const { effects } = judge(planOf([change('google_sql_database', ['delete'])]))
      expect(effects[0]).toMatchObject({ scope: 'database', verb: 'delete', risk: 'catastrophic' })
    })
  })

  describe('malformed documents', () => {
    it.each<[string, unknown, string]>([
      ['not an object', [1, 2], '`(root)`: expected a plan object, received an array'],
      ['null', null, '`(root)`: expected a plan object, received null'],
      [
        'without a format version',
        { resource_changes: [] },
        '`format_version`: missing: a plan from `terraform show -json` always has one',
      ],
      [
        'with an unknown format major',
        { format_version: '2.0', resource_changes: [] },
        '`format_version`: unknown major version `2.0`',
      ],
      [
        'with a format version that is not one',
        { format_version: 'latest', resource_changes: [] },
        '`format_version`: expected a version like `1.2`',
      ],
      [
        'without resource_changes or planned values',
        { format_version: '1.2' },
        '`resource_changes`: missing, and `planned_values` does not show an empty configuration',
      ],
      [
        'with resource_changes that is not a list',
        { format_version: '1.2', resource_changes: { a: 1 } },
        '`resource_changes`: expected an array, received object',
      ],
      [
        'with an unknown action',
        planOf([change('aws_s3_bucket', ['create']), change('aws_s3_bucket', ['explode'])]),
        '`resource_changes[1].change.actions`: unknown action `explode`',
      ],
      [
        'with an unknown sequence of known actions',
        planOf([change('aws_s3_bucket', ['delete', 'update'])]),
        '`resource_changes[0].change.actions`: unknown action sequence `delete, update`',
      ],
      [
        'with empty actions',
        planOf([change('aws_s3_bucket', [])]),
        '`resource_changes[0].change.actions`: too small: expected array to have >=1 items',
      ],
      [
        'with a managed resource that is read',
        planOf([change('aws_s3_bucket', ['read'])]),
        '`resource_changes[0].change.actions`: action `read` is only written for data sources',
      ],
      [
        'with an unknown mode',
        planOf([change('aws_s3_bucket', ['create'], { mode: 'ephemeral' as 'data' })]),
        '`resource_changes[0].mode`: expected one of "managed"|"data"',
      ],
      [
        'with a change that has no address',
        planOf([{ mode: 'managed', type: 'x', change: { actions: ['create'] } }]),
        '`resource_changes[0].address`: expected string, received undefined',
      ],
      [
        'with an entry that is not an object',
        planOf(['aws_s3_bucket.main']),
        '`resource_changes[0]`: expected object, received string',
      ],
    ])('reports a plan %s as opaque, naming the JSON path', (_, plan, message) => {
      const { issues, effects, opaque } = judge(plan)
      expect(opaque).toBe(true)
      expect(issues.map((issue) => issue.message)).toContain(message)
      expect(issues.every((issue) => issue.code === 'parse_invalid_document')).toBe(true)
      expect(effects.some((effect) => effect.opaque && effect.risk === 'destructive')).toBe(true)
    })

    it('gives the path of an issue as data too', () => {
      const { issues } = judge(planOf([change('aws_s3_bucket', ['explode'])]))
      expect(issues[0]?.path).toEqual(['resource_changes', 0, 'change', 'actions'])
    })

    it('still analyses the valid changes beside a malformed one', () => {
      const plan = planOf([
        change('aws_s3_bucket', ['explode']),
        change('google_sql_database', ['delete']),
      ])
      expect(judge(plan)).toMatchObject({ risk: 'catastrophic', opaque: true })
    })

    it('names the address of an unreadable change in its opaque effect', () => {
      const { effects } = judge(planOf([change('aws_s3_bucket', ['explode'])]))
      expect(effects[0]).toMatchObject({ target: 'aws_s3_bucket.main', opaque: true })
    })

    it('keeps a hostile action word on one line in backticks', () => {
      const { issues } = judge(planOf([change('aws_s3_bucket', ['rm`\n-rf'])]))
      expect(issues[0]?.message).toBe(
        '`resource_changes[0].change.actions`: unknown action `rm  -rf`',
      )
    })

    it('never throws, even when reading the plan throws', () => {
      const hostile = new Proxy(
        {},
        {
          ownKeys() {
            throw new Error('boom')
          },
        },
      )
      const { issues, opaque, risk } = judge(hostile)
      expect({ opaque, risk }).toEqual({ opaque: true, risk: 'destructive' })
      expect(issues[0]?.code).toBe('parse_internal_error')
    })

    it('never throws on a cyclic plan', () => {
      const plan: Record<string, unknown> = planOf([change('aws_s3_bucket', ['create'])])
      plan.self = plan
      expect(() => analyzeTerraformPlan(plan)).not.toThrow()
    })
  })

  describe('sensitive values', () => {
    const secret = 'hunter2-very-secret'
    const plan = planOf(
      [
        change('aws_db_instance', ['delete', 'create'], {
          address: 'aws_db_instance.main',
          before: { password: secret, name: 'orders', deletion_protection: true },
          after: { password: secret, name: 'orders', deletion_protection: false },
          replace_paths: [['password']],
        }),
        change('aws_db_instance', ['update'], {
          address: 'aws_db_instance.other',
          before: { allocated_storage: 500, tags: { Environment: secret } },
          after: { allocated_storage: 400, tags: { Environment: secret } },
        }),
      ],
      {
        variables: { db_password: { value: secret }, environment: { value: secret } },
        output_changes: {
          dsn: { actions: ['update'], before: secret, after: secret, after_sensitive: true },
        },
        configuration: {
          root_module: { variables: { environment: { sensitive: true } } },
        },
      },
    )
    const changes = plan.resource_changes as Record<string, Record<string, unknown>>[]
    for (const entry of changes) {
      const inner = entry.change as Record<string, unknown>
      inner.before_sensitive = {
        password: true,
        allocated_storage: true,
        tags: { Environment: true },
      }
      inner.after_sensitive = {
        password: true,
        allocated_storage: true,
        tags: { Environment: true },
      }
    }

    it('never puts a sensitive value in an effect or an issue', () => {
      const { effects, issues } = analyzeTerraformPlan(plan)
      expect(effects.length).toBeGreaterThan(0)
      expect(JSON.stringify({ effects, issues })).not.toContain(secret)
      expect(JSON.stringify({ effects, issues })).not.toMatch(/500|400/)
    })

    it('does not infer an environment from a sensitive variable or tag', () => {
      expect(judge(plan).reasons.join(' ')).not.toContain(' in `')
    })
  })

  describe('OpenTofu plans', () => {
    it('reads a plan without terraform_version as OpenTofu writes it in tests', () => {
      const plan = {
        format_version: '1.2',
        resource_changes: [change('aws_s3_bucket', ['create'])],
      }
      expect(judge(plan)).toMatchObject({ risk: 'mutating', opaque: false })
    })

    it.each<[string[], Risk]>([
      [['forget'], 'mutating'],
      [['create', 'forget'], 'mutating'],
      [['forget', 'create'], 'mutating'],
    ])('judges the %j actions of removed blocks as %s', (actions, risk) => {
      const plan = { format_version: '1.2', resource_changes: [change('aws_db_instance', actions)] }
      expect(judge(plan)).toMatchObject({ risk, opaque: false })
    })

    it('accepts format version 0.x of older releases', () => {
      const plan = {
        format_version: '0.1',
        resource_changes: [change('aws_s3_bucket', ['delete'])],
      }
      expect(judge(plan)).toMatchObject({ risk: 'destructive', opaque: false })
    })
  })
})

// Real plans from public repositories, beside the repository as on CI (see SOURCES.md there).
const FIXTURES = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  '..',
  'shared',
  'fixtures',
  'terraform-plan',
)
const available = existsSync(FIXTURES)
if (!available && process.env.CI !== undefined) {
  throw new Error(`the real terraform plans are missing at ${FIXTURES}; CI must have ../shared`)
}

/** Reads a plan file as `terraform show -json` may have written it, including from PowerShell. */
function readPlanFile(file: string): unknown {
  const bytes = readFileSync(join(FIXTURES, file))
  const text =
    bytes[0] === 0xff && bytes[1] === 0xfe
      ? bytes.subarray(2).toString('utf16le')
      : bytes.toString('utf8').replace(/^\uFEFF/, '')
  return JSON.parse(text) as unknown
}

describe.skipIf(!available)('analyzeTerraformPlan on real plans', () => {
  const expected: Readonly<Record<string, Risk>> = {
    'aws-iam-github-oidc-module-tf1.5.json': 'mutating',
    'aws-lambda-eventbridge-deletes-tf1.0.json': 'destructive',
    'aws-s3-create-update-delete-tf1.2.json': 'destructive',
    'aws-s3-create-utf16le-bom-windows-tf1.2.json': 'mutating',
    'aws-secret-create-before-destroy-tf1.2.json': 'destructive',
    'azuredevops-delete-and-replace-tf1.14.json': 'destructive',
    'azurerm-firewall-rules-drift-tf1.14.json': 'mutating',
    'github-modules-drift-tf1.1.json': 'mutating',
    'google-noop-drift-sensitive-tf1.4.json': 'safe',
    'local-null-replaces-sensitive-tf1.7.json': 'mutating',
    'null-replace-tainted-tf1.15.json': 'mutating',
    'random-moved-block-tf1.5.json': 'safe',
    'tofu-moved-with-drift.json': 'mutating',
  }

  it('has an expectation for every plan in the folder', () => {
    const files = readdirSync(FIXTURES).filter((file) => file.endsWith('.json'))
    expect(files.sort()).toEqual(Object.keys(expected).sort())
  })

  it.each(Object.entries(expected))('judges %s as %s', (file, risk) => {
    expect(judge(readPlanFile(file))).toMatchObject({ risk, opaque: false })
  })

  it('keeps the clear-text secret of the azuredevops plan out of every effect', () => {
    const { effects } = analyzeTerraformPlan(
      readPlanFile('azuredevops-delete-and-replace-tf1.14.json'),
    )
    expect(JSON.stringify(effects)).not.toContain('supersecret')
  })

  it('ignores the drift entries, which are not applied', () => {
    const plan = readPlanFile('google-noop-drift-sensitive-tf1.4.json') as Record<string, unknown>
    expect(plan.resource_drift).toBeDefined()
    expect(judge(plan).effects).toEqual([])
  })
})

// Without ../shared the real-plan suite above shows as skipped and this says why.
it.runIf(!available)('skips the real terraform plans, which are not beside this checkout', () => {
  expect(existsSync(FIXTURES)).toBe(false)
})
