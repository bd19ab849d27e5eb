const WIDTH = 80

const STYLES = {
  heading: '1',
  dim: '2',
  allow: '32',
  hold: '33',
  deny: '31',
  link: '36',
} as const

/** A way to print a span of text: plain, or in one of the transcript's colours. */
export type DemoStyle = keyof typeof STYLES

// Breaks a line at spaces so it fits, continuing under the indent plus `hang` spaces.
function wrap(text: string, indent: number, hang: number): string[] {
  const room = WIDTH - indent
  const lines: string[] = []
  let rest = text
  let start = 0
  while (rest.length > room) {
    const cut = rest.lastIndexOf(' ', room)
    // A word longer than the line (a link, a token) stays whole: cutting it would break copying.
    const at = cut > start ? cut : rest.indexOf(' ', room)
    if (at <= start) break
    lines.push(rest.slice(0, at))
    rest = `${' '.repeat(hang)}${rest.slice(at + 1)}`
    start = hang
  }
  lines.push(rest)
  return lines
}

/**
 * The outage replay's story on a terminal: numbered headings and indented lines that fit 80
 * columns, coloured only when the output is a terminal and `NO_COLOR` is unset.
 */
export class DemoTranscript {
  readonly #write: (text: string) => void
  readonly #colour: boolean

  constructor(write: (text: string) => void, colour: boolean) {
    this.#write = write
    this.#colour = colour
  }

  /** Wraps text in a style's colour when colour is on. */
  paint(text: string, style: DemoStyle): string {
    return this.#colour ? `\u001B[${STYLES[style]}m${text}\u001B[0m` : text
  }

  /** A step's heading, e.g. `── 3. "Delete and recreate the environment" ──…`. */
  heading(text: string): void {
    const rule = '─'.repeat(Math.max(3, WIDTH - text.length - 4))
    this.#write(`\n${this.paint(`── ${text} ${rule}`, 'heading')}\n`)
  }

  /** A line at an indent, wrapped; continuation lines hang under it by `hang` spaces. */
  line(text = '', indent = 2, hang = 2, style?: DemoStyle): void {
    if (text === '') {
      this.#write('\n')
      return
    }
    for (const part of wrap(text, indent, hang)) {
      this.#write(`${' '.repeat(indent)}${style === undefined ? part : this.paint(part, style)}\n`)
    }
  }

  /** A line already styled (its escape codes do not count), unwrapped. */
  raw(text: string, indent = 2): void {
    this.#write(`${' '.repeat(indent)}${text}\n`)
  }
}
