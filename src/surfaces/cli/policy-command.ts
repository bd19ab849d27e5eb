import { ApiError } from '../../model/errors.js'
import { checkPolicies, createJudge, judgeAction } from '../../pipeline/judge-action.js'
import { loadGatewayConfig } from '../config/load-gateway-config.js'
import { EXIT } from './cli-error.js'
import type { CliIo } from './cli-io.js'
import { resolveFrom } from './judging-options.js'
import { parsePolicyTests } from './policy-test-file.js'
import { readInput } from './read-input.js'

/** Options of `airlock policy validate` and `airlock policy test`. */
export interface PolicyOptions {
  readonly config: string
}

/** `airlock policy validate`: parses and schema-checks every policy of a configuration. */
export async function runPolicyValidate(options: PolicyOptions, io: CliIo): Promise<number> {
  const config = await loadGatewayConfig(resolveFrom(io.cwd, options.config), io)
  const problems = checkPolicies(config)
  for (const problem of problems) io.stderr(`airlock: ${problem}\n`)
  if (problems.length > 0) {
    io.stderr(
      `airlock: ${problems.length} problem${problems.length === 1 ? '' : 's'}; the gateway would refuse to start\n`,
    )
    return EXIT.usage
  }
  const files = config.policies.length
  const shadow = config.policies.filter((source) => source.shadow).length
  io.stdout(
    `\`${options.config}\`: ${files} policy file${files === 1 ? '' : 's'} valid${shadow > 0 ? ` (${shadow} in shadow mode)` : ''}, with the built-in invariants\n`,
  )
  return EXIT.ok
}

/**
 * `airlock policy test FILE…`: runs YAML policy test cases against a configuration and prints
 * one line per case, then `N passed, M failed`. Exit code 1 when any case fails.
 */
export async function runPolicyTest(
  files: readonly string[],
  options: PolicyOptions,
  io: CliIo,
): Promise<number> {
  if (files.length === 0) throw new ApiError('usage_invalid', 'name at least one policy test file')
  const config = await loadGatewayConfig(resolveFrom(io.cwd, options.config), io)
  const judge = createJudge(config)
  const agents = new Set(config.agents.map((agent) => agent.id))
  let passed = 0
  let failed = 0
  for (const file of files) {
    const cases = parsePolicyTests(await readInput(resolveFrom(io.cwd, file), io), file)
    for (const test of cases) {
      if (!agents.has(test.agent)) {
        throw new ApiError(
          'input_invalid',
          `\`${file}\` line ${test.line}: agent \`${test.agent}\` is not declared in \`${options.config}\``,
        )
      }
      const { decision } = judgeAction(test.action, {
        judge,
        agent: test.agent,
        approvals: test.approvals,
        frozen: test.frozen,
        velocityExceeded: test.velocityExceeded,
      })
      const expected = test.expect
      const problems: string[] = []
      if (decision.decision !== expected.decision)
        problems.push(`expected ${expected.decision}, got ${decision.decision}`)
      if (expected.approvals !== undefined && decision.approvals !== expected.approvals) {
        problems.push(`expected ${expected.approvals} approvals, got ${decision.approvals}`)
      }
      const missing = (expected.policies ?? []).filter(
        (policy) => !decision.policies.includes(policy),
      )
      if (missing.length > 0)
        problems.push(
          `expected policies ${missing.join(', ')} among ${decision.policies.join(', ') || 'none'}`,
        )
      if (problems.length === 0) {
        passed++
        io.stdout(`ok    ${test.name}\n`)
      } else {
        failed++
        io.stdout(`FAIL  ${test.name} (${file}:${test.line}): ${problems.join('; ')}\n`)
      }
    }
  }
  io.stdout(`${passed} passed, ${failed} failed\n`)
  return failed > 0 ? EXIT.denied : EXIT.ok
}
