import type { InventoryDependency, InventoryResource } from '../../model/inventory.js'
import type { InventoryIssue } from './inventory-issue.js'
import { readJsonDocument } from './inventory-json-schema.js'
import {
  emptyInventoryPart,
  type InventoryPart,
  type InventorySourceText,
} from './inventory-part.js'
import { json } from './json-fields.js'
import { STATEFUL_TYPE } from './stateful-type.js'

type JsonRecord = Readonly<Record<string, unknown>>
type JsonPath = readonly (string | number)[]

const WORKLOADS = new Set([
  'Pod',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'ReplicationController',
  'Job',
  'CronJob',
])
const PART_OF = 'app.kubernetes.io/part-of'

/** `k8s:prod/Deployment/api` for namespaced objects, `k8s:Namespace/prod` for cluster-scoped ones. */
function kubernetesId(kind: string, namespace: string | undefined, name: string): string {
  return namespace === undefined ? `k8s:${kind}/${name}` : `k8s:${namespace}/${kind}/${name}`
}

/** One object of the list, read. */
interface KubernetesObject {
  readonly id: string
  readonly kind: string
  readonly namespace?: string
  readonly name: string
  readonly value: JsonRecord
  readonly labels: Readonly<Record<string, string>>
  readonly owned: boolean
}

function stringMap(value: unknown): Record<string, string> {
  if (!json.isRecord(value)) return {}
  return Object.fromEntries(
    Object.entries(value).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  )
}

function list(value: unknown): JsonRecord[] {
  return Array.isArray(value) ? value.filter((item) => json.isRecord(item)) : []
}

/** The pod spec of a pod, a workload's template, or a CronJob's job template. */
function podSpec(object: JsonRecord): JsonRecord | undefined {
  const spec = json.record(object, 'spec')
  if (spec === undefined) return undefined
  const template = json.record(spec, 'template') ?? json.record(spec, 'jobTemplate')
  if (template === undefined) return spec
  const inner = json.record(template, 'spec')
  const nested = inner === undefined ? undefined : json.record(inner, 'template')
  return json.record(nested ?? template, 'spec')
}

function podLabels(object: JsonRecord): Record<string, string> {
  const spec = json.record(object, 'spec')
  const template = spec === undefined ? undefined : json.record(spec, 'template')
  const metadata = json.record(template ?? object, 'metadata')
  return stringMap(metadata?.labels)
}

/** Names of the Services an Ingress routes to (`networking.k8s.io/v1` and `v1beta1`). */
function ingressBackends(object: JsonRecord): string[] {
  const spec = json.record(object, 'spec') ?? {}
  const backends = [spec.defaultBackend, spec.backend]
  for (const rule of list(spec.rules)) {
    const http = json.record(rule, 'http')
    for (const path of list(http?.paths)) backends.push(path.backend)
  }
  return backends.flatMap((backend) => {
    if (!json.isRecord(backend)) return []
    const service = json.record(backend, 'service')
    const name =
      service === undefined ? json.string(backend, 'serviceName') : json.string(service, 'name')
    return name === undefined ? [] : [name]
  })
}

class ObjectCollector {
  readonly resources = new Map<string, InventoryResource>()
  readonly implied = new Set<string>()
  readonly objects: KubernetesObject[] = []
  readonly issues: InventoryIssue[] = []
  readonly dependencies: InventoryDependency[] = []
  readonly #source: InventorySourceText

  constructor(source: InventorySourceText) {
    this.#source = source
  }

  invalid(path: JsonPath, message: string): void {
    const file = this.#source.file
    this.issues.push({
      code: 'inventory_invalid_entry',
      message: `\`${file}\` at \`${json.formatPath(path)}\`: ${message}`,
      file,
      path,
    })
  }

