import type { JudgingOptions } from '../../pipeline/judge-action.js'
import type { CliIo } from './cli-io.js'
import { readInput } from './read-input.js'
import { parseToolRisks } from './tool-risks-file.js'

/** Command-line options that feed judging, shared by `check` and `eval`. */
export interface JudgingFlags {
  readonly toolRisks?: string
}

/** Reads the files the judging flags name into the pipeline's options. */
export async function loadJudgingOptions(flags: JudgingFlags, io: CliIo): Promise<JudgingOptions> {
  if (flags.toolRisks === undefined) return {}
  return { mcpToolRisks: parseToolRisks(await readInput(flags.toolRisks, io), flags.toolRisks) }
}
