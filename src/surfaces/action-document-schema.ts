import { z } from 'zod'

import type { Action } from '../model/action.js'
import { ACTION_KINDS } from '../model/action.js'
import { type Risk, RISKS } from '../model/risk.js'

const context = {
  id: z.string().min(1).optional(),
  environment: z.string().min(1).optional(),
  agent: z.string().min(1).optional(),
  operator: z.string().min(1).optional(),
  rationale: z.string().optional(),
  label: z.enum(RISKS as [Risk, ...Risk[]]).optional(),
  why: z.string().optional(),
}

function actionDocumentSchema(object: typeof z.object) {
  return z.discriminatedUnion('kind', [
    object({
      kind: z.literal('shell'),
      command: z.string().min(1),
      cwd: z.string().min(1).default('/'),
      ...context,
    }),
    object({
      kind: z.literal('sql'),
      dialect: z.enum(['postgres', 'mysql', 'sqlite']),
      statement: z.string().min(1),
      ...context,
    }),
    object({
      kind: z.literal('terraform-plan'),
      plan: z.record(z.string(), z.unknown()),
      ...context,
    }),
    object({
      kind: z.literal('mcp'),
      server: z.string().min(1),
      tool: z.string().min(1),
      arguments: z.record(z.string(), z.unknown()),
      annotations: z
        .object({
          readOnlyHint: z.boolean(),
          destructiveHint: z.boolean(),
          idempotentHint: z.boolean(),
          openWorldHint: z.boolean(),
        })
        .partial()
        .optional(),
      ...context,
    }),
    object({
      kind: z.literal('http'),
      method: z.enum(['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH', 'DELETE']),
      url: z.string().min(1),
      body: z.unknown().optional(),
      ...context,
    }),
  ])
}

const ACTION_DOCUMENT = actionDocumentSchema(z.object)
// Over the API a field airlock does not know is an error, never silently dropped.
const STRICT_ACTION_DOCUMENT = actionDocumentSchema(z.strictObject as typeof z.object)

/** An action document as read from a file: the action and, for labelled corpora, its label. */
export interface ActionDocument {
  readonly action: Action
  readonly label?: Risk
}

/** Why an action document was rejected, with the field that was wrong. */
export class ActionDocumentError extends Error {
  readonly field: string

  constructor(field: string, message: string) {
    super(field === '' ? message : `field \`${field}\`: ${message}`)
    this.name = 'ActionDocumentError'
    this.field = field
  }
}

/**
 * Parses and validates one action document (the corpus format: `kind` plus the kind's fields).
 * Throws ActionDocumentError naming the first wrong field.
 */
export function parseActionDocument(text: string): ActionDocument {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new ActionDocumentError(
      '',
      `invalid JSON: ${error instanceof Error ? error.message : String(error)}`,
    )
  }
  return readActionDocument(value)
}

/**
 * Validates an already parsed action document (from JSON or YAML). Throws ActionDocumentError
 * naming the first wrong field.
 */
export function readActionDocument(
  value: unknown,
  options: { readonly strict?: boolean } = {},
): ActionDocument {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ActionDocumentError('', 'expected a JSON object')
  }
  const kind = (value as { kind?: unknown }).kind
  if (typeof kind !== 'string' || !(ACTION_KINDS as readonly string[]).includes(kind)) {
    throw new ActionDocumentError(
      'kind',
      `unknown kind \`${String(kind)}\`; expected one of ${ACTION_KINDS.join(', ')}`,
    )
  }
  const result = (options.strict === true ? STRICT_ACTION_DOCUMENT : ACTION_DOCUMENT).safeParse(
    value,
  )
  if (!result.success) {
    const issue = result.error.issues[0]
    throw new ActionDocumentError(
      issue?.path.join('.') ?? '',
      (issue?.message ?? 'invalid document').toLowerCase(),
    )
  }
  const { label, why: _why, ...action } = result.data
  return label === undefined ? { action } : { action, label }
}
