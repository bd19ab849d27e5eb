import type { Action } from '../../model/action.js'
import { NO_APPROVALS } from '../../model/decision-request.js'
import { ApiError } from '../../model/errors.js'
import type { RehearsalReport } from '../../model/rehearsal.js'
import { createJudge, decideAssessment } from '../../pipeline/judge-action.js'
import { type NoRehearsal, rehearseAction } from '../../pipeline/rehearse-action.js'
import {
  renderImpactTree,
  simulateActions,
  toInventoryGraph,
} from '../../pipeline/simulate-action.js'
import { ActionDocumentError, parseActionDocument } from '../action-document-schema.js'
import { loadGatewayConfig } from '../config/load-gateway-config.js'
import { EXIT } from './cli-error.js'
import type { CliIo } from './cli-io.js'
import { readInventorySnapshot } from './inventory-command.js'
import { resolveFrom } from './judging-options.js'
import { readInput } from './read-input.js'
import { joinCommandLine } from './shell-quote.js'

/** Options of `airlock simulate`. */
export interface SimulateOptions {
  readonly config: string
  readonly agent?: string
  readonly env?: string
  readonly cwd?: string
  readonly action?: readonly string[]
  readonly plan?: string
  readonly json?: boolean
  readonly rehearse?: boolean
  readonly databaseUrl?: string
}

const SHOWN_PATHS = 20

function renderRehearsal(rehearsal: RehearsalReport | NoRehearsal): string {
  if (rehearsal.kind === 'none') return `rehearsal: none (${rehearsal.reason})\n`
  if (rehearsal.status !== 'rehearsed') {
    return `rehearsal: ${rehearsal.status}${rehearsal.reason === undefined ? '' : ` (${rehearsal.reason})`}\n`
  }
  if (rehearsal.kind === 'sql') {
    const lines = rehearsal.rowsAffected.map(
      (change) => `  ${change.operation} ${String(change.rows)} rows in ${change.table}`,
    )
    return `rehearsal (rolled back): ${lines.length === 0 ? 'no rows changed' : ''}\n${lines.join('\n')}${lines.length === 0 ? '' : '\n'}`
  }
  let text = `rehearsal (sandbox, nothing real touched): ${String(rehearsal.counts.deleted)} deleted, ${String(rehearsal.counts.modified)} modified, ${String(rehearsal.counts.created)} created\n`
  for (const [mark, paths] of [
    ['-', rehearsal.deleted],
    ['~', rehearsal.modified],
    ['+', rehearsal.created],
  ] as const) {
    for (const path of paths.slice(0, SHOWN_PATHS)) text += `  ${mark} ${path}\n`
    if (paths.length > SHOWN_PATHS)
      text += `  ${mark} … ${String(paths.length - SHOWN_PATHS)} more\n`
  }
  return text
}

async function readActions(
  words: readonly string[],
  options: SimulateOptions,
  io: CliIo,
): Promise<Action[]> {
  const actions: Action[] = []
  const context = options.env === undefined ? {} : { environment: options.env }
  for (const file of options.action ?? []) {
    try {
      actions.push(parseActionDocument((await readInput(file, io)).trim()).action)
    } catch (error) {
      if (!(error instanceof ActionDocumentError)) throw error
      throw new ApiError('input_invalid', `\`${file}\`: ${error.message}`)
    }
  }
  if (options.plan !== undefined) {
    const document = `{"kind":"terraform-plan","plan":${(await readInput(options.plan, io)).trim()}}`
    try {
      actions.push({ ...parseActionDocument(document).action, ...context })
    } catch (error) {
      if (!(error instanceof ActionDocumentError)) throw error
      throw new ApiError('input_invalid', `\`${options.plan}\`: ${error.message}`)
    }
  }
  if (words.length > 0) {
    const command = joinCommandLine(words)
    actions.push({ kind: 'shell', command, cwd: options.cwd ?? io.cwd, ...context })
  }
  if (actions.length === 0) {
    throw new ApiError(
      'usage_invalid',
      'nothing to simulate: give a shell command after `--`, `--action FILE` or `--plan FILE`',
    )
  }
  return actions
}

/**
 * `airlock simulate`: what an action (or a session of actions, in order) would cost against
 * the inventory twin, and how it would be decided with that impact in view.
 */
export async function runSimulate(
  words: readonly string[],
  options: SimulateOptions,
  io: CliIo,
): Promise<number> {
  const actions = await readActions(words, options, io)
  const config = await loadGatewayConfig(resolveFrom(io.cwd, options.config), io)
  const graph = toInventoryGraph(await readInventorySnapshot(options.config, io))
  const judge = createJudge(config)
  const agent = options.agent ?? config.agents[0]?.id
  const { assessments, impact } = simulateActions(actions, graph, {
    judge,
    ...(agent === undefined ? {} : { agent }),
  })
  const last = assessments.at(-1)
  if (last === undefined) return EXIT.usage
  const rehearsals =
    options.rehearse === true
      ? await Promise.all(
          actions.map((action) =>
            rehearseAction(
              action,
              options.databaseUrl === undefined ? {} : { databaseUrl: options.databaseUrl },
            ),
          ),
        )
      : undefined
  const decision = decideAssessment(
    last,
    { approvals: NO_APPROVALS, frozen: false, velocityExceeded: false, channel: 'cli', impact },
    judge,
  )
  if (options.json === true) {
    io.stdout(
      `${JSON.stringify({
        risk: last.analysis.risk,
        decision: decision.decision,
        approvals: decision.approvals,
        reasons: decision.reasons,
        impact,
        ...(rehearsals === undefined ? {} : { rehearsals }),
      })}\n`,
    )
    return EXIT.ok
  }
  io.stdout(`${renderImpactTree(impact)}\n`)
  for (const rehearsal of rehearsals ?? []) io.stdout(`\n${renderRehearsal(rehearsal)}`)
  const needs = decision.decision === 'approve' ? ` (${String(decision.approvals)} approvals)` : ''
  io.stdout(`\nrisk ${last.analysis.risk}: ${decision.decision}${needs}\n`)
  for (const reason of decision.reasons) io.stdout(`  - ${reason}\n`)
  return EXIT.ok
}
