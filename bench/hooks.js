// Benchmarks of the agent hooks: a real `airlock serve` process on SQLite (a file, WAL), and
// 1. the HTTP hook round trip: a Claude Code PreToolUse payload POSTed to /v1/hooks/claude-code
//    over a keep-alive connection, one at a time, as Claude Code's HTTP hook sends it;
// 2. the command hook round trip from process start: `bin/airlock-hook claude-code` spawned with
//    the payload on standard input, timed until it exits, as every command hook runs.
// Run with `npm run bench`, after bench/gateway.js.
//
// BENCH_HOOKS_HTTP_SAMPLES=2000    HTTP hook calls timed (after 200 not counted)
// BENCH_HOOKS_COMMAND_SAMPLES=200  command hook processes timed (after 20 not counted)
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import http from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { benchTokens, percentile, root, startServe, writeConfig } from './bench-support.js'

const HTTP_SAMPLES = Number(process.env.BENCH_HOOKS_HTTP_SAMPLES ?? 2000)
const COMMAND_SAMPLES = Number(process.env.BENCH_HOOKS_COMMAND_SAMPLES ?? 200)
const HTTP_TARGET_MS = 5
const COMMAND_TARGET_MS = 12

const TOKENS = benchTokens()

// What an agent at work runs: reads, builds, tests, small edits; all allowed on dev paths.
const COMMANDS = [
  () => 'git status --short',
  (i) => `git diff --stat HEAD~${i % 5}`,
  () => 'ls -la src',
  (i) => `cat src/module${i % 97}.ts`,
  (i) => `grep -rn "TODO" src/feature${i % 31}`,
  () => 'npm test',
  (i) => `touch build/out-${i}.txt`,
  (i) => `sed -n '1,${20 + (i % 50)}p' README.md`,
]

function payload(i) {
  return Buffer.from(
    JSON.stringify({
      session_id: '5b1e0c2a-7f3d-4c1e-9a8b-2d6f4e1a9c33',
      transcript_path: '/home/alice/.claude/projects/x/5b1e0c2a.jsonl',
      cwd: '/srv/dev/app',
      permission_mode: 'default',
      hook_event_name: 'PreToolUse',
      tool_name: 'Bash',
      tool_use_id: `toolu_${i}`,
      tool_input: { command: COMMANDS[i % COMMANDS.length](i), description: 'bench' },
    }),
  )
}

function callHook(server, agent, body) {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: server.host,
        port: server.port,
        path: '/v1/hooks/claude-code',
        method: 'POST',
        agent,
        headers: {
          authorization: `Bearer ${TOKENS.agent}`,
          'content-type': 'application/json',
          'content-length': body.length,
        },
      },
      (response) => {
        const chunks = []
        response.on('data', (chunk) => chunks.push(chunk))
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          if (response.statusCode !== 200 || text !== '{}') {
            reject(new Error(`not an allow: HTTP ${response.statusCode}: ${text}`))
            return
          }
          resolve()
        })
        response.on('error', reject)
      },
    )
    request.on('error', reject)
    request.end(body)
  })
}

function runCommandHook(server, body) {
  return new Promise((resolve, reject) => {
    const child = spawn(join(root, 'bin', 'airlock-hook'), ['claude-code'], {
      env: { PATH: process.env.PATH, AIRLOCK_URL: server.url, AIRLOCK_TOKEN: TOKENS.agent },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk))
    child.once('error', reject)
    child.once('close', (code) => {
      if (code !== 0 || stdout.trim() !== '{}') {
        reject(new Error(`airlock-hook: exit ${code}: ${stdout}${stderr}`))
        return
      }
      resolve()
    })
    child.stdin.end(body)
  })
}

async function time(samples, warmup, once) {
  for (let i = 0; i < warmup; i++) await once(i)
  const millis = []
  for (let i = 0; i < samples; i++) {
    const started = process.hrtime.bigint()
    await once(warmup + i)
    millis.push(Number(process.hrtime.bigint() - started) / 1e6)
  }
  return millis.sort((a, b) => a - b)
}

function report(title, sorted, target) {
  const [p50, p90, p99, max] = [50, 90, 99, 100].map((p) => percentile(sorted, p))
  console.log(
    `${title.padEnd(46)} ${`${p50.toFixed(2)} ms`.padStart(10)} ${`${p90.toFixed(2)} ms`.padStart(10)} ${`${p99.toFixed(2)} ms`.padStart(10)} ${`${max.toFixed(2)} ms`.padStart(10)}   target median <= ${target} ms (${p50 <= target ? 'met' : 'MISSED'})`,
  )
}

const folder = mkdtempSync(join(tmpdir(), 'airlock-bench-hooks-'))
let server
try {
  const configFile = writeConfig(folder, { tokens: TOKENS, storageUrl: 'sqlite:./data/airlock.db' })
  server = await startServe(configFile, { cwd: folder })
  console.log(
    `\nagent hooks against airlock serve on SQLite (file, WAL): Claude Code PreToolUse payloads, one at a time`,
  )
  console.log(
    `${'round trip'.padEnd(46)} ${'p50'.padStart(10)} ${'p90'.padStart(10)} ${'p99'.padStart(10)} ${'max'.padStart(10)}`,
  )
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
  const httpTimes = await time(HTTP_SAMPLES, 200, (i) => callHook(server, agent, payload(i)))
  agent.destroy()
  report(`HTTP hook (${HTTP_SAMPLES} calls, keep-alive)`, httpTimes, HTTP_TARGET_MS)
  const commandTimes = await time(COMMAND_SAMPLES, 20, (i) => runCommandHook(server, payload(i)))
  report(
    `bin/airlock-hook from spawn to exit (${COMMAND_SAMPLES} runs)`,
    commandTimes,
    COMMAND_TARGET_MS,
  )
} finally {
  await server?.stop()
  rmSync(folder, { recursive: true, force: true })
}
