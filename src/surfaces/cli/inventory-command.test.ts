import { describe, expect, it } from 'vitest'

import { loadInventorySnapshot } from '../../pipeline/inventory-snapshot-schema.js'
import {
  type InventoryIo,
  runInventoryImport,
  runInventoryShow,
  runInventoryStats,
} from './inventory-command.js'

const CONFIG = `environments:
  - { name: prod, production: true, match: { kubeContexts: [prod] } }
inventory:
  - { kind: terraform-state, path: state/prod.json, environment: prod }
  - { kind: yaml, path: services.yaml, environment: prod }
`

const STATE = JSON.stringify({
  values: {
    root_module: {
      resources: [
        {
          address: 'aws_db_instance.main',
          mode: 'managed',
          type: 'aws_db_instance',
          values: { id: 'orders' },
        },
        {
          address: 'aws_lambda_function.fn',
          mode: 'managed',
          type: 'aws_lambda_function',
          values: {},
        },
      ],
    },
  },
})

const SERVICES = `services:
  - name: checkout
    customerFacing: true
    slo: { objective: 99.9, window: 30d }
    resources: [tf:aws_db_instance.main]
annotations:
  - match: tf:aws_db_instance.main
    backup: true
`

function memoryIo(files: Record<string, string>) {
  const disk = new Map(Object.entries(files))
  const dirs = new Set<string>()
  let out = ''
  let err = ''
  const missing = (path: string) => Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' })
  const io: InventoryIo = {
    stdout: (text) => (out += text),
    stderr: (text) => (err += text),
    readFile: (path) => {
      const text = disk.get(path)
      return text === undefined ? Promise.reject(missing(path)) : Promise.resolve(text)
    },
    readStdin: () => Promise.resolve(''),
    listFiles: (dir) => Promise.reject(missing(dir)),
    writeFile: (path, text) => {
      disk.set(path, text)
      return Promise.resolve()
    },
    mkdir: (path) => {
      dirs.add(path)
      return Promise.resolve()
    },
    now: () => Date.UTC(2026, 0, 2),
    cwd: '/srv',
  }
  return { io, disk, dirs, out: () => out, err: () => err }
}

const FILES = {
  '/srv/ops/airlock.yaml': CONFIG,
  '/srv/ops/state/prod.json': STATE,
  '/srv/ops/services.yaml': SERVICES,
}

