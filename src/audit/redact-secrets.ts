/** What a secret is replaced by. */
export const REDACTED = '[redacted]'

// Words in a name that say it holds a secret; `token` without a plural, for `maxTokens`.
const SECRET_WORD =
  /(?:passwords?|passwd|passphrases?|secrets?|token|credentials?|authorization|cookies?|bearer|(?:api|private|access|secret|signing|encryption|master|account|shared|session|client|auth)keys?)$/
const KEY_QUALIFIERS = new Set([
  'api',
  'private',
  'access',
  'secret',
  'signing',
  'encryption',
  'master',
  'account',
  'shared',
  'session',
  'client',
  'auth',
])
// Short words that are a secret only beside another word: `MYSQL_PWD`, `db_pass`, not `PWD`.
const SHORT_WORDS = new Set(['pwd', 'pw', 'pass'])
// Last words that say what a secret holds: `SecretString`, `password_hash`.
const CONTENT_WORDS = new Set([
  'value',
  'string',
  'data',
  'text',
  'hash',
  'b64',
  'base64',
  'plain',
  'plaintext',
  'raw',
  'pem',
])
// Last words that say a name is about a secret, not the secret: `TOKEN_FILE`, `SECRET_NAME`.
const DESCRIBING_WORDS = new Set([
  'name',
  'names',
  'id',
  'ids',
  'arn',
  'ref',
  'file',
  'path',
  'dir',
  'env',
  'type',
  'count',
  'length',
  'size',
  'limit',
  'ttl',
  'expiry',
  'expiration',
  'url',
  'uri',
  'endpoint',
  'host',
  'port',
  'domain',
  'region',
  'user',
  'username',
  'policy',
  'stdin',
  'prompt',
])
const NAME_HINT = /pass|pwd|pw|secret|token|credential|key|auth|cookie|bearer|connection/i
// Boolean flags that name a secret but take no value: `--no-password`, `--ask-pass`.
const SWITCH_PREFIX = /^-{1,2}(?:no|ask|prompt|use|require|show|print)-/i
const FLAG_ONLY_NAMES = new Set(['pass', 'passin', 'passout', 'pwd', 'pw', 'storepass', 'keypass'])

function splitWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '')
}

function isSecretWordAt(words: readonly string[], index: number): boolean {
  const word = words[index] ?? ''
  if (SECRET_WORD.test(word)) return true
  if (SHORT_WORDS.has(word)) return words.length > 1
  return (word === 'key' || word === 'keys') && KEY_QUALIFIERS.has(words[index - 1] ?? '')
}

/**
 * Whether a key, flag, header or variable name says its value is a secret. Environment-style
 * names (`DB_PASSWORD_PROD`) count when any word does; others (`clientSecret`, `api-key`) only
 * by their last word, so that `tokenCount` and `secretName` stay.
 */
function isSecretName(name: string): boolean {
  if (!NAME_HINT.test(name)) return false
  if (/connection_?string/i.test(name)) return true
  const words = splitWords(name)
  const last = words.at(-1)
  if (last === undefined) return false
  if (/^[A-Z0-9_.-]+$/.test(name)) {
    if (DESCRIBING_WORDS.has(last)) return false
    return words.some((_word, index) => isSecretWordAt(words, index))
  }
  let end = words.length - 1
  while (end > 0 && CONTENT_WORDS.has(words[end] ?? '')) end -= 1
  return isSecretWordAt(words.slice(0, end + 1), end)
}

function isSecretFlag(flag: string): boolean {
  if (SWITCH_PREFIX.test(flag)) return false
  const name = flag.replace(/^-+/, '')
  return FLAG_ONLY_NAMES.has(name.toLowerCase()) || isSecretName(name)
}

/** Splits `'x'`/`"x"` into quote and content; an unquoted value has no quote. */
function unquote(value: string): { quote: string; inner: string } {
  const quote = value[0]
  if ((quote === "'" || quote === '"') && value.length >= 2 && value.endsWith(quote)) {
    return { quote, inner: value.slice(1, -1) }
  }
  return { quote: '', inner: value }
}

/**
 * A shell value with its secret replaced, quotes kept. Empty values and expansions (`$DB_PW`,
 * `"${DB_PW}"`, `$(vault read …)`) are not secrets and stay; single quotes do not expand.
 */
function redactShellValue(value: string): string {
  const { quote, inner } = unquote(value)
  if (inner === '') return value
  if (quote !== "'" && /^\$(?:[A-Za-z_]\w*|\{[^}]*\}|\(.*\))$/s.test(inner)) return value
  return `${quote}${REDACTED}${quote}`
}

