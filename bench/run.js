// Benchmarks: in-process analysis + decision per corpus item (median and p99 per label and
// kind), and the wall time of one `airlock check` from process start. Run with `npm run bench`.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'

import { createJudge, judgeAction, prepareJudging } from '../dist/pipeline/judge-action.js'
import { parseActionDocument } from '../dist/surfaces/action-document-schema.js'
import { loadGatewayConfig } from '../dist/surfaces/config/load-gateway-config.js'
import { percentile, root } from './bench-support.js'
const corpusPath = process.env.AIRLOCK_CORPUS ?? join(root, '..', 'shared', 'corpus', 'dev.jsonl')
const fallbackPath = join(root, 'examples', 'actions.jsonl')
const source = existsSync(corpusPath) ? corpusPath : fallbackPath
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 200)
const CHECK_RUNS = Number(process.env.BENCH_CHECK_RUNS ?? 15)

function summarise(samples) {
  const sorted = [...samples].sort((a, b) => a - b)
  return {
    n: sorted.length,
    median: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.at(-1),
  }
}

function ms(value) {
  return `${value.toFixed(4)} ms`
}

await prepareJudging()
const documents = readFileSync(source, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => parseActionDocument(line))

console.log(`airlock bench — ${documents.length} actions from ${source}, ${ROUNDS} rounds each`)

// Warm up the WASM parsers and the JIT.
for (let i = 0; i < 20; i++) for (const document of documents) judgeAction(document.action)

const byGroup = new Map()
const add = (group, value) => {
  if (!byGroup.has(group)) byGroup.set(group, [])
  byGroup.get(group).push(value)
}
for (let round = 0; round < ROUNDS; round++) {
  for (const document of documents) {
    const start = performance.now()
    judgeAction(document.action)
    const elapsed = performance.now() - start
    add(`kind ${document.action.kind}`, elapsed)
    if (document.action.kind === 'shell')
      add(`shell, label ${document.label ?? 'unlabelled'}`, elapsed)
  }
}

console.log('\nanalysis + decision, in process (per action)')
console.log(
  `${'group'.padEnd(30)} ${'samples'.padStart(8)} ${'median'.padStart(12)} ${'p99'.padStart(12)} ${'max'.padStart(12)}`,
)
for (const [group, samples] of [...byGroup.entries()].sort()) {
  const s = summarise(samples)
  console.log(
    `${group.padEnd(30)} ${String(s.n).padStart(8)} ${ms(s.median).padStart(12)} ${ms(s.p99).padStart(12)} ${ms(s.max).padStart(12)}`,
  )
}
const shell = summarise(byGroup.get('kind shell') ?? [])
console.log(
  `\nshell target: median <= 0.2 ms (${shell.median <= 0.2 ? 'met' : 'MISSED'}), p99 <= 2 ms (${shell.p99 <= 2 ? 'met' : 'MISSED'})`,
)

// With the shipped example configuration: Cedar with the invariants, example policies, a shadow
// policy and the agent's scope. The first pass is cold (the engine's result cache is empty).
const config = await loadGatewayConfig(join(root, 'examples', 'airlock.yaml'), {
  readFile: (path) => readFile(path, 'utf8'),
  listFiles: (dir) => readdir(dir),
})
const shellDocuments = documents.filter((document) => document.action.kind === 'shell')
const configured = { judge: createJudge(config), agent: 'claude' }
const cold = []
for (const document of shellDocuments) {
  const start = performance.now()
  judgeAction(document.action, configured)
  cold.push(performance.now() - start)
}
const warm = []
for (let round = 0; round < ROUNDS; round++) {
  for (const document of shellDocuments) {
    const start = performance.now()
    judgeAction(document.action, configured)
    warm.push(performance.now() - start)
  }
}
// A fresh engine after warm-up: every distinct request misses the result cache once.
const fresh = { judge: createJudge(config), agent: 'claude' }
const misses = []
for (const document of shellDocuments) {
  const start = performance.now()
  judgeAction(document.action, fresh)
  misses.push(performance.now() - start)
}
const c = summarise(cold)
const m = summarise(misses)
const h = summarise(warm)
console.log(`\nwith examples/airlock.yaml (agent claude), per shell command:`)
console.log(
  `  first pass (cold) ${String(c.n).padStart(6)} median ${ms(c.median)}  p99 ${ms(c.p99)}`,
)
console.log(
  `  repeated          ${String(h.n).padStart(6)} median ${ms(h.median)}  p99 ${ms(h.p99)}`,
)
console.log(
  `  fresh engine, warm process ${String(m.n).padStart(6)} median ${ms(m.median)}  p99 ${ms(m.p99)}`,
)
console.log(
  `  target: median <= 0.3 ms (repeated: ${h.median <= 0.3 ? 'met' : 'MISSED'}; fresh engine: ${m.median <= 0.3 ? 'met' : 'MISSED'})`,
)

