import { describe, expect, it } from 'vitest'

import { classifyPath, resolvePath, riskOfDeleting, riskOfOverwriting } from './path-meaning.js'

describe('resolvePath', () => {
  it.each([
    ['data', '/srv/app', '/srv/app/data'],
    ['./dist/', '/srv/app', '/srv/app/dist'],
    ['../../..', '/srv/app', '/'],
    ['$HOME/.ssh', '/srv', '~/.ssh'],
    ['~', '/srv', '~'],
    ['/var/lib/../lib/mysql/', '/', '/var/lib/mysql'],
  ])('resolves `%s` in `%s` to `%s`', (raw, cwd, expected) => {
    expect(resolvePath(raw, cwd)).toBe(expected)
  })
})

describe('classifyPath', () => {
  it.each([
    ['/', 'filesystem-root'],
    ['/*', 'filesystem-root'],
    ['~', 'home'],
    ['/root', 'home'],
    ['/Users/ana', 'home'],
    ['/etc', 'system'],
    ['/var/lib/postgresql/16/main', 'database-data'],
    ['/tmp/x.log', 'scratch'],
    ['/srv/app/node_modules', 'regenerable'],
    ['/srv/app/src/app.pyc', 'regenerable'],
    ['/srv/app/db/app.sqlite3', 'data-file'],
    ['/srv/app/config/settings.prod.yaml', 'data-file'],
    ['/dev/nvme0n1', 'device'],
    ['/dev/null', 'null-device'],
    ['/srv/app/src', 'ordinary'],
  ])('classifies `%s` as %s', (path, expected) => {
    expect(classifyPath(path, '/').class).toBe(expected)
  })

  it('classifies a path with a run-time part by its known prefix', () => {
    expect(classifyPath('/tmp/build-$ID', '/', true).class).toBe('scratch')
    expect(classifyPath('/srv/$APP', '/', true).class).toBe('unknown')
  })
})

describe('riskOfDeleting', () => {
  it('is catastrophic only for whole trees deleted recursively', () => {
    expect(riskOfDeleting(classifyPath('/etc', '/'), true)).toBe('catastrophic')
    expect(riskOfDeleting(classifyPath('/etc/hosts', '/'), false)).toBe('destructive')
  })

  it('is safe for regenerable output', () => {
    expect(riskOfDeleting(classifyPath('dist', '/srv/app'), true)).toBe('safe')
  })
})

describe('riskOfOverwriting', () => {
  it('is mutating for ordinary project files and destructive for data files', () => {
    expect(riskOfOverwriting(classifyPath('README.md', '/srv/app'))).toBe('mutating')
    expect(riskOfOverwriting(classifyPath('data/ledger.csv', '/srv/app'))).toBe('destructive')
  })
})
