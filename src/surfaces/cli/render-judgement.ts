import type { Judgement } from '../../pipeline/judge-action.js'

/** The JSON object `airlock check --json` prints (a stable contract). */
export function judgementJson(judgement: Judgement): Record<string, unknown> {
  const { analysis, decision } = judgement
  return {
    ...(analysis.action.id === undefined ? {} : { id: analysis.action.id }),
    kind: analysis.action.kind,
    digest: analysis.digest,
    risk: analysis.risk,
    opaque: analysis.opaque,
    decision: decision.decision,
    approvals: decision.approvals,
    reasons: decision.reasons,
    policies: decision.policies,
    effects: analysis.effects,
    issues: analysis.issues,
  }
}

/** A readable account of one judgement for a terminal. */
export function renderJudgement(judgement: Judgement): string {
  const { analysis, decision } = judgement
  const needs =
    decision.decision === 'approve'
      ? ` (${decision.approvals} approval${decision.approvals === 1 ? '' : 's'} from distinct humans)`
      : ''
  const lines = [
    `risk      ${analysis.risk}${analysis.opaque ? ' (opaque: not fully understood)' : ''}`,
    `decision  ${decision.decision}${needs}`,
    'reasons',
    ...decision.reasons.map((reason) => `  - ${reason}`),
  ]
  if (analysis.effects.length > 0) {
    lines.push('effects')
    for (const effect of analysis.effects) {
      lines.push(
        `  - ${effect.risk.padEnd(12)} ${effect.system} ${effect.verb} ${effect.target}${effect.opaque ? ' [opaque]' : ''}`,
      )
    }
  }
  return `${lines.join('\n')}\n`
}
