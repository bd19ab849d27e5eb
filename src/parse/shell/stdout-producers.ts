import type { ShellCommand, ShellStdin } from './shell-command.js'

const UNKNOWN = (from: string): ShellStdin => ({ kind: 'unknown', from })

/**
 * What a command prints, when it can be known without running it: `echo`, `printf`, `cat` of
 * its input, `base64 -d` of a known input. This lets `echo … | base64 -d | sh` be read.
 */
export function produceStdout(command: ShellCommand): ShellStdin {
  const args = command.args
  if (args.some((arg) => arg.dynamic)) return UNKNOWN(command.name)
  const values = args.map((arg) => arg.value)
  switch (command.name) {
    case 'echo': {
      let newline = true
      let escapes = false
      let i = 0
      for (; i < values.length && /^-[neE]+$/.test(values[i] ?? ''); i++) {
        if (values[i]?.includes('n') === true) newline = false
        if (values[i]?.includes('e') === true) escapes = true
      }
      const text = values.slice(i).join(' ')
      return { kind: 'known', text: (escapes ? unescapeEcho(text) : text) + (newline ? '\n' : '') }
    }
    case 'printf': {
      const [format, ...rest] = values[0] === '--' ? values.slice(1) : values
      if (format === undefined) return { kind: 'known', text: '' }
      let index = 0
      const text = unescapeEcho(format).replace(
        /%[-+ #0-9.]*([sdbiuxXcf%])/g,
        (_match, type: string) => (type === '%' ? '%' : (rest[index++] ?? '')),
      )
      return { kind: 'known', text }
    }
    case 'cat':
    case 'tee':
      if (command.name === 'cat' && values.some((value) => value !== '-' && !value.startsWith('-')))
        return UNKNOWN('cat')
      return command.stdin.kind === 'terminal' ? UNKNOWN(command.name) : command.stdin
    case 'base64': {
      const decode = values.some((value) => ['-d', '--decode', '-D', '-di', '-id'].includes(value))
      if (!decode || command.stdin.kind !== 'known') return UNKNOWN('base64')
      const encoded = command.stdin.text.replace(/\s+/g, '')
      if (!/^[A-Za-z0-9+/=_-]*$/.test(encoded)) return UNKNOWN('base64')
      return { kind: 'known', text: Buffer.from(encoded, 'base64').toString('utf8') }
    }
    default:
      return UNKNOWN(command.name)
  }
}

function unescapeEcho(text: string): string {
  return text.replace(/\\([nt\\])/g, (_match, escape: string) =>
    escape === 'n' ? '\n' : escape === 't' ? '\t' : '\\',
  )
}
