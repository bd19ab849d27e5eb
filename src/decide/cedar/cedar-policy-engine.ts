import type { Analysis } from '../../model/analysis.js'
import type { Decision, DecisionOutcome, ShadowOutcome } from '../../model/decision.js'
import type { ApprovalFacts, DecisionRequest } from '../../model/decision-request.js'
import type { AgentConfig, EnvironmentConfig, PolicySource } from '../../model/gateway-config.js'
import {
  FAIL_CLOSED_POLICY_ID,
  type PolicyEngine,
  type PolicyEngineInput,
  type PolicyProblem,
  type PolicyReloadResult,
} from '../policy-engine.js'
import { PolicyLoadError } from '../policy-load-error.js'
import { suggestSaferAlternative } from '../safer-alternative.js'
import { cedar, type CedarContextJson, type EntityJson } from './cedar-wasm.js'
import { type CompiledPolicy, type CompileOptions, compilePolicies } from './compile-policies.js'
import { OUTSIDE_AGENT_SCOPE_ID } from './invariants.js'
import { type GatewayContext, toCedarContexts } from './to-cedar-context.js'
import {
  EMPTY_SCOPE,
  toAgentEntity,
  toEntityUid,
  toEnvironmentEntity,
  toHumanEntity,
  toUnknownAgent,
  UNKNOWN_ENVIRONMENT,
} from './to-cedar-entities.js'

/** Approvals a decision needs at least when evaluation failed and the action is not safe. */
const FAIL_CLOSED_APPROVALS = 2

/** Re-evaluations with more hypothetical approvals before a request is denied. */
const MAX_APPROVAL_ROUNDS = 4

/** Cedar results kept per engine state; a repeated request is not evaluated again. */
const MAX_CACHED_RESULTS = 4096

const RANK: Readonly<Record<DecisionOutcome, number>> = { allow: 0, approve: 1, deny: 2 }

// Preparsed policy sets live in the WASM instance for the life of the process: every set gets
// a new id, so two engines or two reloads never share one.
let policySetCount = 0

/** Everything one loaded policy set decides with; replaced as a whole on reload. */
interface EngineState {
  readonly enforcedSetId: string
  readonly shadowSetId: string | undefined
  readonly policies: ReadonlyMap<string, CompiledPolicy>
  readonly humans: ReadonlyMap<string, EntityJson>
  readonly unknownAgent: AgentConfig
  readonly cache: Map<string, Evaluation>
}

/** One Cedar evaluation: its decision and determining policies, or why there is none. */
type Evaluation =
  | {
      readonly kind: 'allow' | 'deny'
      readonly policies: readonly string[]
      readonly errors: readonly string[]
    }
  | { readonly kind: 'failure'; readonly errors: readonly string[] }

/** The outcome for one effect system of an action. */
interface SystemOutcome {
  readonly decision: DecisionOutcome
  readonly approvals: number
  readonly policies: readonly string[]
  readonly reasons: readonly string[]
  readonly errors: readonly string[]
}

/** One Cedar request: the principal, resource and entities shared by every system of an action. */
interface RequestFrame {
  readonly request: DecisionRequest
  readonly agentId: string
  readonly environmentName: string
  readonly entities: readonly EntityJson[]
}

/**
 * Decides with Cedar: the configured policies plus the built-in invariants, one Cedar request
 * per effect system of the action. Forbids annotated `@approvals("N")` turn a deny into
 * `approve` when N approvals would lift them; any evaluation error fails closed.
 */
export class CedarPolicyEngine implements PolicyEngine {
  #state: EngineState

  /**
   * Loads the policies; throws a PolicyLoadError listing every problem. `options` is for
   * airlock's own policy sets only: configuration is always validated.
   */
  constructor(input: PolicyEngineInput, options: CompileOptions = {}) {
    const loaded = loadState(input, options)
    if (!loaded.ok) {
      throw new PolicyLoadError(loaded.problems)
    }
    this.#state = loaded.state
  }

  /** Replaces the policies and principals; on any problem the last good set stays in force. */
  reload(input: PolicyEngineInput): PolicyReloadResult {
    const loaded = loadState(input)
    if (!loaded.ok) {
      return { ok: false, problems: loaded.problems }
    }
    this.#state = loaded.state
    return { ok: true }
  }

