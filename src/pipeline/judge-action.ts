/**
 * @module pipeline
 * Runs the stages in order against their ports: parse → (simulate) → decide. It is the only
 * code that knows the order. Imports model/ and the stages' entry points; no storage, no surfaces.
 */
import {
  loadCedarPolicyEngine,
  validatePolicySources,
} from '../decide/cedar/cedar-policy-engine.js'
import { loadDefaultPolicyEngine } from '../decide/cedar/default-policies.js'
import { decide } from '../decide/decide.js'
import type { PolicyEngine } from '../decide/policy-engine.js'
import { formatPolicyProblem, PolicyLoadError } from '../decide/policy-load-error.js'
import { recogniseEnvironment } from '../decide/recognise-environment.js'
import type { Action } from '../model/action.js'
import type { Analysis } from '../model/analysis.js'
import type { Decision } from '../model/decision.js'
import {
  type ApprovalFacts,
  type Channel,
  type DecisionRequest,
  NO_APPROVALS,
} from '../model/decision-request.js'
import { ApiError } from '../model/errors.js'
import type { AgentConfig, EnvironmentConfig, GatewayConfig } from '../model/gateway-config.js'
import type { ImpactReport } from '../model/impact-report.js'
import { analyzeAction } from '../parse/analyze-action.js'
import { loadParsers } from '../parse/load-parsers.js'

/** An action with what airlock made of it and what it decided. */
export interface Judgement {
  readonly analysis: Analysis
  readonly decision: Decision
  /** The environment the action was recognised in, when any. */
  readonly environment?: EnvironmentConfig
}

/** A gateway configuration made ready for judging: its policies compiled. */
export interface Judge {
  readonly config?: GatewayConfig
  readonly engine: PolicyEngine
}

/** The facts of one proposal besides the action: who proposes it and what state applies. */
export interface JudgingOptions {
  readonly judge?: Judge
  /** The proposing agent's id; it must be declared in the configuration. */
  readonly agent?: string
  readonly approvals?: ApprovalFacts
  readonly frozen?: boolean
  readonly velocityExceeded?: boolean
  readonly channel?: Channel
  /** Operators' own word on MCP tools, when no configuration carries it. */
  readonly mcpToolRisks?: GatewayConfig['mcpToolRisks']
}

let defaultJudge: Judge | undefined

/** Loads what judging needs (the WASM parsers); call once before `judgeAction`. */
export function prepareJudging(): Promise<void> {
  return loadParsers()
}

/**
 * Compiles a configuration's policies (with the built-in invariants) into a judge. Throws
 * PolicyLoadError naming file and line when a policy does not parse or validate.
 */
export function createJudge(config: GatewayConfig): Judge {
  try {
    return { config, engine: loadCedarPolicyEngine(config) }
  } catch (error) {
    if (!(error instanceof PolicyLoadError)) throw error
    // An invalid policy set refuses to start: nothing is judged with part of the policies.
    throw new ApiError('input_invalid', `\`${config.file}\`: ${error.message}`, {
      data: error.problems.map(formatPolicyProblem),
      cause: error,
    })
  }
}

/** Every problem in a configuration's policies, as `file:line:column: message`. */
export function checkPolicies(config: GatewayConfig): string[] {
  return validatePolicySources(config.policies).map(formatPolicyProblem)
}

/** The judge used without configuration: the invariants and a destructive-needs-approval floor. */
export function getDefaultJudge(): Judge {
  defaultJudge ??= { engine: loadDefaultPolicyEngine() }
  return defaultJudge
}

/** The agent a proposal names, as the configuration declares it. */
export function findAgent(judge: Judge, id: string | undefined): AgentConfig | undefined {
  return id === undefined ? undefined : judge.config?.agents.find((agent) => agent.id === id)
}

// Without configuration an environment is known only by the name the action gives.
function namedEnvironment(action: Action): EnvironmentConfig | undefined {
  if (action.environment === undefined) return undefined
  return {
    name: action.environment,
    production: /^(prod|production|prd|live)$/i.test(action.environment),
    match: {},
  }
}

/** An action analysed and placed: what it does, where it lands, who proposes it. */
export interface Assessment {
  readonly analysis: Analysis
  readonly environment?: EnvironmentConfig
  readonly agent?: AgentConfig
}

/** The state a decision depends on besides the action itself. */
export interface DecisionFacts {
  readonly approvals: ApprovalFacts
  readonly frozen: boolean
  readonly velocityExceeded: boolean
  readonly channel: Channel
  /** What the action would cost, when an inventory was simulated against. */
  readonly impact?: ImpactReport
}

/** Analyses an action and recognises its environment and agent, without deciding. */
export function assessAction(
  action: Action,
  options: Pick<JudgingOptions, 'judge' | 'agent' | 'mcpToolRisks'> = {},
): Assessment {
  const judge = options.judge ?? getDefaultJudge()
  const mcpToolRisks = options.mcpToolRisks ?? judge.config?.mcpToolRisks
  const analysis = analyzeAction(action, mcpToolRisks === undefined ? {} : { mcpToolRisks })
  const environment =
    judge.config === undefined
      ? namedEnvironment(action)
      : recogniseEnvironment(action, analysis, judge.config.environments)
  const agent = findAgent(judge, options.agent ?? action.agent)
  return {
    analysis,
    ...(environment === undefined ? {} : { environment }),
    ...(agent === undefined ? {} : { agent }),
  }
}

/**
 * Decides an assessed action under the given state. Any failure while deciding holds the action
 * for approval; it never allows it.
 */
export function decideAssessment(
  assessment: Assessment,
  facts: DecisionFacts,
  judge: Judge = getDefaultJudge(),
): Decision {
  const request: DecisionRequest = { ...assessment, ...facts }
  return decide(request, judge.engine)
}

/**
 * Analyses and decides one action. Any failure while deciding holds the action for approval;
 * it never allows it.
 */
export function judgeAction(action: Action, options: JudgingOptions = {}): Judgement {
  const judge = options.judge ?? getDefaultJudge()
  const assessment = assessAction(action, { ...options, judge })
  const decision = decideAssessment(
    assessment,
    {
      approvals: options.approvals ?? NO_APPROVALS,
      frozen: options.frozen ?? false,
      velocityExceeded: options.velocityExceeded ?? false,
      channel: options.channel ?? 'cli',
    },
    judge,
  )
  return {
    analysis: assessment.analysis,
    decision,
    ...(assessment.environment === undefined ? {} : { environment: assessment.environment }),
  }
}
