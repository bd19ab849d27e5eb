import { basename, join } from 'node:path'

import { ApiError } from '../../model/errors.js'
import type { PolicySource } from '../../model/gateway-config.js'
import type { ProposalRecord } from '../../model/proposal-record.js'
import { createJudge } from '../../pipeline/judge-action.js'
import { replayDecisions, type ReplayRow } from '../../pipeline/replay-decisions.js'
import {
  type InventoryGraph,
  loadInventoryGraph,
  toInventoryGraph,
} from '../../pipeline/simulate-action.js'
import { EXIT } from './cli-error.js'
import type { GatewayCliIo } from './cli-io.js'
import { readInventorySnapshot } from './inventory-command.js'
import { resolveFrom } from './judging-options.js'
import { readScope, type SelectionFlags, toSelection } from './report-command.js'
import { openGatewayFromConfig } from './serve-command.js'

/** Options of `airlock replay`. */
export interface ReplayCommandOptions extends SelectionFlags {
  readonly config: string
  readonly action?: string
  readonly policies?: readonly string[]
  readonly inventory?: string
  readonly json?: boolean
  readonly failOnChange?: boolean
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error
    ? String(error.code)
    : undefined
}

// Each path is a policy file or a directory of them (`*.cedar`; `*.shadow.cedar` is shadow).
async function readPolicies(paths: readonly string[], io: GatewayCliIo): Promise<PolicySource[]> {
  const sources: PolicySource[] = []
  for (const given of paths) {
    const path = resolveFrom(io.cwd, given)
    let files: string[]
    try {
      const names = await io.listFiles(path)
      files = names
        .filter((name) => name.endsWith('.cedar'))
        .sort()
        .map((name) => join(path, name))
    } catch (error) {
      const code = errorCode(error)
      if (code === 'ENOENT') {
        throw new ApiError('input_not_found', `option --policies: \`${given}\` does not exist`)
      }
      if (code !== 'ENOTDIR') throw error
      files = [path]
    }
    for (const file of files) {
      sources.push({
        file,
        text: await io.readFile(file),
        shadow: basename(file).endsWith('.shadow.cedar'),
      })
    }
  }
  return sources
}

// The given snapshot, else the configuration's own when one was imported, else none.
async function readInventory(
  options: ReplayCommandOptions,
  io: GatewayCliIo,
): Promise<InventoryGraph | undefined> {
  if (options.inventory !== undefined) {
    const file = resolveFrom(io.cwd, options.inventory)
    return loadInventoryGraph(await io.readFile(file), options.inventory)
  }
  try {
    return toInventoryGraph(await readInventorySnapshot(options.config, io))
  } catch (error) {
    if (error instanceof ApiError && error.code === 'input_not_found') return undefined
    throw error
  }
}

function describe(decision: ReplayRow['today']): string {
  return decision.decision === 'approve'
    ? `approve (${String(decision.approvals)})`
    : decision.decision
}

function renderTable(rows: readonly ReplayRow[], inventory: boolean): string {
  const lines = [
    `replayed ${String(rows.length)} recorded action(s) ${inventory ? 'against the inventory twin' : 'without an inventory twin'}`,
    '',
    ['id'.padEnd(14), 'recorded'.padEnd(14), 'today'.padEnd(14), 'changed'].join('  '),
  ]
  for (const row of rows) {
    lines.push(
      [
        row.id.padEnd(14),
        describe(row.recorded).padEnd(14),
        describe(row.today).padEnd(14),
        row.changed ? 'CHANGED' : 'unchanged',
      ].join('  '),
    )
    for (const reason of row.reasons) lines.push(`    ${reason}`)
    for (const note of row.notes) lines.push(`    note: ${note}`)
  }
  const changed = rows.filter((row) => row.changed).length
  lines.push('', `${String(changed)} of ${String(rows.length)} decision(s) would change`)
  return `${lines.join('\n')}\n`
}

/**
 * `airlock replay --config FILE`: decides recorded proposals again under the current (or given)
 * policies and inventory and shows where today's decision differs. Reads the database and never
 * writes to it. Exit code 1 with `--fail-on-change` when any decision would change.
 */
export async function runReplay(options: ReplayCommandOptions, io: GatewayCliIo): Promise<number> {
  const selection = toSelection(options, Date.now())
  if (
    options.action === undefined &&
    options.session === undefined &&
    options.agent === undefined
  ) {
    throw new ApiError(
      'usage_invalid',
      'select what to replay: `--action`, `--session` or `--agent`',
    )
  }
  const policies =
    options.policies === undefined ? undefined : await readPolicies(options.policies, io)
  const inventory = await readInventory(options, io)
  const { gateway, store } = await openGatewayFromConfig(options.config, io)
  let proposals: ProposalRecord[]
  try {
    if (options.action === undefined) {
      proposals = (await readScope(gateway, selection)).proposals
    } else {
      proposals = await gateway.readProposals([options.action])
      if (proposals.length === 0) {
        throw new ApiError('input_not_found', `no action \`${options.action}\` on record`)
      }
    }
  } finally {
    await store.close()
  }
  const config = policies === undefined ? gateway.config : { ...gateway.config, policies }
  const judge = { ...createJudge(config), config }
  const rows = replayDecisions(proposals, {
    judge,
    ...(inventory === undefined ? {} : { inventory }),
  })
  if (options.json === true) {
    io.stdout(`${JSON.stringify({ inventory: inventory !== undefined, rows })}\n`)
  } else {
    io.stdout(renderTable(rows, inventory !== undefined))
  }
  return options.failOnChange === true && rows.some((row) => row.changed) ? EXIT.denied : EXIT.ok
}
