import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'

import { beforeAll, describe, expect, it } from 'vitest'

import type { GatewayConfig } from '../src/model/gateway-config.js'
import {
  createJudge,
  type Judge,
  judgeAction,
  prepareJudging,
} from '../src/pipeline/judge-action.js'
import { parseActionDocument } from '../src/surfaces/action-document-schema.js'
import { loadGatewayConfig } from '../src/surfaces/config/load-gateway-config.js'

const ROOT = join(import.meta.dirname, '..')
const CORPUS = join(ROOT, '..', 'shared', 'corpus', 'dev.jsonl')
const available = existsSync(CORPUS)
if (!available && process.env.CI !== undefined) {
  throw new Error(
    `the labelled corpus is missing at ${CORPUS}; CI must have ../shared beside the repository`,
  )
}

let config: GatewayConfig
let judge: Judge

beforeAll(async () => {
  await prepareJudging()
  config = await loadGatewayConfig(join(ROOT, 'examples', 'airlock.yaml'), {
    readFile: (path) => readFile(path, 'utf8'),
    listFiles: (dir) => readdir(dir),
  })
  judge = createJudge(config)
})

describe('the shipped example configuration', () => {
  it('ships example policies', () => {
    expect(
      readdirSync(join(ROOT, 'examples', 'policies')).filter((file) => file.endsWith('.cedar'))
        .length,
    ).toBeGreaterThan(0)
    expect(config.policies.length).toBeGreaterThan(0)
  })

  it.skipIf(!available)(
    'allows every safe corpus item, holds every destructive one for one approval and every catastrophic one for two',
    () => {
      const wrong: string[] = []
      for (const line of readFileSync(CORPUS, 'utf8').split('\n')) {
        if (line.trim() === '') continue
        const { action, label } = parseActionDocument(line)
        const { decision } = judgeAction(action, { judge, agent: 'claude' })
        const needed = label === 'catastrophic' ? 2 : label === 'destructive' ? 1 : 0
        const ok =
          label === 'safe'
            ? decision.decision === 'allow'
            : needed === 0 ||
              (decision.decision === 'approve' && decision.approvals >= needed) ||
              decision.decision === 'deny'
        if (!ok)
          wrong.push(
            `${action.id ?? '?'} (${label ?? '?'}): ${decision.decision} ×${decision.approvals}`,
          )
      }
      expect(wrong).toEqual([])
    },
  )
})