/** A literal value (JSON, YAML) with its secret replaced, quotes kept. */
function redactLiteral(value: string): string {
  const { quote, inner } = unquote(value)
  return inner === '' ? value : `${quote}${REDACTED}${quote}`
}

const AUTH_SCHEME = /^((?:bearer|basic|token|digest|negotiate|ntlm|apikey|aws4-hmac-sha256)\s+)/i

function redactHeaderValue(value: string): string {
  if (value.trim() === '') return value
  const scheme = AUTH_SCHEME.exec(value)?.[1] ?? ''
  return `${scheme}${REDACTED}`
}

// A shell word: quoted, a command substitution, or bare.
const VALUE = String.raw`'[^'\n]*'|"(?:[^"\\\n]|\\.)*"|\$\([^)\n]*\)|[^\s'";&|<>()\x60]+`

const TRIGGER =
  /pass|pwd|pw|secret|token|credential|key|auth|bearer|cookie|sig|config|:\/\/|mysql|mariadb|curl|wget|akia|asia|gh[pousr]_|github_pat_|xox|eyj|sk[-_]|rk_|aiza|glpat-|npm_/i

const PEM_PRIVATE_KEY =
  /(-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----)[\s\S]*?(-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|$)/g

const TOKEN_SHAPES = new RegExp(
  [
    String.raw`(?<![\w-])(?:AKIA|ASIA)[A-Z0-9]{16}(?![\w-])`,
    String.raw`(?<![\w-])gh[pousr]_[A-Za-z0-9]{20,}`,
    String.raw`(?<![\w-])github_pat_\w{20,}`,
    String.raw`(?<![\w-])glpat-[\w-]{20,}`,
    String.raw`(?<![\w-])npm_[A-Za-z0-9]{36}(?![\w-])`,
    String.raw`(?<![\w-])xox[abposr]-[A-Za-z0-9-]{10,}`,
    String.raw`(?<![\w-])AIza[\w-]{35}`,
    String.raw`(?<![\w-])eyJ[\w-]{4,}\.eyJ[\w-]{4,}\.[\w-]*`,
    String.raw`(?<![\w-])sk-(?=[\w-]*\d)[\w-]{20,}`,
    String.raw`(?<![\w-])[rs]k_(?:live|test)_[A-Za-z0-9]{16,}`,
  ].join('|'),
  'g',
)

