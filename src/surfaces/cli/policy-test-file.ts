import { LineCounter, parseDocument } from 'yaml'
import { z } from 'zod'

import type { Action } from '../../model/action.js'
import type { DecisionOutcome } from '../../model/decision.js'
import type { ApprovalFacts } from '../../model/decision-request.js'
import { ApiError } from '../../model/errors.js'
import { ActionDocumentError, readActionDocument } from '../action-document-schema.js'
import { YamlFieldLocator } from '../config/yaml-field-locator.js'

/** One policy test case: an action proposed by an agent, the facts, and the expected outcome. */
export interface PolicyTestCase {
  readonly name: string
  readonly line: number
  readonly agent: string
  readonly action: Action
  readonly approvals: ApprovalFacts
  readonly frozen: boolean
  readonly velocityExceeded: boolean
  readonly expect: {
    readonly decision: DecisionOutcome
    readonly approvals?: number
    readonly policies?: readonly string[]
  }
}

const COUNT = z.number().int().min(0)

const CASE = z.strictObject({
  name: z.string().min(1),
  agent: z.string().min(1),
  environment: z.string().min(1).optional(),
  action: z.record(z.string(), z.unknown()),
  given: z
    .strictObject({
      approvals: z
        .strictObject({ count: COUNT, distinctHumans: COUNT, nonOperator: COUNT })
        .partial()
        .optional(),
      frozen: z.boolean().optional(),
      velocityExceeded: z.boolean().optional(),
    })
    .optional(),
  expect: z.union([
    z.enum(['allow', 'approve', 'deny']),
    z.strictObject({
      decision: z.enum(['allow', 'approve', 'deny']),
      approvals: COUNT.optional(),
      policies: z.array(z.string()).optional(),
    }),
  ]),
})

const FILE = z.array(CASE).min(1)

/**
 * Reads a YAML file of policy test cases. Each case names an agent, an action document (the
 * corpus format, optionally with `environment`), the facts given (`approvals`, `frozen`,
 * `velocityExceeded`) and the expected outcome. Errors name the file, line and field.
 * @example
 * - name: an agent cannot destroy production on its own
 *   agent: claude
 *   environment: prod
 *   action: { kind: shell, command: terraform destroy -auto-approve, cwd: /srv/infra }
 *   expect: { decision: approve, approvals: 2 }
 */
export function parsePolicyTests(text: string, file: string): PolicyTestCase[] {
  const lines = new LineCounter()
  const document = parseDocument(text, { lineCounter: lines, uniqueKeys: true })
  const [syntax] = document.errors
  if (syntax !== undefined) {
    const line = lines.linePos(syntax.pos[0]).line
    throw new ApiError(
      'input_invalid',
      `\`${file}\` line ${line}: ${syntax.message.split('\n')[0] ?? ''}`,
    )
  }
  const locator = new YamlFieldLocator(document, lines)
  const fail = (path: readonly (string | number)[], message: string): never => {
    const field = path
      .map((part) => (typeof part === 'number' ? `[${part}]` : `.${part}`))
      .join('')
      .replace(/^\./, '')
    throw new ApiError(
      'input_invalid',
      `\`${file}\` line ${locator.lineOf(path)}: ${field === '' ? '' : `field \`${field}\`: `}${message}`,
    )
  }
  const parsed = FILE.safeParse(document.toJS())
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    return fail(
      issue?.path.filter((part) => typeof part !== 'symbol') ?? [],
      (issue?.message ?? 'invalid').toLowerCase(),
    )
  }
  return parsed.data.map((item, index) => {
    let action: Action
    try {
      const document = readActionDocument(item.action).action
      action =
        item.environment === undefined ? document : { ...document, environment: item.environment }
    } catch (error) {
      if (!(error instanceof ActionDocumentError)) throw error
      return fail(
        [index, 'action', ...(error.field === '' ? [] : error.field.split('.'))],
        error.message.replace(/^field `[^`]*`: /, ''),
      )
    }
    const expect = typeof item.expect === 'string' ? { decision: item.expect } : item.expect
    const given = item.given ?? {}
    const approvals = given.approvals ?? {}
    return {
      name: item.name,
      line: locator.lineOf([index]),
      agent: item.agent,
      action,
      approvals: {
        count: approvals.count ?? 0,
        distinctHumans: approvals.distinctHumans ?? approvals.count ?? 0,
        nonOperator: approvals.nonOperator ?? approvals.distinctHumans ?? approvals.count ?? 0,
      },
      frozen: given.frozen ?? false,
      velocityExceeded: given.velocityExceeded ?? false,
      expect,
    }
  })
}
