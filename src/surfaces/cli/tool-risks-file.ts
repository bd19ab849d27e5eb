import { isMap, isScalar, LineCounter, parseDocument } from 'yaml'

import { ApiError } from '../../model/errors.js'
import { isRisk, type Risk, RISKS } from '../../model/risk.js'

/**
 * Reads an operator's declaration of their own MCP tools' risk: a YAML (or JSON) mapping from
 * `server/tool` or `tool` to a risk level. Errors name the file, line and key.
 * @example
 * # tool-risks.yaml
 * internal-ops/rotate_keys: mutating
 * cleanup_sandbox: safe
 */
export function parseToolRisks(text: string, file: string): ReadonlyMap<string, Risk> {
  const lines = new LineCounter()
  const document = parseDocument(text, { lineCounter: lines, uniqueKeys: true })
  const at = (offset: number | undefined): string =>
    `\`${file}\` line ${lines.linePos(offset ?? 0).line}`
  const [firstError] = document.errors
  if (firstError !== undefined) {
    throw new ApiError(
      'input_invalid',
      `${at(firstError.pos[0])}: ${firstError.message.split('\n')[0] ?? ''}`,
    )
  }
  const risks = new Map<string, Risk>()
  if (document.contents === null) return risks
  if (!isMap(document.contents)) {
    throw new ApiError(
      'input_invalid',
      `${at(document.contents.range[0])}: expected a mapping of \`server/tool\` to a risk level`,
    )
  }
  for (const pair of document.contents.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : ''
    const value = isScalar(pair.value) ? pair.value.value : undefined
    const where = at(isScalar(pair.key) ? pair.key.range[0] : undefined)
    if (key === '')
      throw new ApiError('input_invalid', `${where}: a tool name must be a plain string`)
    if (!isRisk(value)) {
      throw new ApiError(
        'input_invalid',
        `${where}: field \`${key}\`: expected one of ${RISKS.join(', ')}, got \`${String(value)}\``,
      )
    }
    risks.set(key, value)
  }
  return risks
}
