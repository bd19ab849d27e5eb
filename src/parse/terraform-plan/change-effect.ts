import { createEffect, type Effect, type EffectScope, type EffectVerb } from '../../model/effect.js'
import type { Risk } from '../../model/risk.js'
import { describeActionReason } from './action-reason.js'
import type { ResourceKind } from './resource-class.js'
import type { ResourceChange } from './terraform-plan-schema.js'
import { quote } from './terraform-wording.js'
import { findUpdateSignals } from './update-signals.js'

/** What judging one change needs from the whole plan. */
export interface ChangeContext {
  /** The environment as a reason's closing words (`` in `prod` ``), or nothing. */
  readonly where: string
  readonly kindOf: (type: string) => ResourceKind
}

interface Consequence {
  readonly risk: Risk
  readonly scope: EffectScope
  readonly dataLoss: boolean
  readonly text: string
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function everyEntry(value: unknown, keeps: (entry: Record<string, unknown>) => boolean): boolean {
  return Array.isArray(value) && value.every((entry) => isRecord(entry) && keeps(entry))
}

// A machine keeps its data only when every disk it has is set to outlive it; the defaults
// (`delete_on_termination`, `auto_delete`) delete the disks with the machine.
function keepsDisks(before: unknown): boolean {
  if (!isRecord(before)) return false
  if (before.delete_os_disk_on_termination === false) return true
  if (Array.isArray(before.boot_disk) && before.boot_disk.length > 0) {
    return everyEntry(before.boot_disk, (disk) => disk.auto_delete === false)
  }
  if (!Array.isArray(before.root_block_device) || before.root_block_device.length === 0) {
    return false
  }
  const survives = (disk: Record<string, unknown>): boolean => disk.delete_on_termination === false
  return (
    everyEntry(before.root_block_device, survives) &&
    (before.ebs_block_device === undefined ||
      before.ebs_block_device === null ||
      everyEntry(before.ebs_block_device, survives))
  )
}

// `deletion_policy = "ABANDON"` (or the older `skip_delete`) only drops the object from state.
function isAbandoned(before: unknown): boolean {
  return isRecord(before) && (before.deletion_policy === 'ABANDON' || before.skip_delete === true)
}

function judgeDestroy(change: ResourceChange, kind: ResourceKind, replacing: boolean): Consequence {
  const before = change.before
  switch (kind.class) {
    case 'environment':
      if (isAbandoned(before)) {
        return {
          risk: 'mutating',
          scope: 'item',
          dataLoss: false,
          text: 'its deletion policy abandons it: terraform forgets it and the real object stays',
        }
      }
      return { risk: 'catastrophic', scope: 'environment', dataLoss: true, text: kind.loss }
    case 'kubernetes-cluster':
      return { risk: 'catastrophic', scope: 'cluster', dataLoss: true, text: kind.loss }
    case 'kubernetes-namespace':
      return { risk: 'catastrophic', scope: 'namespace', dataLoss: true, text: kind.loss }
    case 'database':
      return { risk: 'catastrophic', scope: 'database', dataLoss: true, text: kind.loss }
    case 'database-server': {
      const skip = isRecord(before) ? before.skip_final_snapshot : undefined
      if (skip === true) {
        return {
          risk: 'catastrophic',
          scope: 'database',
          dataLoss: true,
          text: `${kind.loss}, with no final snapshot (\`skip_final_snapshot\` is set)`,
        }
      }
      const kept = skip === false ? ' (a final snapshot is taken)' : ''
      return { risk: 'destructive', scope: 'database', dataLoss: true, text: `${kind.loss}${kept}` }
    }
    case 'compute':
      if (keepsDisks(before)) {
        return {
          risk: replacing ? 'mutating' : 'destructive',
          scope: 'item',
          dataLoss: false,
          text: 'its disks are set to outlive it',
        }
      }
      return { risk: 'destructive', scope: 'item', dataLoss: true, text: kind.loss }
    case 'data': {
      const forced = isRecord(before) && before.force_destroy === true
      const text = forced ? `${kind.loss} (\`force_destroy\` is set)` : kind.loss
      return { risk: 'destructive', scope: 'item', dataLoss: true, text }
    }
    case 'state-only':
      return {
        risk: 'mutating',
        scope: 'item',
        dataLoss: false,
        text: 'it exists only in terraform state; nothing real is destroyed',
      }
    case 'network':
    case 'plain':
      return replacing
        ? { risk: 'mutating', scope: 'item', dataLoss: false, text: 'it holds no data' }
        : {
            risk: 'destructive',
            scope: 'item',
            dataLoss: false,
            text: 'the real object is destroyed',
          }
  }
}

function effectOf(
  change: ResourceChange,
  verb: EffectVerb,
  risk: Risk,
  reason: string,
  extra: { scope?: EffectScope; dataLoss?: boolean } = {},
): Effect {
  return createEffect({
    system: 'iac',
    verb,
    target: change.address,
    risk,
    reason,
    scope: extra.scope ?? 'item',
    reversible: risk === 'safe' || risk === 'mutating',
    dataLoss: extra.dataLoss ?? false,
    source: change.address,
  })
}

function inParentheses(text: string | undefined): string {
  return text === undefined ? '' : ` (${text})`
}

function judgeDestroying(change: ResourceChange, context: ChangeContext): Effect {
  const kind = context.kindOf(change.type)
  const why = describeActionReason(change.actionReason, change.replacePaths)
  const address = quote(change.address)
  if (change.deposed !== undefined) {
    const outcome = judgeDestroy(change, kind, true)
    const reason = `deletes deposed object ${quote(change.deposed)} of ${address}, the old half of a create_before_destroy replacement${context.where}: ${outcome.text}`
    return effectOf(change, 'delete', outcome.risk, reason, outcome)
  }
  if (change.kind === 'delete') {
    const outcome = judgeDestroy(change, kind, false)
    const reason = `deletes ${address}${inParentheses(why)}${context.where}: ${outcome.text}`
    return effectOf(change, 'delete', outcome.risk, reason, outcome)
  }
  const outcome = judgeDestroy(change, kind, true)
  const order =
    change.kind === 'delete-then-create' ? 'delete before create' : 'create before destroy'
  const reason = `replaces ${address} (${order}${why === undefined ? '' : `; ${why}`})${context.where}: ${outcome.text}`
  return effectOf(change, 'overwrite', outcome.risk, reason, outcome)
}

function judgeUpdate(change: ResourceChange, context: ChangeContext): Effect {
  const moved =
    change.previousAddress === undefined ? '' : ` (moved from ${quote(change.previousAddress)})`
  const imported = change.importing ? ' and imports it into terraform state' : ''
  const signals = findUpdateSignals(change.before, change.after)
  const leaning = signals.length === 0 ? '' : `; leans towards data loss: ${signals.join('; ')}`
  const reason = `updates ${quote(change.address)} in place${moved}${imported}${context.where}${leaning}`
  return effectOf(change, 'write', 'mutating', reason)
}

/**
 * Judges one resource change by what applying it does: reads are safe; creates, in-place
 * updates, imports and forgets are mutating; a delete is destructive and a replacement is
 * destructive only when the resource holds data; whole databases, clusters, namespaces and
 * environments (projects, resource groups, stacks) are catastrophic. A no-op gives no effect
 * unless it moves or imports the resource.
 */
export function judgeResourceChange(
  change: ResourceChange,
  context: ChangeContext,
): Effect | undefined {
  const address = quote(change.address)
  const why = describeActionReason(change.actionReason, [])
  if (change.mode === 'data') {
    if (change.kind === 'no-op') return undefined
    return effectOf(change, 'read', 'safe', `reads data source ${address}${inParentheses(why)}`)
  }
  switch (change.kind) {
    case 'no-op':
      if (change.importing) {
        return effectOf(
          change,
          'write',
          'mutating',
          `imports ${address} into terraform state${context.where}; the real object is not changed`,
        )
      }
      if (change.previousAddress !== undefined) {
        return effectOf(
          change,
          'move',
          'safe',
          `moves ${quote(change.previousAddress)} to ${address} in terraform state only; nothing real changes`,
        )
      }
      return undefined
    case 'read':
      // Unreachable: the schema rejects a read of a managed resource.
      return effectOf(change, 'read', 'safe', `reads ${address}${inParentheses(why)}`)
    case 'create':
      return effectOf(change, 'create', 'mutating', `creates ${address}${context.where}`)
    case 'update':
      return judgeUpdate(change, context)
    case 'forget': {
      const deposed =
        change.deposed === undefined ? '' : ` (deposed object ${quote(change.deposed)})`
      return effectOf(
        change,
        'write',
        'mutating',
        `forgets ${address}${deposed}${inParentheses(why)}${context.where}: terraform stops managing it and the real object stays`,
      )
    }
    case 'create-then-forget':
    case 'forget-then-create':
      return effectOf(
        change,
        'create',
        'mutating',
        `replaces ${address} but keeps the old object (\`destroy = false\`)${context.where}: a new object is created and the old one stays, unmanaged`,
      )
    case 'delete':
    case 'delete-then-create':
    case 'create-then-delete':
      return judgeDestroying(change, context)
  }
}
