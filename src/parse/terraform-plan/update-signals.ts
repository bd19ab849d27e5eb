import { formatJsonPath, type JsonPath } from './terraform-json-path.js'
import { quote } from './terraform-wording.js'

const DEEPEST = 4

// Guards that refuse or soften a later delete; turning one off is the first step towards losing data.
const PROTECTION =
  /^((deletion|termination|destroy|delete|purge)_protection(_enabled)?|enable_(deletion|termination)_protection|prevent_destroy|disable_api_termination)$/
const UNSAFE_WHEN_SET: Readonly<Record<string, string>> = {
  force_destroy: 'a later delete also removes everything stored in it',
  force_delete: 'a later delete also removes everything stored in it',
  skip_final_snapshot: 'a later delete keeps no final snapshot',
  delete_on_termination: 'the disk is deleted with its instance',
  auto_delete: 'the disk is deleted with its instance',
}
const SIZE =
  /^(allocated_storage|size|size_gb|volume_size|root_volume_size|disk_size|disk_size_gb|storage_mb|storage_gb|storage_size|storage_size_gb)$/

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function judgeLeaf(
  key: string,
  path: JsonPath,
  before: unknown,
  after: unknown,
): string | undefined {
  const name = quote(formatJsonPath(path))
  if (PROTECTION.test(key) && before === true && after === false) return `turns off ${name}`
  const unsafe = UNSAFE_WHEN_SET[key]
  if (unsafe !== undefined && before !== true && after === true) return `sets ${name}: ${unsafe}`
  if (key === 'deletion_policy' && after === 'DELETE' && before !== 'DELETE') {
    return `sets ${name} to \`DELETE\`: a later delete removes the real object`
  }
  if (typeof before !== 'number' || typeof after !== 'number' || after >= before) return undefined
  if (SIZE.test(key)) return `shrinks ${name} from ${before} to ${after}`
  if (key.includes('retention')) {
    if (after > 0) return `shortens ${name} from ${before} to ${after}: older data is removed`
    if (key.includes('backup'))
      return `sets ${name} to 0: automated backups are turned off and removed`
  }
  return undefined
}

function walk(before: unknown, after: unknown, path: (string | number)[], found: string[]): void {
  if (path.length > DEEPEST) return
  if (Array.isArray(after)) {
    if (!Array.isArray(before)) return
    after.forEach((item, index) => {
      walk(before[index], item, [...path, index], found)
    })
    return
  }
  if (!isRecord(after) || !isRecord(before)) return
  for (const [key, value] of Object.entries(after)) {
    const childPath = [...path, key]
    const signal = judgeLeaf(key, childPath, before[key], value)
    if (signal !== undefined) found.push(signal)
    else walk(before[key], value, childPath, found)
  }
}

/**
 * Finds what an in-place update changes that leans towards losing data: a deletion protection
 * turned off, `force_destroy` or `skip_final_snapshot` set, storage shrunk, retention shortened.
 * The update itself stays a settings change; these are named in its reason.
 */
export function findUpdateSignals(before: unknown, after: unknown): string[] {
  const found: string[] = []
  walk(before, after, [], found)
  return found
}
