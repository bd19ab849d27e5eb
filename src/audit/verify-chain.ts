import { type AuditRecord, type ChainHead, GENESIS_HASH } from '../model/audit-record.js'
import { hashAuditRecord } from './hash-chain.js'

/** The first place where an audit chain shows tampering, named by `seq` in plain words. */
export interface ChainProblem {
  readonly seq: number
  readonly kind: 'modified' | 'deleted' | 'inserted' | 'reordered' | 'truncated'
  readonly message: string
}

/**
 * What verifying an audit chain found: `records` counts the records checked (up to the one
 * that showed the problem); `head` is where the verified chain ends.
 */
export type ChainVerification =
  | { readonly ok: true; readonly records: number; readonly head?: ChainHead }
  | { readonly ok: false; readonly records: number; readonly problem: ChainProblem }

/** How `verifyAuditChain` reads the log. */
export interface ChainVerificationOptions {
  /** Records per read; 500 unless given. */
  readonly pageSize?: number
  /** Called with the number of records checked after every page and once at the end. */
  readonly onProgress?: (checked: number) => void
}

/** A page the check asks its driver to read. */
interface PageRead {
  readonly afterSeq: number
  readonly limit: number
}

/** A check that reads pages by yielding a PageRead and receiving the page. */
type Reads<T> = Generator<PageRead, T, readonly AuditRecord[]>

const DEFAULT_PAGE_SIZE = 500
/** How far ahead a record's `prevHash` is looked for, to tell a reordering from a deletion. */
const LOOK_AHEAD = 32

function problem(kind: ChainProblem['kind'], seq: number, message: string): ChainProblem {
  return { kind, seq, message }
}

function describeDeletion(prev: AuditRecord | undefined, record: AuditRecord): string {
  const first = prev === undefined ? 1 : prev.seq + 1
  if (record.seq - first === 1) {
    return prev === undefined
      ? `record 1 was deleted: the chain starts at record ${record.seq}`
      : `record ${first} was deleted`
  }
  return prev === undefined
    ? `records 1 to ${record.seq - 1} were deleted: the chain starts at record ${record.seq}`
    : `records between ${prev.seq} and ${record.seq} were deleted`
}

/**
 * The one implementation of chain verification, driven by `verifyAuditChain` (async pages) and
 * `verifyAuditRecords` (an array). It keeps the current page and a small look-ahead window.
 */
