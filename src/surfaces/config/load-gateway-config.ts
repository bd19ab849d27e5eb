/**
 * @module surfaces/config
 * Reads `airlock.yaml` into a validated GatewayConfig: YAML in, model/ types out, every error an
 * ApiError naming the file, line and field. Imports model/ only; file access comes in as a port.
 */
import { dirname, isAbsolute, join } from 'node:path'

import { LineCounter, parseDocument } from 'yaml'

import { ApiError } from '../../model/errors.js'
import {
  type AgentConfig,
  DEFAULT_NOTIFICATION_EVENTS,
  DEFAULT_PUBLIC_URL,
  type EnvironmentConfig,
  type GatewayConfig,
  type HumanConfig,
  type InventorySourceConfig,
  type McpServerConfig,
  type NotificationTargetConfig,
  type PolicySource,
  type SecretBinding,
  type SecretSource,
} from '../../model/gateway-config.js'
import { findClosestWord } from './closest-word.js'
import {
  type ConfigIssue,
  type GatewayConfigFile,
  validateGatewayConfigFile,
} from './gateway-config-schema.js'
import { YamlFieldLocator } from './yaml-field-locator.js'

/** What loading a configuration needs from the file system. */
export interface GatewayConfigIo {
  readonly readFile: (path: string) => Promise<string>
  /** Names of the entries of a directory; rejects with code `ENOENT` when it does not exist. */
  readonly listFiles: (dir: string) => Promise<string[]>
}

type FieldPath = readonly (string | number)[]

/** `agents[1].scope.maxRisk` */
function formatFieldPath(path: FieldPath): string {
  return path
    .map((segment, index) =>
      typeof segment === 'number' ? `[${segment}]` : index === 0 ? segment : `.${segment}`,
    )
    .join('')
}

function errorCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null
    ? (error as { code?: unknown }).code
    : undefined
}

function resolveFrom(dir: string, path: string): string {
  return isAbsolute(path) ? path : join(dir, path)
}

/** Turns problems into errors that name the file, line and field. */
class ConfigProblems {
  readonly #file: string
  readonly #locator: YamlFieldLocator

  constructor(file: string, locator: YamlFieldLocator) {
    this.#file = file
    this.#locator = locator
  }

  lineOf(path: FieldPath): number {
    return this.#locator.lineOf(path)
  }

