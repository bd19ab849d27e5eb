import type { PolicySource } from '../../model/gateway-config.js'
import { cedar } from './cedar-wasm.js'
import { compilePolicies } from './compile-policies.js'

/** A configured permit that can apply to agents: whom it names and whether anything limits it. */
export interface PolicyGrant {
  readonly id: string
  readonly file: string
  /** Shadow policies are evaluated and reported, never enforced. */
  readonly shadow: boolean
  /** `everyone` (no principal constraint), `agents` (`principal is Agent`) or one agent's id. */
  readonly appliesTo:
    { readonly kind: 'everyone' | 'agents' } | { readonly kind: 'agent'; readonly id: string }
  /** No condition, or only conditions that are always true (`when { true }`, `unless { false }`). */
  readonly unconditional: boolean
}

interface PolicyJson {
  readonly principal?: {
    readonly op?: string
    readonly entity?: { readonly type?: string; readonly id?: string }
    readonly entity_type?: string
    readonly in?: { readonly entity?: { readonly type?: string; readonly id?: string } }
  }
  readonly conditions?: readonly { readonly kind?: string; readonly body?: unknown }[]
}

/**
 * The permits of a policy set that can reach agents, shadow ones included; permits only for
 * humans are left out. Agents have no parents, so `principal in Agent::"x"` names that agent alone.
 */
export function findPolicyGrants(sources: readonly PolicySource[]): PolicyGrant[] {
  // The gateway validated these policies when it loaded them; this only reads their shape.
  const { policies } = compilePolicies(sources, { validate: false })
  const grants: PolicyGrant[] = []
  for (const policy of policies) {
    if (policy.effect !== 'permit' || policy.file === 'airlock') continue
    const answer = cedar.policyToJson(policy.text)
    if (answer.type === 'failure') continue
    const json = answer.json as PolicyJson
    const appliesTo = readPrincipal(json.principal)
    if (appliesTo === undefined) continue
    grants.push({
      id: policy.id,
      file: policy.file,
      shadow: policy.shadow,
      appliesTo,
      unconditional: (json.conditions ?? []).every(isAlwaysTrue),
    })
  }
  return grants
}

/** Whether a permit can apply to the given agent. */
export function grantsAgent(grant: PolicyGrant, agent: string): boolean {
  return grant.appliesTo.kind !== 'agent' || grant.appliesTo.id === agent
}

// `principal`, `principal is Agent`, `principal == Agent::"x"`, `principal in Agent::"x"` and
// `principal is Agent in Agent::"x"` reach agents; everything naming a Human does not.
function readPrincipal(principal: PolicyJson['principal']): PolicyGrant['appliesTo'] | undefined {
  const op = principal?.op ?? 'All'
  const named = principal?.entity ?? principal?.in?.entity
  if (op === 'All') return { kind: 'everyone' }
  if (op === 'is' && principal?.entity_type !== 'Agent') return undefined
  if (named === undefined) return op === 'is' ? { kind: 'agents' } : undefined
  return named.type === 'Agent' && named.id !== undefined
    ? { kind: 'agent', id: named.id }
    : undefined
}

// `when { true }` and `unless { false }` limit nothing.
function isAlwaysTrue(condition: { readonly kind?: string; readonly body?: unknown }): boolean {
  const body = condition.body as { readonly Value?: unknown } | undefined
  return body?.Value === (condition.kind !== 'unless')
}
