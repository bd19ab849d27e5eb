/**
 * @module parse/mcp-tool-call
 * Stage 1 for MCP tool calls: server, tool, arguments and claimed annotations in, effects and
 * issues out, by the tool's verb and targets, with embedded commands, SQL, manifests and requests
 * handed to the shell, SQL and HTTP analysers. Imports model/ and the parse stage's folders only.
 */
import { createOpaqueEffect, type Effect } from '../../model/effect.js'
import type { ParseIssue } from '../../model/parse-issue.js'
import { isRisk, type Risk } from '../../model/risk.js'
import { adjustForEnvironment } from '../environment-adjustment.js'
import { findOperation, type OperationName, splitName } from '../http-call/operation-name.js'
import { analyzeEmbeddedContent } from './embedded-content.js'
import { type McpCall, type McpCallContext, readMcpCallContext } from './mcp-call-context.js'
import { joinedKey } from './tool-arguments.js'
import { declaredToolEffect, judgeToolName } from './tool-name-rule.js'

export type { McpCall } from './mcp-call-context.js'

/** What the operator knows about the call: where it lands and the risks of their own tools. */
export interface McpCallOptions {
  readonly environment?: string | undefined
  /** Risks operators declare for their tools, keyed `server/tool` or `tool`. */
  readonly declaredRisks?: ReadonlyMap<string, Risk> | undefined
}

/** The effects of a tool call and what could not be understood. */
export interface McpCallAnalysis {
  readonly effects: Effect[]
  readonly issues: ParseIssue[]
}

// Arguments that pick the operation of a tool that multiplexes several.
const SELECTOR_KEYS = new Set(['method', 'action', 'operation', 'op', 'subcommand'])
const HTTP_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH', 'DELETE'])

function invalid(message: string, source: string): McpCallAnalysis {
  return {
    effects: [createOpaqueEffect('network', message, source)],
    issues: [{ code: 'parse_invalid_document', message }],
  }
}

function checkCall(call: unknown): string | undefined {
  if (typeof call !== 'object' || call === null) return 'the call is not an object'
  const { server, tool, arguments: args } = call as Record<string, unknown>
  if (typeof server !== 'string' || server === '') return 'the server name is missing'
  if (typeof tool !== 'string' || tool === '') return 'the tool name is missing'
  if (typeof args !== 'object' || args === null || Array.isArray(args))
    return `the arguments of \`${server}/${tool}\` are not an object`
  return undefined
}

// `actions_run_trigger {method: "delete_workflow_run_logs"}`: the selector names the operation.
// A delete in the tool's own name still counts, so the name's operation is kept beside it.
function readOperations(context: McpCallContext): OperationName[] {
  const named = findOperation(context.toolWords)
  const selector = context.args.find(
    (arg) =>
      SELECTOR_KEYS.has(joinedKey(arg.words)) &&
      typeof arg.value === 'string' &&
      /^[A-Za-z][\w.:-]{0,80}$/.test(arg.value) &&
      !HTTP_METHODS.has(arg.value.toUpperCase()),
  )
  const selected =
    typeof selector?.value === 'string' ? findOperation(splitName(selector.value)) : undefined
  if (selected === undefined) return named === undefined ? [] : [named]
  return named?.class === 'delete' ? [selected, named] : [selected]
}

function declaredRisk(
  context: McpCallContext,
  declared: ReadonlyMap<string, Risk> | undefined,
): { key: string; risk: Risk } | undefined {
  if (declared === undefined) return undefined
  for (const key of [`${context.server}/${context.tool}`, context.tool]) {
    const risk = declared.get(key)
    if (isRisk(risk)) return { key, risk }
  }
  return undefined
}

function analyzeContext(context: McpCallContext, options: McpCallOptions): McpCallAnalysis {
  const operations = readOperations(context)
  const embedded = analyzeEmbeddedContent(context, operations[0])
  const declared = declaredRisk(context, options.declaredRisks)
  // A tool that carries an HTTP request (`http_request {method, url}`) is judged by the request,
  // unless its own name says it deletes.
  const judged = embedded.transport
    ? operations.filter((operation) => operation.class === 'delete')
    : operations
  const named =
    declared !== undefined
      ? [declaredToolEffect(context, operations[0], declared.risk, declared.key)]
      : operations.length === 0
        ? judgeToolName(context, undefined, embedded.found)
        : judged.flatMap((operation) => judgeToolName(context, operation, embedded.found))
  const effects = [...named, ...embedded.effects]
  // An environment inferred from the arguments only ever raises: a given one is applied later.
  const raised =
    options.environment === undefined && context.environment === 'prod'
      ? adjustForEnvironment(effects, 'prod')
      : effects
  return { effects: raised, issues: embedded.issues }
}

/**
 * Analyses an MCP tool call into effects. The tool's name and arguments decide; annotations are
 * the server's claims and never lower a risk; a risk the operator declares for a tool is used as
 * is, though content the call carries (commands, SQL, manifests) can still raise it. A tool whose
 * name carries no verb airlock knows is opaque. Never throws: what cannot be read is opaque.
 */
export function analyzeMcpCall(call: McpCall, options: McpCallOptions = {}): McpCallAnalysis {
  // Callers hand over parsed JSON: every field is checked before it is trusted.
  const raw: unknown = call
  const fields = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>
  const source = `${typeof fields.server === 'string' ? fields.server : '?'}/${typeof fields.tool === 'string' ? fields.tool : '?'}`
  try {
    const problem = checkCall(raw)
    if (problem !== undefined) return invalid(`mcp call: ${problem}`, source)
    const annotations =
      typeof fields.annotations === 'object' && fields.annotations !== null
        ? (fields.annotations as McpCall['annotations'])
        : undefined
    const context = readMcpCallContext({ ...call, annotations }, options.environment)
    return analyzeContext(context, options)
  } catch (error) {
    // Fail closed: an analyser that crashes must not let the call through as safe.
    const message = `mcp call analysis failed: ${error instanceof Error ? error.message : String(error)}`
    return {
      effects: [createOpaqueEffect('network', message, source)],
      issues: [{ code: 'parse_internal_error', message }],
    }
  }
}
