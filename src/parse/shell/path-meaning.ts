import { posix } from 'node:path'

import type { Risk } from '../../model/risk.js'

/** What a filesystem path stands for, which decides what deleting or overwriting it costs. */
export type PathClass =
  | 'device'
  | 'null-device'
  | 'filesystem-root'
  | 'home'
  | 'system'
  | 'database-data'
  | 'scratch'
  | 'regenerable'
  | 'data-file'
  | 'ordinary'
  | 'unknown'

/** A path resolved against the working directory, with its class. */
export interface PathMeaning {
  readonly path: string
  readonly class: PathClass
  /** True when the path names a whole tree root (`/srv`, `~`, `/var/lib/mysql`), or its contents (`/*`). */
  readonly isTreeRoot: boolean
}

const HOME = '~'

// Top-level folders whose loss takes a host down or wipes every service's data.
const SYSTEM_ROOTS = new Set([
  'bin',
  'boot',
  'data',
  'dev',
  'etc',
  'home',
  'lib',
  'lib32',
  'lib64',
  'libx32',
  'media',
  'mnt',
  'opt',
  'proc',
  'root',
  'run',
  'sbin',
  'snap',
  'srv',
  'sys',
  'usr',
  'var',
  'Users',
  'Library',
  'System',
  'Applications',
  'Volumes',
  'private',
])

const DATABASE_DATA_DIRS = new Set([
  'postgresql',
  'pgsql',
  'postgres',
  'mysql',
  'mariadb',
  'mongodb',
  'mongo',
  'redis',
  'docker',
  'containerd',
  'etcd',
  'cassandra',
  'elasticsearch',
  'opensearch',
  'kafka',
  'zookeeper',
  'influxdb',
  'clickhouse',
  'rabbitmq',
  'couchdb',
  'neo4j',
  'minio',
  'kubelet',
  'rancher',
])

// Folders and files that tools rebuild on their own: deleting them loses nothing.
const REGENERABLE_NAMES = new Set([
  'node_modules',
  'dist',
  'build',
  'out',
  'target',
  '__pycache__',
  '.pytest_cache',
  '.mypy_cache',
  '.ruff_cache',
  '.cache',
  '.next',
  '.nuxt',
  '.turbo',
  '.parcel-cache',
  '.svelte-kit',
  'coverage',
  '.nyc_output',
  '.gradle',
  '.tox',
  '.nox',
  '.eslintcache',
  '.sass-cache',
  '.angular',
  '.vite',
  '.terraform',
  '.serverless',
  'bower_components',
  '.docusaurus',
  '.expo',
  'htmlcov',
  '.hypothesis',
  'tmp',
  '.tmp',
  'temp',
  '.temp',
  'storybook-static',
  '.webpack',
  '.rollup.cache',
  'DerivedData',
])

const REGENERABLE_SUFFIXES = ['.pyc', '.pyo', '.o', '.class', '.tsbuildinfo', '.swp', '.egg-info']

const DATA_FILE_SUFFIXES = [
  '.db',
  '.sqlite',
  '.sqlite3',
  '.mdb',
  '.accdb',
  '.ldb',
  '.frm',
  '.ibd',
  '.wal',
  '.rdb',
  '.aof',
  '.csv',
  '.tsv',
  '.parquet',
  '.avro',
  '.jsonl',
  '.ndjson',
  '.xlsx',
  '.key',
  '.pem',
  '.p12',
  '.pfx',
  '.jks',
  '.keystore',
  '.kdbx',
  '.tfstate',
  '.env',
  '.dump',
  '.bak',
]

const DEVICE_PATTERN = /^\/dev\/(sd|hd|vd|xvd|nvme|mmcblk|md|dm-|loop|nbd|mapper\/|disk\/|rbd|zd)/

/**
 * Resolves a path against the working directory and classifies it. `~` and `$HOME` stand for
 * the home directory; a trailing `/*` names a folder's contents and keeps the folder's class.
 */
