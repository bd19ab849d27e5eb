// Benchmark: importing a large inventory. Generates a `terraform show -json` state of 100,000
// resources in nested modules and a YAML of services and annotations, then times the import
// (parse, import, merge) and the snapshot's write and read, median of 5. Target: import ≤ 5 s.
// Run with `npm run build && node bench/inventory.js`.
import { importInventory } from '../dist/pipeline/import-inventory.js'
import {
  formatInventorySnapshot,
  loadInventorySnapshot,
} from '../dist/pipeline/inventory-snapshot-schema.js'

const RESOURCES = Number(process.env.BENCH_RESOURCES ?? 100_000)
const RUNS = Number(process.env.BENCH_RUNS ?? 5)
const SERVICES = 200
const TARGET_MS = 5000

const TYPES = [
  [
    'aws_instance',
    (i) => ({ id: `i-${i.toString(16).padStart(17, '0')}`, instance_type: 't3.micro' }),
  ],
  [
    'aws_db_instance',
    (i) => ({ id: `db-${i}`, identifier: `db-${i}`, backup_retention_period: i % 2 }),
  ],
  ['aws_s3_bucket', (i) => ({ id: `bucket-${i}`, bucket: `bucket-${i}` })],
  ['aws_security_group', (i) => ({ id: `sg-${i}`, name: `sg-${i}` })],
  ['aws_iam_role', (i) => ({ id: `role-${i}`, name: `role-${i}` })],
  [
    'aws_sqs_queue',
    (i) => ({ id: `https://sqs.eu-west-1.amazonaws.com/1/q-${i}`, name: `q-${i}` }),
  ],
  ['aws_lambda_function', (i) => ({ id: `fn-${i}`, function_name: `fn-${i}` })],
  ['aws_ebs_volume', (i) => ({ id: `vol-${i}` })],
]

function service(i) {
  return `svc-${i % SERVICES}`
}

/** 100 modules of 10 submodules; each resource depends on the one before it. */
function generateState() {
  const modules = []
  let made = 0
  for (let m = 0; made < RESOURCES; m++) {
    const children = []
    for (let c = 0; c < 10 && made < RESOURCES; c++) {
      const address = `module.m${m}.module.c${c}`
      const resources = []
      const perModule = Math.ceil(RESOURCES / 1000)
      for (let r = 0; r < perModule && made < RESOURCES; r++, made++) {
        const [type, values] = TYPES[made % TYPES.length]
        const name = `r${r}`
        resources.push({
          address: `${address}.${type}.${name}`,
          mode: 'managed',
          type,
          name,
          provider_name: 'registry.terraform.io/hashicorp/aws',
          schema_version: 0,
          values: {
            ...values(made),
            arn: `arn:aws:${type}:eu-west-1:111111111111:${type}/${made}`,
            tags: { Name: `${type}-${made}`, service: service(made) },
          },
          sensitive_values: {},
          ...(r === 0
            ? {}
            : { depends_on: [`${address}.${resources[r - 1].type}.${resources[r - 1].name}`] }),
        })
      }
      children.push({ address, resources })
    }
    modules.push({ address: `module.m${m}`, resources: [], child_modules: children })
  }
  return JSON.stringify({
    format_version: '1.0',
    terraform_version: '1.14.0',
    values: { root_module: { resources: [], child_modules: modules } },
  })
}

function generateYaml() {
  const lines = ['services:']
  for (let s = 0; s < SERVICES; s++) {
    lines.push(`  - name: svc-${s}`, `    customerFacing: ${s % 3 === 0}`)
    lines.push(`    slo: { objective: 99.9, window: 30d }`)
    if (s > 0) lines.push(`    dependsOn: [service:svc-${s - 1}]`)
  }
  lines.push('annotations:')
  for (let m = 0; m < 100; m++) {
    lines.push(
      `  - match: tf:module.m${m}.module.c0.aws_db_instance.r1`,
      '    backup: true',
      '    rebuildMinutes: 60',
    )
  }
  return `${lines.join('\n')}\n`
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

const started = performance.now()
const state = generateState()
const yaml = generateYaml()
console.log(
  `airlock inventory bench — ${RESOURCES} Terraform resources (${(state.length / 1e6).toFixed(1)} MB), ${SERVICES} services, ${RUNS} runs (generated in ${((performance.now() - started) / 1000).toFixed(1)} s)`,
)

const documents = [
  { kind: 'terraform-state', file: 'prod.json', text: state, environment: 'prod' },
  { kind: 'yaml', file: 'services.yaml', text: yaml, environment: 'prod' },
]
const imports = []
const writes = []
const reads = []
let result
for (let run = 0; run < RUNS; run++) {
  let start = performance.now()
  result = importInventory(documents, { now: Date.now() })
  imports.push(performance.now() - start)
  start = performance.now()
  const snapshot = formatInventorySnapshot(result.inventory)
  writes.push(performance.now() - start)
  start = performance.now()
  loadInventorySnapshot(snapshot)
  reads.push(performance.now() - start)
}
const { inventory, issues } = result
console.log(
  `  ${inventory.resources.length} resources, ${inventory.dependencies.length} dependencies, ${inventory.objectives.length} objectives, ${issues.length} issues`,
)
const ms = (value) => `${Math.round(value)} ms`
console.log(
  `  import (parse + import + merge) median ${ms(median(imports))}  runs ${imports.map(ms).join(', ')}`,
)
console.log(`  snapshot write (JSON)           median ${ms(median(writes))}`)
console.log(`  snapshot read (JSON + schema)   median ${ms(median(reads))}`)
console.log(
  `\ntarget: import ≤ ${TARGET_MS / 1000} s (${median(imports) <= TARGET_MS ? 'met' : 'MISSED'})`,
)
