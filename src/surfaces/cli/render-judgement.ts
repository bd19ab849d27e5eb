import type { Judgement } from '../../pipeline/judge-action.js'

/** The JSON object `airlock check --json` prints (a stable contract). */
export function judgementJson(judgement: Judgement, explain = false): Record<string, unknown> {
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
    ...(decision.alternative === undefined ? {} : { alternative: decision.alternative }),
    ...(judgement.environment === undefined
      ? {}
      : {
          environment: {
            name: judgement.environment.name,
            production: judgement.environment.production,
          },
        }),
    ...(decision.errors === undefined ? {} : { errors: decision.errors }),
    ...(explain && decision.shadow !== undefined ? { shadow: decision.shadow } : {}),
    effects: analysis.effects,
    issues: analysis.issues,
  }
}

/** A readable account of one judgement for a terminal; `explain` adds how it was decided. */
export function renderJudgement(judgement: Judgement, explain = false): string {
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
  if (decision.alternative !== undefined) lines.push(`safer     ${decision.alternative}`)
  if (analysis.effects.length > 0) {
    lines.push('effects')
    for (const effect of analysis.effects) {
      lines.push(
        `  - ${effect.risk.padEnd(12)} ${effect.system} ${effect.verb} ${effect.target}${effect.opaque ? ' [opaque]' : ''}`,
      )
    }
  }
  if (explain) {
    const environment = judgement.environment
    lines.push(
      `environment ${environment === undefined ? 'not recognised' : `${environment.name}${environment.production ? ' (production)' : ''}`}`,
      'decided by',
      ...(decision.policies.length > 0
        ? decision.policies.map((policy) => `  - ${policy}`)
        : ['  - no policy: nothing permitted the action']),
    )
    if (decision.shadow !== undefined) {
      const shadow = decision.shadow
      lines.push(
        `shadow    ${shadow.decision}${shadow.decision === 'approve' ? ` ×${shadow.approvals}` : ''} (not enforced) by ${shadow.policies.join(', ') || 'no policy'}`,
      )
    }
    for (const error of decision.errors ?? []) lines.push(`error     ${error}`)
  }
  return `${lines.join('\n')}\n`
}
