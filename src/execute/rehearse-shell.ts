import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, readFile, realpath, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'

import { REHEARSAL_PATH_LIMIT, type ShellRehearsal } from '../model/rehearsal.js'
import { diffOverlay } from './diff-overlay.js'

/** How to rehearse one shell command. */
export interface ShellRehearsalOptions {
  /** The directory the command runs in; only what is under it is rehearsed. */
  readonly cwd: string
  /** 10 s unless given. */
  readonly timeoutMs?: number
  /**
   * Added to the command's minimal environment (`PATH` from the gateway, `HOME` = `cwd`,
   * `LANG`); the gateway's own environment never reaches the command. `PATH` here is also where
   * `unshare`, `mount` and `bash` are looked up.
   */
  readonly env?: Readonly<Record<string, string>>
}

const DEFAULT_TIMEOUT_MS = 10_000
const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
const TAIL_CHARS = 4000
const TAIL_BYTES = 4 * TAIL_CHARS
/** Mount options take `,` and `:` as separators, so the sandbox folder must avoid them. */
const PLAIN_PATH = /^[\w./-]+$/
/** Docker's read-only paths: /proc files a root-mapped user could otherwise write. */
const PROC_READ_ONLY = ['/proc/sys', '/proc/sysrq-trigger', '/proc/irq', '/proc/bus', '/proc/fs']

const UNSHARE_ARGS = [
  '--user',
  '--map-root-user',
  '--mount',
  '--net',
  '--pid',
  '--fork',
  '--mount-proc',
  '--kill-child',
]

/**
 * Runs as PID 1 of new user, mount, PID and network namespaces: `$1` working directory, `$2`
 * sandbox folder, `$3` command, then every mount point to make read-only. Reports on fd 3 as
 * NUL-terminated records: `ready`, `exit <code>`, `hidden <path>`…, `done`.
 *
 * The overlay's lowerdir is `.` so that no path is spelt inside the mount options. The command
 * runs one user namespace further down, where the kernel locks the read-only mounts and the
 * mounts over the working directory: being root there, it can neither remount them writable nor
 * unmount them to reach what they cover.
 */
const SANDBOX_SCRIPT = `set -eu
cwd=$1 box=$2 command=$3
shift 3
cd "$cwd"
mount -t overlay overlay -o "lowerdir=.,upperdir=$box/upper,workdir=$box/work,userxattr,redirect_dir=nofollow,metacopy=off" "$box/merged"
mount --bind "$cwd" "$box/lower"
mount -o remount,bind,ro "$box/lower"
mount --bind "$box/merged" "$cwd"
for point; do mount -o remount,bind,ro "$point"; done
for point in ${PROC_READ_ONLY.join(' ')}; do
  if [ -e "$point" ]; then
    mount --bind "$point" "$point"
    mount -o remount,bind,ro "$point"
  fi
done
mount -t tmpfs -o size=64m,mode=1777 tmpfs "$box/tmp"
cd "$cwd"
printf 'ready\\0' >&3
set +e
TMPDIR=$box/tmp unshare --user --map-root-user --mount -- bash -c "$command" </dev/null 3>&-
code=$?
kill -9 -1 2>/dev/null
printf 'exit %s\\0' "$code" >&3
cd "$box/upper"
find . -type d -exec sh -c '
box=$1
shift
for dir; do
  [ -d "$box/lower/$dir" ] || continue
  for entry in "$box/lower/$dir"/* "$box/lower/$dir"/.[!.]* "$box/lower/$dir"/..?*; do
    [ -e "$entry" ] || [ -L "$entry" ] || continue
    name=\${entry##*/}
    if [ -e "$dir/$name" ] || [ -L "$dir/$name" ]; then continue; fi
    if [ -e "$box/merged/$dir/$name" ] || [ -L "$box/merged/$dir/$name" ]; then continue; fi
    printf "hidden %s\\0" "$dir/$name"
  done
done' sh "$box" {} + >&3
printf 'done\\0' >&3
`

/**
 * Runs a shell command in a throwaway sandbox and reports the files it would delete, modify and
 * create under `cwd`, leaving the real ones untouched.
 *
 * The sandbox is new user (root mapped to the caller), mount, PID and network namespaces; an
 * overlayfs over `cwd` takes every write there, every other mount is read-only, `TMPDIR` is a
 * private 64 MiB tmpfs, there is no network (not even loopback), stdin is closed and the time
 * limit kills everything in it. Not protected: CPU, memory and the disk space the overlay's
 * upper layer takes under the system's temporary folder (bounded by the time limit only), and
 * mounts below `cwd` (the command sees the directories they cover).
 */
