import { mkdirSync, mkdtempSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'

const ROOT = join(import.meta.dirname, '..')

// Folders the analyser rightly reads as scratch space, where writing is harmless.
const SCRATCH = ['/tmp/', '/var/tmp/', '/dev/shm/']

/**
 * A fresh folder for tests whose files must be judged as real ones, not as scratch space: under
 * the repository's `.airlock/`, or under the home folder when the checkout itself lies in `/tmp`.
 */
export function makeWorkFolder(prefix: string): string {
  const scratch = SCRATCH.some((folder) => `${ROOT}/`.startsWith(folder))
  const base = scratch ? join(homedir(), '.airlock-tests') : join(ROOT, '.airlock')
  mkdirSync(base, { recursive: true })
  return mkdtempSync(join(base, prefix))
}
