// What the benchmarks share: the repository root, percentiles, the test configuration of a
// gateway (humans alice, agent claude, the example policies) and a real `airlock serve` process
// started on it. Not a benchmark itself.
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { hashToken } from '../dist/pipeline/authenticate.js'

export const root = join(dirname(fileURLToPath(import.meta.url)), '..')

/** The value at percentile `p` (0-100) of ascending `sorted` (nearest rank); NaN when empty. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  return sorted[Math.max(0, index)]
}

/** Fresh bearer tokens for the agent `claude` and the human `alice` of {@link writeConfig}. */
export function benchTokens() {
  return {
    agent: `bench-agent-${randomBytes(8).toString('hex')}`,
    human: `bench-human-${randomBytes(8).toString('hex')}`,
  }
}

/** `node` arguments that write a CPU profile into `dir`; none when `dir` is undefined. */
export function cpuProfileArgs(dir) {
  return dir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${dir}`]
}

/**
 * Writes `dir/airlock.yaml` and returns its path: alice (approver) operates claude (any scope up
 * to catastrophic), the policies of examples/policies, storage at `storageUrl`. Unless turned
 * off, a prod (/srv/prod) and a dev (/srv/dev) environment and velocity limits no benchmark
 * reaches. `extra` is YAML appended at the end.
 */
export function writeConfig(
  dir,
  { tokens, storageUrl, environments = true, velocity = true, extra = '' },
) {
  const file = join(dir, 'airlock.yaml')
  writeFileSync(
    file,
    `humans:
  - { id: alice, roles: [approver], tokenHash: ${hashToken(tokens.human)} }
agents:
  - id: claude
    operator: alice
    tokenHash: ${hashToken(tokens.agent)}
    scope: { environments: ['*'], systems: ['*'], maxRisk: catastrophic }
${
  environments
    ? `environments:
  - { name: prod, production: true, match: { paths: [/srv/prod] } }
  - { name: dev, production: false, match: { paths: [/srv/dev] } }
`
    : ''
}policies: ${join(root, 'examples', 'policies')}
storage: { url: '${storageUrl}' }
${
  velocity
    ? `velocity:
  destructive: { limit: 1000000, window: 1h }
  catastrophic: { limit: 1000000, window: 1h }
`
    : ''
}${extra}`,
  )
  return file
}

/**
 * Starts `airlock serve --config configFile --port 0` (in `cwd`, with `nodeArgs` before the
 * script) and resolves once it listens: `url` (a string), `host`, `port`, `pid` and `stop()`,
 * which resolves when the process has exited.
 */
export function startServe(configFile, { cwd, nodeArgs = [] } = {}) {
  const child = spawn(
    process.execPath,
    [...nodeArgs, join(root, 'bin', 'airlock.js'), 'serve', '--config', configFile, '--port', '0'],
    { cwd, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let stdout = ''
  let stderr = ''
  child.stderr.setEncoding('utf8').on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-8192)
  })
  const exited = new Promise((resolve) => child.once('exit', resolve))
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`airlock serve did not start within 15 s:\n${stderr}`))
    }, 15_000)
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      stdout += chunk
      const match = /listening on (http:\/\/\S+) /.exec(stdout)
      if (match !== null) {
        clearTimeout(timer)
        const url = new URL(match[1])
        resolve({
          url: match[1],
          host: url.hostname,
          port: Number(url.port),
          pid: child.pid,
          stop: () => {
            child.kill('SIGTERM')
            return exited
          },
        })
      }
    })
    exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`airlock serve exited (${code}) before listening:\n${stderr}`))
    })
  })
}