  #resource(
    kind: string,
    namespace: string | undefined,
    name: string,
    extra: {
      parent?: string
      uid?: string
      stateful?: boolean
      customerFacing?: boolean
      service?: string
    },
  ): InventoryResource {
    const environment = this.#source.environment
    return {
      id: kubernetesId(kind, namespace, name),
      type: kind,
      name: namespace === undefined ? `${kind}/${name}` : `${namespace}/${kind}/${name}`,
      ...(environment === undefined ? {} : { environment }),
      identifiers: {
        kubernetes: { kind, ...(namespace === undefined ? {} : { namespace }), name },
        ...(extra.uid === undefined ? {} : { physicalId: extra.uid }),
        names: [name],
      },
      facts: {
        stateful: extra.stateful ?? false,
        recentBackup: false,
        customerFacing: extra.customerFacing ?? false,
        ...(extra.service === undefined ? {} : { service: extra.service }),
      },
      ...(extra.parent === undefined ? {} : { parent: extra.parent }),
      source: this.#source.file,
    }
  }

  /** A namespace or owner known only by reference; a listed object replaces it. */
  imply(kind: string, namespace: string | undefined, name: string): string {
    const id = kubernetesId(kind, namespace, name)
    if (this.resources.has(id)) return id
    const parent =
      namespace === undefined ? undefined : this.imply('Namespace', undefined, namespace)
    this.resources.set(
      id,
      this.#resource(kind, namespace, name, parent === undefined ? {} : { parent }),
    )
    this.implied.add(id)
    return id
  }

  add(value: JsonRecord, kind: string, path: JsonPath): void {
    const metadata = json.record(value, 'metadata')
    if (metadata === undefined) {
      this.invalid([...path, 'metadata'], 'missing')
      return
    }
    const name = json.string(metadata, 'name')
    if (name === undefined) {
      this.invalid([...path, 'metadata', 'name'], 'missing')
      return
    }
    const namespace = json.string(metadata, 'namespace')
    const owners = list(metadata.ownerReferences)
    const owner = owners.find((reference) => reference.controller === true) ?? owners[0]
    const ownerKind = owner === undefined ? undefined : json.string(owner, 'kind')
    const ownerName = owner === undefined ? undefined : json.string(owner, 'name')
    if (owner !== undefined && (ownerKind === undefined || ownerName === undefined)) {
      this.invalid(
        [...path, 'metadata', 'ownerReferences'],
        'an owner reference has no kind or name',
      )
    }
    const parent =
      ownerKind !== undefined && ownerName !== undefined
        ? this.imply(ownerKind, namespace, ownerName)
        : namespace === undefined
          ? undefined
          : this.imply('Namespace', undefined, namespace)
    const spec = json.record(value, 'spec')
    const labels = stringMap(metadata.labels)
    const uid = json.string(metadata, 'uid')
    const service = labels[PART_OF]
    const resource = this.#resource(kind, namespace, name, {
      ...(parent === undefined ? {} : { parent }),
      ...(uid === undefined ? {} : { uid }),
      ...(service === undefined ? {} : { service }),
      stateful: STATEFUL_TYPE.kubernetes(kind),
      customerFacing: kind === 'Ingress' || (kind === 'Service' && spec?.type === 'LoadBalancer'),
    })
    this.resources.set(resource.id, resource)
    this.implied.delete(resource.id)
    this.objects.push({
      id: resource.id,
      kind,
      ...(namespace === undefined ? {} : { namespace }),
      name,
      value,
      labels: podLabels(value),
      owned: owner !== undefined,
    })
  }

  /** Workloads need their claims, claims their volumes, ingresses their services, services their pods. */
  link(): void {
    const depend = (from: string, to: string): void => {
      if (from !== to) this.dependencies.push({ from, to })
    }
    const claims = this.objects.filter((object) => object.kind === 'PersistentVolumeClaim')
    for (const object of this.objects) {
      const { kind, namespace, value } = object
      if (WORKLOADS.has(kind)) {
        for (const volume of list(podSpec(value)?.volumes)) {
          const claim = json.record(volume, 'persistentVolumeClaim')
          const claimName = claim === undefined ? undefined : json.string(claim, 'claimName')
          if (claimName !== undefined) {
            depend(object.id, kubernetesId('PersistentVolumeClaim', namespace, claimName))
          }
        }
      }
      if (kind === 'StatefulSet') {
        // Claims from volumeClaimTemplates are named `<template>-<statefulset>-<ordinal>`.
        for (const template of list(json.record(value, 'spec')?.volumeClaimTemplates)) {
          const templateName = json.string(json.record(template, 'metadata') ?? {}, 'name')
          if (templateName === undefined) continue
          const prefix = `${templateName}-${object.name}-`
          for (const claim of claims) {
            if (claim.namespace === namespace && claim.name.startsWith(prefix)) {
              if (/^\d+$/.test(claim.name.slice(prefix.length))) depend(object.id, claim.id)
            }
          }
        }
      }
      if (kind === 'PersistentVolumeClaim') {
        const volumeName = json.string(json.record(value, 'spec') ?? {}, 'volumeName')
        if (volumeName !== undefined) {
          depend(object.id, kubernetesId('PersistentVolume', undefined, volumeName))
        }
      }
      if (kind === 'Ingress') {
        for (const service of new Set(ingressBackends(value))) {
          depend(object.id, kubernetesId('Service', namespace, service))
        }
      }
      if (kind === 'Service') {
        const selector = stringMap(json.record(value, 'spec')?.selector)
        const wanted = Object.entries(selector)
        if (wanted.length === 0) continue
        for (const target of this.objects) {
          if (target.owned || !WORKLOADS.has(target.kind) || target.namespace !== namespace)
            continue
          if (wanted.every(([key, label]) => target.labels[key] === label))
            depend(object.id, target.id)
        }
      }
    }
  }
}

