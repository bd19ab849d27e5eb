// Benchmarks the impact simulation: the blast radius of destroying a 10,000-resource
// environment, a single-resource action in it, and indexing a 100,000-resource inventory.
// Run with `npm run build && node bench/simulate.js`.
import { createEffect } from '../dist/model/effect.js'
import { buildInventoryGraph } from '../dist/simulate/inventory-graph.js'
import { simulateImpact } from '../dist/simulate/simulate-impact.js'
import { percentile } from './bench-support.js'

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 200)

function summarise(samples) {
  const sorted = [...samples].sort((a, b) => a - b)
  return { n: sorted.length, median: percentile(sorted, 50), p99: percentile(sorted, 99) }
}

// A deterministic generator, so that every run measures the same inventory.
function random(seed) {
  let state = seed
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648
    return state / 2147483648
  }
}

const KINDS = [
  // [type, share, stateful, customer-facing, rebuild minutes]
  ['aws_db_instance', 0.02, true, false, 45],
  ['aws_elasticache_replication_group', 0.03, false, false, 25],
  ['aws_sqs_queue', 0.05, false, false, 5],
  ['aws_s3_bucket', 0.05, true, false, 10],
  ['aws_lb', 0.05, false, true, 10],
  ['aws_ecs_service', 0.4, false, false, 20],
  ['aws_lambda_function', 0.2, false, false, 5],
  ['aws_iam_role', 0.2, false, false, 2],
]

/**
 * One environment per 10,000 resources: stacks of 500 under an `env:NAME` root; services need
 * 1-3 data stores of their stack and 0-2 other services (some in other stacks); load balancers
 * front services; about 3 dependencies per resource.
 */
function generateInventory(total, seed = 42) {
  const next = random(seed)
  const resources = []
  const dependencies = []
  const objectives = []
  const environments = Math.max(1, Math.round(total / 10_000))
  const perEnvironment = Math.floor(total / environments)
  for (let e = 0; e < environments; e++) {
    const environment = e === 0 ? 'prod' : `env${e}`
    const root = `env:${environment}`
    resources.push({
      id: root,
      type: 'environment',
      name: environment,
      environment,
      identifiers: { names: [environment] },
      facts: { stateful: false, recentBackup: false, customerFacing: false },
      source: 'bench',
    })
    const stacks = Math.ceil((perEnvironment - 1) / 500)
    const services = []
    for (let s = 0; s < stacks; s++) {
      const stackName = `${environment}-stack-${s}`
      const stackId = `cfn:${stackName}`
      const service = `${environment}-svc-${s}`
      objectives.push({ service, objective: s % 2 === 0 ? 0.9999 : 0.999, windowDays: 30 })
      resources.push({
        id: stackId,
        type: 'AWS::CloudFormation::Stack',
        name: stackName,
        environment,
        identifiers: { stack: stackName, names: [stackName] },
        facts: { stateful: false, recentBackup: false, customerFacing: false, service },
        parent: root,
        source: 'bench',
      })
      const stores = []
      const local = []
      const size = Math.min(499, perEnvironment - 1 - s * 500 - 1)
      for (let i = 0; i < size; i++) {
        let pick = next()
        let kind = KINDS[KINDS.length - 1]
        for (const candidate of KINDS) {
          if (pick < candidate[1]) {
            kind = candidate
            break
          }
          pick -= candidate[1]
        }
        const [type, , stateful, customerFacing, rebuildMinutes] = kind
        const name = `${type}.r${s}_${i}`
        const id = `cfn:${stackName}/R${i}`
        resources.push({
          id,
          type,
          name,
          environment,
          identifiers: {
            stack: stackName,
            logicalId: `R${i}`,
            terraformAddress: `module.${stackName}.${name}`,
            physicalId: `${environment}-${s}-${i}`,
            arn: `arn:aws:${type}:eu-west-1:123456789012:${environment}-${s}-${i}`,
            names: [`${environment}-${s}-${i}`],
          },
          facts: {
            stateful,
            recentBackup: stateful && next() < 0.5,
            customerFacing,
            service,
            rebuildMinutes,
          },
          parent: stackId,
          source: 'bench',
        })
        if (
          [
            'aws_db_instance',
            'aws_elasticache_replication_group',
            'aws_sqs_queue',
            'aws_s3_bucket',
          ].includes(type)
        ) {
          stores.push(id)
        } else if (type === 'aws_lb') {
          local.push({ id, front: true })
        } else {
          local.push({ id, front: false })
        }
      }
      for (const { id, front } of local) {
        if (front) {
          if (services.length > 0) {
            dependencies.push({ from: id, to: services[Math.floor(next() * services.length)] })
          }
          continue
        }
        const needs = 1 + Math.floor(next() * 3)
        for (let k = 0; k < needs && stores.length > 0; k++) {
          dependencies.push({ from: id, to: stores[Math.floor(next() * stores.length)] })
        }
        const peers = Math.floor(next() * 3)
        for (let k = 0; k < peers && services.length > 0; k++) {
          // Mostly recent services (same stack), sometimes any earlier one: no cycles.
          const window = next() < 0.8 ? Math.min(services.length, 200) : services.length
          dependencies.push({
            from: id,
            to: services[services.length - 1 - Math.floor(next() * window)],
          })
        }
        services.push(id)
      }
    }
  }
  return { resources, dependencies, objectives, importedAt: 0 }
}

