import type { ImpactedResource, ImpactReport, ResourceFate } from '../model/impact-report.js'

const MARKER: Readonly<Record<ResourceFate, string>> = {
  destroyed: '✗',
  replaced: '~',
  modified: '~',
  broken: '!',
}

function formatMinutes(minutes: number): string {
  if (minutes < 60) return `${String(Math.round(minutes))} min`
  const hours = Math.floor(minutes / 60)
  const rest = Math.round(minutes - hours * 60)
  return rest === 0 ? `${String(hours)} h` : `${String(hours)} h ${String(rest)} min`
}

function formatPercent(share: number): string {
  return `${String(Math.round(share * 10000) / 100)} %`
}

function describe(resource: ImpactedResource, names: ReadonlyMap<string, string>): string {
  const needs = resource.via.replace(/^depends on /, '')
  const notes = [
    resource.fate === 'destroyed' ? '' : resource.fate,
    resource.stateful ? 'stateful' : '',
    resource.customerFacing ? 'customer-facing' : '',
    resource.fate === 'broken' ? `needs ${names.get(needs) ?? needs}` : '',
  ].filter((note) => note !== '')
  const extra = notes.length === 0 ? '' : `  (${notes.join(', ')})`
  return `${MARKER[resource.fate]} ${resource.name} [${resource.type}]${extra}`
}

function parentOf(resource: ImpactedResource): string | undefined {
  return resource.via.startsWith('contained in ')
    ? resource.via.slice('contained in '.length)
    : undefined
}

function renderBranch(
  resource: ImpactedResource,
  children: ReadonlyMap<string, readonly ImpactedResource[]>,
  names: ReadonlyMap<string, string>,
  prefix: string,
  last: boolean,
  lines: string[],
): void {
  lines.push(`${prefix}${last ? '└─ ' : '├─ '}${describe(resource, names)}`)
  const below = children.get(resource.id) ?? []
  below.forEach((child, index) => {
    renderBranch(
      child,
      children,
      names,
      `${prefix}${last ? '   ' : '│  '}`,
      index === below.length - 1,
      lines,
    )
  })
}

function nameList(names: ReadonlyMap<string, string>, ids: readonly string[]): string {
  return ids.map((id) => names.get(id) ?? id).join(', ')
}

/**
 * Renders an impact report as a plain-text tree for the CLI and approval requests: what goes,
 * nested by containment (✗ destroyed, ~ replaced or modified, ! broken), then data lost,
 * services broken, the restore estimate and the error budget burned.
 */
export function renderImpactTree(report: ImpactReport): string {
  const lines: string[] = []
  const heading =
    report.environmentDestroyed === undefined
      ? `impact: ${String(report.resources.length)} resources affected`
      : `impact: environment \`${report.environmentDestroyed}\` destroyed`
  lines.push(heading)
  if (report.recreated !== undefined && report.recreated.length > 0) {
    lines.push(
      `  deleted and recreated in one session (${String(report.recreated.length)} resources): judged as destruction, the rebuild is downtime`,
    )
  }
  const names = new Map(report.resources.map((resource) => [resource.id, resource.name]))
  const children = new Map<string, ImpactedResource[]>()
  const roots: ImpactedResource[] = []
  for (const resource of report.resources) {
    const parent = parentOf(resource)
    if (parent !== undefined && names.has(parent)) {
      const list = children.get(parent) ?? []
      list.push(resource)
      children.set(parent, list)
    } else roots.push(resource)
  }
  roots.forEach((root, index) => {
    renderBranch(root, children, names, '', index === roots.length - 1, lines)
  })
  if (report.unknownTargets.length > 0) {
    lines.push(
      `? unknown to the inventory, not assumed harmless: ${report.unknownTargets.map((target) => `\`${target}\``).join(', ')}`,
    )
  }
  lines.push(
    `data lost: ${report.dataLost.length === 0 ? 'none' : `${nameList(names, report.dataLost)} (no recent backup)`}`,
  )
  lines.push(
    `services broken: ${report.servicesBroken.length === 0 ? 'none' : report.servicesBroken.join(', ')}`,
  )
  if (report.customerFacing.length > 0) {
    lines.push(`customer-facing: ${nameList(names, report.customerFacing)}`)
  }
  const restore =
    report.estimatedRestoreMinutes === 0
      ? 'nothing to rebuild'
      : `about ${formatMinutes(report.estimatedRestoreMinutes)} to rebuild in dependency order`
  lines.push(
    `restore: ${restore}${report.unrecoverable === true ? '; lost data cannot be restored' : ''}`,
  )
  for (const burn of report.budgetBurn) {
    lines.push(
      `error budget: ${burn.service} ${formatPercent(burn.objective)} over ${String(burn.windowDays)} d: ${formatMinutes(burn.downtimeMinutes)} down of ${String(burn.budgetMinutes)} min budget, ${formatPercent(burn.burn)} burned${burn.burn > 1 ? ' (over budget)' : ''}`,
    )
  }
  return lines.join('\n')
}
