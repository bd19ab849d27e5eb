import { z } from 'zod'

import { EFFECT_SYSTEMS } from '../../model/effect.js'
import { type HumanRole, NOTIFICATION_EVENT_KINDS } from '../../model/gateway-config.js'
import { type Risk, RISKS } from '../../model/risk.js'
import { findClosestWord } from './closest-word.js'

const ROLES: Record<HumanRole, true> = { approver: true, admin: true, breakglass: true }

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.@+-]*$/
const NAME_RULE =
  'expected a name of letters, digits and `_ . @ + -`, starting with a letter or digit'

const NAME = z.string().regex(NAME_PATTERN, { error: NAME_RULE })

const NAME_OR_ANY = z
  .string()
  .refine((name) => name === '*' || NAME_PATTERN.test(name), { error: `${NAME_RULE}, or \`*\`` })

const TOKEN_HASH = z
  .string()
  .regex(/^[0-9a-fA-F]{64}$/, {
    error:
      'expected the SHA-256 of the token as 64 hex digits, e.g. from `printf %s TOKEN | sha256sum`',
  })
  .transform((hash) => hash.toLowerCase())

const RISK = z.enum(RISKS as [Risk, ...Risk[]])

const NAMES = z.array(z.string().min(1))

function hasNoPassword(url: string): boolean {
  try {
    return new URL(url).password === ''
  } catch {
    return true
  }
}

const AGENT = z.strictObject({
  id: NAME,
  operator: NAME.optional(),
  tokenHash: TOKEN_HASH.optional(),
  scope: z.strictObject({
    environments: z.array(NAME_OR_ANY).default(['*']),
    systems: z.array(z.enum(['*', ...EFFECT_SYSTEMS])).default(['*']),
    maxRisk: RISK,
  }),
})

const HUMAN = z.strictObject({
  id: NAME,
  roles: z.array(z.enum(Object.keys(ROLES) as [HumanRole, ...HumanRole[]])).default([]),
  tokenHash: TOKEN_HASH.optional(),
})

const ENVIRONMENT = z.strictObject({
  name: NAME,
  production: z.boolean(),
  match: z
    .strictObject({
      awsAccounts: z.array(
        z.string().regex(/^\d{12}$/, { error: 'expected a 12-digit AWS account id in quotes' }),
      ),
      awsRegions: NAMES,
      awsProfiles: NAMES,
      kubeContexts: NAMES,
      kubeNamespaces: NAMES,
      terraformWorkspaces: NAMES,
      terraformDirs: NAMES,
      databaseHosts: NAMES,
      mcpServers: NAMES,
      urlHosts: NAMES,
      paths: NAMES,
    })
    .partial()
    .default({}),
})

const INVENTORY = z.strictObject({
  kind: z.enum(['terraform-state', 'cloudformation', 'kubernetes', 'yaml']),
  path: z.string().min(1),
  environment: NAME.optional(),
})

const ENV_NAME = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'expected the name of an environment variable' })

const NOTIFICATION = z
  .strictObject({
    kind: z.enum(['webhook', 'slack']),
    url: z
      .url({ protocol: /^https?$/, error: 'expected an http or https URL' })
      .refine(hasNoPassword, {
        error: 'a password in the URL is a secret in the file: give the whole URL with `urlEnv`',
      })
      .optional(),
    urlEnv: ENV_NAME.optional(),
    secretEnv: ENV_NAME.optional(),
    events: z.array(z.enum(NOTIFICATION_EVENT_KINDS)).min(1).optional(),
  })
  .superRefine((target, context) => {
    if ((target.url === undefined) === (target.urlEnv === undefined)) {
      context.addIssue({
        code: 'custom',
        path: target.url === undefined ? [] : ['urlEnv'],
        message:
          'expected exactly one of `url` and `urlEnv` (the variable holding a secret URL, as a Slack webhook is)',
      })
    }
    if (target.kind === 'webhook' && target.secretEnv === undefined) {
      context.addIssue({
        code: 'custom',
        path: [],
        message:
          'a webhook is signed: name the environment variable holding its secret in `secretEnv`',
      })
    }
  })

const STORAGE_URL = z
  .string()
  .regex(/^(sqlite:.+|postgres(ql)?:\/\/.+)$/, {
    error: 'expected `sqlite:PATH`, `sqlite::memory:` or `postgres://HOST/DATABASE`',
  })
  .refine(hasNoPassword, {
    error: 'a password in the storage URL is a secret in the file: give it in `PGPASSWORD` instead',
  })

const DURATION_UNITS_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const

const DURATION_RULE = 'expected a duration such as `30m`, `1h` or `7d`'

const DURATION = z
  .string({ error: DURATION_RULE })
  .regex(/^[1-9]\d*[smhd]$/, { error: 'expected a duration such as `30m`, `1h` or `7d`' })
  .transform((text) => {
    const unit = text.at(-1) as keyof typeof DURATION_UNITS_MS
    return Number(text.slice(0, -1)) * DURATION_UNITS_MS[unit]
  })

