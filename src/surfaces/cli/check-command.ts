import { ApiError } from '../../model/errors.js'
import { judgeAction } from '../../pipeline/judge-action.js'
import { ActionDocumentError, parseActionDocument } from '../action-document-schema.js'
import { EXIT } from './cli-error.js'
import type { CliIo } from './cli-io.js'
import { type JudgingFlags, loadJudgingOptions } from './judging-options.js'
import { readInput } from './read-input.js'
import { judgementJson, renderJudgement } from './render-judgement.js'
import { joinCommandLine } from './shell-quote.js'

/** Options of `airlock check`. */
export interface CheckOptions extends JudgingFlags {
  readonly json?: boolean
  readonly explain?: boolean
  readonly action?: string
  readonly cwd?: string
  readonly env?: string
}

/** `airlock check`: judges one shell command or action document and prints the decision. */
export async function runCheck(
  words: readonly string[],
  options: CheckOptions,
  io: CliIo,
): Promise<number> {
  if (options.action !== undefined && words.length > 0) {
    throw new ApiError(
      'usage_invalid',
      'give either `--action FILE` or a shell command after `--`, not both',
    )
  }
  let document
  if (options.action !== undefined) {
    const text = await readInput(options.action, io)
    try {
      document = parseActionDocument(text.trim())
    } catch (error) {
      if (error instanceof ActionDocumentError) {
        throw new ApiError(
          'input_invalid',
          `${options.action === '-' ? 'standard input' : `\`${options.action}\``}: ${error.message}`,
        )
      }
      throw error
    }
  } else {
    if (words.length === 0)
      throw new ApiError(
        'usage_invalid',
        'nothing to check: give a shell command after `--`, or `--action FILE`',
      )
    const command = joinCommandLine(words)
    if (command.trim() === '') throw new ApiError('usage_invalid', 'the shell command is empty')
    const environment = options.env
    document = {
      action: {
        kind: 'shell' as const,
        command,
        cwd: options.cwd ?? io.cwd,
        ...(environment === undefined ? {} : { environment }),
      },
    }
  }
  const action =
    options.env !== undefined && document.action.environment === undefined
      ? { ...document.action, environment: options.env }
      : document.action
  const judgement = judgeAction(action, await loadJudgingOptions(options, io))
  const explain = options.explain === true
  io.stdout(
    options.json === true
      ? `${JSON.stringify(judgementJson(judgement, explain))}\n`
      : renderJudgement(judgement, explain),
  )
  return judgement.decision.decision === 'deny' ? EXIT.denied : EXIT.ok
}
