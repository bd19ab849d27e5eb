import type { McpToolAnnotations, SqlDialect } from '../../model/action.js'
import type { EffectSystem } from '../../model/effect.js'
import { splitName } from '../http-call/operation-name.js'
import { inferEnvironment, type InferredEnvironment } from '../infer-environment.js'
import {
  findArgument,
  inferArgumentsEnvironment,
  joinedKey,
  readToolArguments,
  type ToolArgument,
} from './tool-arguments.js'

/** A call of an MCP tool as the analyser reads it. */
export interface McpCall {
  readonly server: string
  readonly tool: string
  readonly arguments: Readonly<Record<string, unknown>>
  readonly annotations?: McpToolAnnotations | undefined
}

/** Everything about a tool call that its judgement draws on. */
export interface McpCallContext {
  readonly server: string
  readonly tool: string
  /** `` `server/tool` ``, for reasons. */
  readonly shown: string
  readonly toolWords: readonly string[]
  readonly serverWords: readonly string[]
  /** Words of the tool and the server together. */
  readonly words: ReadonlySet<string>
  readonly args: readonly ToolArgument[]
  readonly annotations: McpToolAnnotations | undefined
  /** The environment named on the action, as given. */
  readonly givenEnvironment: string | undefined
  /** The environment class: the given one, else what the target arguments name. */
  readonly environment: InferredEnvironment | undefined
  /** The tool drives Kubernetes (kubectl, helm, a kubernetes server). */
  readonly kubernetes: boolean
  /** The tool works on a hosted git repository, where a removal is a commit. */
  readonly gitHost: boolean
  /** The tool talks to a database. */
  readonly database: boolean
  readonly dialect: SqlDialect
  readonly system: EffectSystem
  /** The command-line program the tool wraps, when its name says (`terraform`, `redis-cli`). */
  readonly cli: string | undefined
  /** The working directory for embedded commands and relative paths. */
  readonly cwd: string
}

const KUBERNETES_WORDS = ['kubectl', 'kubernetes', 'k8s', 'kube', 'openshift', 'helm']
const GIT_HOST_WORDS = ['github', 'gitlab', 'bitbucket', 'gitea', 'codeberg', 'gh']
const DATABASE_WORDS = [
  'sql',
  'postgres',
  'postgresql',
  'pg',
  'psql',
  'mysql',
  'mariadb',
  'sqlite',
  'sqlite3',
  'db',
  'database',
  'supabase',
  'neon',
  'cockroach',
  'cockroachdb',
  'timescale',
  'planetscale',
  'turso',
  'libsql',
  'd1',
  'redshift',
  'mssql',
]
const MYSQL_WORDS = ['mysql', 'mariadb', 'planetscale', 'tidb', 'vitess']
const SQLITE_WORDS = ['sqlite', 'sqlite3', 'turso', 'libsql', 'd1']
const CLOUD_WORDS = [
  'aws',
  'gcp',
  'gcloud',
  'google',
  'azure',
  'az',
  'cloudformation',
  'ec2',
  's3',
  'rds',
  'lambda',
  'digitalocean',
  'heroku',
  'cloudflare',
]

// Tool or server words that name a command-line program, and the program's name.
const CLI_PROGRAMS: Readonly<Record<string, string>> = {
  terraform: 'terraform',
  tf: 'terraform',
  opentofu: 'tofu',
  tofu: 'tofu',
  kubectl: 'kubectl',
  kubernetes: 'kubectl',
  k8s: 'kubectl',
  helm: 'helm',
  docker: 'docker',
  podman: 'podman',
  redis: 'redis-cli',
  aws: 'aws',
  gcloud: 'gcloud',
  gcp: 'gcloud',
  az: 'az',
  azure: 'az',
  git: 'git',
  pulumi: 'pulumi',
  ansible: 'ansible',
  eksctl: 'eksctl',
  gh: 'gh',
}

function dialectOf(args: readonly ToolArgument[], words: ReadonlySet<string>): SqlDialect {
  const named = findArgument(args, (key) =>
    ['dialect', 'engine', 'driver', 'dbtype', 'databasetype'].includes(joinedKey(key)),
  )?.value
  const given = typeof named === 'string' ? splitName(named) : []
  const all = [...given, ...words]
  if (all.some((word) => MYSQL_WORDS.includes(word))) return 'mysql'
  if (all.some((word) => SQLITE_WORDS.includes(word))) return 'sqlite'
  return 'postgres'
}

function systemOf(context: {
  kubernetes: boolean
  gitHost: boolean
  database: boolean
  words: ReadonlySet<string>
}): EffectSystem {
  if (context.kubernetes) return 'k8s'
  if (context.gitHost) return 'git'
  if (context.database) return 'database'
  const has = (list: readonly string[]) => list.some((word) => context.words.has(word))
  if (has(CLOUD_WORDS)) return 'cloud'
  if (has(['terraform', 'tf', 'tofu', 'opentofu', 'pulumi', 'cdk'])) return 'iac'
  if (has(['docker', 'podman', 'container', 'containers'])) return 'container'
  if (has(['filesystem', 'fs', 'file', 'files', 'directory'])) return 'fs'
  if (has(['shell', 'terminal', 'bash', 'command'])) return 'shell'
  return 'network'
}

function cwdOf(args: readonly ToolArgument[]): string {
  const cwd = findArgument(args, (key) =>
    ['cwd', 'workdir', 'workingdirectory', 'workingdir', 'currentdirectory'].includes(
      joinedKey(key),
    ),
  )?.value
  return typeof cwd === 'string' && cwd.startsWith('/') ? cwd : '/'
}

/** Reads a tool call into the context its judgement needs. */
export function readMcpCallContext(call: McpCall, environment: string | undefined): McpCallContext {
  const toolWords = splitName(call.tool)
  const serverWords = splitName(call.server)
  const words = new Set([...toolWords, ...serverWords])
  const args = readToolArguments(call.arguments)
  const has = (list: readonly string[]) => list.some((word) => words.has(word))
  const kubernetes = has(KUBERNETES_WORDS)
  const gitHost =
    has(GIT_HOST_WORDS) ||
    (findArgument(args, (key) => joinedKey(key) === 'owner') !== undefined &&
      findArgument(args, (key) => ['repo', 'repository'].includes(joinedKey(key))) !== undefined)
  const database = has(DATABASE_WORDS)
  const flags = { kubernetes, gitHost, database, words }
  const cli = [...toolWords, ...serverWords].map((word) => CLI_PROGRAMS[word]).find(Boolean)
  return {
    server: call.server,
    tool: call.tool,
    shown: `\`${call.server}/${call.tool}\``,
    toolWords,
    serverWords,
    words,
    args,
    annotations: call.annotations,
    givenEnvironment: environment,
    environment:
      environment === undefined ? inferArgumentsEnvironment(args) : inferEnvironment([environment]),
    kubernetes,
    gitHost,
    database,
    dialect: dialectOf(args, words),
    system: systemOf(flags),
    cli,
    cwd: cwdOf(args),
  }
}