function effect(target, verb = 'delete', init = {}) {
  return createEffect({
    system: 'cloud',
    verb,
    target,
    risk: 'destructive',
    reason: 'bench',
    ...init,
  })
}

function time(run, rounds) {
  const samples = []
  for (let i = 0; i < rounds; i++) {
    const start = performance.now()
    run(i)
    samples.push(performance.now() - start)
  }
  return summarise(samples)
}

function line(label, s, target) {
  const verdict =
    target === undefined
      ? ''
      : `  (target <= ${target} ms: ${s.median <= target && s.p99 <= target ? 'met' : 'MISSED'})`
  console.log(
    `${label.padEnd(44)} median ${s.median.toFixed(3).padStart(8)} ms  p99 ${s.p99.toFixed(3).padStart(8)} ms${verdict}`,
  )
}

const inventory = generateInventory(10_000)
const graph = buildInventoryGraph(inventory)
console.log(
  `airlock simulate bench — ${inventory.resources.length} resources, ${inventory.dependencies.length} dependencies, ${ROUNDS} rounds`,
)

const destroyEnvironment = [
  effect('infra/delete_environment prod', 'delete', {
    system: 'network',
    scope: 'environment',
    source: 'infra/delete_environment',
  }),
]
for (let i = 0; i < 20; i++) simulateImpact(destroyEnvironment, graph)
const whole = simulateImpact(destroyEnvironment, graph)
line(
  'destroy the environment (blast radius)',
  time(() => simulateImpact(destroyEnvironment, graph), ROUNDS),
  50,
)
console.log(
  `  ${whole.resources.length} resources, ${whole.dataLost.length} data lost, ${whole.servicesBroken.length} services, restore ${whole.estimatedRestoreMinutes} min, environment ${whole.environmentDestroyed ?? 'kept'}`,
)

const roles = inventory.resources.filter((resource) => resource.type === 'aws_iam_role')
const leafDeletes = roles.map((resource) => [
  effect(resource.identifiers.arn, 'delete', { system: 'cloud' }),
])
for (let i = 0; i < 200; i++) simulateImpact(leafDeletes[i % leafDeletes.length], graph)
line(
  'delete one resource (nothing needs it)',
  time((i) => simulateImpact(leafDeletes[i % leafDeletes.length], graph), ROUNDS * 5),
  1,
)

const stores = inventory.resources.filter((resource) => resource.type === 'aws_db_instance')
const leaves = inventory.resources.filter((resource) => resource.type === 'aws_iam_role')
const deletes = stores.map((resource) => [effect(`aws:rds:${resource.identifiers.physicalId}`)])
const restarts = leaves.map((resource) => [
  effect(resource.identifiers.terraformAddress, 'restart', { system: 'iac' }),
])
for (let i = 0; i < 200; i++) simulateImpact(deletes[i % deletes.length], graph)
const fanOut = deletes.map((effects) => simulateImpact(effects, graph).resources.length)
line(
  'delete one database (and break its dependents)',
  time((i) => simulateImpact(deletes[i % deletes.length], graph), ROUNDS * 5),
)
console.log(
  `  reaches ${Math.min(...fanOut)}–${Math.max(...fanOut)} resources (median ${summarise(fanOut).median})`,
)
line(
  'restart one resource',
  time((i) => simulateImpact(restarts[i % restarts.length], graph), ROUNDS * 5),
  1,
)

const large = generateInventory(100_000, 7)
buildInventoryGraph(large)
const builds = time(() => buildInventoryGraph(large), 5)
console.log(
  `\nbuild the graph: ${large.resources.length} resources, ${large.dependencies.length} dependencies: median ${builds.median.toFixed(1)} ms, max of 5 ${builds.p99.toFixed(1)} ms`,
)
// Lookup tables are built on first use: the first ARN lookup indexes every ARN, the first
// Terraform address every address (four ways).
const firstLookups = []
for (let i = 0; i < 5; i++) {
  const fresh = buildInventoryGraph(large)
  const start = performance.now()
  simulateImpact([effect(large.resources[5 + i].identifiers.arn)], fresh)
  simulateImpact(
    [effect(large.resources[6 + i].identifiers.terraformAddress, 'delete', { system: 'iac' })],
    fresh,
  )
  firstLookups.push(performance.now() - start)
}
console.log(
  `first ARN + first Terraform lookup on a fresh 100,000-resource graph (builds those tables): median ${summarise(firstLookups).median.toFixed(1)} ms`,
)
line(
  'build the graph, 10,000 resources',
  time(() => buildInventoryGraph(inventory), 20),
)
