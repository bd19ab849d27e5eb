import { describe, expect, it } from 'vitest'

import { loadGatewayConfig } from '../config/load-gateway-config.js'
import { runCli } from './cli-program.js'
import type { InitIo } from './init-command.js'

interface MemoryDisk {
  readonly io: InitIo
  readonly files: Map<string, string>
  readonly dirs: Set<string>
  readonly out: () => string
  readonly err: () => string
}

function memoryDisk(files: Record<string, string> = {}): MemoryDisk {
  const disk = new Map(Object.entries(files))
  const dirs = new Set<string>()
  let out = ''
  let err = ''
  const missing = (path: string): Error =>
    Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' })
  return {
    files: disk,
    dirs,
    io: {
      stdout: (text) => (out += text),
      stderr: (text) => (err += text),
      readFile: (path) => {
        const text = disk.get(path)
        return text === undefined ? Promise.reject(missing(path)) : Promise.resolve(text)
      },
      readStdin: () => Promise.resolve(''),
      listFiles: (dir) => {
        const prefix = `${dir.replace(/\/$/, '')}/`
        const names = [...disk.keys()]
          .filter((path) => path.startsWith(prefix))
          .map((path) => path.slice(prefix.length))
        return dirs.has(dir) || names.length > 0
          ? Promise.resolve(names)
          : Promise.reject(missing(dir))
      },
      cwd: '/work',
      writeFile: (path, text) => {
        disk.set(path, text)
        return Promise.resolve()
      },
      mkdir: (path) => {
        dirs.add(path)
        return Promise.resolve()
      },
      exists: (path) => Promise.resolve(disk.has(path) || dirs.has(path)),
    },
    out: () => out,
    err: () => err,
  }
}

function loadFrom(disk: MemoryDisk, file: string) {
  return loadGatewayConfig(file, {
    readFile: disk.io.readFile,
    listFiles: (dir) => {
      const names = [...disk.files.keys()]
        .filter((path) => path.startsWith(`${dir}/`))
        .map((path) => path.slice(dir.length + 1))
      return names.length > 0 || disk.dirs.has(dir)
        ? Promise.resolve(names)
        : Promise.reject(Object.assign(new Error('ENOENT'), { code: 'ENOENT' }))
    },
  })
}

describe('airlock init', () => {
  it('writes a configuration that loads when the directory is empty', async () => {
    const disk = memoryDisk()
    expect(await runCli(['init'], disk.io)).toBe(0)
    expect([...disk.files.keys()]).toEqual(['/work/airlock.yaml', '/work/policies/README.md'])
    expect(disk.dirs).toEqual(new Set(['/work/policies']))
    const config = await loadFrom(disk, '/work/airlock.yaml')
    expect(config.agents.map((agent) => [agent.id, agent.operator])).toEqual([['claude', 'alice']])
    expect(config.environments.map((environment) => environment.name)).toEqual([
      'prod',
      'staging',
      'dev',
    ])
    expect(config.policies).toEqual([])
    expect(config.storage.url).toBe('sqlite:/work/.airlock/airlock.db')
  })

  it('prints what it wrote and the next steps', async () => {
    const disk = memoryDisk()
    await runCli(['init'], disk.io)
    expect(disk.out()).toContain('wrote airlock.yaml\nwrote policies/README.md\n')
    expect(disk.out()).toContain('examples/policies/*.cedar')
    expect(disk.out()).toContain(
      'airlock check --config airlock.yaml --agent claude -- terraform destroy',
    )
  })

  it('writes into the directory given with --dir relative to the current one', async () => {
    const disk = memoryDisk()
    expect(await runCli(['init', '--dir', 'deploy/airlock'], disk.io)).toBe(0)
    expect(disk.files.has('/work/deploy/airlock/airlock.yaml')).toBe(true)
    expect(disk.out()).toContain('wrote deploy/airlock/airlock.yaml\n')
    expect(disk.out()).toContain('--config deploy/airlock/airlock.yaml')
    expect((await loadFrom(disk, '/work/deploy/airlock/airlock.yaml')).humans).toHaveLength(2)
  })

  it('refuses with exit code 2 when airlock.yaml exists', async () => {
    const disk = memoryDisk({ '/work/airlock.yaml': 'agents: []\n' })
    expect(await runCli(['init'], disk.io)).toBe(2)
    expect(disk.err()).toBe(
      'airlock: `airlock.yaml` already exists: pass --force to overwrite it\n',
    )
    expect(disk.files.get('/work/airlock.yaml')).toBe('agents: []\n')
    expect(disk.files.has('/work/policies/README.md')).toBe(false)
  })

  it('overwrites airlock.yaml when --force is given', async () => {
    const disk = memoryDisk({
      '/work/airlock.yaml': 'agents: []\n',
      '/work/policies/README.md': 'mine',
    })
    expect(await runCli(['init', '--force'], disk.io)).toBe(0)
    expect(disk.files.get('/work/airlock.yaml')).toContain('# airlock.yaml')
    expect(disk.files.get('/work/policies/README.md')).toContain('examples/policies/*.cedar')
  })

  it('keeps an existing policies README when --force is not given', async () => {
    const disk = memoryDisk({ '/work/policies/README.md': 'mine' })
    expect(await runCli(['init'], disk.io)).toBe(0)
    expect(disk.files.get('/work/policies/README.md')).toBe('mine')
    expect(disk.out()).toContain('kept policies/README.md\n')
  })

  it('reports an internal error when the io cannot write files', async () => {
    const disk = memoryDisk()
    const { writeFile: _w, mkdir: _m, exists: _e, ...readOnly } = disk.io
    expect(await runCli(['init'], readOnly)).toBe(3)
    expect(disk.err()).toContain('internal error')
  })
})
