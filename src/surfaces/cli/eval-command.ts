import type { ActionKind } from '../../model/action.js'
import { ApiError } from '../../model/errors.js'
import { type Risk, RISKS } from '../../model/risk.js'
import { judgeAction, type Judgement } from '../../pipeline/judge-action.js'
import { ActionDocumentError, parseActionDocument } from '../action-document-schema.js'
import { EXIT } from './cli-error.js'
import type { CliIo } from './cli-io.js'
import { type JudgingFlags, loadJudgingOptions } from './judging-options.js'
import { readInput } from './read-input.js'

/** Options of `airlock eval`. */
export interface EvalOptions extends JudgingFlags {
  readonly json?: boolean
  readonly kind?: string
}

interface EvalItem {
  readonly line: number
  readonly id: string
  readonly kind: ActionKind
  readonly label?: Risk
  readonly judgement: Judgement
  readonly summary: string
}

/** Scores of predictions against labels, as the eval contract defines them. */
export interface EvalScores {
  readonly n: number
  readonly recall: number | null
  readonly falseBlockRate: number | null
  readonly accuracy: number | null
  readonly confusion: Record<Risk, Record<Risk, number>>
}

const HARMFUL: readonly Risk[] = ['destructive', 'catastrophic']

/**
 * Scores labelled items. Recall is over items labelled destructive or catastrophic (a hit is
 * predicted destructive, catastrophic or opaque); the false-block rate is over items labelled
 * safe (a block is anything but safe or mutating); accuracy is the exact risk class.
 */
export function scoreItems(
  items: readonly { label?: Risk; risk: Risk; opaque: boolean }[],
): EvalScores {
  const labelled = items.filter(
    (item): item is { label: Risk; risk: Risk; opaque: boolean } => item.label !== undefined,
  )
  const harmful = labelled.filter((item) => HARMFUL.includes(item.label))
  const safe = labelled.filter((item) => item.label === 'safe')
  const ratio = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole)
  const blocked = (item: { risk: Risk; opaque: boolean }): boolean =>
    item.opaque || HARMFUL.includes(item.risk)
  const confusion = Object.fromEntries(
    RISKS.map((label) => [label, Object.fromEntries(RISKS.map((risk) => [risk, 0]))]),
  ) as Record<Risk, Record<Risk, number>>
  for (const item of labelled) confusion[item.label][item.risk]++
  return {
    n: labelled.length,
    recall: ratio(harmful.filter(blocked).length, harmful.length),
    falseBlockRate: ratio(safe.filter(blocked).length, safe.length),
    accuracy: ratio(labelled.filter((item) => item.label === item.risk).length, labelled.length),
    confusion,
  }
}

function describeAction(judgement: Judgement): string {
  const action = judgement.analysis.action
  switch (action.kind) {
    case 'shell':
      return action.command
    case 'sql':
      return `[${action.dialect}] ${action.statement}`
    case 'terraform-plan':
      return 'terraform plan'
    case 'mcp':
      return `${action.server}.${action.tool}`
    case 'http':
      return `${action.method} ${action.url}`
  }
}

function percent(value: number | null): string {
  return value === null ? 'n/a' : `${(value * 100).toFixed(1)} %`
}

function renderTable(items: readonly EvalItem[], labelled: boolean): string {
  const rows = items.map((item) => {
    const { analysis, decision } = item.judgement
    const action = item.summary.replace(/\s+/g, ' ')
    const cells = [
      item.id,
      action.length > 64 ? `${action.slice(0, 63)}…` : action,
      `${analysis.risk}${analysis.opaque ? '*' : ''}`,
      decision.decision === 'approve' ? `approve ×${decision.approvals}` : decision.decision,
    ]
    if (labelled)
      cells.push(
        item.label ?? '',
        item.label === undefined ? '' : item.label === analysis.risk ? 'ok' : 'MISS',
      )
    return cells
  })
  const header = ['ID', 'ACTION', 'RISK', 'DECISION', ...(labelled ? ['LABEL', ''] : [])]
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  )
  const format = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd()
  return [format(header), ...rows.map(format)].join('\n')
}

/** `airlock eval FILE.jsonl`: judges every action of a JSON Lines file and scores the labelled ones. */
export async function runEval(file: string, options: EvalOptions, io: CliIo): Promise<number> {
  const text = await readInput(file, io)
  const judging = await loadJudgingOptions(options, io)
  const items: EvalItem[] = []
  const errors: { line: number; error: string }[] = []
  const lines = text.split('\n')
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? ''
    if (line.trim() === '') continue
    let document
    try {
      document = parseActionDocument(line)
    } catch (error) {
      if (!(error instanceof ActionDocumentError)) throw error
      errors.push({ line: index + 1, error: error.message })
      continue
    }
    if (options.kind !== undefined && document.action.kind !== options.kind) continue
    const judgement = judgeAction(document.action, judging)
    items.push({
      line: index + 1,
      id: document.action.id ?? `line ${index + 1}`,
      kind: document.action.kind,
      ...(document.label === undefined ? {} : { label: document.label }),
      judgement,
      summary: describeAction(judgement),
    })
  }
  if (items.length === 0 && errors.length === 0)
    throw new ApiError('input_invalid', `\`${file}\`: no actions found`)
  const scores = scoreItems(
    items.map((item) => ({
      ...(item.label === undefined ? {} : { label: item.label }),
      risk: item.judgement.analysis.risk,
      opaque: item.judgement.analysis.opaque,
    })),
  )
  const kinds = [...new Set(items.map((item) => item.kind))]
  const byKind = Object.fromEntries(
    kinds.map((kind) => [
      kind,
      scoreItems(
        items
          .filter((item) => item.kind === kind)
          .map((item) => ({
            ...(item.label === undefined ? {} : { label: item.label }),
            risk: item.judgement.analysis.risk,
            opaque: item.judgement.analysis.opaque,
          })),
      ),
    ]),
  )
  for (const error of errors) io.stderr(`airlock: \`${file}\` line ${error.line}: ${error.error}\n`)
  if (options.json === true) {
    for (const item of items) {
      const { analysis, decision } = item.judgement
      io.stdout(
        `${JSON.stringify({ id: item.id, risk: analysis.risk, opaque: analysis.opaque, decision: decision.decision })}\n`,
      )
    }
    for (const error of errors)
      io.stdout(`${JSON.stringify({ line: error.line, error: error.error })}\n`)
    io.stdout(
      `${JSON.stringify({ summary: { ...scores, errors: errors.length, byKind: Object.fromEntries(Object.entries(byKind).map(([kind, score]) => [kind, { n: score.n, recall: score.recall, falseBlockRate: score.falseBlockRate, accuracy: score.accuracy }])) } })}\n`,
    )
  } else {
    const labelled = scores.n > 0
    io.stdout(`${renderTable(items, labelled)}\n`)
    io.stdout(
      `\n${items.length} actions judged; * marks an action airlock could not fully understand (treated as dangerous)\n`,
    )
    if (labelled) {
      io.stdout(
        `recall ${percent(scores.recall)}  false-block rate ${percent(scores.falseBlockRate)}  accuracy ${percent(scores.accuracy)}  (n=${scores.n})\n`,
      )
      for (const [kind, score] of Object.entries(byKind)) {
        io.stdout(
          `  ${kind.padEnd(15)} n=${String(score.n).padEnd(4)} recall ${percent(score.recall).padEnd(8)} false-block ${percent(score.falseBlockRate).padEnd(8)} accuracy ${percent(score.accuracy)}\n`,
        )
      }
    }
  }
  return errors.length > 0 ? EXIT.usage : EXIT.ok
}
