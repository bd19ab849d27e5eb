import { createEffect, type Effect } from '../../model/effect.js'
import { environmentPhrase } from '../shell/rules/cloud-environment.js'
import type { HttpRequest } from './http-request.js'

/**
 * The effect of a call the API itself runs as a dry run (`dryRun=All` on Kubernetes,
 * `DryRun=true` on EC2). Only APIs known to honour the flag get one: elsewhere a server may
 * ignore a parameter it does not know and do the real thing.
 */
export function dryRunEffect(request: HttpRequest, flag: string): Effect {
  return createEffect({
    system: request.system,
    verb: 'read',
    target: request.target,
    risk: 'safe',
    reason: `${request.shown} is a dry run (\`${flag}\`); the server changes nothing${environmentPhrase(request.environment)}`,
    source: request.source,
  })
}
