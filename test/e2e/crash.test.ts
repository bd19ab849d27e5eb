import { afterEach, describe, expect, it } from 'vitest'

import {
  exportAudit,
  runAirlock,
  type ServeConfig,
  type ServeProcess,
  startServe,
  TOKENS,
  writeServeConfig,
} from './serve-process.js'

const PROPOSALS = 1_000
const IN_FLIGHT = 16
/** The server is killed when this many proposals have been answered. */
const KILL_AFTER = 350

interface Answered {
  readonly index: number
  readonly id: string
  readonly digest: string
  readonly decision: string
}

/** Proposal `index`: mostly safe or mutating (allowed), one in eight destructive in prod. */
function proposalAction(index: number): Record<string, string> {
  switch (index % 8) {
    case 0:
      return {
        kind: 'shell',
        command: `rm -rf /srv/prod/app/cache${String(index)}`,
        cwd: '/srv/prod/app',
      }
    case 1:
      return {
        kind: 'shell',
        command: `touch /srv/dev/app/flag${String(index)}`,
        cwd: '/srv/dev/app',
      }
    case 2:
      return {
        kind: 'shell',
        command: `cat /srv/prod/app/config${String(index)}.yaml`,
        cwd: '/srv/prod/app',
      }
    case 3:
      return { kind: 'shell', command: `mkdir -p build/out${String(index)}`, cwd: '/srv/dev/app' }
    case 4:
      return { kind: 'shell', command: 'git status --short', cwd: '/srv/dev/app' }
    case 5:
      return {
        kind: 'shell',
        command: `grep -rn TODO src/module${String(index)}`,
        cwd: '/srv/dev/app',
      }
    default:
      return {
        kind: 'shell',
        command: `ls -la /srv/dev/app/dir${String(index)}`,
        cwd: '/srv/dev/app',
      }
  }
}

/**
 * Proposes `indexes` with IN_FLIGHT at a time; `onAnswer` hears each answer. A worker stops at
 * its first failed connection (the server is gone); the indexes never answered are returned.
 */
async function proposeAll(
  server: ServeProcess,
  indexes: readonly number[],
  onAnswer: (answer: Answered) => void,
): Promise<{ unanswered: number[]; failures: number }> {
  const queue = [...indexes]
  const unanswered: number[] = []
  let failures = 0
  const worker = async (): Promise<void> => {
    for (let index = queue.shift(); index !== undefined; index = queue.shift()) {
      let answer
      try {
        answer = await server.call(TOKENS.claude, 'POST', '/v1/actions', proposalAction(index))
      } catch {
        failures += 1
        unanswered.push(index)
        return
      }
      expect(answer.status, answer.text).toBe(200)
      const { id, digest, decision } = answer.body as Pick<Answered, 'id' | 'digest' | 'decision'>
      onAnswer({ index, id, digest, decision })
    }
  }
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker))
  return { unanswered: [...unanswered, ...queue], failures }
}

describe('airlock serve on a SQLite file', () => {
  const cleanups: (() => Promise<unknown> | undefined)[] = []

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })

  function track(server: ServeProcess): ServeProcess {
    cleanups.push(() => server.kill9())
    return server
  }

  function trackConfig(config: ServeConfig): ServeConfig {
    cleanups.push(() => {
      config.remove()
      return undefined
    })
    return config
  }

  it('keeps every answered proposal in an intact, appendable audit when killed with SIGKILL under load', async () => {
    const config = trackConfig(writeServeConfig())
    const first = track(await startServe(config.file))

    const answered: Answered[] = []
    let killed: Promise<void> | undefined
    const crashRun = await proposeAll(
      first,
      Array.from({ length: PROPOSALS }, (_, index) => index),
      (answer) => {
        answered.push(answer)
        if (answered.length === KILL_AFTER) killed = first.kill9()
      },
    )
    await killed
    expect(killed, 'the server was killed').toBeDefined()
    // Requests were in flight when it died: they failed, and they were never answered.
    expect(crashRun.failures).toBeGreaterThan(0)
    expect(answered.length).toBeGreaterThanOrEqual(KILL_AFTER)
    expect(answered.length).toBeLessThan(PROPOSALS)

    const second = track(await startServe(config.file))
    const viaApi = await second.call(TOKENS.bob, 'GET', '/v1/audit/verify')
    expect(viaApi.status).toBe(200)
    expect(viaApi.body).toMatchObject({ ok: true })
    const viaCli = await runAirlock(['audit', 'verify', '--json', '--config', config.file])
    expect(viaCli.code, viaCli.stdout + viaCli.stderr).toBe(0)
    expect(viaCli.stdout).toContain('"ok":true')

    const proposed = new Map<string, Record<string, unknown>>()
    for (const record of await exportAudit(config.file)) {
      if (record.kind === 'action.proposed' && record.subject !== undefined) {
        proposed.set(record.subject, record.data)
      }
    }
    const allowed = answered.filter((answer) => answer.decision === 'allow')
    expect(allowed.length).toBeGreaterThan(KILL_AFTER / 2)
    expect(answered.some((answer) => answer.decision === 'approve')).toBe(true)
    const missing = answered.filter((answer) => {
      const data = proposed.get(answer.id)
      return (
        data?.digest !== answer.digest ||
        (data.decision as Record<string, unknown>).decision !== answer.decision
      )
    })
    expect(missing, 'answered proposals without their action.proposed record').toEqual([])

    // The chain goes on after the crash: the proposals never answered are made again.
    const resumed: Answered[] = []
    const rest = await proposeAll(second, crashRun.unanswered, (answer) => resumed.push(answer))
    expect(rest.unanswered).toEqual([])
    expect(answered.length + resumed.length).toBe(PROPOSALS)
    const after = await second.call(TOKENS.bob, 'GET', '/v1/audit/verify')
    expect(after.body).toMatchObject({ ok: true })
    expect(after.body.records as number).toBeGreaterThan(viaApi.body.records as number)
    expect(await second.stop()).toBe(0)
    const final = await runAirlock(['audit', 'verify', '--config', config.file])
    expect(final.code, final.stdout + final.stderr).toBe(0)
  }, 60_000)
})