// A synthetic 1,000-change plan: modules, creates, in-place updates, replaces and deletes.
function largePlan(changes) {
  const types = [
    'aws_instance',
    'aws_s3_bucket',
    'aws_security_group_rule',
    'aws_db_instance',
    'aws_iam_role_policy',
    'aws_lambda_function',
  ]
  const actionSets = [
    ['create'],
    ['update'],
    ['no-op'],
    ['delete', 'create'],
    ['create', 'delete'],
    ['delete'],
    ['read'],
  ]
  const resource_changes = []
  for (let i = 0; i < changes; i++) {
    const type = types[i % types.length]
    const actions = actionSets[i % actionSets.length]
    const module = `module.svc${i % 40}`
    const mode = actions[0] === 'read' ? 'data' : 'managed'
    resource_changes.push({
      address: `${mode === 'data' ? `${module}.data.` : `${module}.`}${type}.r${i}`,
      module_address: module,
      mode,
      type,
      name: `r${i}`,
      provider_name: 'registry.terraform.io/hashicorp/aws',
      change: {
        actions,
        before:
          actions[0] === 'create' && actions.length === 1
            ? null
            : { id: `id-${i}`, name: `r${i}`, password: 'x' },
        after:
          actions.length === 1 && actions[0] === 'delete' ? null : { name: `r${i}`, password: 'y' },
        after_unknown: {},
        before_sensitive: { password: true },
        after_sensitive: { password: true },
      },
    })
  }
  return { format_version: '1.2', terraform_version: '1.9.8', resource_changes }
}

const planAction = { kind: 'terraform-plan', plan: largePlan(1000) }
for (let i = 0; i < 5; i++) judgeAction(planAction)
const planSamples = []
for (let i = 0; i < 50; i++) {
  const start = performance.now()
  judgeAction(planAction)
  planSamples.push(performance.now() - start)
}
const plan = summarise(planSamples)
console.log(
  `\n1,000-change plan (50 runs): median ${plan.median.toFixed(2)} ms, p99 ${plan.p99.toFixed(2)} ms (target: median <= 20 ms, ${plan.median <= 20 ? 'met' : 'MISSED'})`,
)
for (const kind of ['sql', 'mcp', 'http']) {
  const s = summarise(byGroup.get(`kind ${kind}`) ?? [])
  if (s.n > 0)
    console.log(`${kind} target: median <= 0.5 ms (${s.median <= 0.5 ? 'met' : 'MISSED'})`)
}

const wall = []
for (let i = 0; i < CHECK_RUNS; i++) {
  const start = performance.now()
  const result = spawnSync(
    process.execPath,
    [join(root, 'bin', 'airlock.js'), 'check', '--json', '--', 'rm -rf ./dist'],
    { encoding: 'utf8' },
  )
  wall.push(performance.now() - start)
  if (result.status !== 0) {
    console.error(result.stderr)
    process.exit(1)
  }
}
const w = summarise(wall)
console.log(
  `\n\`airlock check\` from process start (${CHECK_RUNS} runs): median ${w.median.toFixed(1)} ms, p99 ${w.p99.toFixed(1)} ms`,
)
