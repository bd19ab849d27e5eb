import { posix } from 'node:path'

import type { Action } from '../model/action.js'
import type { Analysis } from '../model/analysis.js'
import type { EnvironmentConfig, EnvironmentMatch } from '../model/gateway-config.js'

type MatchKey = keyof EnvironmentMatch

/** What an action reveals about where it lands, per kind of evidence. */
type Facts = Record<MatchKey | 'names', Set<string>>

const MATCH_KEYS: readonly MatchKey[] = [
  'awsAccounts',
  'awsRegions',
  'awsProfiles',
  'kubeContexts',
  'kubeNamespaces',
  'terraformWorkspaces',
  'terraformDirs',
  'databaseHosts',
  'mcpServers',
  'urlHosts',
  'paths',
]

const DIRECTORY_KEYS = new Set<MatchKey>(['paths', 'terraformDirs'])

const KUBE_TOOLS = new Set([
  'kubectl',
  'oc',
  'helm',
  'kubectx',
  'kubens',
  'k9s',
  'stern',
  'kustomize',
])
const TERRAFORM_TOOLS = new Set(['terraform', 'tofu', 'terragrunt'])
const DATABASE_CLIENTS = new Set([
  'psql',
  'pg_dump',
  'pg_dumpall',
  'pg_restore',
  'pgbench',
  'vacuumdb',
  'reindexdb',
  'createdb',
  'dropdb',
  'mysql',
  'mysqldump',
  'mysqladmin',
  'mariadb',
  'mariadb-dump',
  'redis-cli',
  'mongo',
  'mongosh',
  'mongodump',
  'mongorestore',
  'clickhouse-client',
  'cqlsh',
])
const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'ash'])

/** Environment variables that name where a command lands. */
const VARIABLE_FACTS: Readonly<Record<string, MatchKey>> = {
  AWS_PROFILE: 'awsProfiles',
  AWS_DEFAULT_PROFILE: 'awsProfiles',
  AWS_REGION: 'awsRegions',
  AWS_DEFAULT_REGION: 'awsRegions',
  TF_WORKSPACE: 'terraformWorkspaces',
  PGHOST: 'databaseHosts',
  MYSQL_HOST: 'databaseHosts',
}

const DATABASE_SCHEMES =
  /^(postgres|postgresql|mysql|mariadb|mongodb|mongodb\+srv|redis|rediss|sqlserver|mssql|clickhouse|cockroachdb)$/i
