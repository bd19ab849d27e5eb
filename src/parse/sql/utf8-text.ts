/** A string addressed by UTF-8 byte offsets, as libpg-query reports statement locations. */
export interface Utf8Text {
  /** The text between two byte offsets; to the end when `end` is left out. */
  slice(start: number, end?: number): string
  /** The string index at a byte offset. */
  charOffset(byteOffset: number): number
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 127) return false
  return true
}

/** Wraps a string for byte-offset access; ASCII text (the usual case) is sliced directly. */
export function createUtf8Text(text: string): Utf8Text {
  if (isAscii(text)) {
    return { slice: (start, end) => text.slice(start, end), charOffset: (byteOffset) => byteOffset }
  }
  const bytes = new TextEncoder().encode(text)
  const decoder = new TextDecoder()
  return {
    slice: (start, end) => decoder.decode(bytes.subarray(start, end)),
    charOffset: (byteOffset) => decoder.decode(bytes.subarray(0, byteOffset)).length,
  }
}
