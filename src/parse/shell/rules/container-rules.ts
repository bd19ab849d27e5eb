import type { Effect } from '../../../model/effect.js'
import type { CommandRuleTable, ShellAnalyzer } from '../command-rule.js'
import { hasOption, readArgs } from '../read-args.js'
import type { ShellCommand } from '../shell-command.js'
import { opaqueEffect, readEffect, ruleEffect } from './rule-effect.js'

const DOCKER_GLOBAL_VALUED = [
  '-H',
  '--host',
  '--context',
  '-c',
  '--config',
  '-l',
  '--log-level',
  '--tlscacert',
  '--tlscert',
  '--tlskey',
]
const READ_ONLY = new Set([
  'ps',
  'images',
  'image-ls',
  'logs',
  'inspect',
  'version',
  'info',
  'stats',
  'top',
  'history',
  'events',
  'search',
  'port',
  'diff',
  'ls',
  'config',
  'help',
  'login',
  'logout',
  'context',
  'buildx-ls',
  'manifest',
  'scout',
  'sbom',
  'wait',
  'df',
  'cp-out',
  'save',
  'export',
  'show',
  'list',
])
const EXEC_VALUED = [
  '-e',
  '--env',
  '--env-file',
  '-u',
  '--user',
  '-w',
  '--workdir',
  '--detach-keys',
]

function containerEffect(
  command: ShellCommand,
  risk: Effect['risk'],
  verb: Effect['verb'],
  target: string,
  reason: string,
  dataLoss?: boolean,
): Effect {
  return ruleEffect(command, {
    system: 'container',
    verb,
    target,
    risk,
    reason,
    ...(dataLoss === undefined ? {} : { dataLoss }),
  })
}

// `docker exec [options] CONTAINER COMMAND…` runs the command inside the container.
function analyzeExec(
  command: ShellCommand,
  args: ShellCommand['args'],
  analyzer: ShellAnalyzer,
  tool: string,
): Effect[] {
  const read = readArgs(args, { valued: EXEC_VALUED, stopAtPositional: true })
  const [container, ...inner] = read.rest
  if (container === undefined || inner.length === 0)
    return [opaqueEffect(command, `\`${tool} exec\` names no command`)]
  return analyzer.analyzeArgv(inner, command, {
    host: `container/${container.value}`,
    cwd: '/',
    stdin: command.stdin,
  })
}

function analyzeCompose(
  command: ShellCommand,
  args: ShellCommand['args'],
  analyzer: ShellAnalyzer,
  tool: string,
): Effect[] {
  const read = readArgs(args, {
    valued: [
      '-f',
      '--file',
      '-p',
      '--project-name',
      '--profile',
      '--env-file',
      '--project-directory',
    ],
    stopAtPositional: true,
  })
  const [sub, ...rest] = read.rest
  const action = sub?.value ?? 'help'
  const sub_ = readArgs(rest, {
    valued: ['-t', '--timeout', '-e', '--env', '-u', '--user', '-w', '--workdir', '--scale'],
  })
  const volumes = hasOption(sub_, '-v', '--volumes')
  switch (action) {
    case 'down':
      return volumes
        ? [
            containerEffect(
              command,
              'destructive',
              'delete',
              'compose volumes',
              `\`${tool} down -v\` deletes the project's named volumes and their data`,
              true,
            ),
          ]
        : [
            containerEffect(
              command,
              'mutating',
              'stop',
              'compose project',
              `\`${tool} down\` stops and removes the project's containers; volumes are kept`,
            ),
          ]
    case 'rm':
      return volumes
        ? [
            containerEffect(
              command,
              'destructive',
              'delete',
              'compose volumes',
              `\`${tool} rm -v\` deletes anonymous volumes with the containers`,
              true,
            ),
          ]
        : [
            containerEffect(
              command,
              'mutating',
              'delete',
              'compose containers',
              `\`${tool} rm\` removes stopped containers`,
            ),
          ]
    case 'exec':
    case 'run': {
      const inner = readArgs(rest, {
        valued: [
          ...EXEC_VALUED,
          '--name',
          '--entrypoint',
          '-p',
          '--publish',
          '-v',
          '--volume',
          '-l',
          '--label',
        ],
        stopAtPositional: true,
      })
      const [service, ...words] = inner.rest
      if (service === undefined || words.length === 0)
        return [
          containerEffect(
            command,
            'mutating',
            'execute',
            service?.value ?? 'service',
            `\`${tool} ${action}\` starts a service container`,
          ),
        ]
      return analyzer.analyzeArgv(words, command, { host: `service/${service.value}`, cwd: '/' })
    }
    case 'ps':
    case 'logs':
    case 'config':
    case 'images':
    case 'ls':
    case 'top':
    case 'events':
    case 'port':
    case 'version':
      return [readEffect(command, action, `\`${tool} ${action}\` only reads`)]
    default:
      return [
        containerEffect(
          command,
          'mutating',
          'deploy',
          'compose project',
          `\`${tool} ${action}\` changes the running services`,
        ),
      ]
  }
}

