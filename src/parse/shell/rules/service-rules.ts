import type { Effect } from '../../../model/effect.js'
import type { CommandRuleTable, ShellAnalyzer } from '../command-rule.js'
import { hasOption, readArgs } from '../read-args.js'
import type { ShellCommand } from '../shell-command.js'
import { opaqueEffect, readEffect, ruleEffect } from './rule-effect.js'

const SYSTEMCTL_READ = new Set([
  'status',
  'show',
  'cat',
  'is-active',
  'is-enabled',
  'is-failed',
  'is-system-running',
  'list-units',
  'list-unit-files',
  'list-timers',
  'list-sockets',
  'list-dependencies',
  'list-jobs',
  'help',
  'get-default',
  'show-environment',
])

function serviceEffect(
  command: ShellCommand,
  verb: Effect['verb'],
  target: string,
  reason: string,
): Effect {
  return ruleEffect(command, { system: 'service', verb, target, risk: 'mutating', reason })
}

function analyzeSystemctl(command: ShellCommand): Effect[] {
  const read = readArgs(command.args, {
    valued: [
      '-H',
      '--host',
      '-M',
      '--machine',
      '-t',
      '--type',
      '--state',
      '-p',
      '--property',
      '-n',
      '--lines',
      '-o',
      '--output',
    ],
  })
  const [verb, ...units] = read.positionals.map((word) => word.value)
  if (verb === undefined || SYSTEMCTL_READ.has(verb))
    return [
      readEffect(command, units.join(' ') || 'units', `\`systemctl ${verb ?? ''}\` only reads`),
    ]
  if (
    ['poweroff', 'halt', 'reboot', 'kexec', 'suspend', 'hibernate', 'rescue', 'emergency'].includes(
      verb,
    )
  ) {
    return [
      serviceEffect(command, 'stop', 'host', `\`systemctl ${verb}\` takes the whole host down`),
    ]
  }
  return [
    serviceEffect(
      command,
      verb.startsWith('stop') || verb === 'kill' || verb === 'disable' || verb === 'mask'
        ? 'stop'
        : 'restart',
      units.join(' '),
      `\`systemctl ${verb}\` changes the state of \`${units.join(' ')}\`, which can be reverted`,
    ),
  ]
}

function analyzeService(command: ShellCommand): Effect[] {
  const [unit, verb] = command.args.map((word) => word.value)
  if (verb === undefined || verb === 'status' || unit === '--status-all')
    return [readEffect(command, unit ?? 'services', '`service` only reads status')]
  return [
    serviceEffect(
      command,
      verb === 'stop' ? 'stop' : 'restart',
      unit ?? '',
      `\`service ${unit ?? ''} ${verb}\` changes a service's state`,
    ),
  ]
}

function analyzeCrontab(command: ShellCommand): Effect[] {
  const read = readArgs(command.args, { valued: ['-u'] })
  if (hasOption(read, '-r')) {
    return [
      ruleEffect(command, {
        system: 'service',
        verb: 'delete',
        target: 'crontab',
        risk: 'destructive',
        reason: '`crontab -r` deletes every scheduled job of the user, with no backup',
      }),
    ]
  }
  if (hasOption(read, '-l'))
    return [readEffect(command, 'crontab', '`crontab -l` lists scheduled jobs')]
  const source = read.positionals[0]?.value ?? '-'
  const empty =
    source === '/dev/null' ||
    (source === '-' && command.stdin.kind === 'known' && command.stdin.text.trim() === '')
  if (empty) {
    return [
      ruleEffect(command, {
        system: 'service',
        verb: 'delete',
        target: 'crontab',
        risk: 'destructive',
        reason: '`crontab` installs an empty schedule, deleting every job',
      }),
    ]
  }
  return [
    serviceEffect(command, 'write', 'crontab', '`crontab` replaces the schedule with a new one'),
  ]
}

function analyzeKill(command: ShellCommand): Effect[] {
  const read = readArgs(command.args, {
    valued: ['-s', '-n', '-u', '-U', '-g', '-G', '-t', '-P', '--signal'],
  })
  if (hasOption(read, '-l', '-L', '--list'))
    return [readEffect(command, 'signals', `\`${command.name} -l\` lists signals`)]
  const targets = read.positionals.map((word) => word.value).join(' ')
  const everything = command.name === 'kill' && command.args.at(-1)?.value === '-1'
  return [
    ruleEffect(command, {
      system: 'process',
      verb: 'stop',
      target: targets,
      risk: everything ? 'destructive' : 'mutating',
      reason: everything
        ? '`kill -1` signals every process the user can reach'
        : `\`${command.name}\` stops processes \`${targets}\``,
    }),
  ]
}

function analyzePower(command: ShellCommand): Effect[] {
  if (command.name === 'shutdown' && command.args.some((word) => word.value === '-c'))
    return [serviceEffect(command, 'restart', 'host', '`shutdown -c` cancels a shutdown')]
  return [
    serviceEffect(
      command,
      'stop',
      command.host ?? 'host',
      `\`${command.name}\` takes the host down until it comes back`,
    ),
  ]
}

