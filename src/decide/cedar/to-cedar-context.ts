import type { Analysis } from '../../model/analysis.js'
import type { ApprovalFacts, DecisionRequest } from '../../model/decision-request.js'
import type { Effect, EffectSystem } from '../../model/effect.js'
import type { ImpactReport } from '../../model/impact-report.js'
import { maxRisk, type Risk, RISKS } from '../../model/risk.js'
import { UNKNOWN_ENVIRONMENT_NAME } from './to-cedar-entities.js'

/** The Cedar context of one request, as declared in the gateway schema. */
export interface GatewayContext {
  readonly risk: Risk
  /** 0 safe, 1 mutating, 2 destructive, 3 catastrophic. */
  readonly riskLevel: number
  readonly opaque: boolean
  readonly system: EffectSystem
  readonly verbs: readonly string[]
  readonly scopes: readonly string[]
  readonly dataLoss: boolean
  readonly environment: string
  readonly production: boolean
  readonly approvals: ApprovalFacts
  readonly frozen: boolean
  readonly velocityExceeded: boolean
  readonly channel: string
  /** Present when the action was simulated against an inventory. */
  readonly impact?: ImpactContext
}

/** The impact of an action as policies see it: counts, minutes and whether an environment goes. */
export interface ImpactContext {
  readonly resourcesDestroyed: number
  readonly resourcesBroken: number
  /** Customer-facing resources destroyed, replaced or broken. */
  readonly customerFacing: number
  readonly servicesBroken: number
  readonly dataLost: number
  readonly unknownTargets: number
  /** Estimated minutes until everything is rebuilt, rounded up. */
  readonly downtimeMinutes: number
  readonly environmentDestroyed: boolean
}

/** The system a request with no effects at all is judged as. */
const NO_EFFECT_SYSTEM: EffectSystem = 'process'

/**
 * One context per effect system of the analysis (Cedar action `Action::"<system>"`): the most
 * harmful risk and any opacity of that system's effects, with the facts of the request.
 */
export function toCedarContexts(request: DecisionRequest): GatewayContext[] {
  const { analysis } = request
  const bySystem = new Map<EffectSystem, Effect[]>()
  for (const effect of analysis.effects) {
    const effects = bySystem.get(effect.system)
    if (effects === undefined) {
      bySystem.set(effect.system, [effect])
    } else {
      effects.push(effect)
    }
  }
  // An analysis is opaque through its issues too; no single system can be blamed for those.
  const opaqueAnywhere = analysis.opaque && !analysis.effects.some((effect) => effect.opaque)
  const facts = {
    environment: request.environment?.name ?? UNKNOWN_ENVIRONMENT_NAME,
    production: request.environment?.production ?? false,
    approvals: toApprovalFacts(request.approvals),
    frozen: request.frozen,
    velocityExceeded: request.velocityExceeded,
    channel: request.channel,
    ...(request.impact === undefined ? {} : { impact: toImpactContext(request.impact) }),
  }
  if (bySystem.size === 0) {
    return [{ ...facts, ...describeSystem(NO_EFFECT_SYSTEM, [], analysis) }]
  }
  return [...bySystem].map(([system, effects]) => ({
    ...facts,
    ...describeSystem(system, effects, analysis, opaqueAnywhere),
  }))
}

function describeSystem(
  system: EffectSystem,
  effects: readonly Effect[],
  analysis: Analysis,
  opaqueAnywhere = false,
): Pick<
  GatewayContext,
  'risk' | 'riskLevel' | 'opaque' | 'system' | 'verbs' | 'scopes' | 'dataLoss'
> {
  const opaque =
    effects.length === 0 ? analysis.opaque : opaqueAnywhere || effects.some((e) => e.opaque)
  const risks = effects.length === 0 ? [analysis.risk] : effects.map((effect) => effect.risk)
  // INVARIANT: as in the analysis, what nobody understood is never below destructive.
  const risk = maxRisk(opaque ? [...risks, 'destructive'] : risks)
  return {
    risk,
    riskLevel: RISKS.indexOf(risk),
    opaque,
    system,
    verbs: [...new Set(effects.map((effect) => effect.verb))],
    scopes: [...new Set(effects.map((effect) => effect.scope))],
    dataLoss: effects.some((effect) => effect.dataLoss),
  }
}

// Counts that are not whole and non-negative count as no approval at all.
function toApprovalFacts(approvals: ApprovalFacts): ApprovalFacts {
  const count = (value: number): number => (Number.isSafeInteger(value) && value > 0 ? value : 0)
  return {
    count: count(approvals.count),
    distinctHumans: count(approvals.distinctHumans),
    nonOperator: count(approvals.nonOperator),
  }
}

/** The impact report reduced to what a policy can compare. */
export function toImpactContext(report: ImpactReport): ImpactContext {
  const gone = report.resources.filter(
    (resource) => resource.fate === 'destroyed' || resource.fate === 'replaced',
  )
  return {
    resourcesDestroyed: gone.length,
    resourcesBroken: report.resources.filter((resource) => resource.fate === 'broken').length,
    customerFacing: report.customerFacing.length,
    servicesBroken: report.servicesBroken.length,
    dataLost: report.dataLost.length,
    unknownTargets: report.unknownTargets.length,
    downtimeMinutes: Math.ceil(Math.max(0, report.estimatedRestoreMinutes)),
    environmentDestroyed: report.environmentDestroyed !== undefined,
  }
}
