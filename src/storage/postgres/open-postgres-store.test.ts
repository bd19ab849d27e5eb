import pg from 'pg'
import { describe, expect, it, vi } from 'vitest'

import type { GatewayError } from '../../model/errors.js'
import type { StoreSignal } from '../../pipeline/gateway-store.js'
import { forEachBackend } from '../for-each-backend.case.test.js'
import { aProposal } from '../store-fixtures.case.test.js'
import { freshPostgresSchema, TEST_POSTGRES_URL } from '../test-backends.js'
import { openPostgresStore } from './open-postgres-store.js'

async function query(text: string, values: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL })
  await client.connect()
  try {
    return await client.query(text, values)
  } finally {
    await client.end()
  }
}

forEachBackend({ kinds: ['postgres'] }, () => {
  describe('openPostgresStore', () => {
    it('migrates a new schema once when 3 instances open it together', async () => {
      const { url, schema, drop } = await freshPostgresSchema()
      await drop()
      try {
        const stores = await Promise.all(
          [1, 2, 3].map(() => openPostgresStore({ url, schema, poolSize: 2 })),
        )
        try {
          await stores[0]?.transaction((stores) => stores.proposals.insert(aProposal()))
          expect(await stores[2]?.transaction((stores) => stores.proposals.get('act_1'))).toEqual(
            aProposal(),
          )
          const { rows } = await query(`select name from ${schema}.airlock_migration order by name`)
          // Each migration ran exactly once although three instances raced to run it.
          expect(rows).toEqual([{ name: '0001-gateway-tables' }, { name: '0002-proposal-impact' }])
        } finally {
          await Promise.all(stores.map((store) => store.close()))
        }
      } finally {
        await drop()
      }
    })

    it('keeps running and listens again when the listener connection is killed', async () => {
      const { url, schema, drop } = await freshPostgresSchema()
      const errors: GatewayError[] = []
      const store = await openPostgresStore({ url, schema, onError: (error) => errors.push(error) })
      try {
        const received: StoreSignal[] = []
        store.subscribe((signal) => received.push(signal))
        await query(`select pg_terminate_backend(pid) from pg_stat_activity where query = $1`, [
          `listen "airlock.${schema}"`,
        ])
        await vi.waitFor(() => {
          expect(errors.map((error) => error.message)).toContain(
            'postgres: the signal listener lost its connection, reconnecting',
          )
        })
        await vi.waitFor(
          async () => {
            await store.transaction((stores) => stores.signal({ kind: 'approval', id: 'req_1' }))
            expect(received.length).toBeGreaterThan(0)
          },
          { timeout: 10_000, interval: 200 },
        )
      } finally {
        await store.close()
        await drop()
      }
    })

    it('reports store_unavailable without the password when the server is unreachable', async () => {
      const attempt = openPostgresStore({ url: 'postgres://airlock:s3cret@127.0.0.1:1/none' })
      await expect(attempt).rejects.toMatchObject({ code: 'store_unavailable' })
      await expect(attempt).rejects.toSatisfy((error: Error) => !error.message.includes('s3cret'))
    })

    it('refuses a schema name that would need quoting', async () => {
      await expect(
        openPostgresStore({ url: TEST_POSTGRES_URL, schema: 'Robert"; drop' }),
      ).rejects.toMatchObject({ code: 'store_unavailable', message: /schema `Robert"; drop`/ })
    })
  })
})