/**
 * Imports Kubernetes objects as `kubectl get … -o json` prints them: a `List` (or `PodList`,
 * `DeploymentList`…, whose items may lack `kind`) or a single object. Each object becomes
 * `k8s:NAMESPACE/KIND/NAME`, inside its controlling owner, else its namespace
 * (`k8s:Namespace/NAME`). StatefulSets, claims and volumes are stateful; Ingresses and
 * LoadBalancer Services are customer-facing; the `app.kubernetes.io/part-of` label names the
 * service.
 */
export function importKubernetes(source: InventorySourceText): InventoryPart {
  const document = readJsonDocument(source.text, source.file)
  if (!document.ok) return emptyInventoryPart([document.issue])
  const value = document.value
  const collector = new ObjectCollector(source)
  const kind = json.string(value, 'kind')
  if (Array.isArray(value.items)) {
    const itemKind =
      kind !== undefined && kind !== 'List' && kind.endsWith('List') ? kind.slice(0, -4) : undefined
    value.items.forEach((item: unknown, index) => {
      const path = ['items', index]
      if (!json.isRecord(item)) {
        collector.invalid(path, 'expected an object')
        return
      }
      const objectKind = json.string(item, 'kind') ?? itemKind
      if (objectKind === undefined) {
        collector.invalid([...path, 'kind'], 'missing')
        return
      }
      collector.add(item, objectKind, path)
    })
  } else if (kind !== undefined && json.isRecord(value.metadata)) {
    collector.add(value, kind, [])
  } else {
    return emptyInventoryPart([
      {
        code: 'inventory_unreadable',
        message: `\`${source.file}\`: not Kubernetes objects: expected a \`List\` with \`items\` (kubectl get … -o json) or one object with \`kind\` and \`metadata\``,
        file: source.file,
      },
    ])
  }
  collector.link()
  return {
    resources: [...collector.resources.values()],
    dependencies: collector.dependencies,
    objectives: [],
    annotations: [],
    implied: [...collector.implied],
    issues: collector.issues,
  }
}