  decide(request: DecisionRequest): Decision {
    const state = this.#state
    const frame = toRequestFrame(request, state)
    const contexts = toCedarContexts(request)
    const enforced = decideSystems(state, state.enforcedSetId, frame, contexts)
    const { shadowSetId } = state
    const shadow =
      shadowSetId === undefined
        ? undefined
        : toShadowOutcome(decideSystems(state, shadowSetId, frame, contexts))
    const alternative =
      enforced.decision === 'allow' ? undefined : suggestSaferAlternative(request.analysis)
    return {
      decision: enforced.decision,
      approvals: enforced.approvals,
      reasons: [...enforced.reasons, ...describeEffects(request.analysis)],
      policies: enforced.policies,
      ...(alternative === undefined ? {} : { alternative }),
      ...(shadow === undefined ? {} : { shadow }),
      ...(enforced.errors.length === 0 ? {} : { errors: enforced.errors }),
    }
  }
}

/** Builds a Cedar policy engine; throws a PolicyLoadError when a policy does not load. */
export function loadCedarPolicyEngine(input: PolicyEngineInput): CedarPolicyEngine {
  return new CedarPolicyEngine(input)
}

/**
 * What `airlock policy validate` reports: parse errors, strict schema errors, reserved or
 * duplicate ids and malformed annotations, each at its file, line and column.
 */
export function validatePolicySources(sources: readonly PolicySource[]): PolicyProblem[] {
  return [...compilePolicies(sources).problems]
}

function loadState(
  input: PolicyEngineInput,
  options: CompileOptions = {},
):
  | { readonly ok: true; readonly state: EngineState }
  | { readonly ok: false; readonly problems: readonly PolicyProblem[] } {
  const compiled = compilePolicies(input.policies, options)
  if (compiled.problems.length > 0) {
    return { ok: false, problems: compiled.problems }
  }
  const enforced = compiled.policies.filter((policy) => !policy.shadow)
  const enforcedSetId = preparse(enforced)
  const shadowSetId =
    enforced.length === compiled.policies.length ? undefined : preparse(compiled.policies)
  for (const agent of input.agents) {
    agentEntity(agent)
  }
  for (const environment of input.environments) {
    environmentEntity(environment)
  }
  return {
    ok: true,
    state: {
      enforcedSetId,
      shadowSetId,
      policies: new Map(compiled.policies.map((policy) => [policy.id, policy])),
      humans: new Map(input.humans.map((human) => [human.id, toHumanEntity(human)])),
      unknownAgent: toUnknownAgent(input.unknownAgentScope ?? EMPTY_SCOPE),
      cache: new Map(),
    },
  }
}

function preparse(policies: readonly CompiledPolicy[]): string {
  policySetCount += 1
  const id = `airlock-${policySetCount}`
  const answer = cedar.preparsePolicySet(id, {
    staticPolicies: Object.fromEntries(policies.map((policy) => [policy.id, policy.text])),
  })
  if (answer.type === 'failure') {
    // Compilation parsed every policy already; this is a bug, not a configuration problem.
    throw new Error(`policy set does not parse: ${answer.errors.map((e) => e.message).join(': ')}`)
  }
  return id
}

// Entities depend only on configuration objects, which are immutable: build each once.
const agentEntities = new WeakMap<AgentConfig, EntityJson>()
const environmentEntities = new WeakMap<EnvironmentConfig, EntityJson>()

function agentEntity(agent: AgentConfig): EntityJson {
  let entity = agentEntities.get(agent)
  if (entity === undefined) {
    entity = toAgentEntity(agent)
    agentEntities.set(agent, entity)
  }
  return entity
}

function environmentEntity(environment: EnvironmentConfig): EntityJson {
  let entity = environmentEntities.get(environment)
  if (entity === undefined) {
    entity = toEnvironmentEntity(environment)
    environmentEntities.set(environment, entity)
  }
  return entity
}

function toRequestFrame(request: DecisionRequest, state: EngineState): RequestFrame {
  const agent = request.agent ?? state.unknownAgent
  const environment = request.environment ?? UNKNOWN_ENVIRONMENT
  // An operator nobody declared stays a dangling reference: a policy that reads it errors, and
  // the error fails closed.
  const operator = agent.operator === undefined ? undefined : state.humans.get(agent.operator)
  return {
    request,
    agentId: agent.id,
    environmentName: environment.name,
    entities: [
      agentEntity(agent),
      environmentEntity(environment),
      ...(operator === undefined ? [] : [operator]),
    ],
  }
}

/** Decides every effect system of an action and combines the outcomes. */
function decideSystems(
  state: EngineState,
  setId: string,
  frame: RequestFrame,
  contexts: readonly GatewayContext[],
): SystemOutcome {
  return combine(contexts.map((context) => decideSystem(state, setId, frame, context)))
}

/**
 * Decides one effect system. Approvals are facts: a deny whose forbids all carry `@approvals`
 * is evaluated again as if that many distinct non-operator humans had approved, and becomes
 * `approve` only if that evaluation allows.
 */