function* checkChain(
  head: ChainHead | undefined,
  pageSize: number,
  onProgress?: (checked: number) => void,
): Reads<ChainVerification> {
  let window: AuditRecord[] = []
  let start = 0
  let afterSeq = 0
  let exhausted = false

  function* fill(count: number): Reads<void> {
    while (!exhausted && window.length - start < count) {
      const page = yield { afterSeq, limit: pageSize }
      const last = page.at(-1)
      // A page that does not move past `afterSeq` ends the reading; its records are still
      // checked, and their order shows as a problem.
      if (last === undefined || last.seq <= afterSeq) exhausted = true
      else afterSeq = last.seq
      for (const record of page) window.push(record)
    }
  }

  function* findLater(hash: string): Reads<AuditRecord | undefined> {
    yield* fill(LOOK_AHEAD + 1)
    const end = Math.min(window.length, start + 1 + LOOK_AHEAD)
    for (let index = start + 1; index < end; index += 1) {
      if (window[index]?.hash === hash) return window[index]
    }
    return undefined
  }

  function* findProblem(
    record: AuditRecord,
    prev: AuditRecord | undefined,
    beforePrev: AuditRecord | undefined,
  ): Reads<ChainProblem | undefined> {
    const seq = record.seq
    if (hashAuditRecord(record) !== record.hash) {
      return problem(
        'modified',
        seq,
        `record ${seq} was modified: its hash does not match its content`,
      )
    }
    if (prev !== undefined && seq <= prev.seq) {
      return problem(
        'reordered',
        seq,
        `record ${seq} is out of order: it comes after record ${prev.seq}`,
      )
    }
    if (record.prevHash === (prev?.hash ?? GENESIS_HASH)) {
      if (prev === undefined && seq !== 1) {
        return problem(
          'reordered',
          seq,
          `record ${seq} is out of order: it starts the chain, so it should be record 1`,
        )
      }
      if (prev !== undefined && seq !== prev.seq + 1) {
        return problem(
          'reordered',
          seq,
          `record ${seq} is out of order: it chains to record ${prev.seq}, so it should be record ${prev.seq + 1}`,
        )
      }
      return undefined
    }
    if (prev !== undefined && record.prevHash === (beforePrev?.hash ?? GENESIS_HASH)) {
      const target = beforePrev === undefined ? 'the start of the log' : `record ${beforePrev.seq}`
      return problem(
        'inserted',
        prev.seq,
        `record ${prev.seq} was inserted: record ${seq} chains to ${target}`,
      )
    }
    const later = yield* findLater(record.prevHash)
    if (later !== undefined) {
      return problem(
        'reordered',
        seq,
        `record ${seq} is out of order: it chains to record ${later.seq}, which comes after it`,
      )
    }
    const firstMissing = prev === undefined ? 1 : prev.seq + 1
    if (seq > firstMissing) return problem('deleted', firstMissing, describeDeletion(prev, record))
    if (prev === undefined) {
      return problem(
        'modified',
        seq,
        `record ${seq} was modified: it does not chain to the start of the log`,
      )
    }
    // INVARIANT: prev's own hash is right, so prev was edited and hashed again.
    return problem(
      'modified',
      prev.seq,
      `record ${prev.seq} was modified: record ${seq} does not chain to it`,
    )
  }

  let prev: AuditRecord | undefined
  let beforePrev: AuditRecord | undefined
  let checked = 0
  for (;;) {
    yield* fill(1)
    const record = window[start]
    if (record === undefined) break
    checked += 1
    const found = yield* findProblem(record, prev, beforePrev)
    if (found !== undefined) return { ok: false, records: checked, problem: found }
    if (head?.seq === record.seq && record.hash !== head.hash) {
      return {
        ok: false,
        records: checked,
        problem: problem(
          'modified',
          record.seq,
          `record ${record.seq} was modified: its hash does not match the log's head`,
        ),
      }
    }
    beforePrev = prev
    prev = record
    start += 1
    if (start >= pageSize) {
      window = window.slice(start)
      start = 0
    }
    if (checked % pageSize === 0) onProgress?.(checked)
  }
  if (checked % pageSize !== 0 || checked === 0) onProgress?.(checked)

  if (head !== undefined && (prev?.seq ?? 0) < head.seq) {
    const ends = prev === undefined ? 'the log is empty' : `the chain ends at record ${prev.seq}`
    return {
      ok: false,
      records: checked,
      problem: problem(
        'truncated',
        (prev?.seq ?? 0) + 1,
        `${ends} but the log's head says ${head.seq}: records were deleted from the end`,
      ),
    }
  }
  return {
    ok: true,
    records: checked,
    ...(prev === undefined ? {} : { head: { seq: prev.seq, hash: prev.hash } }),
  }
}

function checkPageSize(pageSize: number): number {
  if (!Number.isSafeInteger(pageSize) || pageSize < 1) {
    throw new RangeError(`audit chain: page size \`${String(pageSize)}\` is not a positive integer`)
  }
  return pageSize
}

/**
 * Verifies the audit chain page by page, in bounded memory, and reports the first record that
 * shows tampering. `head` is the log's own record of its newest record: without it a deleted
 * tail cannot show. Records appended after `head` was read are checked as chain links too.
 */
export async function verifyAuditChain(
  readPage: (afterSeq: number, limit: number) => Promise<AuditRecord[]>,
  head: ChainHead | undefined,
  options: ChainVerificationOptions = {},
): Promise<ChainVerification> {
  const reads = checkChain(
    head,
    checkPageSize(options.pageSize ?? DEFAULT_PAGE_SIZE),
    options.onProgress,
  )
  let step = reads.next()
  while (step.done !== true) {
    step = reads.next(await readPage(step.value.afterSeq, step.value.limit))
  }
  return step.value
}

/** Verifies records held in memory, in the order the log keeps them (by `seq`). */
export function verifyAuditRecords(
  records: readonly AuditRecord[],
  head?: ChainHead,
): ChainVerification {
  const reads = checkChain(head, DEFAULT_PAGE_SIZE)
  let offset = 0
  let step = reads.next()
  while (step.done !== true) {
    const page = records.slice(offset, offset + step.value.limit)
    offset += page.length
    step = reads.next(page)
  }
  return step.value
}
