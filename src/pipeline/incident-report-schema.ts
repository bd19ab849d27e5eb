import { z } from 'zod'

import { PROPOSAL_STATUSES } from '../model/proposal-record.js'
import { parseJsonDocument } from './json-document-schema.js'

/** The version every incident report carries; raised on any change that is not additive. */
export const INCIDENT_REPORT_VERSION = 1

const TEXT = z.string()
const ID = z.string().min(1)
const HASH = z.string().regex(/^[0-9a-f]{64}$/)
const TIME = z.iso.datetime().describe('ISO 8601 time, UTC')
const COUNT = z.number().int().nonnegative()
const RISK = z.enum(['safe', 'mutating', 'destructive', 'catastrophic'])
const OUTCOME = z.enum(['allow', 'approve', 'deny'])
const NOT_RECORDED = ' (null: not recorded)'

const AUDIT_KIND = z
  .string()
  .min(1)
  .describe('The audit record kind: action.proposed, approval.opened, freeze.set, …')

const ANCHOR = z.strictObject({ seq: z.number().int().positive(), hash: HASH })

const SELECTION = z
  .strictObject({
    session: ID.optional().describe('an action id: the requester session containing it'),
    agent: ID.optional(),
    environment: ID.optional(),
    since: TIME.optional(),
    until: TIME.optional(),
  })
  .describe('What the report was asked for; the criteria combine (all must hold)')

const SUMMARY = z.strictObject({
  from: TIME.nullable().describe('The first audit record in scope'),
  to: TIME.nullable().describe('The last audit record in scope'),
  proposals: COUNT,
  decisions: z.strictObject({ allow: COUNT, approve: COUNT, deny: COUNT }),
  highestRisk: RISK.nullable(),
  approvalsRequested: COUNT,
  approved: COUNT,
  rejected: COUNT,
  expired: COUNT,
  executions: z.strictObject({ succeeded: COUNT, failed: COUNT }),
  freezes: COUNT,
  velocityBreaches: COUNT,
  deviations: COUNT,
  agents: z.array(ID),
  environments: z.array(ID),
})

const PEOPLE = z.strictObject({
  agents: z.array(
    z.strictObject({
      id: ID,
      operator: ID.nullable().describe(`From the configuration${NOT_RECORDED}`),
    }),
  ),
  requesters: z.array(ID).describe('`agent:claude` or `human:bob`'),
  approvers: z
    .array(
      z.strictObject({
        human: ID,
        requestId: ID,
        actionId: ID.nullable(),
        verdict: z.enum(['approve', 'deny']),
        at: TIME,
        comment: TEXT.nullable(),
      }),
    )
    .describe('Every vote cast on a request of an action in scope'),
  freezesBy: z.array(ID).describe('Who set the freezes in scope; `airlock` for a velocity breach'),
})

const EFFECT = z.strictObject({
  system: TEXT,
  verb: TEXT,
  target: TEXT,
  scope: TEXT,
  risk: RISK,
  opaque: z.boolean(),
})

const IMPACT_ESTIMATE = z
  .strictObject({
    resources: COUNT.describe('Resources destroyed, replaced, modified or broken'),
    dataLost: z.array(TEXT),
    servicesBroken: z.array(TEXT),
    customerFacing: z.array(TEXT),
    unknownTargets: z.array(TEXT),
    estimatedRestoreMinutes: z.number().nonnegative(),
    unrecoverable: z.boolean(),
    environmentDestroyed: TEXT.nullable(),
  })
  .describe('The impact simulated against the inventory twin when the action was proposed')

const EXECUTION = z.strictObject({
  status: z.enum(['succeeded', 'failed']),
  exitCode: z.number().int().nullable(),
  detail: TEXT.nullable(),
  at: TIME,
  seq: z.number().int().positive(),
  by: ID,
})

