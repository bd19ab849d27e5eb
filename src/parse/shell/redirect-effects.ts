import { createEffect, type Effect } from '../../model/effect.js'
import { classifyPath, describePathClass, riskOfOverwriting } from './path-meaning.js'
import type { ShellWord } from './shell-word.js'

/** The effects of one output redirection, and whether it takes the command's stdout. */
export interface RedirectEffects {
  readonly effects: Effect[]
  readonly capturesStdout: boolean
}

/**
 * Judges an output redirection: `>` replaces the file's content, `>>` appends, a descriptor
 * duplication (`2>&1`) touches nothing. Writing onto a block device is catastrophic.
 */
export function analyzeRedirect(
  operator: string,
  target: ShellWord,
  cwd: string,
  source: string,
): RedirectEffects {
  const descriptor = /^\d+/.exec(operator)?.[0]
  const op = operator.slice(descriptor?.length ?? 0)
  const capturesStdout =
    (descriptor === undefined || descriptor === '1') && (op.startsWith('>') || op.startsWith('&>'))
  if ((op === '>&' || op === '<&') && /^(\d+|-)$/.test(target.value))
    return { effects: [], capturesStdout: false }
  const appends = op.includes('>>')
  const meaning = classifyPath(target.value, cwd, target.dynamic)
  if (meaning.class === 'null-device') return { effects: [], capturesStdout }
  const overwriteRisk = riskOfOverwriting(meaning)
  const risk =
    appends && overwriteRisk !== 'catastrophic'
      ? meaning.class === 'scratch'
        ? 'safe'
        : 'mutating'
      : overwriteRisk
  const verb = appends ? 'write' : 'overwrite'
  const effect = createEffect({
    system: meaning.class === 'device' ? 'device' : 'fs',
    verb,
    target: meaning.path,
    scope: meaning.class === 'device' ? 'device' : 'item',
    risk,
    reason: appends
      ? `\`${op}\` appends to \`${target.value}\` (${describePathClass(meaning)})`
      : `\`${op}\` replaces the content of \`${target.value}\` (${describePathClass(meaning)})`,
    source,
  })
  return { effects: [effect], capturesStdout }
}
