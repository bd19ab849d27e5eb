import { z } from 'zod'

import type { InventoryIssue } from './inventory-issue.js'

const DOCUMENT = z.record(z.string(), z.unknown(), {
  error: 'expected a JSON object at the top level',
})

/** What reading a JSON source gives: its top-level object, or why there is none. */
export type JsonDocument =
  | { readonly ok: true; readonly value: Readonly<Record<string, unknown>> }
  | { readonly ok: false; readonly issue: InventoryIssue }

/**
 * Reads the text of a JSON inventory source (CLI or API output) and checks that it is an object.
 * Tolerates a byte-order mark; never throws.
 */
export function readJsonDocument(text: string, file: string): JsonDocument {
  const unreadable = (message: string): JsonDocument => ({
    ok: false,
    issue: { code: 'inventory_unreadable', message: `\`${file}\`: ${message}`, file },
  })
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text
  if (body.trim() === '') return unreadable('the file is empty')
  if (body.includes('\u0000')) {
    return unreadable('the file looks like UTF-16 (a PowerShell `>` redirect?); save it as UTF-8')
  }
  let value: unknown
  try {
    value = JSON.parse(body)
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    return unreadable(`not valid JSON: ${reason.replaceAll('\n', ' ')}`)
  }
  const result = DOCUMENT.safeParse(value)
  if (!result.success) return unreadable(result.error.issues[0]?.message ?? 'not a JSON object')
  return { ok: true, value: result.data }
}