const WEB_SCHEMES = /^(https?|wss?)$/i
// arn:aws:iam::123456789012:role/x → account 123456789012; arn:aws:rds:eu-west-1:… → region too.
const ARN = /\barn:aws[\w-]*:[\w-]*:([a-z0-9-]*):(\d{12}):/g
// postgres://user:pw@db1.prod.internal:5432/app → scheme postgres, host db1.prod.internal
const URL_HOST = /\b([a-z][a-z0-9+.-]*):\/\/(?:[^\s@/'"`]*@)?(\[[^\]\s]*\]|[^\s:/?#'"`,;)]+)/gi
// ec2.eu-west-1.amazonaws.com → eu-west-1
const AWS_ENDPOINT_REGION = /\.([a-z]{2}(?:-gov)?-[a-z]+-\d)\.amazonaws\.com(?:\.cn)?$/i
const KUBE_API_NAMESPACE = /\/namespaces\/([^/?#\s]+)/
const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s
const MAX_NESTING = 3

function emptyFacts(): Facts {
  return Object.fromEntries(
    [...MATCH_KEYS, 'names'].map((key) => [key, new Set<string>()]),
  ) as unknown as Facts
}

function add(facts: Facts, key: MatchKey | 'names', value: string | undefined): void {
  const trimmed = value?.trim()
  if (trimmed !== undefined && trimmed !== '') facts[key].add(trimmed)
}

function resolveDirectory(base: string | undefined, path: string): string | undefined {
  if (path.startsWith('/')) return posix.normalize(path)
  if (base === undefined || !base.startsWith('/') || /^[~$]/.test(path)) return undefined
  return posix.join(base, path)
}

/** Facts any text can carry: account ids and regions in ARNs, hosts in URLs. */
function scanText(text: string, facts: Facts): void {
  for (const [, region, account] of text.matchAll(ARN)) {
    add(facts, 'awsAccounts', account)
    add(facts, 'awsRegions', region)
  }
  for (const [, scheme = '', host = ''] of text.matchAll(URL_HOST)) {
    const name = host.toLowerCase()
    if (DATABASE_SCHEMES.test(scheme)) add(facts, 'databaseHosts', name)
    if (WEB_SCHEMES.test(scheme)) {
      add(facts, 'urlHosts', name)
      add(facts, 'awsRegions', AWS_ENDPOINT_REGION.exec(name)?.[1])
    }
  }
}

/**
 * Splits a command line into simple commands of unquoted words: `a 'b c' && d` gives
 * `[['a', 'b c'], ['d']]`. Enough for reading a few flags; not a shell parser.
 */
function splitCommands(text: string): string[][] {
  const commands: string[][] = []
  let words: string[] = []
  let word: string | undefined
  const endWord = (): void => {
    if (word !== undefined) words.push(word)
    word = undefined
  }
  const endCommand = (): void => {
    endWord()
    if (words.length > 0) commands.push(words)
    words = []
  }
  for (let i = 0; i < text.length; i++) {
    const char = text.charAt(i)
    if (char === "'") {
      const end = text.indexOf("'", i + 1)
      const stop = end < 0 ? text.length : end
      word = (word ?? '') + text.slice(i + 1, stop)
      i = stop
    } else if (char === '"') {
      let value = ''
      i++
      while (i < text.length && text.charAt(i) !== '"') {
        if (text.charAt(i) === '\\' && i + 1 < text.length) i++
        value += text.charAt(i)
        i++
      }
      word = (word ?? '') + value
    } else if (char === '\\') {
      if (text.charAt(i + 1) !== '\n') word = (word ?? '') + text.charAt(i + 1)
      i++
    } else if (char === '#' && word === undefined) {
      const end = text.indexOf('\n', i)
      i = end < 0 ? text.length : end - 1
    } else if (/[;&|()`\n]/.test(char) || (char === '$' && text.charAt(i + 1) === '(')) {
      endCommand()
    } else if (/[\s<>]/.test(char)) {
      endWord()
    } else {
      word = (word ?? '') + char
    }
  }
  endCommand()
  return commands
}

function baseName(word: string): string {
  return word.slice(word.lastIndexOf('/') + 1)
}

/** The value of `--name value` or `--name=value` at `index`, if the word there is that flag. */
function flagValue(
  words: readonly string[],
  index: number,
  names: readonly string[],
): string | undefined {
  const word = words[index] ?? ''
  for (const name of names) {
    if (word === name) return words[index + 1]
    if (word.startsWith(`${name}=`)) return word.slice(name.length + 1)
  }
  return undefined
}

/** The first operand after `index`, skipping flags. */
function operandAfter(words: readonly string[], index: number): string | undefined {
  return words.slice(index + 1).find((word) => !word.startsWith('-'))
}

/** Reads the flags of one simple command; returns the working directory after it runs. */
function readCommand(
  words: readonly string[],
  cwd: string | undefined,
  facts: Facts,
  depth: number,
): string | undefined {
  const names = words.map(baseName)
  const kube = names.some((name) => KUBE_TOOLS.has(name))
  const terraform = names.some((name) => TERRAFORM_TOOLS.has(name))
  const database = names.some((name) => DATABASE_CLIENTS.has(name))
  let chdir: string | undefined
  words.forEach((word, index) => {
    const assignment = ASSIGNMENT.exec(word)
    const variable = assignment === null ? undefined : VARIABLE_FACTS[assignment[1] ?? '']
    if (variable !== undefined) add(facts, variable, assignment?.[2])
    add(facts, 'awsProfiles', flagValue(words, index, ['--profile']))
    add(facts, 'awsRegions', flagValue(words, index, ['--region']))
    add(
      facts,
      'kubeContexts',
      flagValue(words, index, kube ? ['--kube-context', '--context'] : ['--kube-context']),
    )
    if (kube) {
      add(facts, 'kubeNamespaces', flagValue(words, index, ['-n', '--namespace']))
      if (/^-n[^-=]/.test(word)) add(facts, 'kubeNamespaces', word.slice(2))
      if (word === 'use-context') add(facts, 'kubeContexts', operandAfter(words, index))
      if (names[index] === 'kubectx') add(facts, 'kubeContexts', operandAfter(words, index))
      if (names[index] === 'kubens') add(facts, 'kubeNamespaces', operandAfter(words, index))
    }
    if (terraform) {
      if (word.startsWith('-chdir=')) chdir = word.slice('-chdir='.length)
      const next = words[index + 1]
      if (word === 'workspace' && (next === 'select' || next === 'new')) {
        add(facts, 'terraformWorkspaces', operandAfter(words, index + 1))
      }
    }
    if (database) {
      add(facts, 'databaseHosts', flagValue(words, index, ['-h', '--host']))
      if (/^-h[^-=]/.test(word)) add(facts, 'databaseHosts', word.slice(2))
      // psql "host=db1.prod.internal dbname=app"
      for (const [, host] of word.matchAll(/(?:^|\s)host=(\S+)/g)) add(facts, 'databaseHosts', host)
    }
    if (depth < MAX_NESTING && SHELLS.has(names[index] ?? '')) {
      const flag = words.slice(index + 1).findIndex((w) => /^-[a-z]*c[a-z]*$/.test(w))
      const script = flag < 0 ? undefined : words[index + 2 + flag]
      if (script !== undefined) readShell(script, cwd, facts, depth + 1)
    }
  })
  if (terraform)
    add(facts, 'terraformDirs', chdir === undefined ? cwd : resolveDirectory(cwd, chdir))
  const command = words.find((word) => !ASSIGNMENT.test(word))
  if (command === 'cd' || command === 'pushd') {
    const target = operandAfter(words, words.indexOf(command))
    return target === undefined ? undefined : resolveDirectory(cwd, target)
  }
  return cwd
}

/** Facts of a shell command line: its flags, the variables it sets, the directories it enters. */
function readShell(text: string, cwd: string | undefined, facts: Facts, depth = 0): void {
  let directory = cwd
  add(facts, 'paths', directory)
  for (const words of splitCommands(text)) {
    directory = readCommand(words, directory, facts, depth)
    add(facts, 'paths', directory)
  }
  scanText(text, facts)
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Plan or tool-argument names that say where something lands, and the fact each gives. */
const NAMED_FACTS: readonly (readonly [RegExp, MatchKey | 'names'])[] = [
  [/^(env|environment|stage|tier|deployment_environment)$/i, 'names'],
  [/^(env|environment|stage|workspace|tf_workspace|terraform_workspace)$/i, 'terraformWorkspaces'],
  [/^(aws_)?region$/i, 'awsRegions'],
  [/^(aws_)?profile$/i, 'awsProfiles'],
  [/^(aws_)?account(_?id)?$/i, 'awsAccounts'],
  [/^(kube_?)?context$/i, 'kubeContexts'],
  [/^(kube_?)?namespace$/i, 'kubeNamespaces'],
  [/^(db_|database_)?host(name)?$/i, 'databaseHosts'],
  [/^(path|cwd|dir|directory|working_?directory)$/i, 'paths'],
]

// Where a move or copy takes a file from and puts it: paths when they look like one.
const FILE_ENDS = /^(source|destination|src|dest|from|to)(_?path)?$|^file_?path$/i

function readNamed(values: Record<string, unknown>, facts: Facts): void {
  for (const [name, value] of Object.entries(values)) {
    if (typeof value !== 'string') continue
    for (const [pattern, key] of NAMED_FACTS) {
      if (!pattern.test(name)) continue
      if (key === 'paths') add(facts, key, resolveDirectory(undefined, value))
      else add(facts, key, value)
    }
    if (FILE_ENDS.test(name) && value.includes('/')) {
      add(facts, 'paths', resolveDirectory(undefined, value))
    }
  }
}

function readPlan(plan: unknown, facts: Facts): void {
  if (!isRecord(plan)) return
  const variables = isRecord(plan.variables) ? plan.variables : {}
  readNamed(
    Object.fromEntries(
      Object.entries(variables).map(([name, variable]) => [
        name,
        isRecord(variable) ? variable.value : undefined,
      ]),
    ),
    facts,
  )
  const configuration = isRecord(plan.configuration) ? plan.configuration : {}
  const providers = isRecord(configuration.provider_config) ? configuration.provider_config : {}
  for (const provider of Object.values(providers)) {
    const expressions =
      isRecord(provider) && isRecord(provider.expressions) ? provider.expressions : {}
    readNamed(
      Object.fromEntries(
        Object.entries(expressions).map(([name, expression]) => [
          name,
          isRecord(expression) ? expression.constant_value : undefined,
        ]),
      ),
      facts,
    )
    scanText(JSON.stringify(expressions), facts)
  }
}

function readMcpArguments(values: Readonly<Record<string, unknown>>, facts: Facts): void {
  readNamed(values, facts)
  for (const [name, value] of Object.entries(values)) {
    if (typeof value === 'string' && /^(command|cmd|script)$/i.test(name))
      readShell(value, undefined, facts)
  }
  scanText(JSON.stringify(values), facts)
}

function readAction(action: Action, facts: Facts): void {
  switch (action.kind) {
    case 'shell':
      readShell(action.command, action.cwd, facts)
      return
    case 'sql':
      return
    case 'terraform-plan':
      readPlan(action.plan, facts)
      return
    case 'mcp':
      add(facts, 'mcpServers', action.server)
      readMcpArguments(action.arguments, facts)
      return
    case 'http':
      scanText(action.url, facts)
      add(facts, 'kubeNamespaces', KUBE_API_NAMESPACE.exec(action.url)?.[1])
      if (action.body !== undefined) {
        for (const [, region, account] of (typeof action.body === 'string'
          ? action.body
          : JSON.stringify(action.body)
        ).matchAll(ARN)) {
          add(facts, 'awsAccounts', account)
          add(facts, 'awsRegions', region)
        }
      }
      return
  }
}

/** Facts in effect targets: `k8s:payments/deployment/api`, `terraform:/srv/infra`, `/srv/prod/x`. */
function readEffects(analysis: Analysis, cwd: string | undefined, facts: Facts): void {
  for (const effect of analysis.effects) {
    const { target, source } = effect
    scanText(target, facts)
    if (target.startsWith('k8s:')) {
      const [namespace, kind, name] = target.slice('k8s:'.length).split('/')
      add(facts, 'kubeNamespaces', namespace === '' && kind === 'namespace' ? name : namespace)
    } else if (target.startsWith('terraform:')) {
      const directory = resolveDirectory(cwd, target.slice('terraform:'.length))
      add(facts, 'terraformDirs', directory)
      add(facts, 'paths', directory)
    } else if (target.startsWith('/')) {
      add(facts, 'paths', posix.normalize(target))
    }
    if (source !== '') readShell(source, cwd, facts)
  }
}

function collectFacts(action: Action, analysis: Analysis): Facts {
  const facts = emptyFacts()
  readAction(action, facts)
  readEffects(analysis, action.kind === 'shell' ? action.cwd : undefined, facts)
  return facts
}

function trimSlashes(path: string): string {
  const normal = posix.normalize(path)
  return normal.length > 1 ? normal.replace(/\/+$/, '') : normal
}

/**
 * `/srv/prod` covers `/srv/prod` and `/srv/prod/app`, not `/srv/production`; a relative
 * `infra/prod` covers `/home/x/repo/infra/prod/modules` wherever it is checked out.
 */
function isUnder(path: string, pattern: string): boolean {
  const value = trimSlashes(path)
  const prefix = trimSlashes(pattern)
  if (prefix.startsWith('/')) {
    return prefix === '/' || value === prefix || value.startsWith(`${prefix}/`)
  }
  return `${value}/`.includes(`/${prefix}/`)
}

/** `*.prod.example.com` matches `api.prod.example.com` and `a.b.prod.example.com`, not `prod.example.com`. */
// Compiled once per pattern; patterns come from the configuration, so the set stays small.
const GLOBS = new Map<string, RegExp>()

function isGlobMatch(value: string, pattern: string): boolean {
  if (!pattern.includes('*')) return value.toLowerCase() === pattern.toLowerCase()
  let glob = GLOBS.get(pattern)
  if (glob === undefined) {
    const source = pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.+')
    glob = new RegExp(`^${source}$`, 'i')
    GLOBS.set(pattern, glob)
  }
  return glob.test(value)
}

function matchesFacts(environment: EnvironmentConfig, facts: Facts): boolean {
  const name = environment.name.toLowerCase()
  if ([...facts.names].some((value) => value.toLowerCase() === name)) return true
  return MATCH_KEYS.some((key) => {
    const patterns = environment.match[key] ?? []
    const values = [...facts[key]]
    const test = DIRECTORY_KEYS.has(key) ? isUnder : isGlobMatch
    return patterns.some((pattern) => values.some((value) => test(value, pattern)))
  })
}

/**
 * Which configured environment an action lands in: the one the action names explicitly, else
 * the one whose `match` rules its facts meet (profiles, regions, ARNs, kube contexts and
 * namespaces, Terraform directories and workspaces, database and URL hosts, paths, MCP servers).
 * When several match, the production one wins, and a production match also overrides an
 * explicit non-production name: a wrong label never lowers the guard. Undefined when none match.
 */
export function recogniseEnvironment(
  action: Action,
  analysis: Analysis,
  environments: readonly EnvironmentConfig[],
): EnvironmentConfig | undefined {
  const explicit =
    action.environment === undefined
      ? undefined
      : environments.find((environment) => environment.name === action.environment)
  if (explicit?.production === true) return explicit
  const facts = collectFacts(action, analysis)
  const matched = environments.filter((environment) => matchesFacts(environment, facts))
  // INVARIANT: fail closed; evidence of production beats a non-production label or match.
  return matched.find((environment) => environment.production) ?? explicit ?? matched[0]
}
