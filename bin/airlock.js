#!/usr/bin/env node
// One-shot commands gain nothing from V8's optimising WASM tier: compiling the parsers' and
// Cedar's WASM with it in the background only delays the exit. Long-running surfaces keep it.
import { setFlagsFromString } from 'node:v8'

const LONG_RUNNING = new Set(['serve', 'mcp-proxy'])
if (!LONG_RUNNING.has(process.argv[2] ?? '')) setFlagsFromString('--liftoff-only')

await import('../dist/main.js')
