import type { Effect } from '../../../model/effect.js'
import type { Risk } from '../../../model/risk.js'
import type { CommandRule, CommandRuleTable, ShellAnalyzer } from '../command-rule.js'
import { optionValue, readArgs } from '../read-args.js'
import type { ShellCommand } from '../shell-command.js'
import { isReadOnlyVerb } from './cloud-verb.js'
import { opaqueEffect, readEffect, ruleEffect } from './rule-effect.js'

const MUTATING_VERBS = new Set([
  'create',
  'new',
  'add',
  'update',
  'set',
  'edit',
  'apply',
  'deploy',
  'sync',
  'push',
  'run',
  'exec',
  'start',
  'restart',
  'stop',
  'scale',
  'rollout',
  'upgrade',
  'install',
  'enable',
  'disable',
  'login',
  'logout',
  'merge',
  'close',
  'reopen',
  'comment',
  'review',
  'approve',
  'tag',
  'release',
  'publish',
  'cp',
  'mv',
  'copy',
  'move',
  'put',
  'write',
  'import',
  'rollback',
  'promote',
  'suspend',
  'resume',
  'patch',
  'trigger',
  'dispatch',
  'rerun',
  'cancel',
  'lock',
  'unlock',
  'seal',
  'unseal',
  'rotate',
  'renew',
  'mb',
  'build',
  'up',
  'reconcile',
  'refresh',
  'open',
  'fork',
  'clone',
  'checkout',
  'attach',
  'detach',
  'link',
  'unlink',
  'init',
  'config',
  'configure',
  'auth',
  'redeploy',
  'invalidate',
  'sign',
  'encrypt',
  'decrypt',
  'mount',
  'unmount',
  'snapshot',
  'backup',
  'restore',
  'cordon',
  'uncordon',
  'annotate',
  'label',
  'archive',
  'unarchive',
  'transfer',
  'rename',
])
const DESTRUCTIVE_VERBS = new Set([
  'delete',
  'del',
  'rm',
  'remove',
  'destroy',
  'purge',
  'uninstall',
  'prune',
  'wipe',
  'drop',
  'truncate',
  'nuke',
  'terminate',
  'teardown',
  'rb',
  'revoke',
  'erase',
  'clear',
  'flush',
  'reset',
  'down',
])
// Objects whose deletion is the loss of a whole environment.
const ENVIRONMENT_OBJECTS = new Set([
  'cluster',
  'clusters',
  'project',
  'projects',
  'environment',
  'environments',
  'env',
  'envs',
  'stack',
  'stacks',
  'account',
  'accounts',
  'organization',
  'org',
  'orgs',
  'app',
  'apps',
  'space',
  'spaces',
  'workspace',
  'workspaces',
])

type VerbClass = 'read' | 'mutate' | 'destroy'

function classifyVerb(word: string): VerbClass | undefined {
  const verb = word.toLowerCase()
  if (DESTRUCTIVE_VERBS.has(verb)) return 'destroy'
  if (
    isReadOnlyVerb(verb) ||
    [
      'ls',
      'cat',
      'du',
      'stat',
      'whoami',
      'template',
      'build-only',
      'render',
      'plan',
      'dry-run',
      'lint',
      'fmt-check',
      'tree',
      'env-list',
      'doctor',
      'ping',
      'members',
      'health',
      'context',
      'contexts',
      'current',
    ].includes(verb)
  )
    return 'read'
  if (MUTATING_VERBS.has(verb)) return 'mutate'
  return undefined
}

/**
 * A CLI whose subcommands are named by verbs (`gh pr list`, `heroku apps:destroy`,
 * `doctl kubernetes cluster delete`): the first verb among the leading words decides. Deleting
 * a cluster, project, app or environment is catastrophic; a subcommand with no verb is opaque.
 */
