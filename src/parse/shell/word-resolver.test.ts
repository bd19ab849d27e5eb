import { describe, expect, it } from 'vitest'

import { expandBraces, unescapeUnquoted } from './word-resolver.js'

describe('expandBraces', () => {
  it.each([
    ['a{b,c}d', ['abd', 'acd']],
    ['/srv/{app,data}/x', ['/srv/app/x', '/srv/data/x']],
    ['f{1..3}', ['f1', 'f2', 'f3']],
    ['{a,b}{1,2}', ['a1', 'a2', 'b1', 'b2']],
    ['plain', ['plain']],
    ['{single}', ['{single}']],
  ])('expands `%s`', (text, expected) => {
    expect(expandBraces(text)).toEqual(expected)
  })

  it('caps the number of words an expansion makes', () => {
    expect(expandBraces('{1..100000}').length).toBe(64)
  })
})

describe('unescapeUnquoted', () => {
  it('drops backslashes before characters and joins continued lines', () => {
    expect(unescapeUnquoted('\\rm')).toBe('rm')
    expect(unescapeUnquoted('a\\\nb')).toBe('ab')
  })
})
