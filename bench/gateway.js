// Benchmarks of the gateway through its HTTP API: a real `airlock serve` process on SQLite (a file,
// synchronous=full) and on PostgreSQL (a fresh database), loaded from this process over keep-alive
// connections. Durable decisions per second (median of 3 timed runs after a warm-up) and the
// latency of one proposal at a time. Run with `npm run bench`, after bench/run.js.
//
// BENCH_GATEWAY_STORES=sqlite,postgres  which stores (both unless given)
// BENCH_GATEWAY_IN_FLIGHT=48             proposals in flight during the throughput runs
// BENCH_GATEWAY_WARMUP=5                 seconds of warm-up, not counted
// BENCH_GATEWAY_SECONDS=3                seconds per timed run (3 runs)
// BENCH_GATEWAY_SAMPLES=2000             sequential proposals for the latency figures
// BENCH_GATEWAY_PROFILE=DIR              run the server with `node --cpu-prof` into DIR
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import http from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import pg from 'pg'

import {
  benchTokens,
  cpuProfileArgs,
  percentile,
  startServe,
  writeConfig,
} from './bench-support.js'

const STORES = (process.env.BENCH_GATEWAY_STORES ?? 'sqlite,postgres').split(',')
const IN_FLIGHT = Number(process.env.BENCH_GATEWAY_IN_FLIGHT ?? 48)
const WARMUP_S = Number(process.env.BENCH_GATEWAY_WARMUP ?? 5)
const RUN_S = Number(process.env.BENCH_GATEWAY_SECONDS ?? 3)
const RUNS = 3
const SAMPLES = Number(process.env.BENCH_GATEWAY_SAMPLES ?? 2000)
const PROFILE_DIR = process.env.BENCH_GATEWAY_PROFILE
const POSTGRES_URL =
  process.env.AIRLOCK_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const TARGET_PER_S = 2000

const TOKENS = benchTokens()

function median(values) {
  return percentile(
    [...values].sort((a, b) => a - b),
    50,
  )
}

// What an agent at work proposes: reads, builds, tests, commits, small edits. All are allowed.
// About half carry a counter, so the decisions are not all repeats of a handful of requests.
const COMMANDS = [
  () => 'git status --short',
  (i) => `git diff --stat HEAD~${i % 5}`,
  () => 'ls -la src',
  (i) => `cat src/module${i % 97}.ts`,
  (i) => `grep -rn "TODO" src/feature${i % 31}`,
  () => 'npm test',
  () => 'npm run build',
  (i) => `touch build/out-${i}.txt`,
  (i) => `mkdir -p build/tmp/${i}`,
  (i) => `git commit -m "step ${i}: fix the parser"`,
  (i) => `sed -n '1,${20 + (i % 50)}p' README.md`,
  () => "find . -name '*.ts' -newer package.json",
  (i) => `cp config/default.yaml build/config-${i}.yaml`,
  () => 'kubectl get pods -n dev',
  (i) => `git checkout -b feature/bench-${i % 13}`,
  () => 'docker ps --format "{{.Names}}"',
]

function proposalBody(i) {
  return Buffer.from(
    JSON.stringify({
      kind: 'shell',
      command: COMMANDS[i % COMMANDS.length](i),
      cwd: '/srv/dev/app',
    }),
  )
}

// CPU seconds (user + system) a process has used so far, from /proc; undefined elsewhere.
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch {
    return undefined
  }
}

function propose(server, agent, body) {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: server.host,
        port: server.port,
        path: '/v1/actions',
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
          if (response.statusCode !== 200) {
            reject(new Error(`HTTP ${response.statusCode}: ${Buffer.concat(chunks)}`))
            return
          }
          // The decision is near the front; finding it is enough to count an allow.
          const text = Buffer.concat(chunks).toString('utf8', 0, 400)
          resolve(text.includes('"decision":"allow"'))
        })
        response.on('error', reject)
      },
    )
    request.on('error', reject)
    request.end(body)
  })
}

// Title and width of each column; the first is left-aligned. CPU is in cores (1.00 = one core busy).
const COLUMNS = [
  ['store', 26],
  ['proposals/s', 12],
  ['runs', 20],
  ['server CPU', 11],
  ['client CPU', 11],
  ['p50', 10],
  ['p99', 10],
  ['max', 10],
]

function row(cells) {
  return cells
    .map((cell, i) => (i === 0 ? cell.padEnd(COLUMNS[i][1]) : cell.padStart(COLUMNS[i][1])))
    .join(' ')
}

function ms(value) {
  return `${value.toFixed(2)} ms`
}

const sleep = (millis) => new Promise((resolve) => setTimeout(resolve, millis))