function analyzeTrap(command: ShellCommand, analyzer: ShellAnalyzer): Effect[] {
  const handler = command.args[0]
  if (handler === undefined || handler.value.startsWith('-'))
    return [readEffect(command, 'traps', '`trap` lists handlers')]
  if (handler.dynamic)
    return [opaqueEffect(command, '`trap` installs a handler only known at run time')]
  return analyzer.analyzeScript(handler.value, command)
}

function analyzeNetworkConfig(command: ShellCommand): Effect[] {
  const words = command.args.map((word) => word.value)
  const changes = words.some((word) =>
    [
      'add',
      'del',
      'delete',
      'set',
      'change',
      'replace',
      'flush',
      'down',
      'up',
      'append',
      'prepend',
    ].includes(word),
  )
  if (!changes)
    return [readEffect(command, command.name, `\`${command.name}\` shows network settings`)]
  return [
    ruleEffect(command, {
      system: 'network',
      verb: 'write',
      target: words.join(' '),
      risk: 'mutating',
      reason: `\`${command.name}\` changes network settings of the host`,
    }),
  ]
}

function analyzeFirewall(command: ShellCommand): Effect[] {
  const read = readArgs(command.args, {
    valued: [
      '-t',
      '--table',
      '-A',
      '-D',
      '-I',
      '-R',
      '-N',
      '-X',
      '-P',
      '-j',
      '-p',
      '-s',
      '-d',
      '-i',
      '-o',
      '--dport',
      '--sport',
      '-m',
    ],
  })
  if (
    hasOption(read, '-L', '--list', '-S', '--list-rules', '-C', '--check') ||
    command.args.length === 0
  ) {
    return [readEffect(command, 'firewall', `\`${command.name}\` lists rules`)]
  }
  const flush = hasOption(read, '-F', '--flush', '-X', '--delete-chain')
  return [
    ruleEffect(command, {
      system: 'network',
      verb: flush ? 'delete' : 'write',
      target: 'firewall',
      risk: 'mutating',
      reason: flush
        ? `\`${command.name} -F\` flushes firewall rules, exposing or cutting off the host`
        : `\`${command.name}\` changes firewall rules`,
    }),
  ]
}

function analyzeMount(command: ShellCommand): Effect[] {
  if (
    command.args.length === 0 ||
    command.args.every((word) => word.value.startsWith('-') && /^-[lv]+$/.test(word.value))
  ) {
    return [readEffect(command, 'mounts', `\`${command.name}\` lists mounts`)]
  }
  return [
    ruleEffect(command, {
      system: 'fs',
      verb: 'write',
      target: command.args.map((word) => word.value).join(' '),
      risk: 'mutating',
      reason: `\`${command.name}\` changes what is mounted`,
    }),
  ]
}

function analyzeUserAdmin(command: ShellCommand): Effect[] {
  const read = readArgs(command.args)
  const removesHome = command.name === 'userdel' && hasOption(read, '-r', '--remove')
  return [
    ruleEffect(command, {
      system: 'service',
      verb: command.name.endsWith('del') ? 'delete' : 'write',
      target: read.positionals.map((word) => word.value).join(' '),
      risk: removesHome ? 'destructive' : 'mutating',
      reason: removesHome
        ? '`userdel -r` deletes the user with their home directory'
        : `\`${command.name}\` changes accounts`,
    }),
  ]
}

function analyzeJournalctl(command: ShellCommand): Effect[] {
  if (command.args.some((word) => /^--(vacuum|rotate|flush)/.test(word.value))) {
    return [
      ruleEffect(command, {
        system: 'service',
        verb: 'delete',
        target: 'journal',
        risk: 'mutating',
        reason: '`journalctl --vacuum` deletes old logs',
      }),
    ]
  }
  return [readEffect(command, 'journal', '`journalctl` reads logs')]
}

/** Services, processes, schedules, users and host networking. */
export const SERVICE_RULES: CommandRuleTable = {
  systemctl: analyzeSystemctl,
  service: analyzeService,
  crontab: analyzeCrontab,
  kill: analyzeKill,
  pkill: analyzeKill,
  killall: analyzeKill,
  reboot: analyzePower,
  shutdown: analyzePower,
  halt: analyzePower,
  poweroff: analyzePower,
  trap: analyzeTrap,
  ip: analyzeNetworkConfig,
  ifconfig: analyzeNetworkConfig,
  route: analyzeNetworkConfig,
  arp: analyzeNetworkConfig,
  nmcli: analyzeNetworkConfig,
  iptables: analyzeFirewall,
  ip6tables: analyzeFirewall,
  nft: analyzeFirewall,
  ufw: (command) => [
    command.args[0]?.value === 'status'
      ? readEffect(command, 'firewall', '`ufw status` lists rules')
      : serviceEffect(command, 'write', 'firewall', '`ufw` changes firewall rules'),
  ],
  mount: analyzeMount,
  umount: analyzeMount,
  swapon: analyzeMount,
  swapoff: analyzeMount,
  useradd: analyzeUserAdmin,
  userdel: analyzeUserAdmin,
  usermod: analyzeUserAdmin,
  groupadd: analyzeUserAdmin,
  groupdel: analyzeUserAdmin,
  passwd: analyzeUserAdmin,
  journalctl: analyzeJournalctl,
}
