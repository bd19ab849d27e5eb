import { createEffect, createOpaqueEffect } from '../../model/effect.js'
import { inferEnvironment } from '../infer-environment.js'
import { dryRunEffect } from './dry-run-effect.js'
import type { HttpRequest, HttpRuleResult } from './http-request.js'
import { isOn } from './http-request.js'
import { judgeOperation } from './judge-operation.js'
import { findOperation, splitName } from './operation-name.js'

const IDENTIFYING = /(Name|Id|Identifier|Arn|Names|Ids)(\.member\.\d+|\.\d+)?$/

// `Action=DeleteStack&StackName=x` in the query string or in a form-encoded body.
function readParameters(request: HttpRequest): URLSearchParams {
  const parameters = new URLSearchParams(request.url.searchParams)
  const body = request.body
  if (typeof body === 'string') {
    for (const [key, value] of new URLSearchParams(body)) parameters.append(key, value)
  } else if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
    for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
        parameters.append(key, String(value))
    }
  }
  return parameters
}

/**
 * Judges an AWS-style query API call (`?Action=TerminateInstances&InstanceId.1=i-…`) by its
 * action name, as the AWS CLI rules judge operations. Gives `undefined` when the call names no
 * `Action`.
 */
export function judgeAwsQueryCall(request: HttpRequest): HttpRuleResult | undefined {
  const parameters = readParameters(request)
  const action = parameters.get('Action')
  if (action === null || !/^[A-Z][A-Za-z0-9]+$/.test(action)) return undefined
  if (isOn(parameters.get('DryRun'))) {
    return { effects: [dryRunEffect(request, 'DryRun=true')], issues: [] }
  }
  const operation = findOperation(splitName(action))
  const shown = `${request.shown} action \`${action}\``
  if (operation === undefined) {
    return {
      effects: [
        createOpaqueEffect(
          request.system,
          `${shown} is not an operation airlock knows`,
          request.source,
        ),
      ],
      issues: [],
    }
  }
  const names = [...parameters]
    .filter(([key]) => IDENTIFYING.test(key) && key !== 'Action')
    .map(([, value]) => value)
  const noBackup = [...parameters].some(
    ([key, value]) => /^SkipFinal\w*Snapshot$/.test(key) && isOn(value),
  )
  const judged = judgeOperation(operation, {
    environment: request.environment ?? inferEnvironment(names),
    noBackup,
    names,
    qualifiers: splitName(request.url.hostname),
  })
  if (judged.opaque === true)
    return {
      effects: [createOpaqueEffect(request.system, `${shown} ${judged.reason}`, request.source)],
      issues: [],
    }
  return {
    effects: [
      createEffect({
        system: 'cloud',
        verb: judged.verb,
        target: `${request.target} ${action}`,
        scope: judged.scope,
        risk: judged.risk,
        reason: `${shown} ${judged.reason}`,
        source: request.source,
      }),
    ],
    issues: [],
  }
}