function verbCli(system: Effect['system']): CommandRule {
  return (command) => {
    if (
      command.args.some((word) =>
        ['--dry-run', '--dryrun', '--what-if', '--preview'].includes(word.value),
      )
    ) {
      return [readEffect(command, command.name, `\`${command.name}\` runs as a dry run`)]
    }
    const words = command.args
      .map((word) => word.value)
      .filter((word) => !word.startsWith('-'))
      .flatMap((word) => word.split(':'))
      .slice(0, 4)
    if (words.length === 0)
      return [readEffect(command, command.name, `\`${command.name}\` prints help`)]
    const index = words.findIndex((word) => classifyVerb(word) !== undefined)
    const shown = `\`${[command.name, ...words.slice(0, Math.max(index + 1, 1))].join(' ')}\``
    if (index < 0) return [opaqueEffect(command, `airlock does not know what ${shown} does`)]
    const verbClass = classifyVerb(words[index] ?? '') ?? 'read'
    const objects = words.slice(0, index + 2)
    const target = words.slice(index + 1).join(' ') || words.slice(0, index).join(' ')
    if (verbClass === 'read') return [readEffect(command, target, `${shown} only reads`)]
    if (verbClass === 'mutate') {
      return [
        ruleEffect(command, {
          system,
          verb: 'write',
          target,
          risk: 'mutating',
          reason: `${shown} changes \`${target}\`, which can be changed back`,
        }),
      ]
    }
    const whole = objects.some((word) => ENVIRONMENT_OBJECTS.has(word.toLowerCase()))
    const risk: Risk = whole ? 'catastrophic' : 'destructive'
    return [
      ruleEffect(command, {
        system,
        verb: 'delete',
        target,
        scope: whole ? 'environment' : 'item',
        risk,
        reason: `${shown} deletes \`${target}\`${whole ? ', a whole environment-sized object' : ''}`,
      }),
    ]
  }
}

function analyzeGh(command: ShellCommand): Effect[] {
  const [group, ...rest] = command.args.map((word) => word.value)
  if (group !== 'api') return verbCli('cloud')(command, undefined as unknown as ShellAnalyzer)
  const read = readArgs(command.args.slice(1), {
    valued: [
      '-X',
      '--method',
      '-H',
      '--header',
      '-f',
      '--raw-field',
      '-F',
      '--field',
      '--input',
      '-q',
      '--jq',
      '-t',
      '--template',
      '--hostname',
      '-p',
      '--preview',
      '--cache',
    ],
  })
  const sends =
    read.options.has('-f') ||
    read.options.has('-F') ||
    read.options.has('--raw-field') ||
    read.options.has('--field') ||
    read.options.has('--input')
  const method = (optionValue(read, '-X', '--method') ?? (sends ? 'POST' : 'GET')).toUpperCase()
  const path = read.positionals[0]?.value ?? rest[0] ?? ''
  if (method === 'GET' || method === 'HEAD')
    return [readEffect(command, path, `\`gh api\` reads \`${path}\``)]
  const destroy = method === 'DELETE'
  return [
    ruleEffect(command, {
      system: 'cloud',
      verb: destroy ? 'delete' : 'write',
      target: path,
      risk: destroy ? 'destructive' : 'mutating',
      reason: `\`gh api\` sends ${method} to \`${path}\``,
    }),
  ]
}

// Credential helpers that run a command with secrets in its environment: `op run -- cmd`.
function credentialWrapper(skipPositionals: number): CommandRule {
  return (command, analyzer) => {
    const dashes = command.args.findIndex((word) => word.value === '--')
    if (dashes >= 0) return analyzer.analyzeArgv(command.args.slice(dashes + 1), command)
    let seen = 0
    const start = command.args.findIndex(
      (word) => !word.value.startsWith('-') && seen++ >= skipPositionals,
    )
    if (start < 0) return [readEffect(command, command.name, `\`${command.name}\` runs no command`)]
    return analyzer.analyzeArgv(command.args.slice(start), command)
  }
}

function analyzeGsutil(command: ShellCommand): Effect[] {
  const words = command.args.map((word) => word.value).filter((word) => !word.startsWith('-'))
  const verb = words[0] ?? ''
  const recursive = command.args.some((word) => /^-[a-zA-Z]*r/i.test(word.value))
  const target = words.slice(1).join(' ')
  if (['ls', 'cat', 'du', 'stat', 'hash', 'version', 'help', 'ver'].includes(verb))
    return [readEffect(command, target, `\`gsutil ${verb}\` only reads`)]
  if (verb === 'rm' || verb === 'rb')
    return [
      ruleEffect(command, {
        system: 'cloud',
        verb: 'delete',
        target,
        scope: recursive || verb === 'rb' ? 'collection' : 'item',
        risk: 'destructive',
        reason: `\`gsutil ${verb}${recursive ? ' -r' : ''}\` deletes \`${target}\``,
      }),
    ]
  if (verb === 'rsync' && command.args.some((word) => /^-[a-zA-Z]*d/.test(word.value))) {
    return [
      ruleEffect(command, {
        system: 'cloud',
        verb: 'delete',
        target,
        scope: 'collection',
        risk: 'destructive',
        reason: '`gsutil rsync -d` deletes destination objects the source lacks',
      }),
    ]
  }
  return [
    ruleEffect(command, {
      system: 'cloud',
      verb: 'write',
      target,
      risk: 'mutating',
      reason: `\`gsutil ${verb}\` writes objects`,
    }),
  ]
}

