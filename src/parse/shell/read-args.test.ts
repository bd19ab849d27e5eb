import { describe, expect, it } from 'vitest'

import { readArgs } from './read-args.js'
import { literalWord } from './shell-word.js'

const words = (...values: string[]) => values.map(literalWord)

describe('readArgs', () => {
  it('splits grouped short flags', () => {
    const read = readArgs(words('-rf', 'x'))
    expect([...read.options.keys()]).toEqual(['-r', '-f'])
    expect(read.positionals.map((word) => word.value)).toEqual(['x'])
  })

  it('takes the value of a valued option from the next word or after `=`', () => {
    const read = readArgs(words('-n', 'prod', '--context=eu', 'pods'), {
      valued: ['-n', '--context'],
    })
    expect(read.options.get('-n')).toBe('prod')
    expect(read.options.get('--context')).toBe('eu')
  })

  it('keeps a glued value of a valued short option', () => {
    expect(readArgs(words('-nprod'), { valued: ['-n'] }).options.get('-n')).toBe('prod')
  })

  it('puts the words after `--` in rest', () => {
    const read = readArgs(words('-f', '--', '-rf'))
    expect(read.rest.map((word) => word.value)).toEqual(['-rf'])
  })

  it('stops at the first positional when asked', () => {
    const read = readArgs(words('-u', 'root', 'rm', '-rf', '/'), {
      valued: ['-u'],
      stopAtPositional: true,
    })
    expect(read.rest.map((word) => word.value)).toEqual(['rm', '-rf', '/'])
  })

  it('records every occurrence of a repeated option', () => {
    const read = readArgs(words('-c', 'a', '-c', 'b'), { valued: ['-c'] })
    expect(read.occurrences.map((item) => item.value)).toEqual(['a', 'b'])
  })
})