  error(
    path: FieldPath,
    message: string,
    code: 'input_invalid' | 'input_not_found' = 'input_invalid',
  ): ApiError {
    const field = path.length === 0 ? '' : `field \`${formatFieldPath(path)}\`: `
    return new ApiError(code, `\`${this.#file}\` line ${this.lineOf(path)}: ${field}${message}`, {
      data: { file: this.#file, line: this.lineOf(path), field: formatFieldPath(path) },
    })
  }

  /** The error for the issue a reader should fix first: a plain secret, else the topmost. */
  firstOf(issues: readonly ConfigIssue[]): ApiError {
    const ranked = issues
      .map((issue, order) => ({ issue, order, line: this.lineOf(issue.path) }))
      .sort(
        (a, b) =>
          Number(b.issue.refused) - Number(a.issue.refused) || a.line - b.line || a.order - b.order,
      )
    const first = ranked[0]?.issue
    return first === undefined
      ? this.error([], 'invalid configuration')
      : this.error(first.path, first.message)
  }
}

async function readConfigText(file: string, io: GatewayConfigIo): Promise<string> {
  try {
    return await io.readFile(file)
  } catch (error) {
    if (errorCode(error) === 'ENOENT') {
      throw new ApiError(
        'input_not_found',
        `\`${file}\`: no such file; \`airlock init\` writes a starting one`,
        { cause: error },
      )
    }
    throw new ApiError(
      'input_invalid',
      `\`${file}\`: cannot read: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    )
  }
}

function parseYaml(text: string, file: string): { data: unknown; problems: ConfigProblems } {
  const lines = new LineCounter()
  const document = parseDocument(text, {
    lineCounter: lines,
    uniqueKeys: true,
    prettyErrors: false,
  })
  const [syntaxError] = document.errors
  if (syntaxError !== undefined) {
    const message = syntaxError.message.split('\n')[0] ?? ''
    throw new ApiError(
      'input_invalid',
      `\`${file}\` line ${lines.linePos(syntaxError.pos[0]).line}: ${message.charAt(0).toLowerCase()}${message.slice(1)}`,
    )
  }
  const problems = new ConfigProblems(file, new YamlFieldLocator(document, lines))
  try {
    return { data: document.toJS({ maxAliasCount: 100 }) as unknown, problems }
  } catch (error) {
    throw problems.error([], error instanceof Error ? error.message : String(error))
  }
}

function checkUnique(
  items: readonly { readonly key: string; readonly path: FieldPath }[],
  what: string,
  problems: ConfigProblems,
): void {
  const seen = new Map<string, FieldPath>()
  for (const { key, path } of items) {
    const first = seen.get(key)
    if (first !== undefined) {
      throw problems.error(
        path,
        `duplicate ${what} \`${key}\`, first declared on line ${problems.lineOf(first)}`,
      )
    }
    seen.set(key, path)
  }
}

function checkDeclared(
  name: string,
  declared: readonly string[],
  what: string,
  section: string,
  path: FieldPath,
  problems: ConfigProblems,
): void {
  if (declared.includes(name)) return
  const closest = findClosestWord(name, declared)
  const hint =
    closest === undefined ? `declare it under \`${section}\`` : `did you mean \`${closest}\`?`
  throw problems.error(path, `\`${name}\` is not a declared ${what}; ${hint}`)
}

/** Cross-field rules the schema cannot express: unique ids and references that resolve. */
function checkReferences(config: GatewayConfigFile, problems: ConfigProblems): void {
  checkUnique(
    config.agents.map((agent, index) => ({ key: agent.id, path: ['agents', index, 'id'] })),
    'agent id',
    problems,
  )
  checkUnique(
    config.humans.map((human, index) => ({ key: human.id, path: ['humans', index, 'id'] })),
    'human id',
    problems,
  )
  checkUnique(
    config.environments.map((environment, index) => ({
      key: environment.name,
      path: ['environments', index, 'name'],
    })),
    'environment name',
    problems,
  )
  const humans = config.humans.map((human) => human.id)
  const environments = config.environments.map((environment) => environment.name)
  config.agents.forEach((agent, index) => {
    const human = humans.indexOf(agent.id)
    // INVARIANT: an agent never shares an id with a human, so it can never pass as an approver.
    if (human >= 0) {
      throw problems.error(
        ['agents', index, 'id'],
        `\`${agent.id}\` is also the id of a human (line ${problems.lineOf(['humans', human, 'id'])}); agents and humans need distinct ids`,
      )
    }
    if (agent.operator !== undefined) {
      checkDeclared(
        agent.operator,
        humans,
        'human',
        'humans',
        ['agents', index, 'operator'],
        problems,
      )
    }
    agent.scope.environments.forEach((name, position) => {
      if (name === '*') return
      checkDeclared(
        name,
        environments,
        'environment',
        'environments',
        ['agents', index, 'scope', 'environments', position],
        problems,
      )
    })
  })
  for (const name of Object.keys(config.secrets)) {
    checkDeclared(name, environments, 'environment', 'environments', ['secrets', name], problems)
  }
  for (const [name, server] of Object.entries(config.mcp.servers)) {
    if (server.environment === undefined) continue
    checkDeclared(
      server.environment,
      environments,
      'environment',
      'environments',
      ['mcp', 'servers', name, 'environment'],
      problems,
    )
  }
  config.inventory.forEach((source, index) => {
    if (source.environment === undefined) return
    checkDeclared(
      source.environment,
      environments,
      'environment',
      'environments',
      ['inventory', index, 'environment'],
      problems,
    )
  })
}

async function loadPolicies(
  dir: string,
  io: GatewayConfigIo,
  problems: ConfigProblems,
): Promise<PolicySource[]> {
  let names: string[]
  try {
    names = await io.listFiles(dir)
  } catch (error) {
    const code = errorCode(error)
    if (code === 'ENOENT') {
      throw problems.error(['policies'], `directory \`${dir}\` does not exist`, 'input_not_found')
    }
    if (code === 'ENOTDIR') throw problems.error(['policies'], `\`${dir}\` is not a directory`)
    throw problems.error(
      ['policies'],
      `cannot list \`${dir}\`: ${error instanceof Error ? error.message : String(error)}`,
    )
  }
  const files = names.filter((name) => name.endsWith('.cedar')).sort()
  const policies: PolicySource[] = []
  for (const name of files) {
    const file = join(dir, name)
    try {
      policies.push({ file, text: await io.readFile(file), shadow: name.endsWith('.shadow.cedar') })
    } catch (error) {
      throw problems.error(
        ['policies'],
        `cannot read \`${file}\`: ${error instanceof Error ? error.message : String(error)}`,
      )
    }
  }
  return policies
}

function resolveStorageUrl(url: string, dir: string): string {
  if (!url.startsWith('sqlite:') || url === 'sqlite::memory:') return url
  return `sqlite:${resolveFrom(dir, url.slice('sqlite:'.length))}`
}

type SecretSourceFile = GatewayConfigFile['secrets'][string][string]

function toSecretSource(source: SecretSourceFile, dir: string): SecretSource {
  if (typeof source === 'string') return { kind: 'value', value: source }
  if ('env' in source) return { kind: 'env', name: source.env }
  if ('file' in source) return { kind: 'file', path: resolveFrom(dir, source.file) }
  return { kind: 'path', path: resolveFrom(dir, source.path) }
}

function toBindings(
  bindings: Readonly<Record<string, SecretSourceFile>>,
  dir: string,
): SecretBinding[] {
  return Object.entries(bindings).map(([variable, source]) => ({
    variable,
    source: toSecretSource(source, dir),
  }))
}

function toMcpServer(
  name: string,
  server: GatewayConfigFile['mcp']['servers'][string],
  dir: string,
): McpServerConfig {
  const environment = server.environment === undefined ? {} : { environment: server.environment }
  if ('url' in server) {
    return {
      name,
      transport: { kind: 'http', url: server.url, headers: toBindings(server.headers, dir) },
      ...environment,
    }
  }
  return {
    name,
    transport: {
      kind: 'stdio',
      command: server.command,
      args: server.args,
      env: toBindings(server.env, dir),
      ...(server.cwd === undefined ? {} : { cwd: resolveFrom(dir, server.cwd) }),
    },
    ...environment,
  }
}

function toGatewayConfig(
  file: string,
  config: GatewayConfigFile,
  policies: readonly PolicySource[],
): GatewayConfig {
  const dir = dirname(file)
  const agents = config.agents.map(({ id, operator, tokenHash, scope }): AgentConfig => ({
    id,
    ...(operator === undefined ? {} : { operator }),
    ...(tokenHash === undefined ? {} : { tokenHash }),
    scope,
  }))
  const humans = config.humans.map(({ id, roles, tokenHash }): HumanConfig => ({
    id,
    roles: [...new Set(roles)],
    ...(tokenHash === undefined ? {} : { tokenHash }),
  }))
  const environments = config.environments.map(
    ({ name, production, match }): EnvironmentConfig => ({ name, production, match }),
  )
  const inventory = config.inventory.map(({ kind, path, environment }): InventorySourceConfig => ({
    kind,
    path: resolveFrom(dir, path),
    ...(environment === undefined ? {} : { environment }),
  }))
  const notifications = config.notifications.map(
    ({ kind, url, urlEnv, secretEnv, events }): NotificationTargetConfig => ({
      kind,
      ...(url === undefined ? {} : { url }),
      ...(urlEnv === undefined ? {} : { urlEnv }),
      ...(secretEnv === undefined ? {} : { secretEnv }),
      events: events ?? DEFAULT_NOTIFICATION_EVENTS,
    }),
  )
  return {
    file,
    agents,
    humans,
    environments,
    policies,
    inventory,
    notifications,
    storage: { url: resolveStorageUrl(config.storage.url, dir) },
    mcpToolRisks: new Map(Object.entries(config.mcpToolRisks)),
    approvals: { expiresAfterMs: config.approvals.expiresAfter },
    secrets: new Map(
      Object.entries(config.secrets).map(([name, bindings]) => [name, toBindings(bindings, dir)]),
    ),
    mcp: {
      servers: Object.entries(config.mcp.servers).map(([name, server]) =>
        toMcpServer(name, server, dir),
      ),
      approvalWaitMs: config.mcp.approvalWait ?? 0,
    },
    hooks: { onApproval: config.hooks.onApproval },
    publicUrl: (config.publicUrl ?? DEFAULT_PUBLIC_URL).replace(/\/+$/, ''),
    permissions: { reviewEveryMs: config.permissions.reviewEvery },
    velocity: {
      destructive: {
        limit: config.velocity.destructive.limit,
        windowMs: config.velocity.destructive.window,
      },
      catastrophic: {
        limit: config.velocity.catastrophic.limit,
        windowMs: config.velocity.catastrophic.window,
      },
    },
  }
}

/**
 * Reads and validates a gateway configuration (`airlock.yaml`) and the Cedar policies of its
 * policy directory. Relative paths are taken from the file's own directory. Throws ApiError
 * (`input_invalid`, or `input_not_found` for a missing file or directory) whose message names
 * the file, line and field.
 * @example
 * await loadGatewayConfig('airlock.yaml', io)
 * // ApiError: `airlock.yaml` line 12: field `agents[1].scope.maxRisk`: expected one of safe, …
 */
export async function loadGatewayConfig(file: string, io: GatewayConfigIo): Promise<GatewayConfig> {
  const text = await readConfigText(file, io)
  const { data, problems } = parseYaml(text, file)
  const result = validateGatewayConfigFile(data ?? {})
  if (!result.ok) throw problems.firstOf(result.issues)
  checkReferences(result.file, problems)
  const policies =
    result.file.policies === undefined
      ? []
      : await loadPolicies(resolveFrom(dirname(file), result.file.policies), io, problems)
  return toGatewayConfig(file, result.file, policies)
}
