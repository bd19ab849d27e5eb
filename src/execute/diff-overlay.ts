import type { Stats } from 'node:fs'
import { lstat, open, readdir, readlink } from 'node:fs/promises'
import path from 'node:path'

/** Paths, relative to the working directory, that a sandboxed command changed. */
export interface OverlayDiff {
  readonly deleted: readonly string[]
  readonly modified: readonly string[]
  readonly created: readonly string[]
}

const CHUNK_BYTES = 64 * 1024

/**
 * Compares an overlayfs upper directory with its lower directory: whiteouts (character devices
 * 0/0) are deletions, entries also in the lower directory are modifications when their type,
 * mode, owner, content or link target differ, the rest are creations. `hidden` names lower
 * entries an opaque directory hides (`./data/a`): the overlay marks opaque directories with an
 * xattr Node cannot read, so the sandbox lists them itself. Directories are expanded into the
 * files they hold, an empty one as `name/`.
 */
export async function diffOverlay(
  upper: string,
  lower: string,
  hidden: readonly string[],
): Promise<OverlayDiff> {
  const deleted = new Set<string>()
  const modified = new Set<string>()
  const created = new Set<string>()

  const walk = async (relative: string): Promise<void> => {
    const entries = await readdir(path.join(upper, relative))
    for (const name of entries) {
      const entry = relative === '' ? name : `${relative}/${name}`
      const upperStat = await lstat(path.join(upper, entry))
      const lowerStat = await lstatOrUndefined(path.join(lower, entry))
      if (isWhiteout(upperStat)) {
        if (lowerStat !== undefined) {
          await listTree(lower, entry, lowerStat, deleted)
        }
      } else if (upperStat.isDirectory()) {
        if (lowerStat?.isDirectory() === true) {
          await walk(entry)
        } else {
          if (lowerStat !== undefined) {
            deleted.add(entry)
          }
          await listTree(upper, entry, upperStat, created)
        }
      } else if (lowerStat === undefined) {
        created.add(entry)
      } else if (lowerStat.isDirectory()) {
        await listTree(lower, entry, lowerStat, deleted)
        created.add(entry)
      } else if (
        await differ(path.join(upper, entry), upperStat, path.join(lower, entry), lowerStat)
      ) {
        modified.add(entry)
      }
    }
  }

  await walk('')
  for (const entry of hidden) {
    const relative = path.posix.normalize(entry)
    const lowerStat = await lstatOrUndefined(path.join(lower, relative))
    if (lowerStat !== undefined) {
      await listTree(lower, relative, lowerStat, deleted)
    }
  }
  return {
    deleted: [...deleted].sort(),
    modified: [...modified].sort(),
    created: [...created].sort(),
  }
}

function isWhiteout(stats: Stats): boolean {
  return stats.isCharacterDevice() && stats.rdev === 0
}

async function lstatOrUndefined(file: string): Promise<Stats | undefined> {
  try {
    return await lstat(file)
  } catch {
    return undefined
  }
}

/** Adds `entry` to `into`, or every file under it when it is a directory. */
async function listTree(
  root: string,
  entry: string,
  stats: Stats,
  into: Set<string>,
): Promise<void> {
  if (!stats.isDirectory()) {
    into.add(entry)
    return
  }
  const names = await readdir(path.join(root, entry))
  if (names.length === 0) {
    into.add(`${entry}/`)
  }
  for (const name of names) {
    const child = `${entry}/${name}`
    await listTree(root, child, await lstat(path.join(root, child)), into)
  }
}

async function differ(
  upperFile: string,
  upperStat: Stats,
  lowerFile: string,
  lowerStat: Stats,
): Promise<boolean> {
  if (
    upperStat.mode !== lowerStat.mode ||
    upperStat.uid !== lowerStat.uid ||
    upperStat.gid !== lowerStat.gid
  ) {
    return true
  }
  if (upperStat.isSymbolicLink()) {
    return (await readlink(upperFile)) !== (await readlink(lowerFile))
  }
  if (upperStat.isFile()) {
    return upperStat.size !== lowerStat.size || !(await haveSameContent(upperFile, lowerFile))
  }
  return upperStat.rdev !== lowerStat.rdev
}

async function haveSameContent(first: string, second: string): Promise<boolean> {
  const a = await open(first, 'r')
  try {
    const b = await open(second, 'r')
    try {
      const bufferA = Buffer.alloc(CHUNK_BYTES)
      const bufferB = Buffer.alloc(CHUNK_BYTES)
      for (;;) {
        const [readA, readB] = await Promise.all([
          a.read(bufferA, 0, CHUNK_BYTES, null),
          b.read(bufferB, 0, CHUNK_BYTES, null),
        ])
        if (readA.bytesRead !== readB.bytesRead) {
          return false
        }
        if (readA.bytesRead === 0) {
          return true
        }
        if (!bufferA.subarray(0, readA.bytesRead).equals(bufferB.subarray(0, readB.bytesRead))) {
          return false
        }
      }
    } finally {
      await b.close()
    }
  } finally {
    await a.close()
  }
}
