import type { Effect } from '../../../model/effect.js'
import type { CommandRuleTable, ShellAnalyzer } from '../command-rule.js'
import { hasOption, optionValue, readArgs } from '../read-args.js'
import type { ShellCommand } from '../shell-command.js'
import { isInfrastructureContext, isProductionContext } from './production-context.js'
import { readEffect, ruleEffect } from './rule-effect.js'
import { judgeTaskName } from './task-name.js'

function taskEffects(
  command: ShellCommand,
  tasks: readonly string[],
  runner: string,
  directory?: string,
): Effect[] {
  const production = isProductionContext(command)
  const infrastructure = isInfrastructureContext(command, directory)
  if (tasks.length === 0) tasks = ['default']
  return tasks.map((task) => {
    const judged = judgeTaskName(task, { production, infrastructure })
    return ruleEffect(command, {
      system: 'process',
      verb: judged.opaque
        ? 'unknown'
        : judged.risk === 'safe'
          ? 'execute'
          : judged.risk === 'mutating'
            ? 'write'
            : 'delete',
      target: `${runner} ${task}`,
      scope: judged.risk === 'catastrophic' ? 'environment' : 'item',
      risk: judged.risk,
      opaque: judged.opaque,
      reason: `\`${runner}\` ${judged.reason}${production ? ' in production' : ''}`,
    })
  })
}

function analyzeMake(command: ShellCommand): Effect[] {
  const read = readArgs(command.args, {
    valued: [
      '-C',
      '--directory',
      '-f',
      '--file',
      '--makefile',
      '-j',
      '--jobs',
      '-l',
      '-o',
      '-W',
      '-I',
    ],
  })
  if (
    hasOption(
      read,
      '-n',
      '--dry-run',
      '--just-print',
      '--recon',
      '-q',
      '--question',
      '-p',
      '--print-data-base',
    )
  ) {
    return [readEffect(command, 'make', '`make -n` only prints what it would run')]
  }
  const targets = read.positionals.map((word) => word.value).filter((word) => !word.includes('='))
  return taskEffects(
    command,
    targets.length === 0 ? ['all'] : targets,
    'make',
    optionValue(read, '-C', '--directory'),
  )
}

const NPM_SAFE = new Set([
  'test',
  't',
  'tst',
  'ls',
  'list',
  'll',
  'la',
  'view',
  'info',
  'show',
  'v',
  'search',
  'outdated',
  'audit',
  'help',
  'version',
  'config',
  'get',
  'root',
  'prefix',
  'bin',
  'whoami',
  'ping',
  'doctor',
  'explain',
  'why',
  'query',
  'fund',
  'pack',
  'docs',
  'home',
  'repo',
  'bugs',
  'diff',
  'exec-check',
  'licenses',
])
const NPM_MUTATING = new Set([
  'install',
  'i',
  'in',
  'ci',
  'add',
  'update',
  'up',
  'upgrade',
  'uninstall',
  'remove',
  'rm',
  'un',
  'r',
  'link',
  'unlink',
  'dedupe',
  'prune',
  'rebuild',
  'init',
  'create',
  'set',
  'pkg',
  'shrinkwrap',
  'login',
  'logout',
  'import',
  'patch',
  'dlx',
  'deprecate',
  'unpublish',
  'publish',
  'version-bump',
])