// postgres://app:hunter2@db → postgres://app:[redacted]@db
const URL_CREDENTIALS = /(?<![\w+.-])([a-z][a-z0-9+.-]*:\/\/[^\s:@/?#'"]*:)([^\s@/?#'"]+)(?=@)/gi

// curl -u admin:hunter2 → curl -u admin:[redacted]
const CURL_USER =
  /(\b(?:curl|wget)\b[^\n;|&]{0,500}?[ \t](?:-u|--user|--proxy-user)(?:[ \t]+|=)['"]?[^\s:'"]*:)([^\s'"]+)/g

// -H 'X-Api-Key: abc', --header="Cookie: session=abc"
const HEADER_FLAG = new RegExp(
  String.raw`(?<=^|[\s'"(])(-H|--header|--proxy-header)([ \t]+|=)('[^'\n]*'|"(?:[^"\\\n]|\\.)*"|[^\s'"]+)`,
  'g',
)

// Authorization: Bearer abc, "authorization": "Basic abc", Authorization=abcdef0123456789
const AUTHORIZATION =
  /\b((?:proxy-)?authorization["']?[ \t]*[:=][ \t]*["']?)(?:((?:bearer|basic|token|digest|negotiate|ntlm|apikey|aws4-hmac-sha256)[ \t]+)([^\s'"]+)|([\w.~+/=-]{16,})(?=$|[\s'",;]))/gi

const BEARER = /\b(bearer[ \t]+)([\w.~+/-]{16,}=*)/gi

// --password hunter2, --client-secret=abc, -passin pass:abc
const FLAG = new RegExp(
  String.raw`(?<=^|[\s'"(])(--?(?=[A-Za-z])[\w-]{0,64}?(?:pass|pwd|pw|secret|token|key|credential|auth|cookie|bearer)[\w-]{0,64})(?:=(${VALUE})|([ \t]+)(?!-)(${VALUE}))`,
  'gi',
)

// PGPASSWORD=x, export GITHUB_TOKEN=x, password=x (conninfo), ?access_token=x, api-key=x
const ASSIGNMENT = new RegExp(
  String.raw`(?<![\w.$-])((?=[A-Za-z_])[\w.-]{0,64}?(?:pass|pwd|pw|secret|token|key|credential|auth|cookie|bearer)[\w.-]{0,64})=(${VALUE})`,
  'gi',
)

// Presigned and SAS URLs carry their signature as a bearer capability.
const URL_SIGNATURE = /([?&](?:sig|x-amz-signature|x-goog-signature)=)([^&#\s'"]+)/gi

// mysql -u root -phunter2 (only in a MySQL client's command, not `mkdir -p`)
const MYSQL_PASSWORD = new RegExp(
  String.raw`(\b(?:mysql|mysqldump|mysqladmin|mysqlimport|mysqlshow|mysqlcheck|mariadb|mariadb-dump)\b[^\n;|&]{0,500}?[ \t]-p)('[^'\n]*'|"(?:[^"\\\n]|\\.)*"|[^\s'";&|]+)`,
  'g',
)

// aws configure set aws_secret_access_key x, npm config set _authToken x, git config k v
const CONFIG_SET = new RegExp(
  String.raw`(\b(?:aws[ \t]+configure[ \t]+set|(?:npm|pnpm|yarn)[ \t]+config[ \t]+set|git[ \t]+config)(?:[ \t]+--[\w-]+)*[ \t]+)([^\s='"]+)([ \t]+)(${VALUE})`,
  'g',
)

// Commands whose every `name=value` argument is a secret: kubectl create secret, vault kv put.
const SECRET_COMMAND =
  /\b(?:kubectl[ \t][^\n;|&]{0,200}?\bcreate[ \t]+secret|vault[ \t]+(?:kv[ \t]+(?:put|patch)|write))\b[^\n;|&]{0,2000}/g
const SECRET_ARGUMENT = new RegExp(
  String.raw`(?<=[ \t])((?:--from-literal=)?[A-Za-z_][\w.-]{0,127}=)(${VALUE})`,
  'g',
)

// gh secret set NAME --body x
const GH_SECRET_BODY = new RegExp(
  String.raw`(\bgh[ \t]+secret[ \t]+set\b[^\n;|&]{0,200}?[ \t](?:-b|--body)(?:=|[ \t]+))(${VALUE})`,
  'g',
)

const JSON_PAIR = /"([A-Za-z_][\w.-]{0,127})"([ \t]*:[ \t]*)("(?:[^"\\\n]|\\.)*"|-?\d[\d.eE+-]*)/g
const ESCAPED_JSON_PAIR = /\\"([A-Za-z_][\w.-]{0,127})\\"([ \t]*:[ \t]*)\\"((?:(?!\\")[^\n])*)\\"/g

