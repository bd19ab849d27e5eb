import { createEffect, createOpaqueEffect, type Effect } from '../../model/effect.js'
import type { ParseIssue } from '../../model/parse-issue.js'
import { judgeGraphql } from '../http-call/graphql-rule.js'
import { analyzeHttpCall } from '../http-call/http-call-analyzer.js'
import type { OperationName } from '../http-call/operation-name.js'
import { quoteShellWord } from '../http-call/quote-shell-word.js'
import { judgeKubernetesDeletion, normaliseKubernetesKind } from '../kubernetes/kubernetes-kind.js'
import { COMMAND_RULES } from '../shell/command-rules.js'
import { analyzeShell } from '../shell/shell-analyzer.js'
import { analyzeSql } from '../sql/sql-analyzer.js'
import {
  looksLikeManifest,
  type ManifestObject,
  readKubernetesManifest,
} from './kubernetes-manifest.js'
import type { McpCallContext } from './mcp-call-context.js'
import { findArgument, joinedKey, stringsOf, type ToolArgument } from './tool-arguments.js'

/** What the content carried in a call's arguments does: commands, SQL, manifests, requests. */
export interface EmbeddedAnalysis {
  readonly effects: Effect[]
  readonly issues: ParseIssue[]
  /** True when any content was found and read; it then speaks for an execute tool. */
  readonly found: boolean
  /** True when the call carries an HTTP request: the tool is only its transport. */
  readonly transport: boolean
}

const COMMAND_WORDS = new Set(['command', 'cmd', 'script', 'commandline', 'commands', 'scripts'])
const SQL_WORDS = new Set(['sql', 'query', 'statement', 'statements'])
const HTTP_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH', 'DELETE'])
const SQL_START =
  /^\s*(select|with|insert|update|delete|drop|create|alter|truncate|grant|revoke|explain|show|describe|merge|replace|copy|call|do|begin|vacuum|analyze|pragma|attach|detach|reindex|comment|lock|refresh|rename|use|set|values|table)\b/i

const INTERPRETERS: Readonly<Record<string, string>> = {
  python: 'python3 -c',
  python3: 'python3 -c',
  py: 'python3 -c',
  node: 'node -e',
  nodejs: 'node -e',
  javascript: 'node -e',
  js: 'node -e',
  perl: 'perl -e',
  ruby: 'ruby -e',
  php: 'php -r',
}

function isCommandKey(words: readonly string[]): boolean {
  return COMMAND_WORDS.has(words.at(-1) ?? '') && !words.includes('sub')
}

function firstWord(command: string): string {
  return /^\s*([^\s;&|<>()]+)/.exec(command)?.[1] ?? ''
}

// `FLUSHALL` on a redis server, `plan` on a terraform tool: the tool runs its own program.
function withProgram(command: string, context: McpCallContext): string {
  const cli = context.cli
  const first = firstWord(command)
  if (cli === undefined || first === '' || first === cli) return command
  if (Object.hasOwn(COMMAND_RULES, first) || first.includes('/')) return command
  return `${cli} ${command}`
}

function shellCommands(context: McpCallContext): string[] {
  const commands: string[] = []
  const extra = findArgument(context.args, (words) =>
    ['args', 'argv', 'arguments'].includes(joinedKey(words)),
  )
  const extraWords = Array.isArray(extra?.value) ? stringsOf(extra.value) : []
  for (const arg of context.args) {
    if (!isCommandKey(arg.words)) continue
    const plural = (arg.words.at(-1) ?? '').endsWith('s')
    if (typeof arg.value === 'string' && arg.value.trim() !== '') {
      const command =
        extraWords.length > 0 && !/\s/.test(arg.value.trim())
          ? [arg.value.trim(), ...extraWords].map(quoteShellWord).join(' ')
          : arg.value
      commands.push(withProgram(command, context))
    } else if (Array.isArray(arg.value)) {
      const words = stringsOf(arg.value)
      if (plural) commands.push(...words.map((command) => withProgram(command, context)))
      else if (words.length > 0)
        commands.push(withProgram(words.map(quoteShellWord).join(' '), context))
    }
  }
  return commands
}

function shellEnvironment(context: McpCallContext): string | undefined {
  // An environment inferred from the arguments may only raise: pass it on when it is prod.
  return context.givenEnvironment ?? (context.environment === 'prod' ? 'prod' : undefined)
}

