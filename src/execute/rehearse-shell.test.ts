import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'

import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { canRehearse, rehearseShell } from './rehearse-shell.js'

/** Every file under `folder` with its content, to prove a rehearsal left them alone. */
async function snapshot(folder: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {}
  const entries = await readdir(folder, { recursive: true, withFileTypes: true })
  for (const entry of entries) {
    const file = path.join(entry.parentPath, entry.name)
    files[path.relative(folder, file)] = entry.isFile() ? await readFile(file, 'utf8') : '<dir>'
  }
  return files
}

const availability = await canRehearse()

describe('canRehearse', () => {
  it('reports unavailable with a reason when unshare is not on PATH', async () => {
    const empty = await mkdtemp(path.join(tmpdir(), 'airlock-no-unshare-'))
    try {
      const result = await canRehearse({ path: empty })
      expect(result.ok).toBe(false)
      expect(result.reason).toMatch(/`unshare` is not on PATH/)
    } finally {
      await rm(empty, { recursive: true, force: true })
    }
  })

  it('reports unavailable with the reason when namespaces are not permitted', async () => {
    const bin = await mkdtemp(path.join(tmpdir(), 'airlock-fake-unshare-'))
    try {
      await writeFile(
        path.join(bin, 'unshare'),
        '#!/bin/sh\necho "unshare: unshare failed: Operation not permitted" >&2\nexit 1\n',
      )
      await chmod(path.join(bin, 'unshare'), 0o755)
      const result = await canRehearse({ path: bin })
      expect(result).toEqual({
        ok: false,
        reason: 'cannot set up the sandbox: unshare: unshare failed: Operation not permitted',
      })
    } finally {
      await rm(bin, { recursive: true, force: true })
    }
  })

  it('answers the same promise for the same PATH', () => {
    expect(canRehearse()).toBe(canRehearse())
  })
})