export async function rehearseShell(
  command: string,
  options: ShellRehearsalOptions,
): Promise<ShellRehearsal> {
  const started = performance.now()
  const elapsed = (): number => Math.round(performance.now() - started)
  const given = path.resolve(options.cwd)
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const refuse = (
    status: 'unavailable' | 'timed-out' | 'failed',
    reason: string,
  ): ShellRehearsal => ({
    kind: 'shell',
    status,
    reason,
    deleted: [],
    modified: [],
    created: [],
    counts: { deleted: 0, modified: 0, created: 0 },
    durationMs: elapsed(),
  })

  if ((await stat(given).catch(() => undefined))?.isDirectory() !== true) {
    return refuse('failed', `working directory \`${given}\` is not a directory`)
  }
  const cwd = await realpath(given)
  if (cwd === path.parse(cwd).root) {
    return refuse('unavailable', `cannot rehearse in the root directory \`${cwd}\``)
  }
  const box = await mkdtemp(path.join(tmpdir(), 'airlock-rehearsal-'))
  try {
    if (!PLAIN_PATH.test(box)) {
      return refuse(
        'unavailable',
        `temporary folder \`${box}\` has characters mount options reserve`,
      )
    }
    for (const folder of ['upper', 'work', 'merged', 'lower', 'tmp']) {
      await mkdir(path.join(box, folder))
    }
    const mounts = await readMountPoints(cwd, box)
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? DEFAULT_PATH,
      HOME: cwd,
      LANG: 'C.UTF-8',
      ...options.env,
    }
    const run = await runSandbox(
      [...UNSHARE_ARGS, 'sh', '-c', SANDBOX_SCRIPT, 'sh', cwd, box, command, ...mounts],
      env,
      timeoutMs,
    )
    if (run.spawnError !== undefined) {
      return refuse('unavailable', run.spawnError)
    }
    if (!run.records.includes('ready')) {
      return run.timedOut
        ? refuse('timed-out', `setting up the sandbox took longer than ${timeoutMs} ms`)
        : refuse('unavailable', `cannot set up the sandbox: ${lastLine(run.stderr)}`)
    }
    const exit = run.records.find((record) => record.startsWith('exit '))
    const isComplete = run.records.includes('done')
    const hidden = run.records.flatMap((record) =>
      record.startsWith('hidden ') ? [record.slice('hidden '.length)] : [],
    )
    const diff = await diffOverlay(path.join(box, 'upper'), cwd, hidden)
    const status = isComplete ? 'rehearsed' : run.timedOut ? 'timed-out' : 'failed'
    const reason = isComplete
      ? undefined
      : `${run.timedOut ? `the time limit of ${timeoutMs} ms stopped the command` : 'the sandbox stopped before the command finished'}: files of directories it deleted and recreated may be missing from the lists`
    const stdoutTail = tail(run.stdout)
    const stderrTail = tail(run.stderr)
    return {
      kind: 'shell',
      status,
      ...(reason === undefined ? {} : { reason }),
      ...(exit === undefined ? {} : { exitCode: Number(exit.slice('exit '.length)) }),
      deleted: diff.deleted.slice(0, REHEARSAL_PATH_LIMIT),
      modified: diff.modified.slice(0, REHEARSAL_PATH_LIMIT),
      created: diff.created.slice(0, REHEARSAL_PATH_LIMIT),
      counts: {
        deleted: diff.deleted.length,
        modified: diff.modified.length,
        created: diff.created.length,
      },
      ...(stdoutTail === '' ? {} : { stdoutTail }),
      ...(stderrTail === '' ? {} : { stderrTail }),
      durationMs: elapsed(),
    }
  } finally {
    await rm(box, { recursive: true, force: true })
  }
}

const probes = new Map<string, Promise<{ ok: boolean; reason?: string }>>()

/**
 * Whether this machine can rehearse shell commands: tries a rehearsal once per `path` (where
 * `unshare`, `mount` and `bash` are looked up; the gateway's `PATH` unless given) and remembers
 * the answer. When it cannot, `reason` says why and decisions stand as they are.
 */
