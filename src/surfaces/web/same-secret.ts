import { createHash, timingSafeEqual } from 'node:crypto'

/**
 * Whether a presented secret (CSRF token, login nonce) equals the expected one, compared in
 * constant time on SHA-256 digests so neither its content nor its length leaks through timing.
 */
export function isSameSecret(presented: string, expected: string): boolean {
  if (expected === '') return false
  const digest = (text: string) => createHash('sha256').update(text).digest()
  return timingSafeEqual(digest(presented), digest(expected))
}
