/** One credential's value, with the variable it is injected as (named in its mask). */
export interface SecretValue {
  readonly variable: string
  readonly value: string
}

/**
 * Values shorter than this are not masked: masking `1` or `on` would garble every output, and
 * such values are no credentials. The loader warns about them.
 */
export const MIN_MASKED_LENGTH = 4

/** What a secret's value is replaced with: its variable's name, never a part of the value. */
export function secretMask(variable: string): string {
  return `[secret ${variable}]`
}

function maskable(secrets: readonly SecretValue[]): SecretValue[] {
  // Longest first, so a secret that contains another is masked whole.
  return secrets
    .filter((secret) => secret.value.length >= MIN_MASKED_LENGTH)
    .sort((a, b) => b.value.length - a.value.length)
}

/** Replaces every occurrence of every secret value in `text` with its mask. */
export function maskSecrets(text: string, secrets: readonly SecretValue[]): string {
  let masked = text
  for (const secret of maskable(secrets)) {
    if (masked.includes(secret.value))
      masked = masked.split(secret.value).join(secretMask(secret.variable))
  }
  return masked
}

/** Masks secret values in every string of a JSON-like value (MCP results, error details). */
export function maskSecretsDeep<T>(value: T, secrets: readonly SecretValue[]): T {
  if (secrets.length === 0) return value
  const visit = (node: unknown): unknown => {
    if (typeof node === 'string') return maskSecrets(node, secrets)
    if (Array.isArray(node)) return node.map(visit)
    if (node !== null && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([key, inner]) => [key, visit(inner)]))
    }
    return node
  }
  return visit(value) as T
}

/**
 * Masks a stream of text whose chunks may split a secret: each push returns what is safe to
 * show now and holds back a tail that could be the start of a secret, until `flush`.
 */
export class SecretMasker {
  readonly #secrets: readonly SecretValue[]
  readonly #holdBack: number
  #pending = ''

  constructor(secrets: readonly SecretValue[]) {
    this.#secrets = maskable(secrets)
    this.#holdBack = Math.max(0, ...this.#secrets.map((secret) => secret.value.length - 1))
  }

  /** The masked text that can be shown now. */
  push(chunk: string): string {
    if (this.#secrets.length === 0) return chunk
    const text = maskSecrets(this.#pending + chunk, this.#secrets)
    // Only the end can still grow into a secret: keep the longest suffix that starts one.
    let keep = 0
    for (let length = Math.min(this.#holdBack, text.length); length > 0; length--) {
      const tail = text.slice(-length)
      if (this.#secrets.some((secret) => secret.value.startsWith(tail))) {
        keep = length
        break
      }
    }
    this.#pending = text.slice(text.length - keep)
    return text.slice(0, text.length - keep)
  }

  /** Whatever was held back, masked; the stream has ended. */
  flush(): string {
    const rest = maskSecrets(this.#pending, this.#secrets)
    this.#pending = ''
    return rest
  }
}
