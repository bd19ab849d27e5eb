import {
  createOpaqueEffect,
  type Effect,
  type EffectScope,
  type EffectVerb,
} from '../../../model/effect.js'
import { maxRisk, type Risk } from '../../../model/risk.js'
import type { InferredEnvironment } from '../../infer-environment.js'
import {
  judgeKubernetesDeletion,
  normaliseKubernetesKind,
} from '../../kubernetes/kubernetes-kind.js'
import type { CommandRuleTable, ShellAnalyzer } from '../command-rule.js'
import { hasOption, optionValue, type ReadArgs, readArgs } from '../read-args.js'
import type { ShellCommand } from '../shell-command.js'
import { environmentPhrase, resolveCloudEnvironment } from './cloud-environment.js'
import { isReadOnlyVerb, judgeUnknownSubcommand } from './cloud-verb.js'
import { quoteNames } from './cloud-wording.js'
import { readEffect, ruleEffect } from './rule-effect.js'

const GLOBAL_VALUED = [
  '-n',
  '--namespace',
  '--context',
  '--cluster',
  '--user',
  '--kubeconfig',
  '-s',
  '--server',
  '--token',
  '--as',
  '--as-group',
  '--as-uid',
  '--request-timeout',
  '--certificate-authority',
  '--client-certificate',
  '--client-key',
  '--tls-server-name',
  '--cache-dir',
  '-v',
  '--v',
  '--log-file',
  '--log-dir',
  '--vmodule',
  '--username',
  '--password',
  '--profile-output',
]

const COMMAND_VALUED = [
  '-l',
  '--selector',
  '-o',
  '--output',
  '-c',
  '--container',
  '-f',
  '--filename',
  '-k',
  '--kustomize',
  '--field-selector',
  '--grace-period',
  '--timeout',
  '--replicas',
  '--since',
  '--sort-by',
  '--image',
  '--port',
  '--type',
  '--for',
  '--tail',
  '--since-time',
  '--patch',
  '--from-literal',
  '--from-file',
  '--from-env-file',
  '--resource-version',
  '--overrides',
  '--restart',
  '--env',
  '--labels',
  '--target-port',
  '--name',
  '--min',
  '--max',
  '--cpu-percent',
  '--current-replicas',
  '--prune-allowlist',
  '--applyset',
  '--field-manager',
  '-L',
  '--label-columns',
  '--chunk-size',
  '--template',
  '--raw',
  '--address',
  '--pod-running-timeout',
  '--limits',
  '--requests',
  '--serviceaccount',
  '--subresource',
  '--protocol',
  '--external-ip',
  '--session-affinity',
  '--cluster-ip',
  '--load-balancer-ip',
  '--schedule',
  '--image-pull-policy',
  '--max-log-requests',
  '--limit-bytes',
  '--profile',
  '--target',
  '--copy-to',
  '--set-image',
  '--to-revision',
  '--revision',
  '--docker-server',
  '--docker-username',
  '--docker-password',
  '--docker-email',
  '--cert',
  '--key',
  '--clusterrole',
  '--role',
  '--verb',
  '--resource',
  '--resource-name',
  '--non-resource-url',
  '--aggregation-rule',
  '--rule',
  '--hostport',
  '--pod-selector',
  '--show-kind',
  '--custom-columns',
  '--local-port',
  '--duration',
  '--audience',
]

const READ_VERBS = new Set([
  'get',
  'describe',
  'logs',
  'top',
  'explain',
  'api-resources',
  'api-versions',
  'version',
  'cluster-info',
  'diff',
  'events',
  'wait',
  'completion',
  'options',
  'help',
  'kustomize',
  'port-forward',
  'proxy',
])

const CHANGE_VERBS = new Set([
  'create',
  'label',
  'annotate',
  'set',
  'autoscale',
  'cordon',
  'uncordon',
  'expose',
  'taint',
  'edit',
  'certificate',
  'cp',
])

interface ObjectRef {
  readonly kind: string
  readonly name?: string
}