// npm, yarn, pnpm and bun share a shape: `<tool> run <script>`, `<tool> <script>`, `<tool> install`.
function analyzePackageManager(command: ShellCommand, analyzer: ShellAnalyzer): Effect[] {
  const read = readArgs(command.args, {
    valued: ['--prefix', '-C', '--cwd', '--dir', '-w', '--workspace', '--filter', '-F'],
    stopAtPositional: true,
  })
  const [sub, ...rest] = read.rest.map((word) => word.value)
  if (sub === undefined)
    return [readEffect(command, command.name, `\`${command.name}\` prints help`)]
  if (sub === 'exec' || sub === 'x' || sub === 'dlx') {
    const words = read.rest.slice(1).filter((word) => word.value !== '--')
    return words.length === 0 ? [] : analyzer.analyzeArgv(words, command)
  }
  if (sub === 'run' || sub === 'run-script' || sub === 'rum' || sub === 'urn') {
    const script = rest.find((word) => !word.startsWith('-'))
    return script === undefined
      ? [readEffect(command, command.name, `\`${command.name} run\` lists scripts`)]
      : taskEffects(command, [script], `${command.name} run`)
  }
  if (NPM_SAFE.has(sub) || sub === 'start' || sub === 'stop' || sub === 'restart') {
    return [
      readEffect(command, sub, `\`${command.name} ${sub}\` runs tests or only reads package data`),
    ]
  }
  if (
    sub === 'cache' &&
    (rest[0] === 'clean' || rest[0] === 'clear' || rest[0] === 'verify' || rest[0] === 'ls')
  ) {
    return [
      readEffect(
        command,
        'cache',
        `\`${command.name} cache ${rest[0]}\` touches only the package cache`,
      ),
    ]
  }
  if (NPM_MUTATING.has(sub)) {
    return [
      ruleEffect(command, {
        system: 'package',
        verb: 'write',
        target: rest.join(' ') || 'dependencies',
        risk: 'mutating',
        reason: `\`${command.name} ${sub}\` changes installed packages`,
      }),
    ]
  }
  // `yarn build`, `pnpm lint`: scripts run by name.
  return taskEffects(command, [sub], command.name)
}

function analyzeNpx(command: ShellCommand, analyzer: ShellAnalyzer): Effect[] {
  const read = readArgs(command.args, {
    valued: ['-p', '--package', '-c', '--call'],
    stopAtPositional: true,
  })
  const call = optionValue(read, '-c', '--call')
  if (call !== undefined) return analyzer.analyzeScript(call, command)
  return read.rest.length === 0 ? [] : analyzer.analyzeArgv(read.rest, command)
}

const INSTALLERS_READ = new Set([
  'list',
  'show',
  'search',
  'info',
  'freeze',
  'check',
  'help',
  'version',
  'policy',
  'depends',
  'rdepends',
  'madison',
  'download',
  'inspect',
  'outdated',
  'audit',
  'tree',
  'query',
  'provides',
  'history',
  'doctor',
  'config',
  'env',
  'why',
  'lock',
  'metadata',
  'fetch',
  'verify',
  'test',
  'bench',
  'clippy',
  'doc',
  'fmt',
  'vet',
  'build',
  'check',
  'run',
  'compile',
  'package',
  'validate',
  'dependency:tree',
])

// Packages whose purge can take the data they manage with them.
const DATA_PACKAGES =
  /^(postgresql|mysql|mariadb|mongodb|redis|elasticsearch|opensearch|cassandra|etcd|docker|containerd|influxdb|clickhouse|rabbitmq|kafka)/

// pip, apt, cargo, go, gem, bundle…: looking is safe, installing changes the machine.
function analyzeInstaller(command: ShellCommand): Effect[] {
  const read = readArgs(command.args, {
    valued: [
      '-r',
      '--requirement',
      '-c',
      '--constraint',
      '-t',
      '--target',
      '--prefix',
      '-o',
      '-C',
      '--index-url',
      '-i',
      '--manifest-path',
      '-p',
      '--package',
    ],
    stopAtPositional: true,
  })
  const sub = read.rest[0]?.value
  if (sub === undefined || INSTALLERS_READ.has(sub))
    return [
      readEffect(
        command,
        command.name,
        `\`${command.name} ${sub ?? ''}\` only reads, builds or tests`,
      ),
    ]
  if (sub === 'purge' && command.args.some((word) => DATA_PACKAGES.test(word.value))) {
    return [
      ruleEffect(command, {
        system: 'package',
        verb: 'delete',
        target: command.args.map((word) => word.value).join(' '),
        risk: 'destructive',
        reason: `\`${command.name} purge\` removes a data service with its configuration and data`,
      }),
    ]
  }
  if (/^(purge|autoremove|remove|uninstall|erase|clean|autoclean|prune)$/.test(sub)) {
    return [
      ruleEffect(command, {
        system: 'package',
        verb: 'delete',
        target:
          read.rest
            .slice(1)
            .map((word) => word.value)
            .join(' ') || command.name,
        risk: 'mutating',
        reason: `\`${command.name} ${sub}\` removes packages, which can be reinstalled`,
      }),
    ]
  }
  return [
    ruleEffect(command, {
      system: 'package',
      verb: 'write',
      target:
        read.rest
          .slice(1)
          .map((word) => word.value)
          .join(' ') || command.name,
      risk: 'mutating',
      reason: `\`${command.name} ${sub}\` changes installed packages`,
    }),
  ]
}

