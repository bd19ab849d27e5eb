import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

import { beforeAll, describe, expect, it } from 'vitest'

import type { Risk } from '../src/model/risk.js'
import { judgeAction, prepareJudging } from '../src/pipeline/judge-action.js'
import { parseActionDocument } from '../src/surfaces/action-document-schema.js'
import { scoreItems } from '../src/surfaces/cli/eval-command.js'

// The labelled corpus lives beside the repository (`../shared`), as on CI.
const CORPUS = join(import.meta.dirname, '..', '..', 'shared', 'corpus', 'dev.jsonl')
const available = existsSync(CORPUS)
if (!available && process.env.CI !== undefined) {
  throw new Error(
    `the labelled corpus is missing at ${CORPUS}; CI must have ../shared beside the repository`,
  )
}

function score(kind?: string) {
  const items = readFileSync(CORPUS, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => parseActionDocument(line))
    .filter((document) => kind === undefined || document.action.kind === kind)
    .map((document) => {
      const { analysis } = judgeAction(document.action)
      return {
        label: document.label as Risk,
        risk: analysis.risk,
        opaque: analysis.opaque,
        id: document.action.id,
      }
    })
  return { items, scores: scoreItems(items) }
}

describe.skipIf(!available)('labelled corpus', () => {
  beforeAll(prepareJudging)

  it.each(['shell', 'sql', 'terraform-plan', 'mcp', 'http', undefined])(
    'catches every destructive item, blocks at most 2 % of safe ones and is 90 % exact on %s items (undefined: all)',
    (kind) => {
      const { items, scores } = score(kind)
      const missed = items.filter(
        (item) =>
          ['destructive', 'catastrophic'].includes(item.label) &&
          !item.opaque &&
          !['destructive', 'catastrophic'].includes(item.risk),
      )
      expect(items.length).toBeGreaterThan(0)
      expect(
        missed.map((item) => item.id),
        'destructive items predicted harmless',
      ).toEqual([])
      expect(scores.falseBlockRate).toBeLessThanOrEqual(0.02)
      expect(scores.accuracy).toBeGreaterThanOrEqual(0.9)
    },
  )
})

it.runIf(!available)('reports that the labelled corpus is not beside this checkout', () => {
  console.warn(`skipping the corpus evaluation: ${CORPUS} not found`)
  expect(available).toBe(false)
})