interface Kube {
  readonly verb: string
  readonly read: ReadArgs
  readonly operands: readonly string[]
  readonly namespace?: string
  readonly allNamespaces: boolean
  readonly env: InferredEnvironment | undefined
}

interface Judgement {
  readonly risk: Risk
  readonly verb: EffectVerb
  readonly scope: EffectScope
  readonly reason: string
  readonly target?: string
  readonly opaque?: boolean
}

// `deployment/api svc/api`, `deployment api worker`, `pods,services -l app=x`.
function readRefs(operands: readonly string[]): ObjectRef[] {
  const [first] = operands
  if (first === undefined) return []
  if (first.includes('/')) {
    return operands.map((operand) => {
      const [kind = '', ...name] = operand.split('/')
      return { kind: normaliseKubernetesKind(kind), name: name.join('/') }
    })
  }
  const kinds = first.split(',').map(normaliseKubernetesKind)
  const names = operands.slice(1)
  if (names.length === 0) return kinds.map((kind) => ({ kind }))
  return kinds.flatMap((kind) => names.map((name) => ({ kind, name })))
}

function inNamespace(kube: Kube): string {
  if (kube.allNamespaces) return ' in every namespace'
  return kube.namespace === undefined ? '' : ` in namespace \`${kube.namespace}\``
}

function shown(command: ShellCommand, kube: Kube, sub?: string): string {
  return `\`${[command.name, kube.verb, sub].filter((w) => w !== undefined).join(' ')}\``
}

function isDryRun(read: ReadArgs): boolean {
  const value = read.options.get('--dry-run')
  // `--dry-run=false` is the old spelling of `none`.
  return value !== undefined && value !== 'none' && value !== 'false'
}

