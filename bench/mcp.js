// Benchmark of the MCP proxy: the latency of one `tools/call` (a `read_text_file` of a small
// file, which the gateway allows) through `airlock mcp-proxy` against a direct connection to the
// same `mcp-server-filesystem`, both over stdio with the official v2 client, in one run. The
// proxy decides every call through a real `airlock serve` on SQLite (a file, synchronous=full).
// The gateway's own share is measured too: the same proposal posted to its API directly.
// Run with `npm run bench` (after `npm run build`).
//
// BENCH_MCP_SAMPLES=1000   timed calls per path (after BENCH_MCP_WARMUP untimed ones)
// BENCH_MCP_WARMUP=200
// BENCH_MCP_PROFILE=DIR    run the proxy with `node --cpu-prof` into DIR
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { Client } from '@modelcontextprotocol/client'
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio'

import {
  benchTokens,
  cpuProfileArgs,
  percentile,
  root,
  startServe,
  writeConfig,
} from './bench-support.js'

const SAMPLES = Number(process.env.BENCH_MCP_SAMPLES ?? 1000)
const WARMUP = Number(process.env.BENCH_MCP_WARMUP ?? 200)
const TARGET_ADDED_MS = 1
const PROFILE_DIR = process.env.BENCH_MCP_PROFILE
const FILESYSTEM_SERVER = join(
  root,
  'node_modules',
  '@modelcontextprotocol',
  'server-filesystem',
  'dist',
  'index.js',
)
const TOKENS = benchTokens()

function ms(value) {
  return `${value.toFixed(3)} ms`
}

async function connect(command, args, env, cwd) {
  const client = new Client({ name: 'bench', version: '1.0.0' })
  await client.connect(new StdioClientTransport({ command, args, env, cwd, stderr: 'pipe' }))
  return client
}

async function timeCalls(client, file, count) {
  const samples = []
  for (let i = 0; i < count; i++) {
    const start = performance.now()
    const result = await client.callTool({ name: 'read_text_file', arguments: { path: file } })
    samples.push(performance.now() - start)
    if (result.isError) throw new Error(`read failed: ${JSON.stringify(result.content)}`)
  }
  return samples
}

function postProposal(url, agent, body) {
  const target = new URL('/v1/actions?channel=mcp', url)
  return new Promise((resolve, reject) => {
    const request = http.request(
      target,
      {
        method: 'POST',
        agent,
        headers: {
          authorization: `Bearer ${TOKENS.agent}`,
          'content-type': 'application/json',
          'content-length': body.length,
        },
      },
      (response) => {
        response.resume()
        response.on('end', resolve)
      },
    )
    request.on('error', reject)
    request.end(body)
  })
}

async function timeGateway(url, file, count) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
  const body = Buffer.from(
    JSON.stringify({
      kind: 'mcp',
      server: 'files',
      tool: 'read_text_file',
      arguments: { path: file },
      annotations: { readOnlyHint: true, openWorldHint: false },
    }),
  )
  const samples = []
  for (let i = 0; i < count; i++) {
    const start = performance.now()
    await postProposal(url, agent, body)
    samples.push(performance.now() - start)
  }
  agent.destroy()
  return samples
}

function summary(samples) {
  const sorted = [...samples].sort((a, b) => a - b)
  return { p50: percentile(sorted, 50), p90: percentile(sorted, 90), p99: percentile(sorted, 99) }
}

function line(name, s) {
  return `${name.padEnd(34)} ${ms(s.p50).padStart(11)} ${ms(s.p90).padStart(11)} ${ms(s.p99).padStart(11)}`
}

const dir = mkdtempSync(join(tmpdir(), 'airlock-bench-mcp-'))
const data = join(dir, 'data')
const file = join(data, 'small.txt')
let serve
const clients = []
try {
  writeFileSync(join(dir, '.keep'), '')
  await import('node:fs/promises').then((fs) => fs.mkdir(data))
  writeFileSync(file, 'a small file for the benchmark\n')
  // No environments and no velocity limits here, and the filesystem server under `mcp:`.
  const configFile = writeConfig(dir, {
    tokens: TOKENS,
    storageUrl: 'sqlite:./airlock.db',
    environments: false,
    velocity: false,
    extra: `mcp:
  servers:
    files: { command: ${process.execPath}, args: [${FILESYSTEM_SERVER}, ${data}] }
`,
  })
  serve = await startServe(configFile, { cwd: dir })
  const direct = await connect(process.execPath, [FILESYSTEM_SERVER, data], {}, dir)
  clients.push(direct)
  const proxied = await connect(
    process.execPath,
    [
      ...cpuProfileArgs(PROFILE_DIR),
      join(root, 'bin', 'airlock.js'),
      'mcp-proxy',
      '--config',
      configFile,
      '--server',
      'files',
    ],
    { AIRLOCK_URL: serve.url, AIRLOCK_TOKEN: TOKENS.agent },
    dir,
  )
  clients.push(proxied)

  await timeCalls(direct, file, WARMUP)
  await timeCalls(proxied, file, WARMUP)
  await timeGateway(serve.url, file, WARMUP)
  // Interleaved blocks, so drift in the machine's load falls on both paths alike.
  const directSamples = []
  const proxiedSamples = []
  const gatewaySamples = []
  const BLOCK = 100
  for (let done = 0; done < SAMPLES; done += BLOCK) {
    const n = Math.min(BLOCK, SAMPLES - done)
    directSamples.push(...(await timeCalls(direct, file, n)))
    proxiedSamples.push(...(await timeCalls(proxied, file, n)))
    gatewaySamples.push(...(await timeGateway(serve.url, file, n)))
  }

  const d = summary(directSamples)
  const p = summary(proxiedSamples)
  const g = summary(gatewaySamples)
  console.log(
    `\nMCP proxy: tools/call read_text_file, ${SAMPLES} sequential calls per path (stdio, v2 client)`,
  )
  console.log(`${''.padEnd(34)} ${'p50'.padStart(11)} ${'p90'.padStart(11)} ${'p99'.padStart(11)}`)
  console.log(line('direct to mcp-server-filesystem', d))
  console.log(line('through airlock mcp-proxy', p))
  console.log(line('  of which: gateway POST /v1/actions', g))
  const added = { p50: p.p50 - d.p50, p90: p.p90 - d.p90, p99: p.p99 - d.p99 }
  console.log(line('added by airlock', added))
  console.log(
    `added median ${ms(added.p50)} (target ≤ ${ms(TARGET_ADDED_MS)}): ${added.p50 <= TARGET_ADDED_MS ? 'met' : 'MISSED'}; ` +
      `gateway decision (durable SQLite write + HTTP) ${ms(g.p50)}, proxy hop and forwarding ${ms(added.p50 - g.p50)}`,
  )
} finally {
  for (const client of clients) await client.close().catch(() => undefined)
  await serve?.stop()
  rmSync(dir, { recursive: true, force: true })
}
