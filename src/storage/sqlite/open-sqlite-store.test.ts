import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'

import BetterSqlite3 from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { forEachBackend } from '../for-each-backend.case.test.js'
import { aProposal } from '../store-fixtures.case.test.js'
import { openSqliteStore } from './open-sqlite-store.js'

forEachBackend({ kinds: ['sqlite'] }, () => {
  describe('openSqliteStore', () => {
    let folder: string

    beforeEach(async () => {
      folder = await mkdtemp(path.join(tmpdir(), 'airlock-sqlite-'))
    })

    afterEach(async () => {
      await rm(folder, { recursive: true, force: true })
    })

    it('creates the missing folder and runs in WAL mode when given a file', async () => {
      const file = path.join(folder, 'nested', 'state', 'airlock.db')
      const store = await openSqliteStore({ file })
      try {
        expect(store.kind).toBe('sqlite')
        const peek = new BetterSqlite3(file, { readonly: true })
        try {
          expect(peek.pragma('journal_mode', { simple: true })).toBe('wal')
        } finally {
          peek.close()
        }
      } finally {
        await store.close()
      }
    })

    it('keeps its data and migrates nothing twice when the file is opened again', async () => {
      const file = path.join(folder, 'airlock.db')
      const first = await openSqliteStore({ file, synchronous: 'normal' })
      await first.transaction((stores) => stores.proposals.insert(aProposal()))
      await first.close()
      const second = await openSqliteStore({ file })
      try {
        expect(await second.transaction((stores) => stores.proposals.get('act_1'))).toStrictEqual(
          aProposal(),
        )
      } finally {
        await second.close()
      }
    })

    it('reports store_unavailable when the file cannot be opened', async () => {
      const blocker = path.join(folder, 'not-a-folder')
      const file = path.join(blocker, 'airlock.db')
      const store = await openSqliteStore({ file: blocker })
      await store.close()
      await expect(openSqliteStore({ file })).rejects.toMatchObject({
        code: 'store_unavailable',
      })
    })

    it('refuses a synchronous mode it does not know', async () => {
      await expect(
        openSqliteStore({ file: ':memory:', synchronous: 'off' as 'full' }),
      ).rejects.toMatchObject({ code: 'store_unavailable', message: /synchronous mode `off`/ })
    })
  })
})
