import { types } from 'node:util'

import { describe, expect, it } from 'vitest'

import { cedar } from './cedar-wasm.js'

describe('cedar', () => {
  it('hides every binding behind a proxy so that optimised code never inlines a WASM call', () => {
    const functions = Object.values(cedar).filter((value) => typeof value === 'function')
    expect(functions.length).toBeGreaterThan(10)
    expect(functions.every((binding) => types.isProxy(binding))).toBe(true)
  })

  it('still calls into Cedar through the proxies', () => {
    expect(cedar.getCedarVersion()).toBe('4.13.0')
  })
})