describe('airlock inventory', () => {
  it('imports the configured sources and writes the snapshot beside the configuration', async () => {
    const memory = memoryIo(FILES)
    expect(await runInventoryImport({ config: 'ops/airlock.yaml' }, memory.io)).toBe(0)
    expect(memory.dirs).toEqual(new Set(['/srv/ops/.airlock']))
    const inventory = loadInventorySnapshot(
      memory.disk.get('/srv/ops/.airlock/inventory.json') ?? '',
    )
    expect(inventory.importedAt).toBe(Date.UTC(2026, 0, 2))
    expect(inventory.resources.map((r) => r.id)).toEqual([
      'env:prod',
      'tf:aws_db_instance.main',
      'tf:aws_lambda_function.fn',
      'service:checkout',
    ])
    expect(memory.out()).toBe(
      [
        '3 resources, 1 stateful (0 without a backup), 1 customer-facing',
        '1 services, 1 objectives, 1 dependencies',
        'environment prod: 3 resources',
        '        1  aws_db_instance',
        '        1  aws_lambda_function',
        '        1  service',
        'wrote ops/.airlock/inventory.json',
        '',
      ].join('\n'),
    )
  })

  it('prints the summary and issues as JSON', async () => {
    const memory = memoryIo({
      ...FILES,
      '/srv/ops/services.yaml': 'annotations:\n  - match: tf:nothing.here\n    backup: true\n',
    })
    expect(await runInventoryImport({ config: 'ops/airlock.yaml', json: true }, memory.io)).toBe(0)
    const output = JSON.parse(memory.out()) as {
      snapshot: string
      issues: unknown[]
      summary: { resources: number }
    }
    expect(output.snapshot).toBe('ops/.airlock/inventory.json')
    expect(output.summary.resources).toBe(2)
    expect(output.issues).toEqual([
      {
        code: 'inventory_unmatched',
        file: 'ops/services.yaml',
        line: 2,
        message:
          '`ops/services.yaml` line 2: resource `tf:nothing.here` matches no resource in environment `prod`',
      },
    ])
  })

  it('exits 2 without writing when an entry cannot be read, naming file and line', async () => {
    const memory = memoryIo({
      ...FILES,
      '/srv/ops/services.yaml': 'services:\n  - name: a\n    slo: { objective: 101 }\n',
    })
    expect(await runInventoryImport({ config: 'ops/airlock.yaml' }, memory.io)).toBe(2)
    expect(memory.disk.has('/srv/ops/.airlock/inventory.json')).toBe(false)
    expect(memory.err()).toBe(
      'airlock: `ops/services.yaml` line 3: field `services[0].slo.objective`: expected a percentage between 0 and 100, such as 99.9\n',
    )
  })

  it('names the configuration field of a source file that does not exist', async () => {
    const { '/srv/ops/state/prod.json': _, ...rest } = FILES
    const memory = memoryIo(rest)
    await expect(runInventoryImport({ config: 'ops/airlock.yaml' }, memory.io)).rejects.toThrow(
      '`ops/airlock.yaml`: field `inventory[0].path`: `ops/state/prod.json`: no such file',
    )
  })

  it('shows the snapshot as a tree with facts', async () => {
    const memory = memoryIo(FILES)
    await runInventoryImport({ config: 'ops/airlock.yaml' }, memory.io)
    const shown = memoryIo(Object.fromEntries(memory.disk))
    expect(await runInventoryShow({ config: 'ops/airlock.yaml' }, shown.io)).toBe(0)
    expect(shown.out()).toBe(
      [
        'env:prod  (environment)',
        '  service:checkout  (service)  [customer-facing]',
        '  tf:aws_db_instance.main  (aws_db_instance)  [stateful, service checkout]',
        '  tf:aws_lambda_function.fn  (aws_lambda_function)',
        '4 resources',
        '',
      ].join('\n'),
    )
  })

  it('filters show by type and refuses an unknown environment', async () => {
    const memory = memoryIo(FILES)
    await runInventoryImport({ config: 'ops/airlock.yaml' }, memory.io)
    const shown = memoryIo(Object.fromEntries(memory.disk))
    await runInventoryShow({ config: 'ops/airlock.yaml', type: 'service', json: true }, shown.io)
    expect((JSON.parse(shown.out()) as { id: string }[]).map((r) => r.id)).toEqual([
      'service:checkout',
    ])
    await expect(
      runInventoryShow({ config: 'ops/airlock.yaml', env: 'qa' }, shown.io),
    ).rejects.toThrow('`--env`: no environment `qa` in the inventory (it has prod)')
  })

  it('counts the snapshot, and asks for an import when there is none', async () => {
    const memory = memoryIo(FILES)
    await runInventoryImport({ config: 'ops/airlock.yaml' }, memory.io)
    const stats = memoryIo(Object.fromEntries(memory.disk))
    await runInventoryStats({ config: 'ops/airlock.yaml', json: true }, stats.io)
    expect(JSON.parse(stats.out())).toMatchObject({
      resources: 3,
      stateful: 1,
      services: 1,
      objectives: 1,
    })
    await expect(
      runInventoryStats({ config: 'ops/airlock.yaml' }, memoryIo(FILES).io),
    ).rejects.toThrow(
      '`ops/.airlock/inventory.json`: no inventory snapshot; run `airlock inventory import --config ops/airlock.yaml` first',
    )
  })

  it('rejects a snapshot that is not one, naming the field', () => {
    expect(() =>
      loadInventorySnapshot(
        '{"version":1,"importedAt":0,"resources":[{}],"dependencies":[],"objectives":[]}',
      ),
    ).toThrow('`.airlock/inventory.json`: field `resources[0].id`')
    expect(() => loadInventorySnapshot('nope', 'x.json')).toThrow('`x.json`: not valid JSON')
  })
})