// YAML `password: x`, ini and tfvars `password = "x"`, one per line.
const LINE_PAIR =
  /^([ \t]*(?:-[ \t]+)?["']?)([A-Za-z_][\w.-]*)(["']?(?:[ \t]*:[ \t]+|[ \t]+=[ \t]*|=[ \t]+))(?![|>][-+]?[ \t]*$)([^\s#](?:.*\S)?)(?=[ \t]*$)/gm

// Kubernetes and ECS env lists: `- name: DB_PASSWORD` then `value: x`.
const NAME_VALUE_LINES =
  /^([ \t]*(?:-[ \t]+)?name:[ \t]*["']?)([A-Za-z_][\w.-]*)(["']?[ \t]*\r?\n[ \t]*value:[ \t]+)(\S(?:.*\S)?)(?=[ \t]*$)/gm

function redactHeaderFlag(match: string, flag: string, separator: string, argument: string) {
  const { quote, inner } = unquote(argument)
  const header = /^([\w-]+)([ \t]*:[ \t]*)(.*)$/s.exec(inner)
  const [, name = '', colon = '', value = ''] = header ?? []
  if (!isSecretName(name)) return match
  return `${flag}${separator}${quote}${name}${colon}${redactHeaderValue(value)}${quote}`
}

function redactFlag(
  match: string,
  flag: string,
  attached: string | undefined,
  space: string | undefined,
  value: string | undefined,
): string {
  if (!isSecretFlag(flag)) return match
  return attached === undefined
    ? `${flag}${space ?? ''}${redactShellValue(value ?? '')}`
    : `${flag}=${redactShellValue(attached)}`
}

/** `text` with the secrets it carries replaced by REDACTED; other text is left as it was. */
function redactText(text: string): string {
  if (text.length < 6 || !TRIGGER.test(text)) return text
  let redacted = text
    .replace(PEM_PRIVATE_KEY, `$1${REDACTED}$2`)
    .replace(TOKEN_SHAPES, REDACTED)
    .replace(URL_CREDENTIALS, `$1${REDACTED}`)
    .replace(CURL_USER, `$1${REDACTED}`)
    .replace(HEADER_FLAG, redactHeaderFlag)
    .replace(
      AUTHORIZATION,
      (_match, prefix: string, scheme: string | undefined) => `${prefix}${scheme ?? ''}${REDACTED}`,
    )
    .replace(BEARER, `$1${REDACTED}`)
    // Before FLAG, which would read `-psecret` as a flag named for a secret.
    .replace(
      MYSQL_PASSWORD,
      (_match, prefix: string, value: string) => prefix + redactLiteral(value),
    )
    .replace(FLAG, redactFlag)
    .replace(ASSIGNMENT, (match, name: string, value: string) =>
      isSecretName(name) ? `${name}=${redactShellValue(value)}` : match,
    )
    .replace(URL_SIGNATURE, `$1${REDACTED}`)
    .replace(CONFIG_SET, (match, head: string, name: string, space: string, value: string) =>
      isSecretName(name) ? `${head}${name}${space}${redactLiteral(value)}` : match,
    )
    .replace(SECRET_COMMAND, (command) =>
      command.replace(
        SECRET_ARGUMENT,
        (_match, name: string, value: string) => name + redactLiteral(value),
      ),
    )
    .replace(GH_SECRET_BODY, (_match, head: string, value: string) => head + redactLiteral(value))
    .replace(JSON_PAIR, (match, name: string, colon: string, value: string) =>
      isSecretName(name) ? `"${name}"${colon}${redactLiteral(value)}` : match,
    )
    .replace(ESCAPED_JSON_PAIR, (match, name: string, colon: string, value: string) =>
      isSecretName(name) && value !== '' ? `\\"${name}\\"${colon}\\"${REDACTED}\\"` : match,
    )
  if (redacted.includes('\n')) {
    const redactLine = (
      match: string,
      head: string,
      name: string,
      separator: string,
      value: string,
    ) => (isSecretName(name) ? `${head}${name}${separator}${redactLiteral(value)}` : match)
    redacted = redacted.replace(LINE_PAIR, redactLine).replace(NAME_VALUE_LINES, redactLine)
  }
  return redacted
}

/** A value held under a secret name: replaced whole unless there is nothing in it. */
function redactSecretValue(value: unknown): unknown {
  if (typeof value === 'string') return value === '' ? value : REDACTED
  if (typeof value === 'number' || typeof value === 'bigint') return REDACTED
  if (typeof value === 'object' && value !== null) return REDACTED
  return value
}

// `{ name: 'DB_PASSWORD', value: 'x' }` (Kubernetes env, ECS, CloudFormation parameters).
const PAIR_NAME_KEYS = /^(?:name|key|parameterkey)$/i
const PAIR_VALUE_KEYS = /^(?:value|parametervalue)$/i

function hasSecretPairName(value: Readonly<Record<string, unknown>>): boolean {
  for (const [key, item] of Object.entries(value)) {
    if (PAIR_NAME_KEYS.test(key) && typeof item === 'string' && isSecretName(item)) return true
  }
  return false
}

function redactValue(value: unknown): unknown {
  if (typeof value === 'string') return redactText(value)
  if (typeof value !== 'object' || value === null) return value
  if (Array.isArray(value)) return value.map((item: unknown) => redactValue(item))
  const toJson: unknown = (value as { toJSON?: unknown }).toJSON
  if (typeof toJson === 'function') return redactValue(toJson.call(value))
  const record = value as Readonly<Record<string, unknown>>
  const secretPair = hasSecretPairName(record)
  const copy: Record<string, unknown> = {}
  for (const [key, item] of Object.entries(record)) {
    const redacted =
      isSecretName(key) || (secretPair && PAIR_VALUE_KEYS.test(key))
        ? redactSecretValue(item)
        : redactValue(item)
    if (key === '__proto__') {
      Object.defineProperty(copy, key, {
        value: redacted,
        enumerable: true,
        writable: true,
        configurable: true,
      })
    } else {
      copy[key] = redacted
    }
  }
  return copy
}

/**
 * A deep copy of JSON data with its secrets replaced by `[redacted]`, for everything that goes
 * into the audit: values under secret-named keys (`password`, `clientSecret`, `GITHUB_TOKEN`)
 * and, inside any string, credentials in assignments, flags, URLs and headers, and well-known
 * token shapes. Names, and text that only mentions secrets, stay as they were.
 */
export function redactSecrets<T>(value: T): T {
  return redactValue(value) as T
}
