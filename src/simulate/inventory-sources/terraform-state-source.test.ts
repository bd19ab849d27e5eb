import { describe, expect, it } from 'vitest'

import { importTerraformState } from './terraform-state-source.js'

function state(resources: unknown[], childModules: unknown[] = []): string {
  return JSON.stringify({
    format_version: '1.0',
    values: { root_module: { resources, child_modules: childModules } },
  })
}

function resource(address: string, type: string, values: object = {}, extra: object = {}) {
  return { address, mode: 'managed', type, name: address.split('.').pop(), values, ...extra }
}

function load(text: string, environment?: string) {
  return importTerraformState({
    text,
    file: 'prod.json',
    ...(environment === undefined ? {} : { environment }),
  })
}

describe('importTerraformState', () => {
  it('makes a tf:ADDRESS resource with its arn, id, names and environment', () => {
    const part = load(
      state([
        resource('aws_s3_bucket.logs', 'aws_s3_bucket', {
          id: 'acme-logs',
          bucket: 'acme-logs',
          arn: 'arn:aws:s3:::acme-logs',
          tags: { Name: 'logs', Service: 'reporting' },
        }),
      ]),
      'prod',
    )
    expect(part.issues).toEqual([])
    expect(part.resources).toEqual([
      {
        id: 'tf:aws_s3_bucket.logs',
        type: 'aws_s3_bucket',
        name: 'aws_s3_bucket.logs',
        environment: 'prod',
        identifiers: {
          terraformAddress: 'aws_s3_bucket.logs',
          arn: 'arn:aws:s3:::acme-logs',
          physicalId: 'acme-logs',
          names: ['acme-logs', 'logs'],
        },
        facts: { stateful: true, recentBackup: false, customerFacing: false, service: 'reporting' },
        source: 'prod.json',
      },
    ])
  })

  it('walks child modules recursively', () => {
    const part = load(
      state(
        [],
        [
          {
            address: 'module.a',
            resources: [resource('module.a.null_resource.x', 'null_resource')],
            child_modules: [
              {
                address: 'module.a.module.b',
                resources: [resource('module.a.module.b.null_resource.y', 'null_resource')],
              },
            ],
          },
        ],
      ),
    )
    expect(part.resources.map((r) => r.id)).toEqual([
      'tf:module.a.null_resource.x',
      'tf:module.a.module.b.null_resource.y',
    ])
  })

  it('leaves data sources out', () => {
    const part = load(
      state([{ ...resource('data.aws_caller_identity.me', 'aws_caller_identity'), mode: 'data' }]),
    )
    expect(part.resources).toEqual([])
  })

  it('turns depends_on into dependencies on every instance, skipping data sources', () => {
    const part = load(
      state([
        resource('aws_iam_role.r[0]', 'aws_iam_role'),
        resource('aws_iam_role.r[1]', 'aws_iam_role'),
        resource(
          'aws_instance.web',
          'aws_instance',
          {},
          {
            depends_on: ['aws_iam_role.r', 'data.aws_ami.ubuntu', 'aws_gone.x'],
          },
        ),
      ]),
    )
    expect(part.dependencies).toEqual([
      { from: 'tf:aws_instance.web', to: 'tf:aws_iam_role.r[0]' },
      { from: 'tf:aws_instance.web', to: 'tf:aws_iam_role.r[1]' },
    ])
  })

  it('resolves depends_on naming a module to everything in it', () => {
    const part = load(
      state(
        [resource('aws_instance.web', 'aws_instance', {}, { depends_on: ['module.db'] })],
        [
          {
            address: 'module.db',
            resources: [resource('module.db.aws_db_instance.main', 'aws_db_instance')],
            child_modules: [
              {
                address: 'module.db.module.x',
                resources: [resource('module.db.module.x.aws_kms_key.k', 'aws_kms_key')],
              },
            ],
          },
        ],
      ),
    )
    expect(part.dependencies.map((d) => d.to)).toEqual([
      'tf:module.db.aws_db_instance.main',
      'tf:module.db.module.x.aws_kms_key.k',
    ])
  })

  it.each([
    ['aws_db_instance', {}, true],
    ['aws_rds_cluster', {}, true],
    ['aws_dynamodb_table', {}, true],
    ['aws_efs_file_system', {}, true],
    ['aws_ebs_volume', {}, true],
    ['aws_sqs_queue', {}, true],
    ['aws_fsx_lustre_file_system', {}, true],
    ['aws_elasticache_replication_group', { snapshot_retention_limit: 5 }, true],
    ['aws_elasticache_cluster', { engine: 'memcached' }, false],
    ['aws_elasticache_replication_group', { snapshot_retention_limit: 0 }, false],
    ['google_sql_database_instance', {}, true],
    ['google_storage_bucket', {}, true],
    ['google_compute_disk', {}, true],
    ['google_redis_instance', { persistence_config: [{ persistence_mode: 'DISABLED' }] }, false],
    ['google_redis_instance', { persistence_config: [{ persistence_mode: 'RDB' }] }, true],
    ['azurerm_mssql_database', {}, true],
    ['azurerm_postgresql_flexible_server', {}, true],
    ['azurerm_storage_account', {}, true],
    ['azurerm_cosmosdb_sql_container', {}, true],
    ['azurerm_managed_disk', {}, true],
    ['kubernetes_persistent_volume_claim_v1', {}, true],
    ['aws_instance', {}, false],
    ['aws_lambda_function', {}, false],
    ['aws_iam_role', {}, false],
    ['null_resource', {}, false],
  ])('judges %s with %j stateful: %s', (type, values, stateful) => {
    const part = load(state([resource(`${type}.x`, type, values)]))
    expect(part.resources[0]?.facts.stateful).toBe(stateful)
  })

  it.each([
    ['aws_db_instance', { backup_retention_period: 7 }, true],
    ['aws_db_instance', { backup_retention_period: 0 }, false],
    ['aws_dynamodb_table', { point_in_time_recovery: [{ enabled: true }] }, true],
    [
      'google_sql_database_instance',
      { settings: [{ backup_configuration: [{ enabled: true }] }] },
      true,
    ],
    ['aws_s3_bucket', {}, false],
  ])('sees automated backups of %s %j: %s', (type, values, backup) => {
    const part = load(state([resource(`${type}.x`, type, values)]))
    expect(part.resources[0]?.facts.recentBackup).toBe(backup)
  })

  it('names a database server by its hostname, endpoint and database', () => {
    const part = load(
      state([
        resource('aws_db_instance.main', 'aws_db_instance', {
          identifier: 'orders-prod',
          address: 'orders-prod.abc.eu-west-1.rds.amazonaws.com',
          endpoint: 'orders-prod.abc.eu-west-1.rds.amazonaws.com:5432',
          db_name: 'orders',
        }),
      ]),
    )
    expect(part.resources[0]?.identifiers).toMatchObject({
      database: 'orders',
      names: [
        'orders-prod',
        'orders',
        'orders-prod.abc.eu-west-1.rds.amazonaws.com:5432',
        'orders-prod.abc.eu-west-1.rds.amazonaws.com',
      ],
    })
  })

  it('reads a raw version-4 terraform.tfstate', () => {
    const part = load(
      JSON.stringify({
        version: 4,
        terraform_version: '1.9.0',
        resources: [
          {
            module: 'module.db',
            mode: 'managed',
            type: 'aws_db_instance',
            name: 'main',
            instances: [
              {
                index_key: 0,
                attributes: { id: 'orders', arn: 'arn:aws:rds:eu-west-1:1:db:orders' },
              },
            ],
          },
          {
            mode: 'managed',
            type: 'aws_instance',
            name: 'web',
            instances: [
              {
                index_key: 'a',
                attributes: { id: 'i-1' },
                dependencies: ['module.db.aws_db_instance.main'],
              },
            ],
          },
          { mode: 'data', type: 'aws_ami', name: 'ubuntu', instances: [{ attributes: {} }] },
        ],
      }),
    )
    expect(part.issues).toEqual([])
    expect(part.resources.map((r) => [r.id, r.facts.stateful, r.identifiers.physicalId])).toEqual([
      ['tf:module.db.aws_db_instance.main[0]', true, 'orders'],
      ['tf:aws_instance.web["a"]', false, 'i-1'],
    ])
    expect(part.dependencies).toEqual([
      { from: 'tf:aws_instance.web["a"]', to: 'tf:module.db.aws_db_instance.main[0]' },
    ])
  })

  it('accepts the state of an empty workspace', () => {
    expect(load('{"format_version":"1.0"}')).toMatchObject({ resources: [], issues: [] })
  })

  it.each([
    ['not JSON', '{"values": ', /`prod.json`: not valid JSON/],
    ['empty', '  \n', /`prod.json`: the file is empty/],
    ['a list', '[]', /expected a JSON object at the top level/],
    ['UTF-16', '\u0000{\u0000}', /looks like UTF-16/],
    ['a plan', '{"format_version":"1.2","resource_changes":[]}', /this is a plan, not state/],
    ['something else', '{"kind":"List"}', /not Terraform state/],
  ])('reports one unreadable issue when the document is %s', (_, text, message) => {
    const part = load(text)
    expect(part.resources).toEqual([])
    expect(part.issues).toHaveLength(1)
    expect(part.issues[0]).toMatchObject({ code: 'inventory_unreadable', file: 'prod.json' })
    expect(part.issues[0]?.message).toMatch(message)
  })

  it('reads a document with a byte-order mark', () => {
    expect(
      load(`\uFEFF${state([resource('null_resource.x', 'null_resource')])}`).resources,
    ).toHaveLength(1)
  })

  it.each([
    [
      'a resource that is not an object',
      [42],
      'values.root_module.resources[0]',
      'expected a resource object',
    ],
    [
      'a missing address',
      [{ type: 'aws_s3_bucket' }],
      'values.root_module.resources[0].address',
      'missing address',
    ],
    [
      'a missing type',
      [{ address: 'a.b' }],
      'values.root_module.resources[0].type',
      'missing type',
    ],
    [
      'values that are not an object',
      [resource('a.b', 'a', 'x' as unknown as object)],
      'values.root_module.resources[0].values',
      'expected an object',
    ],
  ])('skips %s with an issue naming its JSON path', (_, resources, path, message) => {
    const part = load(state([...resources, resource('null_resource.ok', 'null_resource')]))
    expect(part.resources.map((r) => r.id)).toEqual(['tf:null_resource.ok'])
    expect(part.issues).toHaveLength(1)
    expect(part.issues[0]?.code).toBe('inventory_invalid_entry')
    expect(part.issues[0]?.message).toContain(`\`prod.json\` at \`${path}\``)
    expect(part.issues[0]?.message).toContain(message)
  })

  it('reports resources and child_modules that are not lists', () => {
    const part = load(
      JSON.stringify({ values: { root_module: { resources: {}, child_modules: 3 } } }),
    )
    expect(part.issues.map((issue) => issue.path)).toEqual([
      ['values', 'root_module', 'resources'],
      ['values', 'root_module', 'child_modules'],
    ])
  })

  it('reports a raw state of an unsupported version', () => {
    const part = load(JSON.stringify({ version: 3, resources: [] }))
    expect(part.issues[0]?.message).toContain('state version `3` is not supported')
  })

  it('reports malformed raw-state resources and instances', () => {
    const part = load(
      JSON.stringify({
        version: 4,
        resources: [
          { mode: 'managed', name: 'x', instances: [] },
          { mode: 'managed', type: 't', name: 'y', instances: {} },
          { mode: 'managed', type: 't', name: 'z', instances: [7, { attributes: [] }] },
        ],
      }),
    )
    expect(part.issues.map((issue) => json(issue.path))).toEqual([
      'resources.0.type',
      'resources.1.instances',
      'resources.2.instances.0',
      'resources.2.instances.1.attributes',
    ])
  })
})

function json(path: readonly (string | number)[] | undefined): string {
  return (path ?? []).join('.')
}
