import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

import { beforeAll, describe, expect, it } from 'vitest'

import type { McpToolAnnotations } from '../../model/action.js'
import { maxRisk, type Risk } from '../../model/risk.js'
import { loadParsers } from '../load-parsers.js'
import { analyzeMcpCall } from './mcp-call-analyzer.js'

// Real tool definitions (github-mcp-server) live beside the repository, in ../shared, as on CI.
const DEFINITIONS = join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'fixtures', 'mcp')
const available = existsSync(DEFINITIONS)
if (!available && process.env.CI !== undefined) {
  throw new Error(`the mcp tool definitions are missing at ${DEFINITIONS}; CI must have ../shared`)
}

interface ToolDefinition {
  readonly name: string
  readonly annotations?: McpToolAnnotations
  readonly inputSchema: {
    readonly required?: readonly string[]
    readonly properties: Readonly<Record<string, { readonly enum?: readonly string[] }>>
  }
}

interface PlannedCall {
  readonly arguments: Readonly<Record<string, unknown>>
  readonly risk: Risk
}

const REPOSITORY = { owner: 'acme', repo: 'checkout-api' }

// Plausible calls per tool, and what each really does. A definition without an entry fails.
const PLANNED: Readonly<Record<string, readonly PlannedCall[]>> = {
  get_file_contents: [
    { arguments: { ...REPOSITORY, path: 'README.md' }, risk: 'safe' },
    { arguments: { ...REPOSITORY, path: '/', ref: 'refs/heads/main' }, risk: 'safe' },
  ],
  create_or_update_file: [
    {
      arguments: {
        ...REPOSITORY,
        path: 'docs/runbook.md',
        content: '# Runbook\n\nNever run `terraform destroy` here.\n',
        message: 'docs: runbook',
        branch: 'main',
      },
      risk: 'mutating',
    },
  ],
  delete_file: [
    {
      arguments: { ...REPOSITORY, path: 'drafts/old.md', message: 'remove draft', branch: 'main' },
      risk: 'mutating',
    },
  ],
  delete_repository: [{ arguments: { ...REPOSITORY }, risk: 'destructive' }],
  actions_run_trigger: [
    {
      arguments: { ...REPOSITORY, method: 'run_workflow', workflow_id: 'ci.yml', ref: 'main' },
      risk: 'mutating',
    },
    { arguments: { ...REPOSITORY, method: 'rerun_workflow_run', run_id: 42 }, risk: 'mutating' },
    { arguments: { ...REPOSITORY, method: 'rerun_failed_jobs', run_id: 42 }, risk: 'mutating' },
    { arguments: { ...REPOSITORY, method: 'cancel_workflow_run', run_id: 42 }, risk: 'mutating' },
    {
      arguments: { ...REPOSITORY, method: 'delete_workflow_run_logs', run_id: 42 },
      risk: 'destructive',
    },
  ],
}

function readDefinitions(): ToolDefinition[] {
  return readdirSync(DEFINITIONS)
    .filter((file) => file.endsWith('.json'))
    .map((file) => JSON.parse(readFileSync(join(DEFINITIONS, file), 'utf8')) as ToolDefinition)
}

const definitions = available ? readDefinitions() : []
const cases = definitions.flatMap((definition) =>
  (PLANNED[definition.name] ?? []).map((planned) => ({ definition, ...planned })),
)

beforeAll(loadParsers)

describe.skipIf(!available)('analyzeMcpCall on github-mcp-server tool definitions', () => {
  it('has planned calls for every definition', () => {
    expect(
      definitions.map((definition) => definition.name).filter((name) => !(name in PLANNED)),
    ).toEqual([])
  })

  it('plans calls that give every required argument and use only allowed values', () => {
    for (const { definition, arguments: args } of cases) {
      for (const key of definition.inputSchema.required ?? []) expect(args).toHaveProperty(key)
      for (const [key, value] of Object.entries(args)) {
        const allowed = definition.inputSchema.properties[key]?.enum
        expect(definition.inputSchema.properties, `${definition.name}: ${key}`).toHaveProperty(key)
        if (allowed !== undefined) expect(allowed).toContain(value)
      }
    }
  })

  it('plans a call for every method a multiplexing tool offers', () => {
    for (const definition of definitions) {
      const methods = definition.inputSchema.properties.method?.enum ?? []
      const planned = (PLANNED[definition.name] ?? []).map((call) => call.arguments.method)
      expect(planned).toEqual(expect.arrayContaining([...methods]))
    }
  })

  it.each(cases)(
    'judges $definition.name as $risk when called with its own annotations',
    ({ definition, arguments: args, risk }) => {
      const result = analyzeMcpCall({
        server: 'github',
        tool: definition.name,
        arguments: args,
        ...(definition.annotations === undefined ? {} : { annotations: definition.annotations }),
      })
      const opaque = result.issues.length > 0 || result.effects.some((effect) => effect.opaque)
      expect({ risk: maxRisk(result.effects.map((effect) => effect.risk)), opaque }).toEqual({
        risk,
        opaque: false,
      })
    },
  )

  it.each(cases)(
    'judges $definition.name the same when its server claims it is read-only',
    ({ definition, arguments: args, risk }) => {
      const result = analyzeMcpCall({
        server: 'github',
        tool: definition.name,
        arguments: args,
        annotations: { readOnlyHint: true, destructiveHint: false },
      })
      expect(maxRisk(result.effects.map((effect) => effect.risk))).toBe(risk)
    },
  )
})

describe.runIf(!available)('analyzeMcpCall on github-mcp-server tool definitions', () => {
  it.skip(`needs the tool definitions at ${DEFINITIONS}`, () => {
    expect(available).toBe(true)
  })
})