export function canRehearse(
  options: { readonly path?: string } = {},
): Promise<{ ok: boolean; reason?: string }> {
  const searchPath = options.path ?? process.env.PATH ?? DEFAULT_PATH
  let probe = probes.get(searchPath)
  if (probe === undefined) {
    probe = probeRehearsal(searchPath)
    probes.set(searchPath, probe)
  }
  return probe
}

async function probeRehearsal(searchPath: string): Promise<{ ok: boolean; reason?: string }> {
  const folder = await mkdtemp(path.join(tmpdir(), 'airlock-probe-'))
  try {
    await writeFile(path.join(folder, 'probe'), 'probe\n')
    const report = await rehearseShell('rm probe && echo created > probe2', {
      cwd: folder,
      env: { PATH: searchPath },
    })
    if (report.status !== 'rehearsed') {
      return { ok: false, reason: report.reason ?? report.status }
    }
    if (report.deleted.join() !== 'probe' || report.created.join() !== 'probe2') {
      return { ok: false, reason: 'the sandbox did not see the probe command change files' }
    }
    return { ok: true }
  } finally {
    await rm(folder, { recursive: true, force: true })
  }
}

interface SandboxRun {
  readonly records: readonly string[]
  readonly stdout: Buffer
  readonly stderr: Buffer
  readonly timedOut: boolean
  readonly spawnError?: string
}

function runSandbox(
  args: readonly string[],
  env: Record<string, string>,
  timeoutMs: number,
): Promise<SandboxRun> {
  return new Promise((resolve) => {
    const child = spawn('unshare', args, {
      cwd: '/',
      env,
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
      detached: true,
    })
    let stdout: Buffer = Buffer.alloc(0)
    let stderr: Buffer = Buffer.alloc(0)
    const report: Buffer[] = []
    let timedOut = false
    let spawnError: string | undefined
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout = keepTail(stdout, chunk)
    })
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = keepTail(stderr, chunk)
    })
    child.stdio[3]?.on('data', (chunk: Buffer) => {
      report.push(chunk)
    })
    // INVARIANT: the child leads its own process group; killing the group kills PID 1 of the
    // sandbox's PID namespace, and with it everything the command started.
    const timer = setTimeout(() => {
      timedOut = true
      killGroup(child.pid)
    }, timeoutMs)
    child.on('error', (error: NodeJS.ErrnoException) => {
      spawnError =
        error.code === 'ENOENT'
          ? '`unshare` is not on PATH: this machine cannot create namespaces for a sandbox'
          : `cannot start \`unshare\`: ${error.message}`
    })
    child.on('close', () => {
      clearTimeout(timer)
      const records = Buffer.concat(report).toString('utf8').split('\0').slice(0, -1)
      resolve({
        records,
        stdout,
        stderr,
        timedOut,
        ...(spawnError === undefined ? {} : { spawnError }),
      })
    })
  })
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) {
    return
  }
  try {
    process.kill(-pid, 'SIGKILL')
  } catch {
    // Already gone.
  }
}

function keepTail(kept: Buffer, chunk: Buffer): Buffer {
  const joined = Buffer.concat([kept, chunk])
  return joined.length > TAIL_BYTES ? joined.subarray(joined.length - TAIL_BYTES) : joined
}

function tail(output: Buffer): string {
  const text = output.toString('utf8')
  return text.length > TAIL_CHARS ? `…${text.slice(text.length - TAIL_CHARS)}` : text
}

function lastLine(output: Buffer): string {
  const lines = output
    .toString('utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('dmesg('))
  return lines.at(-1) ?? 'no reason given'
}

/**
 * The mount points to make read-only in the sandbox: all of this process's, except /proc (the
 * sandbox mounts its own) and what lies under the working directory or the sandbox folder.
 */
async function readMountPoints(cwd: string, box: string): Promise<string[]> {
  const mountInfo = await readFile('/proc/self/mountinfo', 'utf8')
  const points = mountInfo.split('\n').flatMap((line) => {
    const field = line.split(' ')[4]
    return field === undefined ? [] : [decodeMountPath(field)]
  })
  const isUnder = (point: string, folder: string): boolean =>
    point === folder || point.startsWith(`${folder}/`)
  return [...new Set(points)].filter(
    (point) => !isUnder(point, '/proc') && !isUnder(point, cwd) && !isUnder(point, box),
  )
}

/** `/mnt/my\\040disk` → `/mnt/my disk`. */
function decodeMountPath(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) =>
    String.fromCharCode(parseInt(octal, 8)),
  )
}
