import { ApiError } from '../../model/errors.js'
import { createJudge, type JudgingOptions } from '../../pipeline/judge-action.js'
import { loadGatewayConfig } from '../config/load-gateway-config.js'
import type { CliIo } from './cli-io.js'
import { readInput } from './read-input.js'
import { parseToolRisks } from './tool-risks-file.js'

/** Command-line options that feed judging, shared by `check` and `eval`. */
export interface JudgingFlags {
  readonly toolRisks?: string
  readonly config?: string
  readonly agent?: string
}

/**
 * Reads the files the judging flags name into the pipeline's options: the configuration with
 * its policies compiled, the agent it declares, and operators' tool risks.
 */
export async function loadJudgingOptions(flags: JudgingFlags, io: CliIo): Promise<JudgingOptions> {
  const toolRisks =
    flags.toolRisks === undefined
      ? {}
      : { mcpToolRisks: parseToolRisks(await readInput(flags.toolRisks, io), flags.toolRisks) }
  if (flags.config === undefined) {
    return { ...toolRisks, ...(flags.agent === undefined ? {} : { agent: flags.agent }) }
  }
  const config = await loadGatewayConfig(resolveFrom(io.cwd, flags.config), io)
  if (flags.agent === undefined) {
    throw new ApiError(
      'usage_invalid',
      `give \`--agent ID\`: with a configuration, actions are judged for one of its agents (${config.agents.map((agent) => `\`${agent.id}\``).join(', ') || 'none declared'})`,
    )
  }
  if (!config.agents.some((agent) => agent.id === flags.agent)) {
    throw new ApiError(
      'input_invalid',
      `agent \`${flags.agent}\` is not declared in \`${flags.config}\`; declared: ${config.agents.map((agent) => `\`${agent.id}\``).join(', ') || 'none'}`,
    )
  }
  return { ...toolRisks, judge: createJudge(config), agent: flags.agent }
}

/** A path as the user typed it, made absolute against the working directory. */
export function resolveFrom(cwd: string, path: string): string {
  return path.startsWith('/') ? path : `${cwd.replace(/\/$/, '')}/${path}`
}