describe.skipIf(!availability.ok && process.env.CI === undefined)('rehearseShell', () => {
  let root: string
  let cwd: string

  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'airlock-rehearse-'))
    cwd = path.join(root, 'project')
    await mkdir(path.join(cwd, 'data', 'nested', 'deeper'), { recursive: true })
    await mkdir(path.join(cwd, 'data', 'empty'))
    await writeFile(path.join(cwd, 'data', 'a.csv'), 'a\n')
    await writeFile(path.join(cwd, 'data', 'nested', 'b.csv'), 'b\n')
    await writeFile(path.join(cwd, 'data', 'nested', 'deeper', 'c.csv'), 'c\n')
    await writeFile(path.join(cwd, 'README'), 'readme\n')
    await writeFile(path.join(cwd, 'config.yaml'), 'port: 80\n')
  })

  afterEach(async () => {
    await rm(root, { recursive: true, force: true })
  })

  it('is available on this machine', () => {
    expect(availability).toEqual({ ok: true })
  })

  it('reports every file under a deleted directory and leaves them in place', async () => {
    const before = await snapshot(cwd)
    const report = await rehearseShell('rm -rf data/', { cwd })
    expect(report).toMatchObject({ kind: 'shell', status: 'rehearsed', exitCode: 0 })
    expect(report.deleted).toEqual([
      'data/a.csv',
      'data/empty/',
      'data/nested/b.csv',
      'data/nested/deeper/c.csv',
    ])
    expect(report.modified).toEqual([])
    expect(report.created).toEqual([])
    expect(report.counts).toEqual({ deleted: 4, modified: 0, created: 0 })
    expect(await snapshot(cwd)).toEqual(before)
  })

  it('reports files modified and created through relative and absolute paths', async () => {
    const before = await snapshot(cwd)
    const report = await rehearseShell(
      `echo 'port: 8080' > config.yaml && touch README && mkdir -p out/logs && echo x > ${cwd}/out/logs/run.log && echo y > new.txt`,
      { cwd },
    )
    expect(report.status).toBe('rehearsed')
    expect(report.modified).toEqual(['config.yaml'])
    expect(report.created).toEqual(['new.txt', 'out/logs/run.log'])
    expect(report.deleted).toEqual([])
    expect(await snapshot(cwd)).toEqual(before)
  })

  it('reports a mode change as a modification', async () => {
    const report = await rehearseShell('chmod 600 README', { cwd })
    expect(report.modified).toEqual(['README'])
  })

  it('reports the old files of a directory deleted and recreated', async () => {
    const before = await snapshot(cwd)
    const report = await rehearseShell('rm -rf data && mkdir data && echo new > data/fresh.csv', {
      cwd,
    })
    expect(report.status).toBe('rehearsed')
    expect(report.deleted).toEqual([
      'data/a.csv',
      'data/empty/',
      'data/nested/b.csv',
      'data/nested/deeper/c.csv',
    ])
    expect(report.created).toEqual(['data/fresh.csv'])
    expect(await snapshot(cwd)).toEqual(before)
  })

  it('reports a renamed directory as its files deleted and created', async () => {
    const report = await rehearseShell('mv data archive', { cwd })
    expect(report.status).toBe('rehearsed')
    expect(report.deleted).toContain('data/nested/deeper/c.csv')
    expect(report.created).toContain('archive/nested/deeper/c.csv')
    expect(report.counts).toEqual({ deleted: 4, modified: 0, created: 4 })
  })

  it('keeps the exit code and the tails of the output', async () => {
    const report = await rehearseShell('echo out; echo err >&2; exit 3', { cwd })
    expect(report).toMatchObject({
      status: 'rehearsed',
      exitCode: 3,
      stdoutTail: 'out\n',
      stderrTail: 'err\n',
    })
  })

  it('gives the command a minimal environment without the gateway secrets', async () => {
    process.env.AIRLOCK_REHEARSAL_SECRET = 'hunter2'
    try {
      const report = await rehearseShell('env', { cwd, env: { EXTRA: 'yes' } })
      expect(report.stdoutTail).not.toContain('hunter2')
      expect(report.stdoutTail).toContain(`HOME=${cwd}`)
      expect(report.stdoutTail).toContain('EXTRA=yes')
    } finally {
      delete process.env.AIRLOCK_REHEARSAL_SECRET
    }
  })

  it('has no network, not even loopback', async () => {
    const report = await rehearseShell(
      `if (echo > /dev/tcp/127.0.0.1/5432) 2>/dev/null; then echo open; else echo closed; fi`,
      { cwd },
    )
    expect(report.stdoutTail).toBe('closed\n')
  })

  it('refuses writes outside the working directory and leaves the real file alone', async () => {
    const outside = path.join(root, 'outside.txt')
    await writeFile(outside, 'real\n')
    const report = await rehearseShell(
      `echo hacked > ${outside}; echo hacked > ../outside.txt; rm -f ${outside}; mount -o remount,bind,rw / ; echo hacked > ${outside}; umount ${cwd}; echo hacked > ${cwd}/README`,
      { cwd },
    )
    expect(report.status).toBe('rehearsed')
    expect(report.stderrTail).toMatch(/read-only file system/i)
    expect(await readFile(outside, 'utf8')).toBe('real\n')
    expect(await readFile(path.join(cwd, 'README'), 'utf8')).toBe('readme\n')
    expect(report.modified).toEqual(['README'])
  })

  it('cannot write kernel settings through /proc', async () => {
    const report = await rehearseShell(
      'cat /proc/sys/kernel/hostname > /dev/null && echo readable; echo x > /proc/sys/kernel/hostname || echo refused',
      { cwd },
    )
    expect(report.stdoutTail).toBe('readable\nrefused\n')
  })

  it('gives the command a private, writable TMPDIR', async () => {
    const report = await rehearseShell('echo x > "$TMPDIR/scratch" && cat "$TMPDIR/scratch"', {
      cwd,
    })
    expect(report).toMatchObject({ exitCode: 0, stdoutTail: 'x\n', created: [] })
  })

  it('kills the command and everything it started at the time limit', async () => {
    const started = Date.now()
    const report = await rehearseShell('(setsid sleep 60 &) ; touch started; sleep 60', {
      cwd,
      timeoutMs: 1000,
    })
    expect(Date.now() - started).toBeLessThan(5000)
    expect(report.status).toBe('timed-out')
    expect(report.reason).toMatch(/time limit of 1000 ms/)
    expect(report.created).toEqual(['started'])
    expect(report.exitCode).toBeUndefined()
  })

  it('fails when the working directory does not exist', async () => {
    const report = await rehearseShell('true', { cwd: path.join(root, 'missing') })
    expect(report.status).toBe('failed')
    expect(report.reason).toMatch(/is not a directory/)
  })

  it('reads and deletes private files as the caller could', async () => {
    await chmod(path.join(cwd, 'data', 'a.csv'), 0o600)
    const report = await rehearseShell('cat data/a.csv && rm data/a.csv', { cwd })
    expect(report).toMatchObject({ exitCode: 0, stdoutTail: 'a\n', deleted: ['data/a.csv'] })
  })
})
