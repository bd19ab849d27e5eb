import { readdir, readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'

import { describe, expect, it } from 'vitest'

import { ApiError } from '../../model/errors.js'
import { type GatewayConfigIo, loadGatewayConfig } from './load-gateway-config.js'

const HASH = 'a'.repeat(64)

/** A file system of the given files; a directory exists when a file is in it or it is listed. */
function memoryIo(files: Record<string, string>, dirs: readonly string[] = []): GatewayConfigIo {
  const missing = (path: string): Error =>
    Object.assign(new Error(`ENOENT: no such file or directory, '${path}'`), { code: 'ENOENT' })
  return {
    readFile: (path) => {
      const text = files[path]
      return text === undefined ? Promise.reject(missing(path)) : Promise.resolve(text)
    },
    listFiles: (dir) => {
      const names = Object.keys(files)
        .filter((path) => path.startsWith(`${dir}/`))
        .map((path) => path.slice(dir.length + 1))
      return names.length === 0 && !dirs.includes(dir)
        ? Promise.reject(missing(dir))
        : Promise.resolve(names)
    },
  }
}

function load(yaml: string, extra: Record<string, string> = {}, dirs: readonly string[] = []) {
  return loadGatewayConfig('airlock.yaml', memoryIo({ 'airlock.yaml': yaml, ...extra }, dirs))
}

async function messageOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
  } catch (error) {
    if (error instanceof ApiError) return `${error.code}: ${error.message}`
    throw error
  }
  throw new Error('expected the configuration to be rejected')
}

const AGENT = (extra = '') => `agents:
  - id: claude
    operator: alice
    scope:
      maxRisk: destructive
${extra}`

const HUMANS = `humans:
  - id: alice
    roles: [approver]
`