function decideSystem(
  state: EngineState,
  setId: string,
  frame: RequestFrame,
  context: GatewayContext,
): SystemOutcome {
  const errors: string[] = []
  const run = (approvals: ApprovalFacts): Evaluation => {
    const evaluation = evaluate(state, setId, frame, { ...context, approvals })
    errors.push(...evaluation.errors)
    return evaluation
  }
  let evaluation = run(context.approvals)
  let needed = 0
  let outcome: Omit<SystemOutcome, 'errors'> | undefined
  const lifting = new Set<string>()
  for (let round = 0; round <= MAX_APPROVAL_ROUNDS && outcome === undefined; round += 1) {
    if (evaluation.kind === 'failure') {
      break
    }
    if (evaluation.kind === 'allow') {
      outcome =
        lifting.size === 0
          ? { decision: 'allow', approvals: 0, policies: evaluation.policies, reasons: [] }
          : {
              decision: 'approve',
              approvals: needed,
              policies: [...lifting],
              reasons: [...lifting].map((id) => describePolicy(state, id, frame, context)),
            }
      break
    }
    const determining = evaluation.policies
    if (determining.length === 0) {
      outcome = {
        decision: 'deny',
        approvals: 0,
        policies: [],
        reasons: [describeOutsideScope(frame, context)],
      }
      break
    }
    const fixed = determining.filter((id) => state.policies.get(id)?.approvals === undefined)
    const wanted = Math.max(...determining.map((id) => state.policies.get(id)?.approvals ?? 0))
    if (fixed.length > 0 || (round > 0 && wanted <= needed) || round === MAX_APPROVAL_ROUNDS) {
      // No number of approvals lifts these forbids.
      const deciding = fixed.length > 0 ? fixed : determining
      outcome = {
        decision: 'deny',
        approvals: 0,
        policies: deciding,
        reasons: deciding.map((id) => describePolicy(state, id, frame, context)),
      }
      break
    }
    needed = Math.max(needed, wanted)
    for (const id of determining) {
      lifting.add(id)
    }
    // INVARIANT: hypothetical approvals only ever add to the real ones.
    const real = context.approvals
    evaluation = run({
      count: Math.max(real.count, needed),
      distinctHumans: Math.max(real.distinctHumans, needed),
      nonOperator: Math.max(real.nonOperator, needed),
    })
  }
  return failClosed(frame, outcome, needed, errors)
}

/**
 * SECURITY: Cedar skips a policy whose evaluation errors, so an erroring forbid silently
 * disappears. With any error or failure only an action whose every effect is safe and
 * understood may still be allowed; anything else waits for at least two approvals.
 */
function failClosed(
  frame: RequestFrame,
  outcome: Omit<SystemOutcome, 'errors'> | undefined,
  needed: number,
  errors: readonly string[],
): SystemOutcome {
  if (outcome !== undefined && errors.length === 0) {
    return { ...outcome, errors }
  }
  if (outcome?.decision === 'deny') {
    return { ...outcome, errors }
  }
  const { analysis, velocityExceeded } = frame.request
  const harmless = analysis.risk === 'safe' && !analysis.opaque && !velocityExceeded
  if (outcome?.decision === 'allow' && harmless) {
    return { ...outcome, errors }
  }
  if (outcome === undefined && harmless) {
    return {
      decision: 'allow',
      approvals: 0,
      policies: [FAIL_CLOSED_POLICY_ID],
      reasons: ['the policies could not be evaluated, but every effect is safe'],
      errors,
    }
  }
  const approvals = Math.max(FAIL_CLOSED_APPROVALS, needed)
  return {
    decision: 'approve',
    approvals,
    policies: [...(outcome?.policies ?? []), FAIL_CLOSED_POLICY_ID],
    reasons: [
      ...(outcome?.reasons ?? []),
      `the policies could not be evaluated without errors, so the action waits for ${approvals} approvals`,
    ],
    errors,
  }
}

function evaluate(
  state: EngineState,
  setId: string,
  frame: RequestFrame,
  context: GatewayContext,
): Evaluation {
  const call = {
    principal: toEntityUid('Agent', frame.agentId),
    action: { type: 'Action', id: context.system },
    resource: toEntityUid('Environment', frame.environmentName),
    context: toContextJson(context),
    entities: [...frame.entities],
  }
  const body = JSON.stringify(call)
  const key = `${setId}\n${body}`
  const cached = state.cache.get(key)
  if (cached !== undefined) {
    return cached
  }
  const evaluation = evaluateThroughShadow(state, setId, call, body) ?? callCedar(setId, call)
  if (state.cache.size >= MAX_CACHED_RESULTS) {
    state.cache.clear()
  }
  state.cache.set(key, evaluation)
  return evaluation
}

