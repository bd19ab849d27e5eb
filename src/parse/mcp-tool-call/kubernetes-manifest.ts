import { parseAllDocuments } from 'yaml'

/** One object a Kubernetes manifest declares. */
export interface ManifestObject {
  readonly kind: string
  readonly name?: string
  readonly namespace?: string
}

const MAX_LENGTH = 1_000_000
const MAX_OBJECTS = 500

/** True when a string looks like a manifest: a `kind:` line (YAML) or a `"kind":` member (JSON). */
export function looksLikeManifest(value: unknown): boolean {
  if (typeof value === 'string')
    return (
      /^\s*kind:\s*\S/m.test(value) || (/"kind"\s*:/.test(value) && value.includes('"apiVersion"'))
    )
  if (Array.isArray(value)) return value.some(looksLikeManifest)
  if (typeof value !== 'object' || value === null) return false
  const record = value as Record<string, unknown>
  return typeof record.kind === 'string' && typeof record.apiVersion === 'string'
}

function collect(value: unknown, out: ManifestObject[]): boolean {
  if (value === null || value === undefined) return true
  if (out.length > MAX_OBJECTS) return false
  if (Array.isArray(value)) return value.every((item: unknown) => collect(item, out))
  if (typeof value !== 'object') return false
  const record = value as Record<string, unknown>
  if (typeof record.kind !== 'string') return false
  // `kind: List` (and `DeploymentList`…) carries its objects in `items`.
  if (record.kind.endsWith('List') && Array.isArray(record.items)) return collect(record.items, out)
  const metadata =
    typeof record.metadata === 'object' && record.metadata !== null
      ? (record.metadata as Record<string, unknown>)
      : {}
  out.push({
    kind: record.kind,
    ...(typeof metadata.name === 'string' ? { name: metadata.name } : {}),
    ...(typeof metadata.namespace === 'string' ? { namespace: metadata.namespace } : {}),
  })
  return true
}

/**
 * Reads the objects of a Kubernetes manifest given as YAML or JSON text (several documents
 * separated by `---`), as an object or as an array of objects. Gives `undefined` when the text
 * does not parse or a document is not an object with a `kind`, so that callers fail closed.
 */
export function readKubernetesManifest(value: unknown): ManifestObject[] | undefined {
  const objects: ManifestObject[] = []
  if (typeof value !== 'string') return collect(value, objects) ? objects : undefined
  if (value.length > MAX_LENGTH) return undefined
  try {
    for (const document of parseAllDocuments(value)) {
      if (document.errors.length > 0) return undefined
      if (!collect(document.toJS({ maxAliasCount: 50 }), objects)) return undefined
    }
  } catch {
    return undefined
  }
  return objects.length === 0 ? undefined : objects
}