function analyzeDocker(command: ShellCommand, analyzer: ShellAnalyzer): Effect[] {
  const global = readArgs(command.args, { valued: DOCKER_GLOBAL_VALUED, stopAtPositional: true })
  let [sub, ...rest] = global.rest
  // `docker container rm`, `docker image prune`: the object group comes first.
  let group = ''
  if (
    sub !== undefined &&
    [
      'container',
      'image',
      'volume',
      'network',
      'system',
      'builder',
      'buildx',
      'compose',
      'swarm',
      'service',
      'stack',
      'secret',
      'node',
      'plugin',
      'context',
      'pod',
      'machine',
    ].includes(sub.value)
  ) {
    group = sub.value
    ;[sub, ...rest] = rest
  }
  const action = sub?.value ?? 'help'
  if (group === 'compose')
    return analyzeCompose(
      command,
      sub === undefined ? [] : [sub, ...rest],
      analyzer,
      `${command.name} compose`,
    )
  const read = readArgs(rest, {
    valued: ['-f', '--filter', '--format', '-n', '--last', '-t', '--time', '--signal', '-s'],
  })
  const names = read.positionals.map((word) => word.value).join(' ') || group || 'objects'
  const force = hasOption(read, '-f', '--force')
  if (action === 'exec') return analyzeExec(command, rest, analyzer, command.name)
  if (READ_ONLY.has(action) || (group !== '' && ['ls', 'list', 'inspect'].includes(action))) {
    return [
      readEffect(
        command,
        names,
        `\`${command.name} ${group} ${action}\` only reads`.replace('  ', ' '),
      ),
    ]
  }
  if (group === 'volume' && (action === 'rm' || action === 'remove' || action === 'prune')) {
    return [
      containerEffect(
        command,
        'destructive',
        'delete',
        `volume ${names}`,
        `\`${command.name} volume ${action}\` deletes volumes and the data in them`,
        true,
      ),
    ]
  }
  if (group === 'system' && action === 'prune') {
    return [
      containerEffect(
        command,
        'destructive',
        'delete',
        'all unused objects',
        `\`${command.name} system prune\` deletes stopped containers, networks, images${hasOption(read, '--volumes') ? ' and volumes' : ''} for good${hasOption(read, '-a', '--all') ? ', including every unused image' : ''}`,
        true,
      ),
    ]
  }
  if (group === 'swarm' && action === 'leave' && force) {
    return [
      containerEffect(
        command,
        'destructive',
        'delete',
        'swarm',
        `\`${command.name} swarm leave --force\` drops the node and its state`,
        true,
      ),
    ]
  }
  if ((group === '' || group === 'container') && (action === 'rm' || action === 'remove')) {
    if (hasOption(read, '-v', '--volumes')) {
      return [
        containerEffect(
          command,
          'destructive',
          'delete',
          names,
          `\`${command.name} rm -v\` removes containers with their anonymous volumes`,
          true,
        ),
      ]
    }
    return [
      containerEffect(
        command,
        'mutating',
        'delete',
        names,
        `\`${command.name} rm\` removes containers; images and volumes are kept`,
      ),
    ]
  }
  if (group === 'stack' && (action === 'rm' || action === 'remove' || action === 'down')) {
    return [
      containerEffect(
        command,
        'destructive',
        'delete',
        names,
        `\`${command.name} stack rm\` removes every service of the stack`,
        true,
      ),
    ]
  }
  return [
    containerEffect(
      command,
      'mutating',
      action === 'stop' || action === 'kill' ? 'stop' : 'deploy',
      names,
      `\`${command.name} ${group ? `${group} ` : ''}${action}\` changes containers or images, which can be recreated`,
    ),
  ]
}

/** Docker, Podman and Compose. */
export const CONTAINER_RULES: CommandRuleTable = {
  docker: analyzeDocker,
  podman: analyzeDocker,
  nerdctl: analyzeDocker,
  'docker-compose': (command, analyzer) =>
    analyzeCompose(command, command.args, analyzer, 'docker-compose'),
  'podman-compose': (command, analyzer) =>
    analyzeCompose(command, command.args, analyzer, 'podman-compose'),
}
