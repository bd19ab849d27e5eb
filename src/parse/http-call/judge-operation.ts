import type { EffectScope, EffectVerb } from '../../model/effect.js'
import type { Risk } from '../../model/risk.js'
import type { InferredEnvironment } from '../infer-environment.js'
import { environmentPhrase } from '../shell/rules/cloud-environment.js'
import { describeAct, thirdPerson } from '../shell/rules/cloud-wording.js'
import {
  classifyObject,
  describeObject,
  judgeDeletion,
  namesDefinedRun,
  type OperationName,
} from './operation-name.js'

/** What an operation's name and context say it does. */
export interface OperationJudgement {
  readonly risk: Risk
  readonly verb: EffectVerb
  readonly scope: EffectScope
  /** A phrase without subject: `deletes stack \`acme-prod\` (prod); every resource in it goes too`. */
  readonly reason: string
  /** Set when the name alone cannot say what happens: an execute verb with nothing to read. */
  readonly opaque?: boolean
}

/** What decides an operation besides its words. */
export interface OperationContext {
  readonly environment?: InferredEnvironment | undefined
  readonly noBackup?: boolean
  readonly sweep?: boolean
  /** The call lands on a git host, where a project is a repository. */
  readonly gitHost?: boolean
  /** Words that qualify the object (a host `rds`, a provider `Microsoft.Sql`). */
  readonly qualifiers?: readonly string[]
  /** The object's words when the operation's name has none (`terminate` on `/instances/i-1`). */
  readonly fallbackObject?: readonly string[]
  /** Names of the targets, for reasons. */
  readonly names?: readonly string[]
  /** Where the targets are, for reasons: `` in namespace `prod` ``. */
  readonly location?: string
}

// Verbs written as one word that conjugate as two: `shutdown` gives `shuts down`.
const PHRASAL: Readonly<Record<string, string>> = {
  shutdown: 'shuts down',
  rollback: 'rolls back',
  rollout: 'rolls out',
  poweroff: 'powers off',
  flushall: 'flushes all',
  flushdb: 'flushes',
  rm: 'removes',
  del: 'deletes',
  ls: 'lists',
  msearch: 'searches',
  mget: 'gets',
  exec: 'executes',
  eval: 'evaluates',
  sh: 'runs',
  ack: 'acknowledges',
  init: 'initialises',
  status: 'reads the status of',
  undo: 'undoes',
  redo: 'redoes',
}

function act(operation: OperationName, noun: string, context: OperationContext): string {
  const names = context.names ?? []
  const verb = PHRASAL[operation.verb] ?? thirdPerson(operation.verb)
  return `${describeAct(verb, noun, names)}${context.location ?? ''}${environmentPhrase(context.environment)}`
}

/**
 * Judges an operation from its verb and object: reads are safe; changes mutate; deletions cost
 * what their object is worth (`judgeDeletion`); an execute verb is judged only when it starts a
 * job defined elsewhere, and is otherwise opaque until its content is read.
 */
export function judgeOperation(
  operation: OperationName,
  context: OperationContext = {},
): OperationJudgement {
  const objectWords =
    operation.object.length > 0 ? operation.object : (context.fallbackObject ?? [])
  const object = classifyObject([...(context.qualifiers ?? []), ...objectWords], context.gitHost)
  const noun = describeObject(objectWords)
  switch (operation.class) {
    case 'read':
      return { risk: 'safe', verb: 'read', scope: 'item', reason: act(operation, noun, context) }
    case 'execute':
      if (namesDefinedRun(objectWords)) {
        return {
          risk: 'mutating',
          verb: 'deploy',
          scope: 'item',
          reason: `${act(operation, noun, context)}; what it runs is defined elsewhere`,
        }
      }
      return {
        risk: 'destructive',
        verb: 'execute',
        scope: 'unknown',
        reason: `${act(operation, noun, context)}, which may do anything`,
        opaque: true,
      }
    case 'change':
      return {
        risk: 'mutating',
        verb: operation.effectVerb,
        scope: 'item',
        reason: act(operation, noun, context),
      }
    case 'delete': {
      const judged = judgeDeletion(object, {
        environment: context.environment,
        ...(context.noBackup === undefined ? {} : { noBackup: context.noBackup }),
        ...(context.sweep === undefined ? {} : { sweep: context.sweep }),
      })
      const risk: Risk =
        operation.effectVerb === 'overwrite' && judged.risk === 'mutating'
          ? 'destructive'
          : judged.risk
      return {
        risk,
        verb: operation.effectVerb,
        scope: judged.scope,
        reason: `${act(operation, noun, context)}${judged.note === undefined ? '' : `; ${judged.note}`}`,
      }
    }
  }
}