describe('loadGatewayConfig', () => {
  it('fills in defaults when the file is empty', async () => {
    const config = await load('')
    expect(config).toEqual({
      file: 'airlock.yaml',
      agents: [],
      humans: [],
      environments: [],
      policies: [],
      inventory: [],
      notifications: [],
      storage: { url: 'sqlite:.airlock/airlock.db' },
      mcpToolRisks: new Map(),
      approvals: { expiresAfterMs: 3_600_000 },
      velocity: {
        destructive: { limit: 3, windowMs: 3_600_000 },
        catastrophic: { limit: 1, windowMs: 86_400_000 },
      },
      secrets: new Map(),
      mcp: { servers: [], approvalWaitMs: 0 },
      hooks: { onApproval: 'deny' },
      publicUrl: 'http://127.0.0.1:8470',
      permissions: { reviewEveryMs: 7_776_000_000 },
    })
  })

  it('treats an empty section as omitted', async () => {
    const config = await load('agents:\nhumans:\nstorage:\n')
    expect(config.agents).toEqual([])
    expect(config.storage.url).toBe('sqlite:.airlock/airlock.db')
  })

  it('defaults an agent scope to every environment and system when only maxRisk is given', async () => {
    const config = await load(`${HUMANS}${AGENT()}`)
    expect(config.agents).toEqual([
      {
        id: 'claude',
        operator: 'alice',
        scope: { environments: ['*'], systems: ['*'], maxRisk: 'destructive' },
      },
    ])
  })

  it('reads every section when all are given', async () => {
    const config = await load(
      `humans:
  - id: alice
    roles: [approver, admin, approver]
    tokenHash: ${'AB'.repeat(32)}
agents:
  - id: claude
    operator: alice
    tokenHash: ${HASH}
    scope: { environments: [prod], systems: [k8s, fs], maxRisk: catastrophic }
environments:
  - name: prod
    production: true
    match: { kubeContexts: [prod], awsAccounts: ['012345678901'], urlHosts: ['*.prod.example.com'] }
inventory:
  - { kind: terraform-state, path: state/prod.tfstate, environment: prod }
notifications:
  - { kind: slack, url: 'https://hooks.example.com/x', secretEnv: SLACK_SECRET }
storage:
  url: postgres://db.internal/airlock
mcpToolRisks:
  ops/rotate_keys: mutating
approvals: { expiresAfter: 30m }
velocity:
  destructive: { limit: 5, window: 2h }
  catastrophic: { limit: 0 }
permissions: { reviewEvery: 14d }
`,
    )
    expect(config).toEqual({
      file: 'airlock.yaml',
      humans: [{ id: 'alice', roles: ['approver', 'admin'], tokenHash: 'ab'.repeat(32) }],
      agents: [
        {
          id: 'claude',
          operator: 'alice',
          tokenHash: HASH,
          scope: { environments: ['prod'], systems: ['k8s', 'fs'], maxRisk: 'catastrophic' },
        },
      ],
      environments: [
        {
          name: 'prod',
          production: true,
          match: {
            kubeContexts: ['prod'],
            awsAccounts: ['012345678901'],
            urlHosts: ['*.prod.example.com'],
          },
        },
      ],
      policies: [],
      inventory: [{ kind: 'terraform-state', path: 'state/prod.tfstate', environment: 'prod' }],
      notifications: [
        {
          kind: 'slack',
          url: 'https://hooks.example.com/x',
          secretEnv: 'SLACK_SECRET',
          events: [
            'request.opened',
            'request.closed',
            'freeze.set',
            'freeze.lifted',
            'velocity.breached',
          ],
        },
      ],
      storage: { url: 'postgres://db.internal/airlock' },
      mcpToolRisks: new Map([['ops/rotate_keys', 'mutating']]),
      approvals: { expiresAfterMs: 1_800_000 },
      velocity: {
        destructive: { limit: 5, windowMs: 7_200_000 },
        catastrophic: { limit: 0, windowMs: 86_400_000 },
      },
      secrets: new Map(),
      mcp: { servers: [], approvalWaitMs: 0 },
      hooks: { onApproval: 'deny' },
      publicUrl: 'http://127.0.0.1:8470',
      permissions: { reviewEveryMs: 1_209_600_000 },
    })
  })

  it.each([
    ['the file is relative', 'airlock.yaml', 'sqlite:.airlock/airlock.db', 'state/a.json'],
    [
      'the file is absolute',
      '/etc/airlock/airlock.yaml',
      'sqlite:/etc/airlock/.airlock/airlock.db',
      '/etc/airlock/state/a.json',
    ],
    [
      'the file is in a folder',
      'conf/airlock.yaml',
      'sqlite:conf/.airlock/airlock.db',
      'conf/state/a.json',
    ],
  ])(
    'resolves paths from the directory of the file when %s',
    async (_, file, storage, inventory) => {
      const config = await loadGatewayConfig(
        file,
        memoryIo({ [file]: 'inventory:\n  - { kind: yaml, path: ./state/a.json }\n' }),
      )
      expect(config.storage.url).toBe(storage)
      expect(config.inventory[0]?.path).toBe(inventory)
    },
  )

  it.each([
    ['sqlite::memory:', 'sqlite::memory:'],
    ['sqlite:/var/lib/airlock.db', 'sqlite:/var/lib/airlock.db'],
    ['postgresql://db/airlock', 'postgresql://db/airlock'],
  ])('keeps the storage url %s as %s', async (url, expected) => {
    expect((await load(`storage:\n  url: '${url}'\n`)).storage.url).toBe(expected)
  })

  it('loads every cedar file of the policy directory in name order and marks shadow files', async () => {
    const config = await load('policies: ./policies\n', {
      'policies/b.cedar': 'permit(principal, action, resource);',
      'policies/a.cedar': 'forbid(principal, action, resource);',
      'policies/c.shadow.cedar': '// shadow',
      'policies/README.md': '# not a policy',
      'policies/notes.cedar.bak': 'old',
    })
    expect(config.policies).toEqual([
      { file: 'policies/a.cedar', text: 'forbid(principal, action, resource);', shadow: false },
      { file: 'policies/b.cedar', text: 'permit(principal, action, resource);', shadow: false },
      { file: 'policies/c.shadow.cedar', text: '// shadow', shadow: true },
    ])
  })

  it('loads no policies when the directory has no cedar file', async () => {
    expect((await load('policies: policies\n', {}, ['policies'])).policies).toEqual([])
  })

  it('resolves the policy directory from the directory of the file', async () => {
    const config = await loadGatewayConfig(
      '/etc/airlock/airlock.yaml',
      memoryIo({
        '/etc/airlock/airlock.yaml': 'policies: rules\n',
        '/etc/airlock/rules/x.cedar': 'x',
      }),
    )
    expect(config.policies.map((policy) => policy.file)).toEqual(['/etc/airlock/rules/x.cedar'])
  })

  it.each([
    [
      'the policy directory is missing',
      "storage:\n  url: 'sqlite::memory:'\npolicies: ./missing\n",
      'input_not_found: `airlock.yaml` line 3: field `policies`: directory `missing` does not exist',
    ],
    [
      'the file is not YAML',
      'agents:\n  - id: [claude\n',
      'input_invalid: `airlock.yaml` line 3: flow sequence in block collection must be sufficiently indented and end with a ]',
    ],
    [
      'a key is repeated',
      'storage:\n  url: sqlite:a.db\nstorage:\n  url: sqlite:b.db\n',
      'input_invalid: `airlock.yaml` line 3: map keys must be unique',
    ],
    [
      'the file is a list',
      '- agents\n',
      'input_invalid: `airlock.yaml` line 1: expected a mapping',
    ],
    [
      'a top-level key is misspelt',
      'storage:\n  url: sqlite:a.db\nagnets: []\n',
      'input_invalid: `airlock.yaml` line 3: field `agnets`: unknown field; did you mean `agents`?',
    ],
    [
      'a nested key is misspelt',
      `${HUMANS}agents:\n  - id: claude\n    operator: alice\n    scoep:\n      maxRisk: safe\n`,
      'input_invalid: `airlock.yaml` line 7: field `agents[0].scoep`: unknown field; did you mean `scope`?',
    ],
    [
      'an unknown key resembles none',
      'environments:\n  - name: prod\n    production: true\n    colour: red\n',
      'input_invalid: `airlock.yaml` line 4: field `environments[0].colour`: unknown field; expected one of name, production, match',
    ],
    [
      'an agent declares a plain token',
      `${HUMANS}${AGENT('    token: s3cret-value\n')}`,
      'input_invalid: `airlock.yaml` line 9: field `agents[0].token`: tokens are hashed at rest: remove the token and give `tokenHash`, its SHA-256 from `printf %s TOKEN | sha256sum`',
    ],
    [
      'a human declares a plain token below another error',
      'humans:\n  - id: alice\n    roles: [root]\n  - id: bob\n    token: hunter2\n',
      'input_invalid: `airlock.yaml` line 5: field `humans[1].token`: tokens are hashed at rest: remove the token and give `tokenHash`, its SHA-256 from `printf %s TOKEN | sha256sum`',
    ],
    [
      'a notification declares a literal secret',
      'notifications:\n  - kind: webhook\n    url: https://hooks.example.com/a\n    secret: xyz\n',
      'input_invalid: `airlock.yaml` line 4: field `notifications[0].secret`: secrets never go in this file: put it in an environment variable and name that variable in `secretEnv`',
    ],
    [
      'a risk is not a risk level',
      `${HUMANS}agents:\n  - id: claude\n    scope: { maxRisk: safe }\n  - id: bot\n    scope:\n      maxRisk: critical\n`,
      'input_invalid: `airlock.yaml` line 9: field `agents[1].scope.maxRisk`: expected one of safe, mutating, destructive, catastrophic',
    ],
    [
      'a required field is missing',
      'agents:\n  - id: claude\n',
      'input_invalid: `airlock.yaml` line 2: field `agents[0].scope`: required',
    ],
    [
      'production is not a boolean',
      'environments:\n  - name: prod\n    production: yes\n',
      'input_invalid: `airlock.yaml` line 3: field `environments[0].production`: expected true or false',
    ],
    [
      'a duration has no unit',
      'approvals:\n  expiresAfter: 60\n',
      'input_invalid: `airlock.yaml` line 2: field `approvals.expiresAfter`: expected a duration such as `30m`, `1h` or `7d`',
    ],
    [
      'a review period has no unit',
      'permissions:\n  reviewEvery: 90\n',
      'input_invalid: `airlock.yaml` line 2: field `permissions.reviewEvery`: expected a duration such as `30m`, `1h` or `7d`',
    ],
    [
      'a permissions field is misspelt',
      'permissions:\n  reviewEvry: 30d\n',
      'input_invalid: `airlock.yaml` line 2: field `permissions.reviewEvry`: unknown field; did you mean `reviewEvery`?',
    ],
    [
      'a velocity limit is negative',
      'velocity:\n  destructive: { limit: -1 }\n',
      'input_invalid: `airlock.yaml` line 2: field `velocity.destructive.limit`: expected 0 or more',
    ],
    [
      'production is missing',
      'environments:\n  - name: prod\n',
      'input_invalid: `airlock.yaml` line 2: field `environments[0].production`: required',
    ],
    [
      'an account id is an unquoted number',
      'environments:\n  - name: prod\n    production: true\n    match:\n      awsAccounts: [123456789012]\n',
      'input_invalid: `airlock.yaml` line 5: field `environments[0].match.awsAccounts[0]`: expected a string; put the value in quotes, YAML reads it as a number',
    ],
    [
      'a section is not a list',
      'agents: claude\n',
      'input_invalid: `airlock.yaml` line 1: field `agents`: expected a list',
    ],
    [
      'a role is unknown',
      'humans:\n  - id: alice\n    roles: [approver, root]\n',
      'input_invalid: `airlock.yaml` line 3: field `humans[0].roles[1]`: expected one of approver, admin, breakglass',
    ],
    [
      'a token hash is not 64 hex digits',
      'humans:\n  - id: alice\n    tokenHash: abc\n',
      'input_invalid: `airlock.yaml` line 3: field `humans[0].tokenHash`: expected the SHA-256 of the token as 64 hex digits, e.g. from `printf %s TOKEN | sha256sum`',
    ],
    [
      'an id has spaces',
      'humans:\n  - id: alice smith\n',
      'input_invalid: `airlock.yaml` line 2: field `humans[0].id`: expected a name of letters, digits and `_ . @ + -`, starting with a letter or digit',
    ],
    [
      'a system is unknown',
      'agents:\n  - id: claude\n    scope: { systems: [kubernetes], maxRisk: safe }\n',
      'input_invalid: `airlock.yaml` line 3: field `agents[0].scope.systems[0]`: expected one of *, fs, git, process, service, package, container, k8s, cloud, iac, database, network, device, shell',
    ],
    [
      'an inventory kind is unknown',
      'inventory:\n  - kind: pulumi\n    path: x\n',
      'input_invalid: `airlock.yaml` line 2: field `inventory[0].kind`: expected one of terraform-state, cloudformation, kubernetes, yaml',
    ],
    [
      'a notification url is not http',
      'notifications:\n  - kind: slack\n    url: ftp://x.example.com\n',
      'input_invalid: `airlock.yaml` line 3: field `notifications[0].url`: expected an http or https URL',
    ],
    [
      'a notification url holds a password',
      'notifications:\n  - kind: webhook\n    url: https://u:pw@hooks.example.com/\n    secretEnv: S\n',
      'input_invalid: `airlock.yaml` line 3: field `notifications[0].url`: a password in the URL is a secret in the file: give the whole URL with `urlEnv`',
    ],
    [
      'a webhook has no signing secret',
      'notifications:\n  - kind: webhook\n    url: https://hooks.example.com/\n',
      'input_invalid: `airlock.yaml` line 2: field `notifications[0]`: a webhook is signed: name the environment variable holding its secret in `secretEnv`',
    ],
    [
      'a notification target has both url and urlEnv',
      'notifications:\n  - kind: slack\n    url: https://hooks.example.com/\n    urlEnv: SLACK_URL\n',
      'input_invalid: `airlock.yaml` line 4: field `notifications[0].urlEnv`: expected exactly one of `url` and `urlEnv` (the variable holding a secret URL, as a Slack webhook is)',
    ],
    [
      'a notification names an unknown event',
      'notifications:\n  - kind: slack\n    urlEnv: SLACK_URL\n    events: [request.approved]\n',
      'input_invalid: `airlock.yaml` line 4: field `notifications[0].events[0]`: expected one of request.opened, request.voted, request.closed, action.denied, freeze.set, freeze.lifted, velocity.breached',
    ],
    [
      'the storage url holds a password',
      'storage:\n  url: postgres://airlock:pw@db/airlock\n',
      'input_invalid: `airlock.yaml` line 2: field `storage.url`: a password in the storage URL is a secret in the file: give it in `PGPASSWORD` instead',
    ],
    [
      'the storage url has an unknown scheme',
      'storage:\n  url: mysql://db/airlock\n',
      'input_invalid: `airlock.yaml` line 2: field `storage.url`: expected `sqlite:PATH`, `sqlite::memory:` or `postgres://HOST/DATABASE`',
    ],
    [
      'an MCP tool risk is unknown',
      'mcpToolRisks:\n  ops/rotate_keys: mutating\n  ops/wipe: harmless\n',
      'input_invalid: `airlock.yaml` line 3: field `mcpToolRisks.ops/wipe`: expected one of safe, mutating, destructive, catastrophic',
    ],
    [
      'two agents share an id',
      `${HUMANS}agents:\n  - id: claude\n    scope: { maxRisk: safe }\n  - id: claude\n    scope: { maxRisk: safe }\n`,
      'input_invalid: `airlock.yaml` line 7: field `agents[1].id`: duplicate agent id `claude`, first declared on line 5',
    ],
    [
      'two humans share an id',
      'humans:\n  - id: alice\n  - id: bob\n  - id: alice\n',
      'input_invalid: `airlock.yaml` line 4: field `humans[2].id`: duplicate human id `alice`, first declared on line 2',
    ],
    [
      'two environments share a name',
      'environments:\n  - { name: prod, production: true }\n  - { name: prod, production: false }\n',
      'input_invalid: `airlock.yaml` line 3: field `environments[1].name`: duplicate environment name `prod`, first declared on line 2',
    ],
    [
      'an operator is not a declared human',
      `${HUMANS}agents:\n  - id: claude\n    operator: alise\n    scope: { maxRisk: safe }\n`,
      'input_invalid: `airlock.yaml` line 6: field `agents[0].operator`: `alise` is not a declared human; did you mean `alice`?',
    ],
    [
      'an operator resembles no human',
      'agents:\n  - id: claude\n    operator: mallory\n    scope: { maxRisk: safe }\n',
      'input_invalid: `airlock.yaml` line 3: field `agents[0].operator`: `mallory` is not a declared human; declare it under `humans`',
    ],
    [
      'an agent has the id of a human',
      `${HUMANS}agents:\n  - id: alice\n    scope: { maxRisk: safe }\n`,
      'input_invalid: `airlock.yaml` line 5: field `agents[0].id`: `alice` is also the id of a human (line 2); agents and humans need distinct ids',
    ],
    [
      'an agent scope names an undeclared environment',
      'environments:\n  - { name: prod, production: true }\nagents:\n  - id: claude\n    scope:\n      environments: [prod, prd]\n      maxRisk: safe\n',
      'input_invalid: `airlock.yaml` line 6: field `agents[0].scope.environments[1]`: `prd` is not a declared environment; did you mean `prod`?',
    ],
    [
      'an inventory source names an undeclared environment',
      'inventory:\n  - kind: yaml\n    path: inv.yaml\n    environment: prod\n',
      'input_invalid: `airlock.yaml` line 4: field `inventory[0].environment`: `prod` is not a declared environment; declare it under `environments`',
    ],
  ])('rejects the file naming line and field when %s', async (_, yaml, message) => {
    expect(await messageOf(load(yaml))).toBe(message)
  })

  it('reads secrets per environment, MCP upstreams and hook settings, paths from the file', async () => {
    const config = await load(`environments:
  - { name: prod, production: true }
secrets:
  prod:
    AWS_PROFILE: prod-deployer
    AWS_SECRET_ACCESS_KEY: { env: PROD_AWS_SECRET }
    PGPASSWORD: { file: secrets/pg }
    KUBECONFIG: { path: /etc/airlock/prod.kubeconfig }
mcp:
  servers:
    files:
      command: npx
      args: [mcp-server-filesystem, /srv]
      env: { TOKEN: { env: FILES_TOKEN } }
      environment: prod
    remote-ops:
      url: https://ops.example.com/mcp
      headers: { Authorization: { env: OPS_AUTH } }
  approvalWait: 2m
hooks: { onApproval: ask }
publicUrl: https://airlock.example.com/
`)
    expect(config.secrets.get('prod')).toEqual([
      { variable: 'AWS_PROFILE', source: { kind: 'value', value: 'prod-deployer' } },
      { variable: 'AWS_SECRET_ACCESS_KEY', source: { kind: 'env', name: 'PROD_AWS_SECRET' } },
      { variable: 'PGPASSWORD', source: { kind: 'file', path: 'secrets/pg' } },
      { variable: 'KUBECONFIG', source: { kind: 'path', path: '/etc/airlock/prod.kubeconfig' } },
    ])
    expect(config.mcp).toEqual({
      servers: [
        {
          name: 'files',
          transport: {
            kind: 'stdio',
            command: 'npx',
            args: ['mcp-server-filesystem', '/srv'],
            env: [{ variable: 'TOKEN', source: { kind: 'env', name: 'FILES_TOKEN' } }],
          },
          environment: 'prod',
        },
        {
          name: 'remote-ops',
          transport: {
            kind: 'http',
            url: 'https://ops.example.com/mcp',
            headers: [{ variable: 'Authorization', source: { kind: 'env', name: 'OPS_AUTH' } }],
          },
        },
      ],
      approvalWaitMs: 120_000,
    })
    expect(config.hooks).toEqual({ onApproval: 'ask' })
    expect(config.publicUrl).toBe('https://airlock.example.com')
  })

  it('refuses secrets of an undeclared environment and a secret source it does not know', async () => {
    expect(await messageOf(load('secrets:\n  prod:\n    X: { env: Y }\n'))).toMatch(
      /line 2: field `secrets.prod`: `prod` is not a declared environment/,
    )
    expect(
      await messageOf(
        load(
          'environments:\n  - { name: prod, production: true }\nsecrets:\n  prod:\n    X: { vault: y }\n',
        ),
      ),
    ).toMatch(/field `secrets.prod.X`: expected a plain value, or `\{ env: VARIABLE \}`/)
  })

  it('refuses an MCP server name with a double underscore, which would make tool names ambiguous', async () => {
    expect(await messageOf(load('mcp:\n  servers:\n    a__b: { command: x }\n'))).toMatch(
      /field `mcp.servers.a__b`: .*single `_`/,
    )
  })

  it('names the file when it does not exist', async () => {
    expect(await messageOf(loadGatewayConfig('conf/airlock.yaml', memoryIo({})))).toBe(
      'input_not_found: `conf/airlock.yaml`: no such file; `airlock init` writes a starting one',
    )
  })

  it('never repeats a plain token in its message when it refuses one', async () => {
    const message = await messageOf(load(`${HUMANS}${AGENT('    token: s3cret-value\n')}`))
    expect(message).not.toContain('s3cret-value')
  })

  it('loads the example configuration shipped in examples/', async () => {
    const file = fileURLToPath(new URL('../../../examples/airlock.yaml', import.meta.url))
    const config = await loadGatewayConfig(file, {
      readFile: (path) => readFile(path, 'utf8'),
      listFiles: (dir) => readdir(dir),
    })
    expect(config.humans.map((human) => [human.id, human.roles])).toEqual([
      ['alice', ['approver', 'admin']],
      ['bob', ['approver']],
      ['carol', ['approver', 'breakglass']],
    ])
    expect(config.agents.map((agent) => [agent.id, agent.operator, agent.scope])).toEqual([
      ['claude', 'alice', { environments: ['*'], systems: ['*'], maxRisk: 'catastrophic' }],
      ['ci-bot', 'bob', { environments: ['*'], systems: ['*'], maxRisk: 'catastrophic' }],
    ])
    expect(
      config.environments.map((environment) => [environment.name, environment.production]),
    ).toEqual([
      ['prod', true],
      ['staging', false],
      ['dev', false],
    ])
    expect(config.notifications).toEqual([])
    expect(config.storage.url).toMatch(/^sqlite:\/.*\/examples\/\.airlock\/airlock\.db$/)
  })
})