// The shadow set is the enforced set plus the shadow policies. Cedar names every satisfied
// policy of the deciding kind (all satisfied forbids on deny, all satisfied permits on allow),
// so when no shadow policy is among them and nothing errored, the enforced set decides the
// same with the same policies: one Cedar call serves both.
function evaluateThroughShadow(
  state: EngineState,
  setId: string,
  call: Parameters<typeof callCedar>[1],
  body: string,
): Evaluation | undefined {
  const { shadowSetId } = state
  if (shadowSetId === undefined || setId !== state.enforcedSetId) return undefined
  const shadowKey = `${shadowSetId}\n${body}`
  let shadow = state.cache.get(shadowKey)
  if (shadow === undefined) {
    shadow = callCedar(shadowSetId, call)
    state.cache.set(shadowKey, shadow)
  }
  if (shadow.kind === 'failure' || shadow.errors.length > 0) return undefined
  return shadow.policies.some((id) => state.policies.get(id)?.shadow === true) ? undefined : shadow
}

function callCedar(
  setId: string,
  call: Omit<Parameters<typeof cedar.statefulIsAuthorized>[0], 'preparsedPolicySetId'>,
): Evaluation {
  try {
    const answer = cedar.statefulIsAuthorized({ ...call, preparsedPolicySetId: setId })
    if (answer.type === 'failure') {
      return { kind: 'failure', errors: answer.errors.map((error) => `cedar: ${error.message}`) }
    }
    const { decision, diagnostics } = answer.response
    return {
      kind: decision,
      policies: [...diagnostics.reason].sort(),
      errors: diagnostics.errors.map(
        ({ policyId, error }) => `policy \`${policyId}\`: ${error.message}`,
      ),
    }
  } catch (error) {
    return {
      kind: 'failure',
      errors: [`cedar: ${error instanceof Error ? error.message : String(error)}`],
    }
  }
}

function toContextJson(context: GatewayContext): CedarContextJson {
  const { impact, ...rest } = context
  return {
    ...rest,
    verbs: [...context.verbs],
    scopes: [...context.scopes],
    approvals: { ...context.approvals },
    ...(impact === undefined ? {} : { impact: { ...impact } }),
  }
}

/** The worst outcome over the systems of an action: deny over approve over allow. */
function combine(outcomes: readonly SystemOutcome[]): SystemOutcome {
  const decision = outcomes.reduce<DecisionOutcome>(
    (worst, outcome) => (RANK[outcome.decision] > RANK[worst] ? outcome.decision : worst),
    'allow',
  )
  const deciding = outcomes.filter((outcome) => outcome.decision === decision)
  return {
    decision,
    approvals:
      decision === 'approve' ? Math.max(...deciding.map((outcome) => outcome.approvals)) : 0,
    policies: unique(deciding.flatMap((outcome) => outcome.policies)),
    reasons: unique(deciding.flatMap((outcome) => outcome.reasons)),
    errors: unique(outcomes.flatMap((outcome) => outcome.errors)),
  }
}

function toShadowOutcome(outcome: SystemOutcome): ShadowOutcome {
  return { decision: outcome.decision, approvals: outcome.approvals, policies: outcome.policies }
}

function describePolicy(
  state: EngineState,
  id: string,
  frame: RequestFrame,
  context: GatewayContext,
): string {
  if (id === OUTSIDE_AGENT_SCOPE_ID) {
    return describeOutsideScope(frame, context)
  }
  const policy = state.policies.get(id)
  if (policy?.reason !== undefined) {
    return policy.reason
  }
  if (policy?.approvals !== undefined) {
    return `policy \`${id}\` requires ${policy.approvals} approval${policy.approvals === 1 ? '' : 's'}`
  }
  return `policy \`${id}\` forbids this action`
}

function describeOutsideScope(frame: RequestFrame, context: GatewayContext): string {
  return `\`${context.system}\` at \`${context.risk}\` risk in \`${frame.environmentName}\` is outside the scope of agent \`${frame.agentId}\``
}

/** What the action does, in words: the reasons of its most harmful effects and any issues. */
function describeEffects(analysis: Analysis): string[] {
  const harmful = analysis.effects.filter(
    (effect) => effect.opaque || effect.risk === analysis.risk,
  )
  const reasons = (harmful.length > 0 ? harmful : analysis.effects).map((effect) => effect.reason)
  if (analysis.opaque) {
    reasons.push(...analysis.issues.map((issue) => issue.message))
  }
  return reasons.length === 0 ? ['nothing to do'] : unique(reasons)
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)]
}
