import { describe, expect, it } from 'vitest'

import { namespaceTool, splitNamespacedTool } from './mcp-tool-namespace.js'

const SERVERS = ['files', 'github', 'aws-prod']

describe('tool namespacing', () => {
  it('offers a tool as SERVER__tool', () => {
    expect(namespaceTool('github', 'create_issue')).toBe('github__create_issue')
  })

  it.each([
    ['github__create_issue', { server: 'github', tool: 'create_issue' }],
    ['aws-prod__rds__delete', { server: 'aws-prod', tool: 'rds__delete' }],
    ['files__read_text_file', { server: 'files', tool: 'read_text_file' }],
  ])('splits `%s` at the first separator', (name, expected) => {
    expect(splitNamespacedTool(name, SERVERS)).toEqual(expected)
  })

  it.each(['create_issue', '__create_issue', 'github__', 'gitlab__create_issue', ''])(
    'names no tool with `%s`',
    (name) => {
      expect(splitNamespacedTool(name, SERVERS)).toBeUndefined()
    },
  )

  it('round-trips every configured server', () => {
    for (const server of SERVERS) {
      expect(splitNamespacedTool(namespaceTool(server, 'x_y'), SERVERS)).toEqual({
        server,
        tool: 'x_y',
      })
    }
  })
})
