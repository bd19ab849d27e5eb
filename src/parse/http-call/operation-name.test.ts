import { describe, expect, it } from 'vitest'

import { classifyObject, findOperation, splitName } from './operation-name.js'

describe('splitName', () => {
  it.each<[string, string, string[]]>([
    ['splits snake case', 'delete_file', ['delete', 'file']],
    ['splits camel case', 'dropTable', ['drop', 'table']],
    ['splits kebab case', 'list-pods', ['list', 'pods']],
    ['splits dotted names', 'github.delete_repository', ['github', 'delete', 'repository']],
    ['keeps acronyms together', 'DeleteDBInstance', ['delete', 'db', 'instance']],
    ['splits pascal case', 'ExecuteTerraformCommand', ['execute', 'terraform', 'command']],
    [
      'splits prefixed proxy names',
      'mcp__github__delete_file',
      ['mcp', 'github', 'delete', 'file'],
    ],
  ])('%s', (_name, name, words) => {
    expect(splitName(name)).toEqual(words)
  })
})

describe('findOperation', () => {
  it.each<[string, string, string | undefined, string[]]>([
    ['finds a leading verb', 'terminate_instance', 'delete', ['instance']],
    ['finds a verb after a program prefix', 'kubectl_get', 'read', ['kubectl']],
    [
      'takes the object before the verb in object-first names',
      'namespaces_delete',
      'delete',
      ['namespaces'],
    ],
    ['reads a query verb', 'run_query', 'execute', ['query']],
    ['finds an execute verb', 'exec_command', 'execute', ['command']],
    ['finds a change verb', 'apply_manifest', 'change', ['manifest']],
    ['lets a later delete win over a read', 'get_and_delete_item', 'delete', ['item']],
    ['finds no verb in a noun-only name', 'kubectl_generic', undefined, []],
  ])('%s', (_name, tool, operationClass, object) => {
    const operation = findOperation(splitName(tool))
    expect(operation?.class).toBe(operationClass)
    if (operation !== undefined) expect(operation.object).toEqual(object)
  })
})

describe('classifyObject', () => {
  it.each<[string, string[], string]>([
    ['reads a stack as a whole environment', ['stack'], 'whole'],
    ['reads a resource group as a whole environment', ['resource', 'groups'], 'whole'],
    ['reads a db instance as a database server', ['db', 'instance'], 'database-server'],
    ['reads the head noun of a compound', ['db', 'cluster', 'snapshot'], 'other'],
    ['reads a cache as regenerable', ['cache'], 'regenerable'],
    ['reads a repository as a repository', ['repos'], 'repository'],
  ])('%s', (_name, words, kind) => {
    expect(classifyObject(words).kind).toBe(kind)
  })

  it('reads a project on a git host as a repository', () => {
    expect(classifyObject(['project'], true).kind).toBe('repository')
  })

  it('reads `all` as a sweep', () => {
    expect(classifyObject(['all', 'users']).sweep).toBe(true)
  })
})