export function classifyPath(raw: string, cwd: string, dynamic = false): PathMeaning {
  const path = resolvePath(raw, cwd)
  if ((dynamic && /\$|`/.test(raw)) || path.includes('$(cd ')) {
    const known = knownPrefix(path)
    if (known === '' || known === '/') return { path, class: 'unknown', isTreeRoot: true }
    // Anything below a scratch folder stays scratch: `/tmp/build-$ID`.
    const below = path.length > known.length + 1 && !path.slice(known.length).includes('..')
    const scratch = classifyPath(known, cwd).class === 'scratch' && below
    return { path, class: scratch ? 'scratch' : 'unknown', isTreeRoot: false }
  }
  return classifyResolved(path)
}

function classifyResolved(path: string): PathMeaning {
  if (
    path === '/dev/null' ||
    path === '/dev/zero' ||
    path === '/dev/stdout' ||
    path === '/dev/stderr'
  )
    return { path, class: 'null-device', isTreeRoot: false }
  if (DEVICE_PATTERN.test(path)) return { path, class: 'device', isTreeRoot: true }
  const contents = path.endsWith('/*') || path.endsWith('/.*')
  const base = contents ? path.slice(0, path.lastIndexOf('/')) || '/' : path
  if (base === '/') return { path, class: 'filesystem-root', isTreeRoot: true }
  if (base === HOME || /^\/(home|Users)\/[^/]+$/.test(base) || base === '/root')
    return { path, class: 'home', isTreeRoot: true }
  const parts = base.split('/').filter((part) => part !== '')
  const name = parts.at(-1) ?? ''
  if (base.startsWith('/tmp/') || base.startsWith('/var/tmp/') || base.startsWith('/dev/shm/'))
    return { path, class: 'scratch', isTreeRoot: false }
  if (base === '/tmp' || base === '/var/tmp') return { path, class: 'scratch', isTreeRoot: true }
  if (base.startsWith('/') && parts.length === 1) {
    return { path, class: SYSTEM_ROOTS.has(name) ? 'system' : 'ordinary', isTreeRoot: true }
  }
  if (base.startsWith('/var/lib/') && parts.length >= 3 && DATABASE_DATA_DIRS.has(parts[2] ?? '')) {
    return { path, class: 'database-data', isTreeRoot: parts.length <= 4 }
  }
  if (isRegenerable(parts)) return { path, class: 'regenerable', isTreeRoot: false }
  if (
    base.startsWith('/') &&
    ['etc', 'usr', 'bin', 'sbin', 'lib', 'lib64', 'boot', 'var'].includes(parts[0] ?? '')
  ) {
    return {
      path,
      class: 'system',
      isTreeRoot: parts.length === 2 && isSystemTree(parts[0] ?? '', parts[1] ?? ''),
    }
  }
  if (
    DATA_FILE_SUFFIXES.some((suffix) => name.endsWith(suffix)) ||
    /(^|[-_.])(prod|production)([-_.]|$)/.test(name)
  )
    return { path, class: 'data-file', isTreeRoot: false }
  return { path, class: 'ordinary', isTreeRoot: contents }
}

// Second-level folders whose loss breaks the whole host: `/usr/lib`, `/var/lib`, `/boot/efi`.
function isSystemTree(top: string, second: string): boolean {
  if (top === 'usr')
    return [
      'bin',
      'lib',
      'lib32',
      'lib64',
      'libexec',
      'sbin',
      'share',
      'include',
      'local',
    ].includes(second)
  if (top === 'var') return second === 'lib'
  return top === 'boot'
}

// A path whose last meaningful part is a build or cache folder, or a compiled file pattern.
function isRegenerable(parts: readonly string[]): boolean {
  const name = parts.at(-1) ?? ''
  if (REGENERABLE_NAMES.has(name)) return true
  if (REGENERABLE_SUFFIXES.some((suffix) => name.endsWith(suffix))) return true
  // Contents of a regenerable folder (`dist/*`, `node_modules/.cache`).
  return parts.slice(0, -1).some((part) => REGENERABLE_NAMES.has(part))
}

/** Makes a path absolute against the working directory and folds `.`/`..`, keeping `~`. */
export function resolvePath(raw: string, cwd: string): string {
  let path = raw.replace(/^\$\{?HOME\}?(?=\/|$)/, HOME)
  if (path === HOME || path.startsWith(`${HOME}/`)) {
    const rest = posix.normalize(path.slice(1) || '/')
    return rest === '/' ? HOME : `${HOME}${rest.replace(/\/$/, '')}`
  }
  if (!path.startsWith('/')) path = `${cwd.replace(/\/$/, '')}/${path}`
  const normalized = posix.normalize(path)
  return normalized.length > 1 ? normalized.replace(/\/$/, '') : normalized
}

// The part of a resolved path before the first run-time expansion, cut back to a folder.
function knownPrefix(path: string): string {
  const cut = path.search(/\$|`/)
  const head = cut < 0 ? path : path.slice(0, cut)
  return (
    head.slice(0, head.lastIndexOf('/') + 1).replace(/\/$/, '') || (head.startsWith('/') ? '/' : '')
  )
}

/** The risk of deleting a path, recursively or not. */
export function riskOfDeleting(meaning: PathMeaning, recursive: boolean): Risk {
  switch (meaning.class) {
    case 'null-device':
    case 'scratch':
    case 'regenerable':
      return 'safe'
    case 'device':
      return 'catastrophic'
    case 'filesystem-root':
    case 'home':
    case 'system':
    case 'database-data':
      return meaning.isTreeRoot && recursive ? 'catastrophic' : 'destructive'
    case 'data-file':
    case 'ordinary':
    case 'unknown':
      return 'destructive'
  }
}

/** The risk of writing over a path whose current content is lost. */
export function riskOfOverwriting(meaning: PathMeaning): Risk {
  switch (meaning.class) {
    case 'null-device':
    case 'scratch':
    case 'regenerable':
      return 'safe'
    case 'device':
    case 'filesystem-root':
      return 'catastrophic'
    case 'home':
    case 'system':
    case 'database-data':
    case 'data-file':
      return 'destructive'
    case 'ordinary':
    case 'unknown':
      return 'mutating'
  }
}

/** A short phrase for reasons: "the home directory", "a database data directory". */
export function describePathClass(meaning: PathMeaning): string {
  switch (meaning.class) {
    case 'device':
      return 'a block device'
    case 'null-device':
      return 'a null device'
    case 'filesystem-root':
      return 'the filesystem root'
    case 'home':
      return 'a home directory'
    case 'system':
      return meaning.isTreeRoot ? 'a top-level system directory' : 'a system path'
    case 'database-data':
      return 'a database data directory'
    case 'scratch':
      return 'scratch space'
    case 'regenerable':
      return 'regenerable build output or cache'
    case 'data-file':
      return 'a data or secrets file'
    case 'ordinary':
      return meaning.isTreeRoot ? 'a directory tree' : 'a project path'
    case 'unknown':
      return 'a path only known at run time'
  }
}
