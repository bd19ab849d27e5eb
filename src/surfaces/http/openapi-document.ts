import { PROPOSAL_STATUSES } from '../../model/proposal-record.js'

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` })

const json = (schema: unknown) => ({ 'application/json': { schema } })

const ERRORS = {
  '400': {
    description: 'Malformed JSON, an unknown field or a wrong value',
    content: json(ref('Error')),
  },
  '401': { description: 'Missing or unknown bearer token', content: json(ref('Error')) },
  '403': {
    description: 'The token is valid but may not do this (e.g. an agent token on a human endpoint)',
    content: json(ref('Error')),
  },
  '404': { description: 'No such item', content: json(ref('Error')) },
  '409': {
    description: 'The item is not in a state that allows this',
    content: json(ref('Error')),
  },
  '413': { description: 'Request body over the limit', content: json(ref('Error')) },
  '500': {
    description: 'Internal error: nothing was decided or changed',
    content: json(ref('Error')),
  },
  '503': {
    description: "The gateway's database is unavailable: nothing was decided",
    content: json(ref('Error')),
  },
}

const ID = { name: 'id', in: 'path', required: true, schema: { type: 'string' } }

const AGENT_OR_HUMAN = [{ agentToken: [] }, { humanToken: [] }]
const HUMAN = [{ humanToken: [] }]
const AGENT = [{ agentToken: [] }]

function operation(
  summary: string,
  security: readonly unknown[],
  response: unknown,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    summary,
    security,
    ...extra,
    responses: { '200': { description: 'OK', content: json(response) }, ...ERRORS },
  }
}

const body = (schema: unknown, required = true) => ({
  requestBody: { required, content: json(schema) },
})

/** The OpenAPI 3.1 document of the HTTP API, served at `/openapi.json`. */
export const OPENAPI_DOCUMENT = {
  openapi: '3.1.0',
  info: {
    title: 'airlock gateway',
    version: '1',
    description:
      'Agents propose actions; airlock analyses, decides and records them. Destructive actions wait for four-eyes approval by humans; an approval yields a single-use grant bound to the action digest. Agent tokens never reach human endpoints. Every change is written to a hash-chained audit before the answer is returned.',
  },
  servers: [{ url: '/' }],
  components: {
    securitySchemes: {
      agentToken: { type: 'http', scheme: 'bearer', description: "An agent's token" },
      humanToken: { type: 'http', scheme: 'bearer', description: "A human's token" },
    },
    schemas: {
      Error: {
        type: 'object',
        required: ['error'],
        properties: {
          error: {
            type: 'object',
            required: ['code', 'message'],
            properties: { code: { type: 'string' }, message: { type: 'string' }, data: {} },
          },
        },
      },
      ActionDocument: {
        type: 'object',
        description:
          'One action in the corpus format: `kind` (shell, sql, terraform-plan, mcp, http) plus its fields; unknown fields are refused.',
        required: ['kind'],
        properties: {
          kind: { enum: ['shell', 'sql', 'terraform-plan', 'mcp', 'http'] },
          command: { type: 'string' },
          cwd: { type: 'string' },
          dialect: { enum: ['postgres', 'mysql', 'sqlite'] },
          statement: { type: 'string' },
          plan: { type: 'object' },
          server: { type: 'string' },
          tool: { type: 'string' },
          arguments: { type: 'object' },
          annotations: { type: 'object' },
          method: { type: 'string' },
          url: { type: 'string' },
          body: {},
          environment: { type: 'string' },
          rationale: {
            type: 'string',
            description: "The agent's stated reason; recorded, never trusted",
          },
          id: { type: 'string' },
          agent: { type: 'string' },
          operator: { type: 'string' },
        },
      },
      Proposal: {
        type: 'object',
        required: ['id', 'digest', 'status', 'decision', 'approvals', 'risk', 'opaque', 'reasons'],
        properties: {
          id: { type: 'string' },
          digest: { type: 'string', description: 'SHA-256 of the canonical action' },
          status: { enum: PROPOSAL_STATUSES },
          decision: { enum: ['allow', 'approve', 'deny'] },
          approvals: { type: 'integer', description: 'Distinct human approvals needed' },
          risk: { enum: ['safe', 'mutating', 'destructive', 'catastrophic'] },
          opaque: { type: 'boolean' },
          reasons: { type: 'array', items: { type: 'string' } },
          policies: { type: 'array', items: { type: 'string' } },
          alternative: { type: 'string' },
          environment: { type: 'string' },
          effects: { type: 'array', items: { type: 'object' } },
          request: ref('ApprovalRequest'),
          grant: ref('Grant'),
        },
      },
      ApprovalRequest: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          link: { type: 'string', description: 'Where people approve or deny it in the console' },
          actionId: { type: 'string' },
          digest: { type: 'string' },
          status: { enum: ['pending', 'approved', 'denied', 'expired'] },
          risk: { type: 'string' },
          agent: { type: 'string' },
          operator: { type: 'string' },
          requester: { type: 'string' },
          environment: { type: 'string' },
          needed: { type: 'integer' },
          approvals: { type: 'integer' },
          votes: { type: 'array', items: { type: 'object' } },
          reasons: { type: 'array', items: { type: 'string' } },
          createdAt: { type: 'string', format: 'date-time' },
          expiresAt: { type: 'string', format: 'date-time' },
          grantId: { type: 'string' },
          action: ref('ActionDocument'),
          rationale: { type: 'string' },
          analysis: { type: 'object' },
        },
      },
      Grant: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          requestId: { type: 'string' },
          actionId: { type: 'string' },
          digest: { type: 'string' },
          issuedAt: { type: 'string', format: 'date-time' },
          expiresAt: { type: 'string', format: 'date-time' },
          redeemedAt: { type: 'string', format: 'date-time' },
          voidedAt: { type: 'string', format: 'date-time' },
        },
      },
      Freeze: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          scope: { type: 'string', examples: ['global', 'environment:prod', 'agent:claude'] },
          reason: { type: 'string' },
          by: { type: 'string' },
          at: { type: 'string', format: 'date-time' },
        },
      },
      FreezeBody: {
        type: 'object',
        required: ['reason'],
        additionalProperties: false,
        properties: {
          scope: {
            oneOf: [
              { const: 'global' },
              {
                type: 'object',
                required: ['environment'],
                properties: { environment: { type: 'string' } },
              },
              { type: 'object', required: ['agent'], properties: { agent: { type: 'string' } } },
            ],
          },
          reason: { type: 'string' },
        },
      },
      ReviewStatus: {
        type: 'object',
        description:
          "Where one agent's permission review stands; `overdue` when it was never re-certified or its last certification is older than `permissions.reviewEvery`",
        required: ['agent', 'overdue', 'grewSinceReview'],
        properties: {
          agent: { type: 'string' },
          lastReviewedAt: { type: 'string', format: 'date-time' },
          lastReviewedBy: { type: 'string', examples: ['human:bob'] },
          dueAt: { type: 'string', format: 'date-time' },
          overdue: { type: 'boolean' },
          grewSinceReview: {
            type: 'boolean',
            description: 'Its scope or the permits that can apply to it grew since that review',
          },
        },
      },
      Certification: {
        type: 'object',
        description:
          "A human's re-certification of an agent's permissions, as recorded in the audit (`permissions.reviewed`)",
        properties: {
          at: { type: 'string', format: 'date-time' },
          by: { type: 'string', examples: ['human:bob'] },
          agent: { type: 'string' },
          scope: {
            type: 'object',
            properties: {
              environments: { type: 'array', items: { type: 'string' } },
              systems: { type: 'array', items: { type: 'string' } },
              maxRisk: { enum: ['safe', 'mutating', 'destructive', 'catastrophic'] },
            },
          },
          permits: {
            type: 'array',
            items: { type: 'string' },
            description: 'Ids of the configured permits that can apply to the agent',
          },
          comment: { type: 'string' },
        },
      },
      Vote: {
        type: 'object',
        additionalProperties: false,
        properties: { comment: { type: 'string' } },
      },
    },
  },
  paths: {
    '/healthz': {
      get: { summary: 'Liveness', security: [], responses: { '200': { description: 'OK' } } },
    },
    '/openapi.json': {
      get: { summary: 'This document', security: [], responses: { '200': { description: 'OK' } } },
    },
    '/v1/whoami': {
      get: operation('The caller, as its token proves', AGENT_OR_HUMAN, { type: 'object' }),
    },
    '/v1/actions': {
      post: operation(
        'Propose an action: analysed, decided and recorded before the answer returns; opens a four-eyes request when approval is needed',
        AGENT_OR_HUMAN,
        ref('Proposal'),
        {
          parameters: [
            {
              name: 'channel',
              in: 'query',
              description:
                'The surface the action came through (`api` unless given); recorded and given to the policies as `context.channel`',
              schema: { enum: ['api', 'cli', 'exec', 'hook', 'mcp'] },
            },
          ],
          ...body(ref('ActionDocument')),
        },
      ),
    },
    '/v1/actions/{id}': {
      get: operation(
        "An action's status (agents see their own only)",
        AGENT_OR_HUMAN,
        ref('Proposal'),
        {
          parameters: [ID],
        },
      ),
    },
    '/v1/actions/{id}/outcome': {
      post: operation(
        'Report how an allowed or approved action ran',
        AGENT,
        { type: 'object' },
        {
          parameters: [ID],
          ...body({
            type: 'object',
            required: ['status'],
            properties: {
              status: { enum: ['succeeded', 'failed'] },
              exitCode: { type: 'integer' },
              detail: { type: 'string' },
            },
          }),
        },
      ),
    },
    '/v1/grants/{id}/redeem': {
      post: operation(
        'Redeem a single-use execution grant for the exact action it was issued for',
        AGENT,
        { type: 'object', properties: { redeemed: { const: true }, grant: ref('Grant') } },
        {
          parameters: [ID],
          ...body({
            type: 'object',
            required: ['action'],
            properties: { action: ref('ActionDocument') },
          }),
        },
      ),
    },
    '/v1/grants/{id}/run': {
      post: {
        summary:
          "Redeem a grant and run its shell command on the gateway with the environment's credentials injected; streams the masked output, then how it ended, and records the outcome",
        security: AGENT,
        parameters: [ID],
        ...body({
          type: 'object',
          required: ['action'],
          properties: { action: ref('ActionDocument') },
        }),
        responses: {
          '200': {
            description: 'One JSON object per line until the command ends',
            content: {
              'application/x-ndjson': {
                schema: {
                  oneOf: [
                    {
                      type: 'object',
                      properties: {
                        type: { enum: ['stdout', 'stderr'] },
                        data: { type: 'string' },
                      },
                    },
                    {
                      type: 'object',
                      properties: {
                        type: { const: 'exit' },
                        actionId: { type: 'string' },
                        exitCode: { type: 'integer' },
                        signal: { type: 'string' },
                        error: { type: 'string' },
                      },
                    },
                    {
                      type: 'object',
                      properties: { type: { const: 'error' }, message: { type: 'string' } },
                    },
                  ],
                },
              },
            },
          },
          ...ERRORS,
        },
      },
    },
    '/v1/requests': {
      get: operation(
        'Approval requests, newest first',
        HUMAN,
        {
          type: 'object',
          properties: { requests: { type: 'array', items: ref('ApprovalRequest') } },
        },
        {
          parameters: [
            {
              name: 'status',
              in: 'query',
              schema: {
                enum: ['pending', 'approved', 'denied', 'expired', 'all'],
                default: 'pending',
              },
            },
          ],
        },
      ),
    },
    '/v1/requests/{id}': {
      get: operation(
        'One request with the action, rationale and analysis',
        HUMAN,
        ref('ApprovalRequest'),
        {
          parameters: [ID],
        },
      ),
    },
    '/v1/requests/{id}/approve': {
      post: operation(
        'Approve (approvers only; never the requester; once each). Issues a grant when the policies are satisfied',
        HUMAN,
        { type: 'object', properties: { request: ref('ApprovalRequest'), grant: ref('Grant') } },
        { parameters: [ID], ...body(ref('Vote'), false) },
      ),
    },
    '/v1/requests/{id}/deny': {
      post: operation(
        'Deny: any deny ends the request',
        HUMAN,
        { type: 'object' },
        {
          parameters: [ID],
          ...body(ref('Vote'), false),
        },
      ),
    },
    '/v1/freezes': {
      get: operation('Kill switches in force', HUMAN, {
        type: 'object',
        properties: { freezes: { type: 'array', items: ref('Freeze') } },
      }),
      post: operation(
        'Freeze globally, per environment or per agent; voids unredeemed grants',
        HUMAN,
        ref('Freeze'),
        body(ref('FreezeBody')),
      ),
    },
    '/v1/freezes/lift': {
      post: operation(
        'Lift the freezes of one scope (breakglass role)',
        HUMAN,
        { type: 'object' },
        body(ref('FreezeBody')),
      ),
    },
    '/v1/status': {
      get: operation(
        "The gateway's state for humans: store, freezes in force, pending requests, and each agent's permission review (overdue ones listed in `overdueReviews`)",
        HUMAN,
        {
          type: 'object',
          required: ['store', 'freezes', 'pendingRequests', 'overdueReviews', 'reviews'],
          properties: {
            store: { enum: ['sqlite', 'postgres'] },
            freezes: { type: 'array', items: ref('Freeze') },
            pendingRequests: { type: 'integer' },
            overdueReviews: { type: 'array', items: { type: 'string' } },
            reviews: { type: 'array', items: ref('ReviewStatus') },
          },
        },
      ),
    },
    '/v1/agents/{id}/review': {
      post: {
        ...operation(
          "Re-certify an agent's current permissions: recorded in the audit as `permissions.reviewed`. Approvers and admins only, never the agent's operator; agent tokens are refused",
          HUMAN,
          ref('Certification'),
          {
            parameters: [ID],
            ...body({
              type: 'object',
              required: ['comment'],
              additionalProperties: false,
              properties: { comment: { type: 'string', maxLength: 2000 } },
            }),
          },
        ),
        responses: {
          '201': { description: 'Recorded', content: json(ref('Certification')) },
          ...ERRORS,
        },
      },
    },
    '/v1/audit/verify': {
      get: operation('Verify the audit hash chain; names the first tampered record', HUMAN, {
        type: 'object',
      }),
    },
    '/v1/audit/export': {
      get: {
        summary: 'Every audit record as JSON lines',
        security: HUMAN,
        parameters: [{ name: 'format', in: 'query', schema: { const: 'jsonl', default: 'jsonl' } }],
        responses: {
          '200': { description: 'JSON lines', content: { 'application/x-ndjson': {} } },
          ...ERRORS,
        },
      },
    },
    '/v1/hooks/{agent}': {
      post: {
        summary:
          "An agent's pre-tool hook: its payload in, the decision out in that agent's protocol (channel `hook`). A payload that cannot be read, and any failure, is answered as a deny",
        security: AGENT,
        parameters: [
          {
            name: 'agent',
            in: 'path',
            required: true,
            schema: { enum: ['claude-code', 'codex', 'gemini-cli', 'cursor', 'copilot', 'kiro'] },
          },
        ],
        requestBody: {
          required: true,
          content: json({ type: 'object', description: "The agent's hook payload, as it sent it" }),
        },
        responses: {
          '200': {
            description:
              "The agent's hook answer: JSON for most agents, the reason as text for Kiro. Command clients print it on `Airlock-Hook-Stream` and exit with `Airlock-Hook-Exit`",
            headers: {
              'Airlock-Hook-Exit': { schema: { type: 'integer' } },
              'Airlock-Hook-Stream': { schema: { enum: ['stdout', 'stderr'] } },
            },
            content: { 'application/json': {}, 'text/plain': {} },
          },
          ...ERRORS,
        },
      },
    },
  },
} as const
