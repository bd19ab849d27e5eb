#!/usr/bin/env node
// A small stand-in "cloud" for the outage replay (`airlock demo`): an MCP server over stdio whose
// tools read and change the environment of the cost-reporting service, kept in a JSON state
// file. Nothing here is real cloud; a call that reaches this server visibly changes that file,
// so a call airlock held or denied is seen never to have arrived.
//
//   node cloud-server.js --state STATE.json --seed describe-stack-resources.json
//
// On its first start the state is seeded from the CloudFormation listing the twin was imported
// from, so the cloud and airlock's inventory describe the same environment.
import { readFileSync, renameSync, writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'

import { McpServer } from '@modelcontextprotocol/server'
import { serveStdio } from '@modelcontextprotocol/server/stdio'
import { parse as parseYaml } from 'yaml'
import { z } from 'zod'

const { values } = parseArgs({
  options: { state: { type: 'string' }, seed: { type: 'string' } },
})
if (values.state === undefined) {
  process.stderr.write('cloud-server: `--state FILE` is required\n')
  process.exit(2)
}
const STATE_FILE = values.state

const RESOURCE = z.object({
  logicalId: z.string(),
  type: z.string(),
  physicalId: z.string(),
  status: z.string(),
})
const STATE = z.object({
  environments: z.record(
    z.string(),
    z.object({ stack: z.string(), createdAt: z.string(), resources: z.array(RESOURCE) }),
  ),
  services: z.record(z.string(), z.record(z.string(), z.string())),
  log: z.array(z.string()),
})
const SEED = z.object({
  StackResources: z.array(
    z.object({
      StackName: z.string(),
      LogicalResourceId: z.string(),
      PhysicalResourceId: z.string(),
      ResourceType: z.string(),
    }),
  ),
})

// JSON is YAML: the yaml package reads it, and the schema checks what it read.
function readJson(file, schema) {
  return schema.parse(parseYaml(readFileSync(file, 'utf8')))
}

function seedState() {
  if (values.seed === undefined) {
    throw new Error(`no state in \`${STATE_FILE}\` and no \`--seed\` to start from`)
  }
  const { StackResources } = readJson(values.seed, SEED)
  const stack = StackResources[0]?.StackName ?? 'cost-reporting-prod'
  return {
    environments: {
      prod: {
        stack,
        createdAt: '2025-11-28T09:14:02Z',
        resources: StackResources.map((entry) => ({
          logicalId: entry.LogicalResourceId,
          type: entry.ResourceType,
          physicalId: entry.PhysicalResourceId,
          status: 'RUNNING',
        })),
      },
    },
    services: { 'cost-api': { timeout: '30s', replicas: '3' } },
    log: [],
  }
}

function load() {
  try {
    return readJson(STATE_FILE, STATE)
  } catch (error) {
    if (error?.code !== 'ENOENT') throw error
    const state = seedState()
    save(state)
    return state
  }
}

function save(state) {
  writeFileSync(`${STATE_FILE}.tmp`, `${JSON.stringify(state, null, 2)}\n`)
  renameSync(`${STATE_FILE}.tmp`, STATE_FILE)
}

function change(what, apply) {
  const state = load()
  const answer = apply(state)
  state.log.push(`${new Date().toISOString()} ${what}`)
  save(state)
  return answer
}

function text(value) {
  return { content: [{ type: 'text', text: value }] }
}

function failure(value) {
  return { content: [{ type: 'text', text: value }], isError: true }
}

function environmentOf(state, name) {
  const environment = state.environments[name]
  if (environment === undefined) throw new Error(`no environment \`${name}\``)
  return environment
}

const LOGS = [
  'ERROR cost-api: report generation for account 4471 timed out after 30s',
  'ERROR cost-api: report generation for account 9120 timed out after 30s',
  'WARN  cost-api: p99 latency of /reports 29.8s, close to the 30s timeout',
  'INFO  cost-workers: 212 report jobs queued, 0 failed',
]

function createServer() {
  const server = new McpServer(
    { name: 'demo-cloud', version: '1.0.0' },
    { capabilities: { tools: {} } },
  )
  server.registerTool(
    'describe_environment',
    {
      description: 'List the resources of an environment and their status',
      inputSchema: z.object({ environment: z.string() }),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ environment }) => {
      const found = environmentOf(load(), environment)
      return text(
        [
          `environment ${environment}: stack ${found.stack}, created ${found.createdAt.slice(0, 10)}`,
          ...found.resources.map((r) => `  ${r.status.padEnd(8)} ${r.logicalId}`),
        ].join('\n'),
      )
    },
  )
  server.registerTool(
    'get_logs',
    {
      description: 'The latest log lines of a service',
      inputSchema: z.object({ service: z.string(), environment: z.string() }),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    () => text(LOGS.join('\n')),
  )
  server.registerTool(
    'update_service_config',
    {
      description: 'Change one setting of a service',
      inputSchema: z.object({
        environment: z.string(),
        service: z.string(),
        setting: z.string(),
        value: z.string(),
      }),
      annotations: { readOnlyHint: false, destructiveHint: false, openWorldHint: false },
    },
    ({ service, setting, value }) =>
      change(`update_service_config ${service} ${setting}=${value}`, (state) => {
        state.services[service] = { ...state.services[service], [setting]: value }
        return text(`${service}: ${setting} set to ${value}`)
      }),
  )
  server.registerTool(
    'delete_environment',
    {
      description: 'Delete an environment and everything in it',
      inputSchema: z.object({ environment: z.string() }),
      annotations: { readOnlyHint: false, destructiveHint: true, openWorldHint: false },
    },
    ({ environment }) =>
      change(`delete_environment ${environment}`, (state) => {
        const found = environmentOf(state, environment)
        state.environments = Object.fromEntries(
          Object.entries(state.environments).filter(([name]) => name !== environment),
        )
        return text(`deleted environment ${environment}: ${found.resources.length} resources`)
      }),
  )
  server.registerTool(
    'create_environment',
    {
      description: 'Create an environment from its template, empty',
      inputSchema: z.object({ environment: z.string() }),
      annotations: { readOnlyHint: false, destructiveHint: false, openWorldHint: false },
    },
    ({ environment }) =>
      change(`create_environment ${environment}`, (state) => {
        if (state.environments[environment] !== undefined) {
          return failure(`environment ${environment} already exists`)
        }
        state.environments[environment] = {
          stack: `cost-reporting-${environment}`,
          createdAt: new Date().toISOString(),
          resources: [],
        }
        return text(`created environment ${environment}; its resources are being provisioned`)
      }),
  )
  server.registerTool(
    'delete_resource',
    {
      description: 'Delete one resource, by its physical id',
      inputSchema: z.object({ environment: z.string(), resource: z.string() }),
      annotations: { readOnlyHint: false, destructiveHint: true, openWorldHint: false },
    },
    ({ environment, resource }) =>
      change(`delete_resource ${environment} ${resource}`, (state) => {
        const found = environmentOf(state, environment)
        const before = found.resources.length
        found.resources = found.resources.filter((r) => r.physicalId !== resource)
        return found.resources.length === before
          ? failure(`no resource \`${resource}\` in ${environment}`)
          : text(`deleted ${resource}`)
      }),
  )
  return server
}

// Seed the state now, so it exists before the first call.
load()
serveStdio(createServer, {
  onerror: (error) => process.stderr.write(`cloud-server: ${error.message}\n`),
})