const ACTION = z.strictObject({
  id: ID,
  seq: z.number().int().positive().describe('The audit record of the proposal'),
  proposedAt: TIME,
  agent: ID.nullable(),
  operator: ID.nullable().describe(`The agent's operator, from the configuration${NOT_RECORDED}`),
  requester: ID,
  environment: ID.nullable(),
  channel: TEXT,
  digest: HASH,
  rationale: TEXT.nullable().describe(`What the agent said it was trying to do${NOT_RECORDED}`),
  attempted: z
    .strictObject({
      kind: z.enum(['shell', 'sql', 'terraform-plan', 'mcp', 'http']),
      text: TEXT.describe('The command, statement, tool call or request, secrets redacted'),
      risk: RISK,
      opaque: z.boolean(),
      effects: z.array(EFFECT),
    })
    .describe('What was actually proposed, as the gateway analysed it'),
  decision: z.strictObject({
    decision: OUTCOME,
    approvals: COUNT,
    reasons: z.array(TEXT),
    policies: z.array(TEXT),
  }),
  policySet: HASH.nullable().describe(
    `Digest of the policy set that decided${NOT_RECORDED}: records before policy digests were kept`,
  ),
  approval: z
    .strictObject({
      requestId: ID,
      needed: COUNT,
      status: z.enum(['pending', 'approved', 'denied', 'expired']).nullable(),
      approvers: z.array(ID),
      expiresAt: TIME.nullable(),
    })
    .nullable()
    .describe('The four-eyes request this proposal opened or waited on'),
  impact: z.strictObject({
    estimated: IMPACT_ESTIMATE.nullable().describe(`Null: no inventory twin was simulated against`),
    outcome: z.strictObject({
      status: z
        .enum(PROPOSAL_STATUSES)
        .nullable()
        .describe(`Where the proposal stands now${NOT_RECORDED}`),
      execution: EXECUTION.nullable().describe(`How it ran${NOT_RECORDED}`),
    }),
  }),
})

const TIMELINE_ENTRY = z.strictObject({
  seq: z.number().int().positive(),
  at: TIME,
  kind: AUDIT_KIND,
  actor: TEXT,
  subject: TEXT.nullable(),
  actionId: ID.nullable().describe('The action in scope the record is tied to'),
  summary: TEXT.describe('The record in one line, from its fields only'),
  prevHash: HASH,
  hash: HASH,
})

const FREEZE = z.strictObject({
  id: ID,
  scope: TEXT.describe('`global`, `environment:NAME` or `agent:ID`'),
  reason: TEXT,
  by: ID,
  at: TIME,
  seq: z.number().int().positive(),
  liftedAt: TIME.nullable(),
  liftedBy: ID.nullable(),
})

const DEVIATION = z.strictObject({
  kind: z.enum([
    'denied',
    'rejected',
    'retry_after_deny',
    'velocity_breach',
    'approval_expired',
    'grant_refused',
    'execution_failed',
  ]),
  actionId: ID.nullable(),
  seq: z.number().int().positive(),
  at: TIME,
  detail: TEXT,
})

const POLICIES = z.strictObject({
  current: z
    .strictObject({
      digest: HASH,
      invariants: HASH.describe('SHA-256 of the built-in invariant policies'),
      files: z.array(z.strictObject({ file: TEXT, sha256: HASH, shadow: z.boolean() })),
    })
    .describe('The policies of the configuration the report was generated with'),
  decidedUnder: z
    .array(
      z.strictObject({
        digest: HASH,
        current: z.boolean().describe('Whether it is the digest of the current policy set'),
        actions: z.array(ID),
      }),
    )
    .describe('The policy sets recorded with the actions in scope'),
  unrecorded: z.array(ID).describe('Actions whose record names no policy set'),
})

const AUDIT = z.strictObject({
  verification: z.strictObject({
    ok: z.boolean(),
    records: COUNT,
    problem: z
      .strictObject({
        seq: z.number().int().nonnegative(),
        kind: z.enum(['modified', 'deleted', 'inserted', 'reordered', 'truncated']),
        message: TEXT,
      })
      .nullable(),
  }),
  head: ANCHOR.nullable().describe('The newest record of the chain when the report was made'),
  first: ANCHOR.nullable().describe('The first record in scope'),
  last: ANCHOR.nullable().describe('The last record in scope'),
  recordsInScope: COUNT,
})

/** An incident report: what the audit and the proposals record about a selection of actions. */
export const INCIDENT_REPORT = z
  .strictObject({
    schemaVersion: z.literal(INCIDENT_REPORT_VERSION),
    generatedAt: TIME,
    selection: SELECTION,
    summary: SUMMARY,
    people: PEOPLE,
    actions: z.array(ACTION),
    timeline: z.array(TIMELINE_ENTRY).describe('Every audit record in scope, in chain order'),
    freezes: z.array(FREEZE),
    deviations: z.array(DEVIATION),
    policies: POLICIES,
    audit: AUDIT,
  })
  .meta({ title: 'airlock incident report', description: 'States only what the record shows' })

/** An incident report, as `airlock report incident --json` prints it. */
export type IncidentReport = z.infer<typeof INCIDENT_REPORT>

/** The JSON Schema of the incident report, as committed in docs/incident-report.schema.json. */
export function formatIncidentReportSchema(): string {
  return `${JSON.stringify(z.toJSONSchema(INCIDENT_REPORT), null, 2)}\n`
}

/**
 * Reads an incident report printed by `airlock report incident --json`, checked field by field.
 * Throws ApiError `input_invalid` naming the field when it is not one.
 */
export function parseIncidentReport(text: string, file = 'report'): IncidentReport {
  return parseJsonDocument(INCIDENT_REPORT, text, file, 'an incident report')
}
