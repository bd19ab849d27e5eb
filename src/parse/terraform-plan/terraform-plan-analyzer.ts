import { createOpaqueEffect, type Effect } from '../../model/effect.js'
import type { ParseIssue } from '../../model/parse-issue.js'
import { type ChangeContext, judgeResourceChange } from './change-effect.js'
import { resolvePlanEnvironment } from './plan-environment.js'
import { judgePlanScale } from './plan-scale-rules.js'
import { REDACTION_FAILED, redactTerraformPlan } from './redact-terraform-plan.js'
import { classifyResourceType, type ResourceKind } from './resource-class.js'
import { formatJsonPath } from './terraform-json-path.js'
import { readPlanDocument } from './terraform-plan-schema.js'
import { quote } from './terraform-wording.js'

/** Options of `analyzeTerraformPlan`. */
export interface TerraformPlanOptions {
  /** The environment the plan is applied to, when the caller knows it; otherwise inferred. */
  readonly environment?: string
}

/** What a plan does when applied: one effect per change that does something, and the issues. */
export interface TerraformPlanAnalysis {
  readonly effects: Effect[]
  readonly issues: ParseIssue[]
}

/**
 * Analyses a Terraform or OpenTofu plan (`terraform show -json`, already parsed from JSON) into
 * effects: one per resource change that does something, judged by its action and by what the
 * resource type holds, plus one per plan-wide catastrophe (an environment torn down, a module
 * removed, a network deleted with its contents). The environment, given or inferred, is named
 * in the reasons.
 *
 * Pure and synchronous; never throws. Sensitive values are redacted before anything is read, so
 * no effect or reason can carry one. A malformed document, an unreadable change or an unknown
 * action gives an opaque effect and a `parse_invalid_document` issue naming its JSON path; the
 * valid changes are still analysed.
 *
 * @example
 * analyzeTerraformPlan(plan, { environment: 'prod' }).effects.map((effect) => effect.risk)
 */
export function analyzeTerraformPlan(
  plan: unknown,
  options: TerraformPlanOptions = {},
): TerraformPlanAnalysis {
  try {
    const redacted = redactTerraformPlan(plan)
    if (redacted === REDACTION_FAILED && plan !== REDACTION_FAILED) {
      throw new Error('the plan cannot be walked as json data')
    }
    const document = readPlanDocument(redacted)
    const environment = resolvePlanEnvironment(document, options.environment)
    const cache = new Map<string, ResourceKind>()
    const context: ChangeContext = {
      where: environment === undefined ? '' : ` in ${quote(environment)}`,
      kindOf: (type) => classifyResourceType(type, cache),
    }
    const effects: Effect[] = []
    const issues: ParseIssue[] = []
    for (const part of document.invalid) {
      const messages = part.problems.map(
        (problem) => `${quote(formatJsonPath(problem.path))}: ${problem.message}`,
      )
      for (const [index, problem] of part.problems.entries()) {
        issues.push({
          code: 'parse_invalid_document',
          message: messages[index] ?? problem.message,
          path: problem.path,
        })
      }
      const what = part.address ?? formatJsonPath(part.path)
      effects.push(createOpaqueEffect('iac', `cannot read the plan: ${messages.join('; ')}`, what))
    }
    for (const change of document.changes) {
      const effect = judgeResourceChange(change, context)
      if (effect !== undefined) effects.push(effect)
    }
    effects.push(...judgePlanScale(document, context))
    return { effects, issues }
  } catch (error) {
    // Fail closed: a plan that crashed the analysis is judged as dangerous, never as empty.
    const detail = error instanceof Error ? error.message : String(error)
    const message = `terraform plan analysis failed: ${detail.replace(/\s+/g, ' ')}`
    return {
      effects: [createOpaqueEffect('iac', message)],
      issues: [{ code: 'parse_internal_error', message }],
    }
  }
}