function analyzeBq(command: ShellCommand, analyzer: ShellAnalyzer): Effect[] {
  const words = command.args.filter((word) => !word.value.startsWith('-'))
  const verb = words[0]?.value ?? ''
  if (verb === 'query') {
    const sql = words
      .slice(1)
      .map((word) => word.value)
      .join(' ')
    if (sql === '') return [opaqueEffect(command, '`bq query` reads its SQL from standard input')]
    return analyzer.analyzeSql(sql, 'postgres', command)
  }
  return verbCli('cloud')(command, analyzer)
}

function analyzeRclone(command: ShellCommand): Effect[] {
  const words = command.args.map((word) => word.value).filter((word) => !word.startsWith('-'))
  const verb = words[0] ?? ''
  if (command.args.some((word) => word.value === '--dry-run' || word.value === '-n'))
    return [readEffect(command, 'rclone', '`rclone --dry-run` changes nothing')]
  if (
    ['delete', 'purge', 'deletefile', 'rmdir', 'rmdirs', 'cleanup'].includes(verb) ||
    verb === 'sync' ||
    verb === 'move'
  ) {
    const reason =
      verb === 'sync'
        ? '`rclone sync` deletes destination files the source lacks'
        : `\`rclone ${verb}\` deletes files`
    return [
      ruleEffect(command, {
        system: 'cloud',
        verb: 'delete',
        target: words.slice(1).join(' '),
        scope: 'collection',
        risk: 'destructive',
        reason,
      }),
    ]
  }
  return verbCli('cloud')(command, undefined as unknown as ShellAnalyzer)
}

const VERB_CLIS = [
  'gh',
  'glab',
  'vault',
  'argocd',
  'flux',
  'consul',
  'nomad',
  'doctl',
  'heroku',
  'fly',
  'flyctl',
  'vercel',
  'netlify',
  'wrangler',
  'minikube',
  'kind',
  'k3d',
  'istioctl',
  'linkerd',
  'velero',
  'helmfile',
  'kustomize',
  'skaffold',
  'tilt',
  'packer',
  'vagrant',
  'supabase',
  'firebase',
  'cf',
  'ibmcloud',
  'oci',
  'linode-cli',
  'hcloud',
  'scw',
  'openstack',
  's3cmd',
  'mc',
  'kubeseal',
  'cosign',
  'crane',
  'skopeo',
  'oras',
  'buildah',
  'sops',
  'kubectx',
  'kubens',
  'stern',
  'railway',
  'render',
  'az-devops',
  'circleci',
  'gitlab-runner',
  'jenkins-cli',
  'sentry-cli',
  'datadog-ci',
  'newrelic',
  'pd',
  'opsgenie',
  'twilio',
  'stripe',
  'auth0',
  'okta',
  'cloudflared',
  'tailscale',
  'terraform-docs',
  'tfenv',
  'tgenv',
  'pre-commit',
  'direnv-status',
  'atlantis',
  'spacectl',
  'tfc',
  'ecs-cli',
  'copilot',
  'sam',
  'amplify',
  'serverless',
  'sls',
  'chalice',
  'zappa',
  'kubebuilder',
  'operator-sdk',
  'clusterctl',
  'talosctl',
  'rke',
  'rke2',
  'k0s',
  'microk8s',
  'kubeadm',
  'etcdctl',
  'calicoctl',
  'cilium',
  'hubble',
]

/** CLIs whose subcommands are verbs, credential wrappers, and a few storage tools with special cases. */
export const GENERIC_CLI_RULES: CommandRuleTable = {
  ...Object.fromEntries(VERB_CLIS.map((name) => [name, verbCli('cloud')])),
  gh: analyzeGh,
  gsutil: analyzeGsutil,
  bq: analyzeBq,
  rclone: analyzeRclone,
  'aws-vault': credentialWrapper(2),
  saml2aws: credentialWrapper(1),
  op: credentialWrapper(1),
  doppler: credentialWrapper(1),
  infisical: credentialWrapper(1),
  chamber: credentialWrapper(2),
  direnv: credentialWrapper(2),
  dotenv: credentialWrapper(0),
  'dotenv-cli': credentialWrapper(0),
  'with-contenv': credentialWrapper(0),
  tsh: (command, analyzer) => {
    const words = command.args.map((word) => word.value)
    if (words[0] !== 'ssh') return verbCli('cloud')(command, analyzer)
    return analyzer.analyzeArgv(
      [{ value: 'ssh', dynamic: false }, ...command.args.slice(1)],
      command,
    )
  },
}
