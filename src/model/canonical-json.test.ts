import { describe, expect, it } from 'vitest'

import { digestAction } from './action-digest.js'
import { canonicalJson } from './canonical-json.js'

describe('canonicalJson', () => {
  it('sorts object keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"y":2,"z":1}]},"b":1}',
    )
  })

  it('leaves out undefined members', () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}')
  })

  it('rejects values JSON cannot carry', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(/non-finite/)
  })
})

describe('digestAction', () => {
  const action = { kind: 'shell', command: 'rm -rf /srv/app', cwd: '/srv' } as const

  it('gives the same digest whatever the key order', () => {
    expect(digestAction({ cwd: '/srv', command: 'rm -rf /srv/app', kind: 'shell' })).toBe(
      digestAction(action),
    )
  })

  it('changes when what would run changes', () => {
    expect(digestAction({ ...action, cwd: '/' })).not.toBe(digestAction(action))
    expect(digestAction({ ...action, environment: 'prod' })).not.toBe(digestAction(action))
  })

  it('ignores the caller id and the rationale', () => {
    expect(digestAction({ ...action, id: 'x', rationale: 'cleanup' })).toBe(digestAction(action))
  })

  it('is a SHA-256 in hex', () => {
    expect(digestAction(action)).toMatch(/^[0-9a-f]{64}$/)
  })
})