const VELOCITY_BUDGET = (limit: number, window: string) =>
  z
    .strictObject({
      limit: z
        .number()
        .int({ error: 'expected a whole number' })
        .min(0, { error: 'expected 0 or more' })
        .default(limit),
      window: DURATION.prefault(window),
    })
    .prefault({ limit, window })

const VARIABLE = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'expected the name of an environment variable' })

const SECRET_RULE =
  'expected a plain value, or `{ env: VARIABLE }`, `{ file: PATH }` or `{ path: PATH }`'

// A credential's source: the file names where the gateway finds it, never the value itself.
const SECRET_SOURCE = z.union(
  [
    z.string(),
    z.strictObject({ env: VARIABLE }),
    z.strictObject({ file: z.string().min(1) }),
    z.strictObject({ path: z.string().min(1) }),
  ],
  { error: SECRET_RULE },
)

const SECRET_BINDINGS = z.record(VARIABLE, SECRET_SOURCE)

const MCP_SERVER_NAME = z.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]|_(?!_))*$/, {
  error:
    'expected a name of letters, digits, `-` and single `_` (tools are offered as `NAME__tool`)',
})

const MCP_SERVER = z.union(
  [
    z.strictObject({
      command: z.string().min(1),
      args: z.array(z.string()).default([]),
      env: SECRET_BINDINGS.default({}),
      cwd: z.string().min(1).optional(),
      environment: NAME.optional(),
    }),
    z.strictObject({
      url: z.url({ protocol: /^https?$/, error: 'expected an http or https URL' }),
      headers: SECRET_BINDINGS.default({}),
      environment: NAME.optional(),
    }),
  ],
  { error: 'expected `command` (a server airlock starts) or `url` (a Streamable HTTP server)' },
)

/** The default database: SQLite in `.airlock/` beside the configuration file. */
export const DEFAULT_STORAGE_URL = 'sqlite:./.airlock/airlock.db'

/**
 * The shape of `airlock.yaml` as written by an operator, before cross-checks (declared
 * operators, unique ids) and path resolution. Unknown keys are errors, so typos never pass.
 */
export const GATEWAY_CONFIG_SCHEMA = z.strictObject({
  agents: z.array(AGENT).default([]),
  humans: z.array(HUMAN).default([]),
  environments: z.array(ENVIRONMENT).default([]),
  policies: z.string().min(1).optional(),
  inventory: z.array(INVENTORY).default([]),
  notifications: z.array(NOTIFICATION).default([]),
  storage: z.strictObject({ url: STORAGE_URL.default(DEFAULT_STORAGE_URL) }).default({
    url: DEFAULT_STORAGE_URL,
  }),
  mcpToolRisks: z.record(z.string().min(1), RISK).default({}),
  approvals: z
    .strictObject({ expiresAfter: DURATION.prefault('1h') })
    .prefault({ expiresAfter: '1h' }),
  velocity: z
    .strictObject({
      destructive: VELOCITY_BUDGET(3, '1h'),
      catastrophic: VELOCITY_BUDGET(1, '24h'),
    })
    .prefault({}),
  secrets: z.record(NAME, SECRET_BINDINGS).default({}),
  mcp: z
    .strictObject({
      servers: z.record(MCP_SERVER_NAME, MCP_SERVER).default({}),
      approvalWait: DURATION.optional(),
    })
    .prefault({}),
  hooks: z.strictObject({ onApproval: z.enum(['deny', 'ask']).default('deny') }).prefault({}),
  publicUrl: z
    .url({ protocol: /^https?$/, error: 'expected the http or https address of the gateway' })
    .optional(),
  permissions: z
    .strictObject({ reviewEvery: DURATION.prefault('90d') })
    .prefault({ reviewEvery: '90d' }),
})

/** `airlock.yaml` after schema validation. */
export type GatewayConfigFile = z.output<typeof GATEWAY_CONFIG_SCHEMA>

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema
  for (;;) {
    if (
      current instanceof z.ZodDefault ||
      current instanceof z.ZodPrefault ||
      current instanceof z.ZodOptional
    ) {
      current = current.unwrap() as z.ZodType
    } else if (current instanceof z.ZodPipe) {
      current = current.in as z.ZodType
    } else {
      return current
    }
  }
}

/** The fields the schema knows in the mapping at `path`; empty where no fixed mapping is. */
function knownFieldsAt(path: readonly PropertyKey[]): string[] {
  let schema: z.ZodType = GATEWAY_CONFIG_SCHEMA
  for (const segment of path) {
    const current = unwrap(schema)
    if (current instanceof z.ZodArray && typeof segment === 'number') {
      schema = current.element as z.ZodType
    } else if (current instanceof z.ZodObject && typeof segment === 'string') {
      const field = (current.shape as Record<string, z.ZodType | undefined>)[segment]
      if (field === undefined) return []
      schema = field
    } else {
      return []
    }
  }
  const current = unwrap(schema)
  return current instanceof z.ZodObject ? Object.keys(current.shape) : []
}

