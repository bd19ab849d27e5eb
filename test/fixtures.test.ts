import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

import { beforeAll, describe, expect, it } from 'vitest'

import type { Action } from '../src/model/action.js'
import { judgeAction, prepareJudging } from '../src/pipeline/judge-action.js'
import { parseActionDocument } from '../src/surfaces/action-document-schema.js'

const ROOT = join(import.meta.dirname, 'fixtures')
// Fixture folders that hold no parser cases: inventories for the simulation tests, agent hook
// payloads for the hook tests.
const NOT_PARSERS = new Set(['inventory', 'hooks'])
const parsers = readdirSync(ROOT).filter((folder) => !NOT_PARSERS.has(folder))

interface Expectation {
  readonly risk: string
  readonly opaque: boolean
  readonly cwd?: string
  readonly dialect?: 'postgres' | 'mysql' | 'sqlite'
  readonly environment?: string
}

function actionFor(parser: string, file: string, text: string, expected: Expectation): Action {
  const environment =
    expected.environment === undefined ? {} : { environment: expected.environment }
  if (file.endsWith('.sh'))
    return {
      kind: 'shell',
      command: text.replace(/\n$/, ''),
      cwd: expected.cwd ?? '/srv/app',
      ...environment,
    }
  if (file.endsWith('.sql'))
    return { kind: 'sql', dialect: expected.dialect ?? 'postgres', statement: text, ...environment }
  if (parser === 'terraform-plan')
    return { kind: 'terraform-plan', plan: JSON.parse(text) as unknown, ...environment }
  // `mcp/<case>.json` and `http/<case>.json` hold the action document without `kind`, which the
  // folder gives (`{"server", "tool", "arguments", "annotations"?}`, `{"method", "url", "body"?}`);
  // it is validated like a corpus line, and `environment` in the expectation wins over the file's.
  if ((parser === 'mcp' || parser === 'http') && file.endsWith('.json')) {
    const document = JSON.parse(text) as Record<string, unknown>
    return parseActionDocument(JSON.stringify({ ...document, kind: parser, ...environment })).action
  }
  throw new Error(`no action kind for fixture \`${parser}/${file}\``)
}

const cases = parsers.flatMap((parser) =>
  readdirSync(join(ROOT, parser))
    .filter((file) => !file.endsWith('.expected.json'))
    .map((file) => ({ parser, file })),
)

beforeAll(prepareJudging)

describe('parser fixtures', () => {
  it('has an expectation for every fixture and a fixture for every expectation', () => {
    for (const parser of parsers) {
      const files = readdirSync(join(ROOT, parser))
      const inputs = new Set(
        files
          .filter((file) => !file.endsWith('.expected.json'))
          .map((file) => file.replace(/\.[^.]+$/, '')),
      )
      const expectations = new Set(
        files
          .filter((file) => file.endsWith('.expected.json'))
          .map((file) => file.replace(/\.expected\.json$/, '')),
      )
      expect(
        [...inputs].filter((name) => !expectations.has(name)),
        `fixtures without expectation in ${parser}`,
      ).toEqual([])
      expect(
        [...expectations].filter((name) => !inputs.has(name)),
        `expectations without fixture in ${parser}`,
      ).toEqual([])
    }
  })

  it.each(cases)('judges $parser/$file as expected', ({ parser, file }) => {
    const text = readFileSync(join(ROOT, parser, file), 'utf8')
    const expected = JSON.parse(
      readFileSync(join(ROOT, parser, `${file.replace(/\.[^.]+$/, '')}.expected.json`), 'utf8'),
    ) as Expectation
    const { analysis } = judgeAction(actionFor(parser, file, text, expected))
    expect({ risk: analysis.risk, opaque: analysis.opaque }).toEqual({
      risk: expected.risk,
      opaque: expected.opaque,
    })
  })
})
