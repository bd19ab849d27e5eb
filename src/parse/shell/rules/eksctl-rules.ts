import { createOpaqueEffect, type Effect } from '../../../model/effect.js'
import type { CommandRuleTable } from '../command-rule.js'
import { hasOption, optionValue, readArgs } from '../read-args.js'
import type { ShellCommand } from '../shell-command.js'
import { environmentPhrase, resolveCloudEnvironment } from './cloud-environment.js'
import { isReadOnlyVerb, judgeUnknownSubcommand } from './cloud-verb.js'
import { thirdPerson } from './cloud-wording.js'
import { readEffect, ruleEffect } from './rule-effect.js'

const VALUED = [
  '-n',
  '--name',
  '-c',
  '--cluster',
  '-r',
  '--region',
  '-p',
  '--profile',
  '-f',
  '--config-file',
  '--timeout',
  '--version',
  '--kubeconfig',
  '-o',
  '--output',
  '--nodegroup',
  '--nodes',
  '-N',
  '--nodes-min',
  '-m',
  '--nodes-max',
  '-M',
  '--node-type',
  '-t',
  '--instance-types',
  '--zones',
  '--tags',
  '--parallel',
  '--namespace',
  '--role-name',
  '--attach-policy-arn',
  '--addon',
  '--service-account',
  '--arn',
  '--username',
  '--group',
  '--include',
  '--exclude',
  '--ssh-public-key',
  '--vpc-private-subnets',
  '--vpc-public-subnets',
  '--vpc-cidr',
  '--node-ami',
  '--node-ami-family',
  '--max-pods-per-node',
  '--color',
  '-C',
  '--cfn-role-arn',
  '--alias',
]

const CHANGE_VERBS = new Set([
  'create',
  'upgrade',
  'update',
  'scale',
  'drain',
  'set',
  'unset',
  'enable',
  'associate',
  'disassociate',
  'register',
  'deregister',
  'utils',
])

// Commands that only print a plan unless `--approve` is given.
const PLAN_UNLESS_APPROVED = new Set(['upgrade cluster', 'create iamserviceaccount'])

/** Judges an eksctl command: cluster deletion takes a whole cluster down. */
function analyzeEksctl(command: ShellCommand): Effect[] {
  const read = readArgs(command.args, { valued: VALUED })
  const [verbWord, resourceWord, nameWord] = read.positionals
  if (verbWord === undefined) {
    return [readEffect(command, 'eksctl', '`eksctl` only prints its usage', 'cloud')]
  }
  if (verbWord.dynamic || resourceWord?.dynamic === true) {
    return [
      createOpaqueEffect('cloud', '`eksctl` runs a command only known at run time', command.source),
    ]
  }
  const verb = verbWord.value
  const resource = resourceWord?.value ?? ''
  const shown = `\`eksctl ${[verb, resource].filter((w) => w !== '').join(' ')}\``
  const name = optionValue(read, '--name', '-n') ?? nameWord?.value
  const cluster =
    optionValue(read, '--cluster', '-c') ?? (resource === 'cluster' ? name : undefined)
  const target = `eks:${[cluster, resource === 'cluster' ? undefined : name].filter((part) => part !== undefined).join('/') || '?'}`
  const env = resolveCloudEnvironment(command, [
    name,
    cluster,
    optionValue(read, '--profile', '-p'),
    optionValue(read, '--config-file', '-f'),
  ])
  const where = environmentPhrase(env)
  const utilsVerb = verb === 'utils' ? resource : ''
  if (
    ['get', 'info', 'version', 'completion', 'help'].includes(verb) ||
    (utilsVerb !== '' && isReadOnlyVerb(utilsVerb))
  ) {
    return [readEffect(command, target, `${shown} only reads`, 'cloud')]
  }
  if (hasOption(read, '--dry-run')) {
    return [
      readEffect(command, target, `${shown} with \`--dry-run\` only prints the config`, 'cloud'),
    ]
  }
  const planned =
    PLAN_UNLESS_APPROVED.has(`${verb} ${resource}`) ||
    (verb === 'utils' && resource !== 'write-kubeconfig')
  if (planned && !hasOption(read, '--approve')) {
    return [
      readEffect(command, target, `${shown} without \`--approve\` only prints a plan`, 'cloud'),
    ]
  }
  if (verb === 'delete') {
    const shownName = name === undefined ? '' : ` \`${name}\``
    if (resource === 'cluster') {
      return [
        ruleEffect(command, {
          system: 'cloud',
          verb: 'delete',
          target,
          scope: 'cluster',
          risk: 'catastrophic',
          reason: `${shown} deletes cluster${shownName} and every workload and node group on it${where}`,
        }),
      ]
    }
    return [
      ruleEffect(command, {
        system: 'cloud',
        verb: 'delete',
        target,
        scope: resource === 'nodegroup' || resource === 'ng' ? 'collection' : 'item',
        risk: 'destructive',
        reason: `${shown} deletes ${resource || 'resource'}${shownName}${cluster === undefined || resource === 'cluster' ? '' : ` of cluster \`${cluster}\``}${where}`,
      }),
    ]
  }
  if (CHANGE_VERBS.has(verb)) {
    return [
      ruleEffect(command, {
        system: 'cloud',
        verb: verb === 'create' ? 'create' : verb === 'scale' ? 'scale' : 'write',
        target,
        risk: 'mutating',
        reason: `${shown} ${verb === 'utils' ? 'changes cluster settings' : `${thirdPerson(verb)} ${resource || 'the cluster'}`}${name === undefined ? '' : ` \`${name}\``}${where}`,
      }),
    ]
  }
  return [
    judgeUnknownSubcommand(
      command,
      'cloud',
      [verb, resource].filter((w) => w !== ''),
    ),
  ]
}

/** Rules for eksctl, the EKS cluster tool. */
export const EKSCTL_RULES: CommandRuleTable = { eksctl: analyzeEksctl }
