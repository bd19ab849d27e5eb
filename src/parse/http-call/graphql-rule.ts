import {
  createEffect,
  createOpaqueEffect,
  type Effect,
  type EffectSystem,
} from '../../model/effect.js'
import type { InferredEnvironment } from '../infer-environment.js'
import { readGraphqlDocument } from './graphql-document.js'
import type { HttpRuleResult } from './http-request.js'
import { judgeOperation } from './judge-operation.js'
import { findOperation, splitName } from './operation-name.js'

/** Where a GraphQL document is sent, for effects and reasons. */
export interface GraphqlTarget {
  readonly target: string
  readonly source: string
  /** The call for reasons, in backticks. */
  readonly shown: string
  readonly system: EffectSystem
  readonly environment?: InferredEnvironment | undefined
  readonly variables?: unknown
}

function setsForce(value: unknown, depth = 0): boolean {
  if (depth > 6 || typeof value !== 'object' || value === null) return false
  return Object.entries(value as Record<string, unknown>).some(
    ([key, member]) => (key === 'force' && member === true) || setsForce(member, depth + 1),
  )
}

function judgeMutationField(name: string, force: boolean, target: GraphqlTarget): Effect {
  const operation = findOperation(splitName(name))
  const base = {
    system: target.system,
    target: `${target.target} ${name}`,
    source: target.source,
  }
  if (operation === undefined) {
    // Fail closed: a mutation whose name says nothing may do anything.
    return createOpaqueEffect(
      target.system,
      `${target.shown} runs mutation \`${name}\`, whose name airlock does not know`,
      target.source,
    )
  }
  const judged = judgeOperation(operation, {
    environment: target.environment,
    fallbackObject: [],
  })
  if (judged.opaque === true) {
    return createOpaqueEffect(
      target.system,
      `${target.shown} runs mutation \`${name}\`, which ${judged.reason}`,
      target.source,
    )
  }
  const refUpdate = operation.object.some((word) => /^(ref|refs|branch|branches)$/.test(word))
  if (force && (refUpdate || operation.verb === 'push') && operation.class === 'change') {
    return createEffect({
      ...base,
      verb: 'rewrite-history',
      risk: 'destructive',
      reason: `${target.shown} runs mutation \`${name}\` with \`force: true\`, which rewrites remote history`,
    })
  }
  return createEffect({
    ...base,
    verb: judged.verb,
    scope: judged.scope,
    // A mutation changes state whatever its field is called.
    risk: judged.risk === 'safe' ? 'mutating' : judged.risk,
    reason: `${target.shown} runs mutation \`${name}\`, which ${judged.reason}`,
  })
}

/**
 * Judges a GraphQL document: queries and subscriptions only read; each root field of a mutation
 * is judged by its name (`deleteRepository`, `createIssue`); a document airlock cannot read is
 * opaque.
 */
export function judgeGraphql(text: string, target: GraphqlTarget): HttpRuleResult {
  const operations = readGraphqlDocument(text)
  if (operations === undefined) {
    const message = `${target.shown} sends a graphql document airlock cannot read`
    return {
      effects: [createOpaqueEffect(target.system, message, target.source)],
      issues: [{ code: 'parse_syntax_error', message }],
    }
  }
  const forced = setsForce(target.variables)
  const effects = operations.flatMap((operation): Effect[] => {
    if (operation.kind !== 'mutation') {
      const fields = operation.fields.map((field) => `\`${field.name}\``).join(', ')
      return [
        createEffect({
          system: target.system,
          verb: 'read',
          target: target.target,
          scope: 'collection',
          risk: 'safe',
          reason: `${target.shown} runs a graphql ${operation.kind} that only reads ${fields || 'nothing'}`,
          source: target.source,
        }),
      ]
    }
    if (operation.fields.length === 0) {
      return [
        createOpaqueEffect(
          target.system,
          `${target.shown} sends a graphql mutation with no field airlock can see`,
          target.source,
        ),
      ]
    }
    return operation.fields.map((field) =>
      judgeMutationField(field.name, field.force || forced, target),
    )
  })
  return { effects, issues: [] }
}