// Task runners that take task names as positionals: rake, rails, just, task, invoke, mix, artisan.
function analyzeTaskRunner(command: ShellCommand): Effect[] {
  const read = readArgs(command.args, {
    valued: [
      '-f',
      '--file',
      '-C',
      '--directory',
      '-e',
      '--environment',
      '--justfile',
      '--dir',
      '-t',
      '--taskfile',
    ],
  })
  if (
    hasOption(read, '-T', '--tasks', '-l', '--list', '-n', '--dry-run', '--summary', '-h', '--help')
  ) {
    return [readEffect(command, command.name, `\`${command.name}\` only lists tasks`)]
  }
  const tasks = read.positionals.map((word) => word.value).filter((word) => !word.includes('='))
  return taskEffects(command, tasks, command.name, optionValue(read, '-C', '--directory', '--dir'))
}

// Gradle, Maven, sbt, dotnet, cargo make: build tools whose goals are task names.
function analyzeBuildTool(command: ShellCommand): Effect[] {
  const tasks = command.args
    .map((word) => word.value)
    .filter((word) => !word.startsWith('-') && !word.includes('='))
  return taskEffects(
    command,
    tasks.length === 0 ? ['build'] : tasks.map((task) => task.replace(/^.*:(?=[a-z]+$)/i, '')),
    command.name,
  )
}

/** Package managers, build tools and task runners. */
export const BUILD_TOOL_RULES: CommandRuleTable = {
  make: analyzeMake,
  gmake: analyzeMake,
  npm: analyzePackageManager,
  yarn: analyzePackageManager,
  pnpm: analyzePackageManager,
  bun: analyzePackageManager,
  npx: analyzeNpx,
  pnpx: analyzeNpx,
  bunx: analyzeNpx,
  pip: analyzeInstaller,
  pip3: analyzeInstaller,
  pipx: analyzeInstaller,
  uv: analyzeInstaller,
  poetry: analyzeInstaller,
  pdm: analyzeInstaller,
  conda: analyzeInstaller,
  apt: analyzeInstaller,
  'apt-get': analyzeInstaller,
  'apt-cache': analyzeInstaller,
  dpkg: analyzeInstaller,
  yum: analyzeInstaller,
  dnf: analyzeInstaller,
  apk: analyzeInstaller,
  brew: analyzeInstaller,
  pacman: analyzeInstaller,
  zypper: analyzeInstaller,
  snap: analyzeInstaller,
  cargo: analyzeInstaller,
  go: analyzeInstaller,
  gem: analyzeInstaller,
  bundle: analyzeInstaller,
  bundler: analyzeInstaller,
  composer: analyzeInstaller,
  rustup: analyzeInstaller,
  nvm: analyzeInstaller,
  rake: analyzeTaskRunner,
  rails: analyzeTaskRunner,
  just: analyzeTaskRunner,
  task: analyzeTaskRunner,
  invoke: analyzeTaskRunner,
  mix: analyzeTaskRunner,
  artisan: analyzeTaskRunner,
  'manage.py': analyzeTaskRunner,
  gradle: analyzeBuildTool,
  gradlew: analyzeBuildTool,
  mvn: analyzeBuildTool,
  mvnw: analyzeBuildTool,
  sbt: analyzeBuildTool,
  dotnet: analyzeBuildTool,
  tsc: (command) => [readEffect(command, 'tsc', '`tsc` type-checks and compiles')],
  jest: (command) => [readEffect(command, 'jest', '`jest` runs tests')],
  vitest: (command) => [readEffect(command, 'vitest', '`vitest` runs tests')],
  pytest: (command) => [readEffect(command, 'pytest', '`pytest` runs tests')],
  eslint: (command) => [readEffect(command, 'eslint', '`eslint` checks code')],
  prettier: (command) => [
    hasOption(readArgs(command.args), '--write', '-w')
      ? ruleEffect(command, {
          system: 'fs',
          verb: 'write',
          target: 'sources',
          risk: 'mutating',
          reason: '`prettier --write` reformats files',
        })
      : readEffect(command, 'prettier', '`prettier` checks formatting'),
  ],
}