// Manifests fed on stdin (`kubectl delete -f - <<EOF`) name their kinds: `kind: Deployment`.
function kindsInManifest(text: string): ObjectRef[] {
  const refs: ObjectRef[] = []
  for (const document of text.split(/^---\s*$/m)) {
    const kind = /^kind:\s*["']?([A-Za-z]+)/m.exec(document)?.[1]
    const name = /^\s{2}name:\s*["']?([\w.-]+)/m.exec(document)?.[1]
    if (kind !== undefined)
      refs.push(
        name === undefined
          ? { kind: normaliseKubernetesKind(kind) }
          : { kind: normaliseKubernetesKind(kind), name },
      )
  }
  return refs
}

// `-f FILE`, `-k DIR`; a `-f` whose value is missing reads standard input, because the grammar
// folds the `-` of `-f - <<EOF` into the heredoc.
function manifestFiles(read: ReadArgs): string[] {
  return read.occurrences
    .filter((o) => ['-f', '--filename', '-k', '--kustomize'].includes(o.name))
    .map((o) => (o.value === true ? '-' : o.value))
}

function describeRefs(refs: readonly ObjectRef[], fallback: string): string {
  if (refs.length === 0) return fallback
  const named = refs.filter((ref) => ref.name !== undefined)
  if (named.length === 0) {
    return refs
      .map((ref) => (ref.kind === 'all' ? 'every workload and service' : `every ${ref.kind}`))
      .join(', ')
  }
  const kinds = [...new Set(named.map((ref) => ref.kind))]
  if (kinds.length === 1)
    return `${kinds[0] ?? ''} ${quoteNames(named.map((ref) => ref.name ?? ''))}`
  return quoteNames(named.map((ref) => `${ref.kind}/${ref.name ?? ''}`))
}

// `kubectl delete --raw /api/v1/namespaces/prod` sends a DELETE to an API path.
function judgeRawDelete(command: ShellCommand, kube: Kube, path: string): Judgement {
  const namespace = /\/namespaces\/([^/]+)\/?$/.exec(path)?.[1]
  const env = namespace === undefined ? kube.env : resolveCloudEnvironment(command, [namespace])
  return {
    risk: namespace === undefined ? 'destructive' : 'catastrophic',
    verb: 'delete',
    scope: namespace === undefined ? 'item' : 'namespace',
    reason: `${shown(command, kube, '--raw')} deletes \`${path}\`${environmentPhrase(env)}${namespace === undefined ? '' : '; every object in the namespace goes too'}`,
    target: path,
  }
}

function judgeDelete(command: ShellCommand, kube: Kube): Judgement {
  const read = kube.read
  const raw = optionValue(read, '--raw')
  if (raw !== undefined) return judgeRawDelete(command, kube, raw)
  const files = manifestFiles(read)
  let refs = readRefs(kube.operands)
  let hidden = false
  if (files.length > 0) {
    if (files.every((file) => file === '-') && command.stdin.kind === 'known') {
      refs = [...refs, ...kindsInManifest(command.stdin.text)]
    } else hidden = true
  }
  const sweep = hasOption(read, '--all') || kube.allNamespaces
  const selected = hasOption(read, '-l', '--selector', '--field-selector')
  // A kind with no names and no selector is read as a sweep: fail closed on what kubectl rejects.
  const orphan = read.options.get('--cascade') === 'orphan'
  const all = refs.map((ref) =>
    judgeKubernetesDeletion(ref.kind, {
      sweep: sweep || (ref.name === undefined && !selected),
      orphan,
    }),
  )
  const risk = maxRisk([
    ...all.map((j) => j.risk),
    hidden || refs.length === 0 ? 'destructive' : 'safe',
  ])
  const notes = [
    ...new Set(
      all.filter((j) => j.risk === risk).flatMap((j) => (j.note === undefined ? [] : [j.note])),
    ),
  ]
  const what = hidden
    ? `the objects in ${quoteNames(files)}, which airlock cannot see`
    : describeRefs(refs, 'objects')
  const worst = all.find((j) => j.risk === risk)?.scope ?? 'unknown'
  const scope = selected && worst === 'item' ? 'collection' : worst
  const filter = selected
    ? ` matching \`${optionValue(read, '-l', '--selector', '--field-selector') ?? ''}\``
    : ''
  const where = `${inNamespace(kube)}${environmentPhrase(kube.env)}`
  return {
    risk,
    verb: 'delete',
    scope: hidden ? 'unknown' : scope,
    reason: `${shown(command, kube)} deletes ${what}${filter}${where}${notes.map((n) => `; ${n}`).join('')}`,
    target: refs.map((ref) => `${ref.kind}/${ref.name ?? '*'}`).join(',') || files.join(','),
    opaque: hidden,
  }
}

function judgePatch(command: ShellCommand, kube: Kube): Judgement {
  const patch = optionValue(kube.read, '-p', '--patch') ?? ''
  const what = describeRefs(readRefs(kube.operands), 'objects')
  const where = `${inNamespace(kube)}${environmentPhrase(kube.env)}`
  if (
    /"?finalizers"?\s*:\s*(null|\[\s*\])/.test(patch) ||
    /"op"\s*:\s*"remove"[^}]*finalizers/.test(patch)
  ) {
    return {
      risk: 'destructive',
      verb: 'delete',
      scope: 'item',
      reason: `${shown(command, kube)} removes the finalizers of ${what}${where}; a pending deletion then completes`,
    }
  }
  return {
    risk: 'mutating',
    verb: 'write',
    scope: 'item',
    reason: `${shown(command, kube)} patches ${what}${where}`,
  }
}

function judgeChange(command: ShellCommand, kube: Kube): Judgement {
  const read = kube.read
  const refs = readRefs(kube.operands)
  const files = manifestFiles(read)
  const what = files.length > 0 ? quoteNames(files) : describeRefs(refs, 'objects')
  const where = `${inNamespace(kube)}${environmentPhrase(kube.env)}`
  const head = shown(command, kube)
  switch (kube.verb) {
    case 'apply':
      if (hasOption(read, '--force')) {
        return {
          risk: 'destructive',
          verb: 'overwrite',
          scope: 'item',
          reason: `${shown(command, kube, '--force')} deletes and re-creates the objects in ${what} it cannot patch${where}`,
        }
      }
      if (hasOption(read, '--prune')) {
        return {
          risk: 'destructive',
          verb: 'delete',
          scope: 'namespace',
          reason: `${shown(command, kube, '--prune')} deletes previously applied objects missing from ${what}${where}`,
        }
      }
      return {
        risk: 'mutating',
        verb: 'write',
        scope: 'item',
        reason: `${head} creates or updates the objects in ${what}${where}`,
      }
    case 'replace':
      if (hasOption(read, '--force')) {
        return {
          risk: 'destructive',
          verb: 'overwrite',
          scope: 'item',
          reason: `${shown(command, kube, '--force')} deletes and re-creates the objects in ${what}${where}`,
        }
      }
      return {
        risk: 'mutating',
        verb: 'overwrite',
        scope: 'item',
        reason: `${head} replaces the objects in ${what}${where}`,
      }
    case 'scale': {
      const replicas = optionValue(read, '--replicas')
      const down = replicas !== undefined && Number(replicas) === 0 ? ', taking it down' : ''
      return {
        risk: 'mutating',
        verb: 'scale',
        scope: 'item',
        reason: `${head} scales ${what}${inNamespace(kube)} to ${replicas ?? '?'} replicas${environmentPhrase(kube.env)}${down}`,
      }
    }
    case 'drain': {
      const notes = [
        ...(hasOption(read, '--delete-emptydir-data', '--delete-local-data')
          ? ['emptyDir data on it is lost']
          : []),
        ...(hasOption(read, '--disable-eviction') ? ['pod disruption budgets are bypassed'] : []),
      ]
      return {
        risk: 'mutating',
        verb: 'stop',
        scope: 'host',
        reason: `${head} evicts every pod from node ${quoteNames(kube.operands) || '?'} so they reschedule elsewhere${environmentPhrase(kube.env)}${notes.map((n) => `; ${n}`).join('')}`,
      }
    }
    case 'rollout': {
      const [sub = '', ...objects] = kube.operands
      const rolled = describeRefs(readRefs(objects), 'objects')
      if (['status', 'history'].includes(sub)) {
        return {
          risk: 'safe',
          verb: 'read',
          scope: 'item',
          reason: `${shown(command, kube, sub)} only reads`,
        }
      }
      return {
        risk: 'mutating',
        verb: sub === 'restart' ? 'restart' : 'deploy',
        scope: 'item',
        reason: `${shown(command, kube, sub)} ${sub === 'restart' ? 'restarts the pods of' : `${sub}s`} ${rolled}${where}`,
      }
    }
    case 'run':
      return {
        risk: 'mutating',
        verb: 'create',
        scope: 'item',
        reason: `${head} starts pod ${quoteNames(kube.operands.slice(0, 1)) || '?'}${where}`,
      }
    default:
      return {
        risk: 'mutating',
        verb: kube.verb === 'create' ? 'create' : 'write',
        scope: 'item',
        reason: `${head} changes ${what}${where}`,
      }
  }
}

function judgeConfig(command: ShellCommand, kube: Kube): Judgement {
  const [sub = 'view'] = kube.operands
  if (['view', 'get-contexts', 'current-context', 'get-clusters', 'get-users'].includes(sub)) {
    return {
      risk: 'safe',
      verb: 'read',
      scope: 'item',
      target: 'kubeconfig',
      reason: `${shown(command, kube, sub)} only reads the kubeconfig`,
    }
  }
  return {
    risk: 'mutating',
    verb: 'write',
    scope: 'item',
    target: 'kubeconfig',
    reason: `${shown(command, kube, sub)} changes the local kubeconfig`,
  }
}

// `kubectl exec POD -- cmd`, `kubectl debug POD -it --image=x -- cmd`, `kubectl run NAME -- cmd`.
function analyzeNested(command: ShellCommand, kube: Kube, analyzer: ShellAnalyzer): Effect[] {
  const read = kube.read
  const [target = '?', ...legacy] = kube.operands
  const host = target.includes('/') ? target : `pod/${target}`
  const argv =
    read.rest.length > 0
      ? read.rest
      : kube.verb === 'exec'
        ? legacy.map((value) => ({ value, dynamic: false }))
        : []
  const interactive = hasOption(read, '-i', '--stdin')
  const head = shown(command, kube)
  const effects: Effect[] = []
  if (kube.verb === 'run') effects.push(kubeEffect(command, kube, judgeChange(command, kube)))
  if (kube.verb === 'debug') {
    effects.push(
      kubeEffect(command, kube, {
        risk: 'mutating',
        verb: 'create',
        scope: 'item',
        reason: `${head} adds a debugging container to \`${target}\`${inNamespace(kube)}`,
      }),
    )
  }
  if (argv.length === 0) {
    if (kube.verb === 'exec' || (kube.verb === 'debug' && interactive)) {
      effects.push(
        createOpaqueEffect(
          'k8s',
          `${head} runs no command airlock can see in \`${target}\``,
          command.source,
        ),
      )
    }
    return effects
  }
  return [...effects, ...analyzer.analyzeArgv(argv, command, { host })]
}

function defaultTarget(kube: Kube): string {
  const files = manifestFiles(kube.read)
  const operands = kube.verb === 'rollout' ? kube.operands.slice(1) : kube.operands
  if (kube.verb === 'drain' || kube.verb === 'cordon' || kube.verb === 'uncordon')
    return `node/${operands.join(',')}`
  if (kube.verb === 'logs' || kube.verb === 'port-forward' || kube.verb === 'attach') {
    const [pod = '?'] = operands
    return pod.includes('/') ? pod : `pod/${pod}`
  }
  if (
    [
      'get',
      'describe',
      'logs',
      'delete',
      'scale',
      'rollout',
      'label',
      'annotate',
      'patch',
      'set',
      'expose',
      'edit',
      'autoscale',
    ].includes(kube.verb) ||
    files.length === 0
  ) {
    const refs = readRefs(kube.verb === 'set' ? operands.slice(1) : operands)
    if (refs.length > 0 || files.length === 0)
      return refs.map((ref) => `${ref.kind}/${ref.name ?? '*'}`).join(',')
  }
  return files.join(',')
}

function kubeEffect(command: ShellCommand, kube: Kube, judgement: Judgement): Effect {
  const namespace = kube.allNamespaces ? '*' : (kube.namespace ?? '')
  return ruleEffect(command, {
    system: 'k8s',
    verb: judgement.verb,
    target: `k8s:${namespace}/${judgement.target ?? defaultTarget(kube)}`,
    scope: judgement.scope,
    risk: judgement.risk,
    opaque: judgement.opaque ?? false,
    ...(judgement.opaque === true ? { reversible: false, dataLoss: true } : {}),
    reason: judgement.reason,
  })
}

/** Judges a kubectl command: its verb, the kinds it touches, its namespace and its dry-run. */
function analyzeKubectl(command: ShellCommand, analyzer: ShellAnalyzer): Effect[] {
  const head = readArgs(command.args, { valued: GLOBAL_VALUED, stopAtPositional: true })
  const verbWord = head.rest[0]
  if (verbWord === undefined) {
    return [readEffect(command, 'k8s', `\`${command.name}\` only prints its usage`, 'k8s')]
  }
  if (verbWord.dynamic)
    return [
      createOpaqueEffect(
        'k8s',
        `\`${command.name}\` runs a command only known at run time`,
        command.source,
      ),
    ]
  const verb = verbWord.value
  const valued = [...GLOBAL_VALUED, ...COMMAND_VALUED, ...(verb === 'patch' ? ['-p'] : [])]
  const read = readArgs(command.args, { valued })
  const operands = read.positionals.slice(1).map((word) => word.value)
  const namespace = optionValue(read, '-n', '--namespace')
  const allNamespaces = hasOption(read, '-A', '--all-namespaces')
  const deletesNamespace =
    verb === 'delete' && readRefs(operands).some((ref) => ref.kind === 'namespace')
  const env = resolveCloudEnvironment(command, [
    namespace,
    optionValue(read, '--context'),
    optionValue(read, '--cluster'),
    ...(deletesNamespace ? operands : []),
  ])
  const kube: Kube = {
    verb,
    read,
    operands,
    allNamespaces,
    env,
    ...(namespace === undefined ? {} : { namespace }),
  }
  if (isDryRun(read)) {
    return [
      kubeEffect(command, kube, {
        risk: 'safe',
        verb: 'read',
        scope: 'item',
        reason: `${shown(command, kube)} with \`--dry-run\` changes nothing`,
      }),
    ]
  }
  if (verb === 'exec' || verb === 'debug' || verb === 'run')
    return analyzeNested(command, kube, analyzer)
  if (READ_VERBS.has(verb)) {
    return [
      kubeEffect(command, kube, {
        risk: 'safe',
        verb: 'read',
        scope: 'item',
        reason: `${shown(command, kube)} only reads`,
      }),
    ]
  }
  switch (verb) {
    case 'delete':
      return [kubeEffect(command, kube, judgeDelete(command, kube))]
    case 'patch':
      return [kubeEffect(command, kube, judgePatch(command, kube))]
    case 'config':
      return [kubeEffect(command, kube, judgeConfig(command, kube))]
    case 'auth': {
      const [sub = ''] = operands
      const risk: Risk = sub === 'can-i' || sub === 'whoami' ? 'safe' : 'mutating'
      return [
        kubeEffect(command, kube, {
          risk,
          verb: risk === 'safe' ? 'read' : 'permission',
          scope: 'item',
          target: 'rbac',
          reason: `${shown(command, kube, sub)} ${risk === 'safe' ? 'only asks the API server' : 'changes RBAC objects'}`,
        }),
      ]
    }
    case 'attach':
      if (hasOption(read, '-i', '--stdin')) {
        return [
          createOpaqueEffect(
            'k8s',
            `${shown(command, kube)} sends terminal input airlock cannot see to \`${operands[0] ?? '?'}\``,
            command.source,
          ),
        ]
      }
      return [
        kubeEffect(command, kube, {
          risk: 'safe',
          verb: 'read',
          scope: 'item',
          reason: `${shown(command, kube)} only streams output`,
        }),
      ]
    case 'plugin':
      return [
        operands[0] === 'list'
          ? kubeEffect(command, kube, {
              risk: 'safe',
              verb: 'read',
              scope: 'item',
              reason: `${shown(command, kube, 'list')} only reads`,
            })
          : judgeUnknownSubcommand(command, 'k8s', [verb, ...operands.slice(0, 1)]),
      ]
    default:
      if (
        CHANGE_VERBS.has(verb) ||
        ['apply', 'replace', 'scale', 'drain', 'rollout'].includes(verb)
      ) {
        if (verb === 'apply' && ['view-last-applied'].includes(operands[0] ?? '')) {
          return [
            kubeEffect(command, kube, {
              risk: 'safe',
              verb: 'read',
              scope: 'item',
              reason: `${shown(command, kube, operands[0])} only reads`,
            }),
          ]
        }
        return [kubeEffect(command, kube, judgeChange(command, kube))]
      }
      return [
        isReadOnlyVerb(verb)
          ? kubeEffect(command, kube, {
              risk: 'safe',
              verb: 'read',
              scope: 'item',
              reason: `${shown(command, kube)} only reads`,
            })
          : judgeUnknownSubcommand(command, 'k8s', [verb]),
      ]
  }
}

/** Rules for kubectl and the OpenShift client, which shares its verbs. */
export const KUBECTL_RULES: CommandRuleTable = { kubectl: analyzeKubectl, oc: analyzeKubectl }
