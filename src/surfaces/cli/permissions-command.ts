import { join } from 'node:path'

import { ApiError } from '../../model/errors.js'
import type { AgentScope } from '../../model/gateway-config.js'
import type { Principal } from '../../model/principal.js'
import type { PermissionCertification, PermissionReview } from '../../pipeline/permission-review.js'
import { EXIT } from './cli-error.js'
import type { GatewayCliIo } from './cli-io.js'
import { resolveFrom } from './judging-options.js'
import { openGatewayFromConfig } from './serve-command.js'

/** What `airlock permissions review --out` needs beyond GatewayCliIo: writing the policies. */
export interface PermissionsIo extends GatewayCliIo {
  /** Writes a UTF-8 text file, replacing it if it exists. */
  readonly writeFile?: (path: string, text: string) => Promise<void>
  /** Creates a directory and its parents; succeeds when it already exists. */
  readonly mkdir?: (path: string) => Promise<void>
}

/** Options of `airlock permissions review`. */
export interface PermissionsReviewOptions {
  readonly config: string
  readonly agent?: string
  readonly since: string
  readonly json?: boolean
  readonly out?: string
}

/** Options of `airlock permissions certify`. */
export interface PermissionsCertifyOptions {
  readonly config: string
  readonly agent: string
  readonly as: string
  readonly comment: string
  readonly json?: boolean
}

const UNITS_MS: Readonly<Record<string, number>> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
}

function parseWindow(text: string): number {
  const match = /^([1-9]\d*)([smhd])$/.exec(text)
  if (match?.[1] === undefined || match[2] === undefined) {
    throw new ApiError(
      'usage_invalid',
      `option --since: expected a duration such as \`30d\`, \`12h\` or \`90m\`; got \`${text}\``,
    )
  }
  return Number(match[1]) * (UNITS_MS[match[2]] ?? 0)
}

const iso = (ms: number) => new Date(ms).toISOString()
const day = (ms: number) => iso(ms).slice(0, 10)
const list = (items: readonly string[]) => (items.length === 0 ? 'none' : items.join(', '))

function describeScope(scope: AgentScope): string {
  return `environments ${list(scope.environments)}; systems ${list(scope.systems)}; maxRisk ${scope.maxRisk}`
}

/** A review as JSON: times as ISO 8601. */
function viewReview(review: PermissionReview, policyFile?: string): Record<string, unknown> {
  const { used, lastReview } = review
  return {
    ...review,
    window: { since: iso(review.window.since), until: iso(review.window.until) },
    used: {
      ...used,
      ...(used.firstAt === undefined ? {} : { firstAt: iso(used.firstAt) }),
      ...(used.lastAt === undefined ? {} : { lastAt: iso(used.lastAt) }),
    },
    ...(lastReview === undefined ? {} : { lastReview: viewCertification(lastReview) }),
    proposal: { ...review.proposal, ...(policyFile === undefined ? {} : { file: policyFile }) },
  }
}

function viewCertification(certification: PermissionCertification): Record<string, unknown> {
  return { ...certification, at: iso(certification.at) }
}

