import { describe, expect, it } from 'vitest'

import { formatJsonPath } from './terraform-json-path.js'

describe('formatJsonPath', () => {
  it.each<[(string | number)[], string]>([
    [[], '(root)'],
    [['format_version'], 'format_version'],
    [['resource_changes', 3, 'change', 'actions'], 'resource_changes[3].change.actions'],
    [['output_changes', 'db password'], 'output_changes["db password"]'],
    [[0, 'a'], '[0].a'],
  ])('writes %j as `%s`', (path, text) => {
    expect(formatJsonPath(path)).toBe(text)
  })
})