function analyzeCommands(context: McpCallContext, out: EmbeddedAnalysis): boolean {
  const commands = shellCommands(context)
  const environment = shellEnvironment(context)
  for (const command of commands) {
    const shell = analyzeShell(command, {
      cwd: context.cwd,
      ...(environment === undefined ? {} : { environment }),
    })
    out.effects.push(...shell.effects)
    out.issues.push(...shell.issues)
  }
  return commands.length > 0
}

// Leading comments and parentheses do not hide a statement: `/* x */ (DROP …`.
function looksLikeSql(text: string): boolean {
  const head = text.replace(/^(\s|--[^\n]*(\n|$)|#[^\n]*(\n|$)|\/\*[\s\S]*?\*\/|\()*/, '')
  return SQL_START.test(head)
}

// `sql` and `statement` arguments are SQL; a `query` argument is SQL on a database tool, or
// when a run or query tool is handed text that reads as SQL (not a search string or PromQL).
function sqlTexts(context: McpCallContext, operation: OperationName | undefined): string[] {
  const runs =
    operation === undefined || operation.class === 'execute' || operation.class === 'read'
  if (!runs && !context.database) return []
  const runsQueries =
    operation === undefined || operation.class === 'execute' || operation.verb === 'query'
  return context.args
    .filter((arg) => SQL_WORDS.has(arg.words.at(-1) ?? '') && !isGraphqlArgument(context, arg))
    .flatMap((arg) => {
      const texts = stringsOf(arg.value)
      if (arg.words.at(-1) !== 'query' || arg.words.includes('sql') || context.database)
        return texts
      return runsQueries ? texts.filter(looksLikeSql) : []
    })
}

function analyzeSqlTexts(
  context: McpCallContext,
  operation: OperationName | undefined,
  out: EmbeddedAnalysis,
): boolean {
  const texts = sqlTexts(context, operation)
  for (const text of texts) {
    const sql = analyzeSql(text, context.dialect)
    out.effects.push(...sql.effects)
    out.issues.push(...sql.issues)
  }
  return texts.length > 0
}

function analyzeCode(
  context: McpCallContext,
  operation: OperationName | undefined,
  out: EmbeddedAnalysis,
): boolean {
  if (operation?.class !== 'execute') return false
  const code = findArgument(context.args, (words) =>
    ['code', 'source', 'program', 'snippet'].includes(joinedKey(words)),
  )
  if (typeof code?.value !== 'string') return false
  const language = findArgument(context.args, (words) =>
    ['language', 'lang', 'runtime'].includes(joinedKey(words)),
  )?.value
  const words = [
    ...(typeof language === 'string' ? [language.toLowerCase()] : []),
    ...context.words,
  ]
  const interpreter = words.map((word) => INTERPRETERS[word]).find(Boolean)
  if (interpreter === undefined) {
    out.effects.push(
      createOpaqueEffect(
        'process',
        `${context.shown} runs code in a language airlock cannot tell`,
        code.value,
      ),
    )
    return true
  }
  const shell = analyzeShell(`${interpreter} ${quoteShellWord(code.value)}`, { cwd: context.cwd })
  out.effects.push(...shell.effects)
  out.issues.push(...shell.issues)
  return true
}

function analyzeRequest(context: McpCallContext, out: EmbeddedAnalysis): boolean {
  const url = findArgument(context.args, (words) =>
    ['url', 'uri', 'endpoint'].includes(joinedKey(words)),
  )?.value
  const method = findArgument(context.args, (words) =>
    ['method', 'httpmethod'].includes(joinedKey(words)),
  )?.value
  if (typeof url !== 'string' || typeof method !== 'string') return false
  if (!HTTP_METHODS.has(method.toUpperCase())) return false
  const body = findArgument(context.args, (words) =>
    ['body', 'data', 'json', 'payload'].includes(joinedKey(words)),
  )?.value
  const http = analyzeHttpCall(
    { method, url, ...(body === undefined ? {} : { body }) },
    { environment: context.givenEnvironment },
  )
  out.effects.push(...http.effects)
  out.issues.push(...http.issues)
  return true
}

function isGraphqlArgument(context: McpCallContext, arg: ToolArgument): boolean {
  return (
    context.words.has('graphql') &&
    ['query', 'mutation', 'document'].includes(joinedKey(arg.words)) &&
    typeof arg.value === 'string'
  )
}

function analyzeGraphqlArguments(context: McpCallContext, out: EmbeddedAnalysis): boolean {
  const documents = context.args.filter((arg) => isGraphqlArgument(context, arg))
  const variables = findArgument(context.args, (words) => joinedKey(words) === 'variables')?.value
  for (const document of documents) {
    const judged = judgeGraphql(String(document.value), {
      target: `${context.server}/${context.tool}`,
      source: `${context.server}/${context.tool}`,
      shown: context.shown,
      system: context.system,
      environment: context.environment,
      variables,
    })
    out.effects.push(...judged.effects)
    out.issues.push(...judged.issues)
  }
  return documents.length > 0
}

function manifestEffect(
  context: McpCallContext,
  operation: OperationName | undefined,
  object: ManifestObject,
): Effect {
  const kind = normaliseKubernetesKind(object.kind)
  const namespace =
    object.namespace ??
    stringsOf(
      findArgument(context.args, (words) => ['namespace', 'ns'].includes(joinedKey(words)))?.value,
    )[0]
  const what = `${kind} \`${object.name ?? '?'}\`${namespace === undefined ? '' : ` in namespace \`${namespace}\``}`
  const target = `k8s:${namespace ?? ''}/${kind}/${object.name ?? '*'}`
  const source = `${context.server}/${context.tool}`
  if (operation?.class === 'delete') {
    const judged = judgeKubernetesDeletion(kind, { sweep: object.name === undefined })
    return createEffect({
      system: 'k8s',
      verb: 'delete',
      target,
      scope: judged.scope,
      risk: judged.risk,
      reason: `${context.shown} deletes ${what} from its manifest${judged.note === undefined ? '' : `; ${judged.note}`}`,
      source,
    })
  }
  if (operation?.class === 'read') {
    return createEffect({
      system: 'k8s',
      verb: 'read',
      target,
      risk: 'safe',
      reason: `${context.shown} only reads ${what}`,
      source,
    })
  }
  return createEffect({
    system: 'k8s',
    verb: 'write',
    target,
    risk: 'mutating',
    reason: `${context.shown} creates or updates ${what} from its manifest`,
    source,
  })
}

function analyzeManifests(
  context: McpCallContext,
  operation: OperationName | undefined,
  out: EmbeddedAnalysis,
): boolean {
  if (context.gitHost) return false
  const candidates = context.args.filter(
    (arg) =>
      (context.kubernetes || arg.words.some((word) => /^(manifests?|yaml)$/.test(word))) &&
      !isCommandKey(arg.words) &&
      looksLikeManifest(arg.value),
  )
  for (const candidate of candidates) {
    const objects = readKubernetesManifest(candidate.value)
    if (objects === undefined) {
      const message = `${context.shown}: argument \`${candidate.key}\` holds a manifest airlock cannot read`
      out.effects.push(createOpaqueEffect('k8s', message, `${context.server}/${context.tool}`))
      out.issues.push({ code: 'parse_syntax_error', message, path: [candidate.key] })
      continue
    }
    out.effects.push(...objects.map((object) => manifestEffect(context, operation, object)))
  }
  return candidates.length > 0
}

/**
 * Analyses the content a tool call carries with the same analysers as direct actions: shell
 * commands (`command`, `cmd`, `script`; prefixed with the tool's own program when it wraps
 * one), SQL (`sql`, `query`, `statement` of database tools), code of interpreter tools,
 * HTTP requests (`url` + `method`), Kubernetes manifests and GraphQL documents.
 */
export function analyzeEmbeddedContent(
  context: McpCallContext,
  operation: OperationName | undefined,
): EmbeddedAnalysis {
  const out: EmbeddedAnalysis = { effects: [], issues: [], found: false, transport: false }
  const transport = analyzeRequest(context, out)
  const found = [
    transport,
    analyzeCommands(context, out),
    analyzeSqlTexts(context, operation, out),
    analyzeCode(context, operation, out),
    analyzeGraphqlArguments(context, out),
    analyzeManifests(context, operation, out),
  ].some(Boolean)
  return { ...out, found, transport }
}
