import { z } from 'zod'

import { createOpaqueEffect, type Effect } from '../../../model/effect.js'
import type { CommandRuleTable, ShellAnalyzer } from '../command-rule.js'
import { hasOption, optionValue, type ReadArgs, readArgs } from '../read-args.js'
import type { ShellCommand } from '../shell-command.js'
import { environmentPhrase, resolveCloudEnvironment } from './cloud-environment.js'
import { parseCloudJson } from './cloud-json-schema.js'
import { isReadOnlyVerb, judgeUnknownSubcommand } from './cloud-verb.js'
import { readEffect, ruleEffect } from './rule-effect.js'

const VALUED = [
  '-i',
  '--inventory',
  '--inventory-file',
  '-m',
  '--module-name',
  '-a',
  '--args',
  '-u',
  '--user',
  '-l',
  '--limit',
  '-e',
  '--extra-vars',
  '-f',
  '--forks',
  '-c',
  '--connection',
  '-T',
  '--timeout',
  '-B',
  '--background',
  '-P',
  '--poll',
  '-t',
  '--tree',
  '--tags',
  '--skip-tags',
  '--private-key',
  '--key-file',
  '--become-user',
  '--become-method',
  '--vault-password-file',
  '--vault-id',
  '-M',
  '--module-path',
  '--playbook-dir',
  '--ssh-common-args',
  '--sftp-extra-args',
  '--scp-extra-args',
  '--ssh-extra-args',
  '--start-at-task',
  '--become-password-file',
  '--connection-password-file',
  '--task-timeout',
  '--output',
  '--role-file',
  '-r',
  '-p',
  '--roles-path',
  '--collections-path',
  '--vault-pass-file',
  '--new-vault-password-file',
  '--new-vault-id',
  '--encrypt-vault-id',
]

// Modules that only gather information from the hosts.
const READ_MODULES = new Set([
  'ping',
  'win_ping',
  'setup',
  'gather_facts',
  'debug',
  'stat',
  'win_stat',
  'find',
  'win_find',
  'slurp',
  'wait_for',
  'wait_for_connection',
  'service_facts',
  'package_facts',
  'assert',
  'set_fact',
  'getent',
  'listen_ports_facts',
  'mount_facts',
])

const SHELL_MODULES = new Set(['shell', 'command', 'raw'])

// Options of `command`/`shell` written before the command itself: `chdir=/srv rm -rf x`.
const SHELL_MODULE_OPTION =
  /^\s*(chdir|creates|removes|executable|warn|stdin|stdin_add_newline|strip_empty_ends)=("[^"]*"|'[^']*'|\S+)\s*/

