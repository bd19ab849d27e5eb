/**
 * Configuration for the MCP proxy tests: the harness's principals, environments told apart by
 * folders under one data root (kept out of `/tmp`, which the analyser treats as scratch space),
 * and policies that make changes in production wait for two humans and deny any in the vault.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

import { hashToken } from '../../src/pipeline/authenticate.js'
import { makeWorkFolder } from '../work-folder.js'
import { TOKENS } from './gateway-harness.js'

const ROOT = join(import.meta.dirname, '..', '..')

/** The filesystem MCP server every test runs as the real upstream. */
export const FILESYSTEM_SERVER = join(
  ROOT,
  'node_modules',
  '@modelcontextprotocol',
  'server-filesystem',
  'dist',
  'index.js',
)

const POLICIES = `@id("production-changes-need-two")
@approvals("2")
@reason("changes in production need two approvals")
forbid (principal is Agent, action, resource)
when { context.production && context.riskLevel >= 1 }
unless { context.approvals.distinctHumans >= 2 };

@id("unplaced-changes-need-two")
@approvals("2")
@reason("changes airlock cannot place in an environment need two approvals")
forbid (principal is Agent, action, resource)
when { context.environment == "unknown" && context.riskLevel >= 1 }
unless { context.approvals.distinctHumans >= 2 };

@id("vault-is-read-only")
@reason("nothing changes in the vault")
forbid (principal is Agent, action, resource)
when { context.environment == "vault" && context.riskLevel >= 1 };
`

/** A test folder: the configuration beside `data/{prod,dev,vault}`. */
export interface McpTestConfig {
  readonly dir: string
  readonly data: string
  readonly configFile: string
}

/**
 * Writes the configuration into a fresh folder that is not scratch space; `mcp` is the
 * YAML of the `mcp:` section, given the data root.
 */
export function writeMcpTestConfig(mcp: (data: string) => string): McpTestConfig {
  const dir = makeWorkFolder('mcp-test-')
  const data = join(dir, 'data')
  for (const folder of ['prod', 'dev', 'vault']) mkdirSync(join(data, folder), { recursive: true })
  mkdirSync(join(dir, 'policies'))
  writeFileSync(join(dir, 'policies', 'mcp.cedar'), POLICIES)
  const configFile = join(dir, 'airlock.yaml')
  writeFileSync(
    configFile,
    `humans:
  - { id: alice, roles: [approver], tokenHash: ${hashToken(TOKENS.alice)} }
  - { id: bob, roles: [approver], tokenHash: ${hashToken(TOKENS.bob)} }
  - { id: carol, roles: [approver], tokenHash: ${hashToken(TOKENS.carol)} }
agents:
  - id: claude
    operator: alice
    tokenHash: ${hashToken(TOKENS.claude)}
    scope: { environments: ['*'], systems: ['*'], maxRisk: catastrophic }
  - id: codex
    operator: bob
    tokenHash: ${hashToken(TOKENS.codex)}
    scope: { environments: ['*'], systems: ['*'], maxRisk: catastrophic }
environments:
  - { name: vault, production: true, match: { paths: [${join(data, 'vault')}] } }
  - { name: prod, production: true, match: { paths: [${join(data, 'prod')}] } }
  - { name: dev, production: false, match: { paths: [${join(data, 'dev')}] } }
policies: ./policies
storage: { url: 'sqlite:./airlock.db' }
velocity:
  destructive: { limit: 1000, window: 1h }
  catastrophic: { limit: 1000, window: 1h }
publicUrl: https://airlock.example.test
mcp:
${mcp(data)}`,
  )
  return { dir, data, configFile }
}
