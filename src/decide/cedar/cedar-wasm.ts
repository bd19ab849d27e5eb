import { createRequire } from 'node:module'

import type * as CedarWasm from '@cedar-policy/cedar-wasm/nodejs'

type CedarBindings = typeof CedarWasm

const bindings = createRequire(import.meta.url)('@cedar-policy/cedar-wasm/nodejs') as CedarBindings

// V8 in Node 20 (11.3) aborts the whole process (`unreachable code` in
// Deoptimizer::DoComputeBuiltinContinuation) when optimised code that inlined a call into
// these bindings, which return JS objects (externref), is deoptimised during that call, as
// the objects Cedar builds change shape. A Proxy is opaque to TurboFan, so our code never
// inlines the call; it costs well under a microsecond per call.
function opaqueToOptimizer(module: CedarBindings): CedarBindings {
  return Object.fromEntries(
    Object.entries(module).map(([name, value]: [string, unknown]) => [
      name,
      typeof value === 'function' ? new Proxy(value, {}) : value,
    ]),
  ) as CedarBindings
}

/**
 * The Cedar WASM bindings, loaded synchronously once per process (the `nodejs` build reads its
 * .wasm with `fs`). Every other file of airlock reaches Cedar through decide/cedar/.
 */
export const cedar = opaqueToOptimizer(bindings)

export type {
  AuthorizationAnswer,
  Context as CedarContextJson,
  DetailedError,
  EntityJson,
  EntityUidJson,
} from '@cedar-policy/cedar-wasm/nodejs'