async function throughput(server) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: IN_FLIGHT })
  let answered = 0
  let notAllowed = 0
  let failure
  let stopped = false
  let next = 0
  const worker = async () => {
    while (!stopped) {
      const allowed = await propose(server, agent, proposalBody(next++))
      answered += 1
      if (!allowed) notAllowed += 1
    }
  }
  const workers = Array.from({ length: IN_FLIGHT }, () =>
    worker().catch((error) => {
      failure ??= error
      stopped = true
    }),
  )
  await sleep(WARMUP_S * 1000)
  const rates = []
  const serverCpu = []
  const clientCpu = []
  for (let run = 0; run < RUNS && failure === undefined; run++) {
    const start = performance.now()
    const before = answered
    const cpuBefore = cpuSeconds(server.pid)
    const ownBefore = process.cpuUsage()
    await sleep(RUN_S * 1000)
    const elapsed = (performance.now() - start) / 1000
    const cpuAfter = cpuSeconds(server.pid)
    const own = process.cpuUsage(ownBefore)
    rates.push((answered - before) / elapsed)
    clientCpu.push((own.user + own.system) / 1e6 / elapsed)
    if (cpuBefore !== undefined && cpuAfter !== undefined)
      serverCpu.push((cpuAfter - cpuBefore) / elapsed)
  }
  stopped = true
  await Promise.all(workers)
  agent.destroy()
  if (failure !== undefined) throw failure
  return { rates, serverCpu, clientCpu, answered, notAllowed }
}

async function latency(server) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
  const samples = []
  for (let i = 0; i < SAMPLES; i++) {
    const body = proposalBody(1_000_000 + i)
    const start = performance.now()
    await propose(server, agent, body)
    samples.push(performance.now() - start)
  }
  agent.destroy()
  return samples.sort((a, b) => a - b)
}

async function benchStore(name, storageUrl, dir) {
  const server = await startServe(writeConfig(dir, { tokens: TOKENS, storageUrl }), {
    nodeArgs: cpuProfileArgs(PROFILE_DIR),
  })
  try {
    const { rates, serverCpu, clientCpu, answered, notAllowed } = await throughput(server)
    const samples = await latency(server)
    const perS = median(rates)
    console.log(
      row([
        name,
        `${perS.toFixed(0)}/s`,
        rates.map((rate) => rate.toFixed(0)).join(', '),
        serverCpu.length > 0 ? median(serverCpu).toFixed(2) : 'n/a',
        median(clientCpu).toFixed(2),
        ms(percentile(samples, 50)),
        ms(percentile(samples, 99)),
        ms(samples.at(-1)),
      ]),
    )
    if (notAllowed > 0) {
      console.log(`  note: ${notAllowed} of ${answered} proposals were not allowed`)
    }
    return perS
  } finally {
    await server.stop()
  }
}

async function withPostgres(work) {
  const admin = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 })
  admin.on('error', () => undefined)
  try {
    await admin.connect()
  } catch (error) {
    const where = new URL(POSTGRES_URL)
    console.log(
      `${'postgres'.padEnd(COLUMNS[0][1])} skipped: unreachable at ${where.host}${where.pathname} (${error.message})`,
    )
    return
  }
  const database = `airlock_bench_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`
  try {
    await admin.query(`create database ${database}`)
    const url = new URL(POSTGRES_URL)
    url.pathname = `/${database}`
    if (url.password !== '') {
      // The configuration refuses a password in the URL; the server inherits this instead.
      process.env.PGPASSWORD ??= decodeURIComponent(url.password)
      url.password = ''
    }
    await work(url.toString())
  } finally {
    await admin.query(`drop database if exists ${database} with (force)`).catch(() => undefined)
    await admin.end()
  }
}

const folder = mkdtempSync(join(tmpdir(), 'airlock-bench-'))
try {
  console.log(
    `\nairlock serve over HTTP — proposals/s: median of ${RUNS} runs of ${RUN_S} s after ${WARMUP_S} s of warm-up, ${IN_FLIGHT} in flight from this process; latency: ${SAMPLES} proposals one at a time`,
  )
  console.log(row(COLUMNS.map(([title]) => title)))
  let sqlitePerS
  if (STORES.includes('sqlite')) {
    sqlitePerS = await benchStore(
      'sqlite file, WAL, full',
      `sqlite:${join(folder, 'data', 'airlock.db')}`,
      folder,
    )
  }
  if (STORES.includes('postgres')) {
    await withPostgres((url) => benchStore('postgres', url, folder))
  }
  if (sqlitePerS !== undefined) {
    console.log(
      `\ndurable decisions on SQLite: target >= ${TARGET_PER_S}/s (${sqlitePerS >= TARGET_PER_S ? 'met' : 'MISSED'}: ${sqlitePerS.toFixed(0)}/s)`,
    )
  }
} finally {
  rmSync(folder, { recursive: true, force: true })
}
