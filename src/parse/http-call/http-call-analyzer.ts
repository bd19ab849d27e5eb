/**
 * @module parse/http-call
 * Stage 1 for HTTP calls: method, URL and body in, effects and issues out, by REST method and
 * path, the Kubernetes API layout, AWS query actions and GraphQL root fields. Also holds the
 * operation-name vocabulary MCP tools share. Imports model/ and the parse stage's folders only.
 */
import { createOpaqueEffect, type Effect } from '../../model/effect.js'
import type { ParseIssue } from '../../model/parse-issue.js'
import { judgeAwsQueryCall } from './aws-query-rule.js'
import { judgeGraphql } from './graphql-rule.js'
import { type HttpRequest, readHttpRequest } from './http-request.js'
import { judgeKubernetesApiCall } from './kubernetes-api-rule.js'
import { judgeRestCall } from './rest-rule.js'

/** An HTTP request an agent proposes: method, absolute URL and an optional JSON body. */
export interface HttpCall {
  readonly method: string
  readonly url: string
  readonly body?: unknown
}

/** Where an HTTP call lands, when the caller knows it. */
export interface HttpCallOptions {
  readonly environment?: string | undefined
}

/** The effects of an HTTP call and what could not be understood. */
export interface HttpCallAnalysis {
  readonly effects: Effect[]
  readonly issues: ParseIssue[]
}

// A GraphQL document: `{"query": "mutation { … }", "variables": {…}}`, batched in an array, or
// `GET /graphql?query=…`.
function graphqlDocuments(request: HttpRequest): { query: string; variables: unknown }[] {
  const looksLikeGraphql = (text: string): boolean =>
    request.segments.at(-1)?.toLowerCase() === 'graphql' ||
    /^\s*(query|mutation|subscription|fragment)\b|^\s*\{/.test(text)
  const fromQuery = request.url.searchParams.get('query')
  if (request.method === 'GET' && fromQuery !== null && request.segments.at(-1) === 'graphql') {
    return [{ query: fromQuery, variables: undefined }]
  }
  const bodies = Array.isArray(request.body) ? (request.body as unknown[]) : [request.body]
  const documents = bodies.flatMap((body) => {
    if (typeof body !== 'object' || body === null) return []
    const { query, variables } = body as { query?: unknown; variables?: unknown }
    return typeof query === 'string' && looksLikeGraphql(query) ? [{ query, variables }] : []
  })
  return documents
}

function analyzeRequest(request: HttpRequest): HttpCallAnalysis {
  if (request.method === 'POST' || request.method === 'GET') {
    const documents = graphqlDocuments(request)
    if (documents.length > 0) {
      const results = documents.map((document) =>
        judgeGraphql(document.query, {
          target: request.target,
          source: request.source,
          shown: request.shown,
          system: request.system,
          environment: request.environment,
          variables: document.variables,
        }),
      )
      return {
        effects: results.flatMap((found) => found.effects),
        issues: results.flatMap((found) => found.issues),
      }
    }
  }
  if (request.method === 'POST' && request.segments.at(-1)?.toLowerCase() === 'graphql') {
    // Fail closed: a persisted query sends only a hash, and the mutation behind it stays unseen.
    const message = `${request.shown} sends a graphql request whose document airlock cannot see`
    return {
      effects: [createOpaqueEffect(request.system, message, request.source)],
      issues: [{ code: 'parse_unsupported', message }],
    }
  }
  return judgeAwsQueryCall(request) ?? judgeKubernetesApiCall(request) ?? judgeRestCall(request)
}

function describeValue(value: unknown): string {
  return typeof value === 'string' ? value : '?'
}

/**
 * Analyses an HTTP call an agent proposes into effects: by method and path (REST), by the
 * Kubernetes API layout, by an AWS-style `Action=` name, or by the root fields of a GraphQL
 * mutation. The environment is the given one or is inferred from host and path. Never throws:
 * a call that cannot be read is opaque, with an issue saying why.
 */
export function analyzeHttpCall(call: HttpCall, options: HttpCallOptions = {}): HttpCallAnalysis {
  try {
    const request = readHttpRequest(call, options)
    if ('problem' in request) {
      const message = `http call: ${request.problem}`
      return {
        effects: [
          createOpaqueEffect(
            'network',
            message,
            `${describeValue(call.method)} ${describeValue(call.url)}`,
          ),
        ],
        issues: [{ code: 'parse_invalid_document', message }],
      }
    }
    return analyzeRequest(request)
  } catch (error) {
    // Fail closed: a rule that crashes must not let the call through as safe.
    const message = `http call analysis failed: ${error instanceof Error ? error.message : String(error)}`
    return {
      effects: [createOpaqueEffect('network', message)],
      issues: [{ code: 'parse_internal_error', message }],
    }
  }
}