function renderReview(review: PermissionReview, policyFile: string | undefined): string {
  const { used, unused, growth, lastReview } = review
  const operator = review.operator === undefined ? '' : ` (operator ${review.operator})`
  const lines = [
    `agent ${review.agent}${operator}: ${day(review.window.since)} to ${day(review.window.until)}`,
    `  granted     ${describeScope(review.granted.scope)}`,
    `              permits: ${list(review.granted.permits.map((permit) => `${permit.id}${permit.shadow ? ' (shadow)' : ''}`))}`,
    `  used        ${String(used.proposals)} proposal${used.proposals === 1 ? '' : 's'} (${String(used.byDecision.allow)} allowed, ${String(used.byDecision.approve)} held for approval, ${String(used.byDecision.deny)} denied)` +
      (used.maxRisk === undefined
        ? ''
        : `: environments ${list(used.environments)}; systems ${list(used.systems)}; up to ${used.maxRisk}`),
    `  unused      environments ${list(unused.environments)}`,
    `              systems ${list(unused.systems)}`,
    `              risks ${list(unused.risks)}`,
  ]
  if (lastReview === undefined || growth === undefined) {
    lines.push('  last review never: nothing to compare growth with')
  } else {
    lines.push(
      `  last review ${iso(lastReview.at)} by ${lastReview.by}${lastReview.comment === undefined ? '' : `: ${lastReview.comment}`}`,
    )
    const grown = [
      ...(growth.environments.length === 0
        ? []
        : [`environments +${growth.environments.join(', +')}`]),
      ...(growth.systems.length === 0 ? [] : [`systems +${growth.systems.join(', +')}`]),
      ...(growth.maxRisk === undefined
        ? []
        : [`maxRisk ${growth.maxRisk.from} → ${growth.maxRisk.to}`]),
      ...(growth.permits.length === 0 ? [] : [`permits +${growth.permits.join(', +')}`]),
    ]
    lines.push(`  growth      ${grown.length === 0 ? 'none since that review' : grown.join('; ')}`)
  }
  lines.push(
    review.exceptions.length === 0 ? '  exceptions  none' : '  exceptions',
    ...review.exceptions.map((exception) => `    - ${exception.kind}: ${exception.message}`),
    `  proposed    ${review.proposal.yaml.trimEnd()}`,
  )
  if (policyFile === undefined) {
    lines.push(
      ...review.proposal.cedar
        .trimEnd()
        .split('\n')
        .map((line) => `    ${line}`),
    )
  } else {
    lines.push(`              Cedar policy written to ${policyFile}`)
  }
  return `${lines.join('\n')}\n`
}

/**
 * `airlock permissions review`: each agent's granted scope against what it used in the window,
 * read from the configuration's database; with `--out`, writes `DIR/<agent>.least-privilege.cedar`.
 */
export async function runPermissionsReview(
  options: PermissionsReviewOptions,
  io: PermissionsIo,
): Promise<number> {
  const windowMs = parseWindow(options.since)
  let outDir: string | undefined
  if (options.out !== undefined) {
    if (io.writeFile === undefined || io.mkdir === undefined) {
      throw new Error('`airlock permissions review --out` needs writeFile and mkdir in its io')
    }
    outDir = resolveFrom(io.cwd, options.out)
  }
  const { gateway, store } = await openGatewayFromConfig(options.config, io)
  let reviews: PermissionReview[]
  try {
    reviews = await gateway.reviewPermissions({
      ...(options.agent === undefined ? {} : { agent: options.agent }),
      windowMs,
    })
  } finally {
    await store.close()
  }
  const files = new Map<string, string>()
  if (outDir !== undefined && io.writeFile !== undefined && io.mkdir !== undefined) {
    await io.mkdir(outDir)
    for (const review of reviews) {
      const file = join(outDir, `${review.agent}.least-privilege.cedar`)
      await io.writeFile(file, review.proposal.cedar)
      files.set(review.agent, file)
    }
  }
  if (options.json === true) {
    io.stdout(
      `${JSON.stringify({ reviews: reviews.map((review) => viewReview(review, files.get(review.agent))) }, null, 2)}\n`,
    )
  } else {
    io.stdout(reviews.map((review) => renderReview(review, files.get(review.agent))).join('\n'))
  }
  return EXIT.ok
}

/**
 * `airlock permissions certify`: records in the audit that a configured approver or admin
 * re-certified an agent's current scope, straight into the configuration's database.
 */
export async function runPermissionsCertify(
  options: PermissionsCertifyOptions,
  io: GatewayCliIo,
): Promise<number> {
  const { gateway, store } = await openGatewayFromConfig(options.config, io)
  try {
    const human = gateway.config.humans.find((candidate) => candidate.id === options.as)
    if (human === undefined) {
      throw new ApiError(
        'input_invalid',
        `option --as: \`${options.as}\` is not a human in \`${options.config}\``,
      )
    }
    const principal: Principal = { kind: 'human', id: human.id, roles: human.roles }
    const certification = await gateway.certifyPermissions(
      principal,
      options.agent,
      options.comment,
      'cli',
    )
    if (options.json === true) {
      io.stdout(`${JSON.stringify(viewCertification(certification), null, 2)}\n`)
    } else {
      io.stdout(
        `agent ${certification.agent} re-certified by ${certification.by} at ${iso(certification.at)}: ${describeScope(certification.scope)}; permits: ${list(certification.permits)}\n`,
      )
    }
    return EXIT.ok
  } finally {
    await store.close()
  }
}