function unquote(value: string): string {
  return /^(["']).*\1$/s.test(value) ? value.slice(1, -1) : value
}

// `path=/srv/x state=absent` or `{"path": "/srv/x", "state": "absent"}`.
function readModuleArgs(text: string): Map<string, string> {
  const json = parseCloudJson(text, z.record(z.string(), z.unknown()))
  if (json !== undefined) {
    return new Map(
      Object.entries(json).map(([key, value]) => [
        key,
        typeof value === 'string' ? value : JSON.stringify(value),
      ]),
    )
  }
  const args = new Map<string, string>()
  for (const match of text.matchAll(/(\w+)=("[^"]*"|'[^']*'|\S+)/g)) {
    args.set(match[1] ?? '', unquote(match[2] ?? ''))
  }
  return args
}

function analyzeShellModule(
  command: ShellCommand,
  analyzer: ShellAnalyzer,
  text: string,
  hosts: string,
  read: ReadArgs,
): Effect[] {
  let script = text
  let cwd: string | undefined
  for (
    let match = SHELL_MODULE_OPTION.exec(script);
    match !== null;
    match = SHELL_MODULE_OPTION.exec(script)
  ) {
    if (match[1] === 'chdir') cwd = unquote(match[2] ?? '')
    script = script.slice(match[0].length)
  }
  if (script.trim() === '')
    return [
      createOpaqueEffect(
        'iac',
        `\`ansible\` runs no command airlock can see on \`${hosts}\``,
        command.source,
      ),
    ]
  const privileged = hasOption(read, '-b', '--become')
  return analyzer.analyzeScript(script, command, {
    host: hosts,
    ...(privileged ? { privileged } : {}),
    ...(cwd === undefined ? {} : { cwd }),
  })
}

/** Judges an ad-hoc ansible command by its module: shell modules are analysed as scripts. */
function analyzeAnsible(command: ShellCommand, analyzer: ShellAnalyzer): Effect[] {
  const read = readArgs(command.args, { valued: VALUED })
  const hosts = read.positionals[0]?.value ?? '?'
  const rawModule = optionValue(read, '-m', '--module-name') ?? 'command'
  const module = rawModule
    .replace(/^ansible\.(builtin|legacy|windows)\./, '')
    .replace(/^ansible\.windows\./, '')
  const text = optionValue(read, '-a', '--args') ?? ''
  const inventory = optionValue(read, '-i', '--inventory', '--inventory-file')
  const env = resolveCloudEnvironment(command, [
    hosts,
    inventory,
    optionValue(read, '-l', '--limit'),
  ])
  const on = `on \`${hosts}\`${environmentPhrase(env)}`
  const target = `ansible:${hosts}`
  const shown = `\`ansible -m ${module}\``
  if (hasOption(read, '--list-hosts')) {
    return [readEffect(command, target, '`ansible --list-hosts` only lists hosts', 'iac')]
  }
  if (READ_MODULES.has(module) || /_(info|facts)$/.test(module)) {
    return [readEffect(command, target, `${shown} only gathers information ${on}`, 'iac')]
  }
  if (hasOption(read, '-C', '--check')) {
    return [readEffect(command, target, `${shown} with \`--check\` changes nothing`, 'iac')]
  }
  if (command.args.some((word) => word.dynamic && word.value === text))
    return [
      createOpaqueEffect('iac', `${shown} runs arguments only known at run time`, command.source),
    ]
  if (SHELL_MODULES.has(module)) return analyzeShellModule(command, analyzer, text, hosts, read)
  if (['script', 'win_shell', 'win_command', 'psexec'].includes(module)) {
    return [
      createOpaqueEffect('iac', `${shown} runs a script airlock cannot read ${on}`, command.source),
    ]
  }
  const args = readModuleArgs(text)
  if (module === 'file' && args.get('state') === 'absent') {
    const path = args.get('path') ?? args.get('dest') ?? args.get('name') ?? '?'
    return [
      ruleEffect(command, {
        system: 'fs',
        verb: 'delete',
        target: `${hosts}:${path}`,
        scope: 'directory',
        risk: 'destructive',
        reason: `${shown} deletes \`${path}\` ${on}`,
      }),
    ]
  }
  return [
    ruleEffect(command, {
      system: 'iac',
      verb: 'write',
      target,
      scope: 'host',
      risk: 'mutating',
      reason: `${shown} changes the hosts ${on}`,
    }),
  ]
}

/** Judges ansible-playbook: a run changes hosts; check and list modes change nothing. */
function analyzePlaybook(command: ShellCommand): Effect[] {
  const read = readArgs(command.args, { valued: VALUED })
  const playbooks = read.positionals.map((word) => word.value)
  const inventory = optionValue(read, '-i', '--inventory', '--inventory-file')
  const limit = optionValue(read, '-l', '--limit')
  const env = resolveCloudEnvironment(command, [inventory, limit, ...playbooks])
  const target = `ansible:${inventory ?? '?'}${limit === undefined ? '' : `:${limit}`}`
  const named = playbooks.map((name) => `\`${name}\``).join(', ') || '?'
  if (
    hasOption(
      read,
      '-C',
      '--check',
      '--syntax-check',
      '--list-tasks',
      '--list-hosts',
      '--list-tags',
    )
  ) {
    return [
      readEffect(command, target, `\`ansible-playbook\` only checks or lists ${named}`, 'iac'),
    ]
  }
  const against = `${inventory === undefined ? '' : ` against \`${inventory}\``}${limit === undefined ? '' : ` limited to \`${limit}\``}`
  return [
    ruleEffect(command, {
      system: 'iac',
      verb: 'deploy',
      target,
      scope: 'host',
      risk: 'mutating',
      reason: `\`ansible-playbook\` runs ${named}${against}${environmentPhrase(env)}`,
    }),
  ]
}

// ansible-galaxy, ansible-vault, ansible-config: read-only subcommands, else local changes.
function localTool(readOnly: readonly string[]): (command: ShellCommand) => Effect[] {
  return (command) => {
    const read = readArgs(command.args, { valued: VALUED })
    const words = read.positionals.map((word) => word.value)
    const sub = words.find((word) => !['collection', 'role'].includes(word)) ?? ''
    if (sub === '' || readOnly.includes(sub) || isReadOnlyVerb(sub)) {
      const shown = [command.name, sub].filter((word) => word !== '').join(' ')
      return [readEffect(command, command.name, `\`${shown}\` only reads`, 'iac')]
    }
    if (
      [
        'install',
        'init',
        'build',
        'remove',
        'encrypt',
        'decrypt',
        'create',
        'edit',
        'rekey',
        'encrypt_string',
        'publish',
        'import',
        'download',
      ].includes(sub)
    ) {
      return [
        ruleEffect(command, {
          system: 'iac',
          verb: 'write',
          target: command.name,
          risk: 'mutating',
          reason: `\`${command.name} ${sub}\` changes local files`,
        }),
      ]
    }
    return [judgeUnknownSubcommand(command, 'iac', [sub])]
  }
}

function analyzeReadOnlyTool(command: ShellCommand): Effect[] {
  return [readEffect(command, command.name, `\`${command.name}\` only reads`, 'iac')]
}

/** Rules for Ansible's ad-hoc runner, playbook runner and helper tools. */
export const ANSIBLE_RULES: CommandRuleTable = {
  ansible: analyzeAnsible,
  'ansible-playbook': analyzePlaybook,
  'ansible-inventory': analyzeReadOnlyTool,
  'ansible-doc': analyzeReadOnlyTool,
  'ansible-galaxy': localTool(['list', 'search', 'info', 'verify']),
  'ansible-vault': localTool(['view']),
  'ansible-config': localTool(['list', 'dump', 'view']),
}
