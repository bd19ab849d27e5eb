import { isOn } from '../http-call/http-request.js'
import { splitName } from '../http-call/operation-name.js'
import { inferEnvironment, type InferredEnvironment } from '../infer-environment.js'
import { singularNoun } from '../shell/rules/cloud-wording.js'

/** One argument of a tool call, with its key split into words (`stack_name` → `stack name`). */
export interface ToolArgument {
  readonly key: string
  readonly words: readonly string[]
  readonly value: unknown
}

// Key words naming what a call acts on or where: their values reveal the environment.
const TARGET_WORDS = new Set([
  'name',
  'names',
  'id',
  'ids',
  'namespace',
  'ns',
  'environment',
  'env',
  'stage',
  'stack',
  'cluster',
  'project',
  'account',
  'org',
  'organization',
  'owner',
  'repo',
  'repository',
  'bucket',
  'database',
  'db',
  'branch',
  'workspace',
  'context',
  'table',
  'index',
  'service',
  'app',
  'application',
  'instance',
  'host',
  'hostname',
  'identifier',
  'arn',
  'deployment',
  'release',
  'volume',
  'directory',
  'dir',
  'workdir',
  'cwd',
  'profile',
  'subscription',
  'group',
  'resource',
  'target',
  'domain',
  'zone',
])

// Key words naming the things a call acts on, shown in reasons.
const NAME_WORDS = new Set([
  'name',
  'names',
  'id',
  'ids',
  'identifier',
  'arn',
  'bucket',
  'path',
  'paths',
  'branch',
  'ref',
  'tag',
  'key',
  'file',
])

// Key words of free text or code a call carries: never a target's name.
const CONTENT_WORDS = new Set([
  'sql',
  'query',
  'statement',
  'command',
  'cmd',
  'script',
  'code',
  'content',
  'body',
  'message',
  'title',
  'description',
  'text',
  'comment',
])

// Nouns whose names are paths.
const PATH_NOUNS = new Set(['file', 'directory', 'dir', 'folder', 'path', 'content'])

const MAX_DEPTH = 4

/** The top-level arguments of a call, keys split into words. */
export function readToolArguments(values: Readonly<Record<string, unknown>>): ToolArgument[] {
  return Object.entries(values).map(([key, value]) => ({ key, words: splitName(key), value }))
}

/** Strings of a value: itself, or the strings of an array. */
export function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  if (typeof value === 'number') return [String(value)]
  if (Array.isArray(value))
    return value.flatMap((item: unknown) =>
      typeof item === 'string' || typeof item === 'number' ? [String(item)] : [],
    )
  return []
}

/** The first argument whose key words pass the test. */
export function findArgument(
  args: readonly ToolArgument[],
  test: (words: readonly string[]) => boolean,
): ToolArgument | undefined {
  return args.find((arg) => test(arg.words))
}

/** True when an argument whose key words pass the test is switched on (`force: true`). */
export function hasFlag(
  args: readonly ToolArgument[],
  test: (words: readonly string[]) => boolean,
): boolean {
  return args.some((arg) => test(arg.words) && isOn(arg.value))
}

/** The key spelled as one lowercase word: `dry_run`, `dryRun` and `DryRun` give `dryrun`. */
export function joinedKey(words: readonly string[]): string {
  return words.join('')
}

function collectTargets(value: unknown, words: readonly string[], depth: number, out: string[]) {
  if (depth > MAX_DEPTH) return
  if (words.some((word) => TARGET_WORDS.has(word))) out.push(...stringsOf(value))
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    for (const [key, member] of Object.entries(value as Record<string, unknown>))
      collectTargets(member, splitName(key), depth + 1, out)
  }
}

/**
 * The environment the arguments name: values of target-like keys (`namespace`, `stack_name`,
 * `working_directory`, `variables.environment`), never free text such as a title or a body.
 */
export function inferArgumentsEnvironment(
  args: readonly ToolArgument[],
): InferredEnvironment | undefined {
  const names: string[] = []
  for (const arg of args) collectTargets(arg.value, arg.words, 0, names)
  return inferEnvironment(names)
}

/** The hosted repository the arguments name (`owner` and `repo` read as `owner/repo`). */
export function repositoryOf(args: readonly ToolArgument[]): string | undefined {
  const owner = findArgument(args, (words) => joinedKey(words) === 'owner')?.value
  const repo = findArgument(args, (words) =>
    ['repo', 'repository'].includes(joinedKey(words)),
  )?.value
  if (typeof repo !== 'string') return undefined
  return typeof owner === 'string' ? `${owner}/${repo}` : repo
}

/**
 * The names of what a call acts on, for reasons: values of keys naming the object
 * (`stack_name` for a stack) or, failing those, of identifying keys (`name`, `id`, `path`). The
 * repository is its own name only when it is the object.
 */
export function targetNames(args: readonly ToolArgument[], noun: string): string[] {
  if (noun === 'repository' || noun === 'repo') {
    const repository = repositoryOf(args)
    if (repository !== undefined) return [repository]
  }
  const named = args.filter((arg) => !arg.words.some((word) => CONTENT_WORDS.has(word)))
  // A move or copy names its file by where it comes from and where it goes.
  const wanted = PATH_NOUNS.has(noun)
    ? ['path', 'paths', 'file', 'filepath', 'filename', 'source', 'destination', 'src', 'dest']
    : [noun]
  const forNoun =
    noun === ''
      ? []
      : named.filter(
          (arg) =>
            arg.words.some(
              (word) => wanted.includes(singularNoun(word)) || wanted.includes(word),
            ) && !['repo', 'repository', 'owner'].includes(joinedKey(arg.words)),
        )
  const chosen =
    forNoun.length > 0 ? forNoun : named.filter((arg) => NAME_WORDS.has(arg.words.at(-1) ?? ''))
  return chosen.flatMap((arg) => stringsOf(arg.value))
}
