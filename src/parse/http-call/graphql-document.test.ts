import { describe, expect, it } from 'vitest'

import { readGraphqlDocument } from './graphql-document.js'

function rootFields(text: string): string[] | undefined {
  return readGraphqlDocument(text)?.flatMap((operation) =>
    operation.fields.map((field) => `${operation.kind}:${field.name}`),
  )
}

describe('readGraphqlDocument', () => {
  it.each<[string, string, string[] | undefined]>([
    ['reads a shorthand query', '{ viewer { login } }', ['query:viewer']],
    [
      'reads named operations with variables',
      'mutation M($id: ID!) { deleteRef(input: {id: $id}) { x } }',
      ['mutation:deleteRef'],
    ],
    [
      'reads the field behind an alias',
      'mutation { a: createIssue { id } }',
      ['mutation:createIssue'],
    ],
    [
      'ignores braces inside strings',
      'mutation { createIssue(body: "} deleteAll {") { id } }',
      ['mutation:createIssue'],
    ],
    [
      'ignores block strings and comments',
      'mutation { # deleteAll\n createIssue(body: """ { """) { id } }',
      ['mutation:createIssue'],
    ],
    [
      'reads inline fragments at the root',
      'mutation { ... on Mutation { dropTable { ok } } }',
      ['mutation:dropTable'],
    ],
    [
      'resolves named fragments',
      'fragment F on Mutation { purgeQueue { ok } } mutation { ...F }',
      ['mutation:purgeQueue'],
    ],
    ['skips directives', 'query @cached { viewer @include(if: true) { id } }', ['query:viewer']],
    ['refuses an unclosed document', 'mutation { createIssue(', undefined],
    ['refuses a spread of an unknown fragment', 'mutation { ...Missing }', undefined],
    [
      'refuses a fragment that spreads itself',
      'fragment F on Mutation { ...F } mutation { ...F }',
      undefined,
    ],
    ['refuses text that is not graphql', 'DELETE FROM users;', undefined],
    ['refuses a document with no operation', 'fragment F on Query { id }', undefined],
  ])('%s', (_name, text, fields) => {
    expect(rootFields(text)).toEqual(fields)
  })

  it('records a forced argument', () => {
    const [operation] =
      readGraphqlDocument('mutation { updateRef(input: {force: true}) { id } }') ?? []
    expect(operation?.fields[0]?.force).toBe(true)
  })
})
