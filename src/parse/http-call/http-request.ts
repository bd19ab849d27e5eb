import type { HttpMethod } from '../../model/action.js'
import type { Effect, EffectSystem } from '../../model/effect.js'
import type { ParseIssue } from '../../model/parse-issue.js'
import { inferEnvironment, type InferredEnvironment } from '../infer-environment.js'

const METHODS: readonly HttpMethod[] = ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH', 'DELETE']

const CLOUD_HOST =
  /(^|\.)(amazonaws\.com|googleapis\.com|azure\.com|digitalocean\.com|heroku\.com|linode\.com|hetzner\.cloud|vultr\.com|scaleway\.com|oraclecloud\.com)$/

/** An HTTP call read far enough to judge: method, URL parts, body and environment. */
export interface HttpRequest {
  readonly method: HttpMethod
  readonly url: URL
  /** Decoded, non-empty path segments. */
  readonly segments: readonly string[]
  readonly body: unknown
  readonly environment: InferredEnvironment | undefined
  /** Method and path, the effect target: `DELETE /api/v1/namespaces/prod`. */
  readonly target: string
  /** The call as written, the effect source. */
  readonly source: string
  /** The call for reasons: `` `DELETE /repos/acme/x` on `api.github.com` ``. */
  readonly shown: string
  readonly system: EffectSystem
}

/** What a rule made of an HTTP call. */
export interface HttpRuleResult {
  readonly effects: Effect[]
  readonly issues: ParseIssue[]
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

function methodOverride(url: URL, body: unknown): string | undefined {
  const fromBody =
    typeof body === 'object' && body !== null && !Array.isArray(body)
      ? (body as Record<string, unknown>)._method
      : typeof body === 'string'
        ? new URLSearchParams(body).get('_method')
        : undefined
  const value = url.searchParams.get('_method') ?? fromBody
  if (typeof value !== 'string') return undefined
  const method = value.toUpperCase()
  return (METHODS as readonly string[]).includes(method) ? method : undefined
}

/**
 * Reads an HTTP call into a request, or says why it cannot be read. Only absolute `http` and
 * `https` URLs are read: without a host nobody can tell where the call lands.
 */
export function readHttpRequest(
  call: { readonly method: unknown; readonly url: unknown; readonly body?: unknown },
  options: { readonly environment?: string | undefined },
): HttpRequest | { readonly problem: string } {
  const written = typeof call.method === 'string' ? call.method.toUpperCase() : undefined
  if (written === undefined || !(METHODS as readonly string[]).includes(written)) {
    return { problem: `method \`${String(call.method)}\` is not an http method airlock knows` }
  }
  if (typeof call.url !== 'string') return { problem: 'the url is not a string' }
  let url: URL
  try {
    url = new URL(call.url)
  } catch {
    return { problem: `url \`${call.url}\` cannot be parsed as an absolute url` }
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { problem: `url \`${call.url}\` uses scheme \`${url.protocol}\`, not http or https` }
  }
  // `POST /users/5?_method=DELETE`: frameworks route a form post by the method it names.
  const override = methodOverride(url, call.body)
  const method = override ?? written
  const segments = url.pathname
    .split('/')
    .filter((segment) => segment !== '')
    .map(decodeSegment)
  const environment =
    options.environment === undefined
      ? inferEnvironment([url.hostname, ...segments, ...url.searchParams.values()])
      : inferEnvironment([options.environment])
  const path = url.pathname === '' ? '/' : decodeSegment(url.pathname)
  return {
    method: method as HttpMethod,
    url,
    segments,
    body: call.body,
    environment,
    target: `${method} ${path}`,
    source: `${method} ${call.url}`,
    shown: `\`${method} ${path}\` on \`${url.host}\`${override === undefined ? '' : ` (sent as ${written} with \`_method\`)`}`,
    system: CLOUD_HOST.test(url.hostname) ? 'cloud' : 'network',
  }
}

/** A query parameter or a top-level body member, whichever is given; query first. */
export function requestParameter(request: HttpRequest, name: string): unknown {
  const query = request.url.searchParams.get(name)
  if (query !== null) return query
  const body = request.body
  if (typeof body === 'object' && body !== null && !Array.isArray(body))
    return (body as Record<string, unknown>)[name]
  return undefined
}

/** True for the values that switch a flag on: `true`, `"true"`, `"1"`, `"All"`, `"server"`. */
export function isOn(value: unknown): boolean {
  if (value === true || value === 1) return true
  if (typeof value !== 'string') return false
  return !['', 'false', '0', 'none', 'no', 'off'].includes(value.trim().toLowerCase())
}