/** One thing wrong with the file, at a field path such as `['agents', 1, 'scope', 'maxRisk']`. */
export interface ConfigIssue {
  readonly path: readonly (string | number)[]
  readonly message: string
  /** The field holds a secret in plain text; reported before anything else. */
  readonly refused: boolean
}

/** Keys that would put a secret in the file, and what to write instead. */
const REFUSED_KEYS: readonly { key: string; instead: string; message: string }[] = [
  {
    key: 'token',
    instead: 'tokenHash',
    message:
      'tokens are hashed at rest: remove the token and give `tokenHash`, its SHA-256 from `printf %s TOKEN | sha256sum`',
  },
  {
    key: 'secret',
    instead: 'secretEnv',
    message:
      'secrets never go in this file: put it in an environment variable and name that variable in `secretEnv`',
  },
]

const TYPE_NAMES: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  record: 'a mapping',
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let value = data
  for (const segment of path) {
    if (typeof value !== 'object' || value === null) return undefined
    value = (value as Record<PropertyKey, unknown>)[segment]
  }
  return value
}

function describeIssue(issue: z.core.$ZodIssue, data: unknown): string {
  switch (issue.code) {
    case 'invalid_type': {
      const value = valueAt(data, issue.path)
      if (value === undefined) return 'required'
      // A field with its own words (e.g. durations) says what it expects itself.
      if (!issue.message.startsWith('Invalid input')) return issue.message
      const expected = `expected ${TYPE_NAMES[issue.expected] ?? issue.expected}`
      return issue.expected === 'string' && typeof value === 'number'
        ? `${expected}; put the value in quotes, YAML reads it as a number`
        : expected
    }
    case 'invalid_value':
      return issue.values.length === 1
        ? `expected ${String(issue.values[0])}`
        : `expected one of ${issue.values.map(String).join(', ')}`
    case 'too_small':
      if (issue.origin === 'number') return `expected ${String(issue.minimum)} or more`
      return issue.origin === 'array' ? 'expected at least one item' : 'must not be empty'
    case 'invalid_format':
    case 'custom':
      return issue.message
    case 'invalid_key': {
      // A key with its own rule (MCP server names) says what it expects itself.
      const own = issue.issues.find((inner) => !inner.message.startsWith('Invalid'))
      return own === undefined ? issue.message.toLowerCase() : `key: ${own.message}`
    }
    case 'invalid_union':
      return issue.message.startsWith('Invalid') ? issue.message.toLowerCase() : issue.message
    case 'too_big':
    case 'not_multiple_of':
    case 'unrecognized_keys':
    case 'invalid_element':
      return issue.message.toLowerCase()
  }
}

/** Issues for keys the schema does not know, and the known fields they were probably meant as. */
function unknownKeyIssues(
  path: readonly (string | number)[],
  keys: readonly string[],
  meant: Set<string>,
): ConfigIssue[] {
  const known = knownFieldsAt(path)
  return keys.map((key) => {
    const refusal = REFUSED_KEYS.find((entry) => entry.key === key && known.includes(entry.instead))
    if (refusal !== undefined) {
      return { path: [...path, key], message: refusal.message, refused: true }
    }
    const closest = findClosestWord(key, known)
    if (closest === undefined) {
      const message = `unknown field; expected one of ${known.join(', ')}`
      return { path: [...path, key], message, refused: false }
    }
    meant.add(JSON.stringify([...path, closest]))
    return {
      path: [...path, key],
      message: `unknown field; did you mean \`${closest}\`?`,
      refused: false,
    }
  })
}

function toPath(path: readonly PropertyKey[]): (string | number)[] {
  return path.map((segment) => (typeof segment === 'number' ? segment : String(segment)))
}

/**
 * Validates the parsed YAML of `airlock.yaml` against the schema: the file with its defaults
 * filled in, or every issue found. Empty top-level sections count as omitted.
 */
export function validateGatewayConfigFile(
  data: unknown,
):
  | { readonly ok: true; readonly file: GatewayConfigFile }
  | { readonly ok: false; readonly issues: ConfigIssue[] } {
  const input =
    typeof data === 'object' && data !== null && !Array.isArray(data)
      ? Object.fromEntries(Object.entries(data).filter(([, value]) => value !== null))
      : data
  const result = GATEWAY_CONFIG_SCHEMA.safeParse(input)
  if (result.success) return { ok: true, file: result.data }
  // `scoep:` reports both an unknown `scoep` and a missing `scope`; the first says it all.
  const meant = new Set<string>()
  const unknown = result.error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? unknownKeyIssues(toPath(issue.path), issue.keys, meant)
      : [],
  )
  const others = result.error.issues
    .filter((issue) => issue.code !== 'unrecognized_keys')
    .map((issue) => ({
      path: toPath(issue.path),
      message: describeIssue(issue, input),
      refused: false,
    }))
    .filter((issue) => !(issue.message === 'required' && meant.has(JSON.stringify(issue.path))))
  const issues = [...unknown, ...others]
  return { ok: false, issues }
}
