/**
 * Sets a key on a copy as an own, enumerable property. A plain assignment of `__proto__` (a
 * legal JSON key) would replace the copy's prototype instead, dropping the key and letting its
 * value shadow every missing property.
 */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    })
  } else {
    target[key] = value
  }
}
