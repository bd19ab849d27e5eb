import { afterEach, beforeEach, describe, it } from 'vitest'

import type { GatewayStore } from '../pipeline/gateway-store.js'
import {
  skippedBackends,
  type TestBackend,
  type TestBackendOptions,
  testBackends,
} from './test-backends.js'

/**
 * Runs `suite` in a `describe` per backend of `testBackends(options)`, and shows each wanted
 * backend that will not run as a skipped test saying why (`postgres unreachable at … (skipped)`).
 */
export function forEachBackend(
  options: TestBackendOptions,
  suite: (backend: TestBackend) => void,
): void {
  for (const backend of testBackends(options)) {
    describe(backend.name, () => {
      suite(backend)
    })
  }
  for (const title of skippedBackends(options)) {
    it.skip(title, () => undefined)
  }
}

/** A fresh store of `backend` for each test, closed (and its database deleted) after it. */
export function useStore(backend: TestBackend): () => GatewayStore {
  let store: GatewayStore | undefined
  beforeEach(async () => {
    store = await backend.open()
  })
  afterEach(async () => {
    await store?.close()
    store = undefined
  })
  return () => {
    if (store === undefined) {
      throw new Error('no store outside a test')
    }
    return store
  }
}
