import type { InventoryResource } from '../../model/inventory.js'
import type { InventoryIssue } from './inventory-issue.js'
import { readJsonDocument } from './inventory-json-schema.js'
import {
  emptyInventoryPart,
  type InventoryPart,
  type InventorySourceText,
} from './inventory-part.js'
import { json } from './json-fields.js'
import { STATEFUL_TYPE } from './stateful-type.js'

type JsonRecord = Readonly<Record<string, unknown>>

const STACK_TYPE = 'AWS::CloudFormation::Stack'
const GONE = new Set(['DELETE_COMPLETE'])
// `arn:aws:cloudformation:eu-west-1:111111111111:stack/cost-prod/1f2e…` → `cost-prod`
const STACK_ARN = /^arn:[^:]+:cloudformation:[^:]*:[^:]*:stack\/([^/]+)\//

/** `exports/cost-prod.json` → `cost-prod` */
function fileStem(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file
  return base.replace(/\.[^.]*$/, '')
}

class StackCollector {
  readonly resources = new Map<string, InventoryResource>()
  readonly implied = new Set<string>()
  readonly issues: InventoryIssue[] = []
  readonly #source: InventorySourceText
  // Nested stack name → the resource of its parent stack that creates it.
  readonly #nestedStacks = new Map<string, string>()

  constructor(source: InventorySourceText) {
    this.#source = source
  }

  invalid(path: readonly (string | number)[], message: string): void {
    const file = this.#source.file
    this.issues.push({
      code: 'inventory_invalid_entry',
      message: `\`${file}\` at \`${json.formatPath(path)}\`: ${message}`,
      file,
      path,
    })
  }

  #base(): Pick<InventoryResource, 'environment' | 'source'> {
    const environment = this.#source.environment
    return { ...(environment === undefined ? {} : { environment }), source: this.#source.file }
  }

  /** The stack as a resource; implied until describe-stacks lists it. */
  stack(name: string, arn?: string, parent?: string, listed = false): string {
    const id = `cfn:${name}`
    const known = this.resources.get(id)
    if (known !== undefined && (!listed || !this.implied.has(id))) return id
    if (listed) this.implied.delete(id)
    else this.implied.add(id)
    this.resources.set(id, {
      id,
      type: STACK_TYPE,
      name,
      ...this.#base(),
      identifiers: {
        stack: name,
        ...(arn === undefined ? {} : { arn }),
        ...(arn === undefined ? {} : { physicalId: arn }),
        names: [name],
      },
      facts: { stateful: false, recentBackup: false, customerFacing: false },
      ...(parent === undefined ? {} : { parent }),
      source: this.#source.file,
    })
    return id
  }

  resource(stack: string, entry: JsonRecord, path: readonly (string | number)[]): void {
    const logicalId = json.string(entry, 'LogicalResourceId')
    const type = json.string(entry, 'ResourceType')
    if (logicalId === undefined) {
      this.invalid([...path, 'LogicalResourceId'], 'missing')
      return
    }
    if (type === undefined) {
      this.invalid([...path, 'ResourceType'], 'missing')
      return
    }
    const status = json.string(entry, 'ResourceStatus')
    if (status !== undefined && GONE.has(status)) return
    const physicalId = json.string(entry, 'PhysicalResourceId')
    const arn = physicalId?.startsWith('arn:') === true ? physicalId : undefined
    const parent = this.stack(stack)
    const id = `cfn:${stack}/${logicalId}`
    this.resources.set(id, {
      id,
      type,
      name: `${stack}/${logicalId}`,
      ...this.#base(),
      identifiers: {
        stack,
        logicalId,
        ...(physicalId === undefined ? {} : { physicalId }),
        ...(arn === undefined ? {} : { arn }),
        names: [],
      },
      facts: {
        stateful: STATEFUL_TYPE.cloudformation(type),
        recentBackup: false,
        customerFacing: false,
      },
      parent,
      source: this.#source.file,
    })
    // A nested stack: the stack it creates lives inside this resource.
    const nested =
      type === STACK_TYPE && physicalId !== undefined ? STACK_ARN.exec(physicalId) : null
    if (nested?.[1] !== undefined) this.#nestedStacks.set(nested[1], id)
  }

  /** Puts each nested stack inside the resource of its parent stack that creates it. */
  linkNestedStacks(): void {
    for (const [name, parent] of this.#nestedStacks) {
      const stack = this.resources.get(`cfn:${name}`)
      if (stack !== undefined && stack.parent === undefined) {
        this.resources.set(stack.id, { ...stack, parent })
      }
    }
  }
}

function entries(
  collector: StackCollector,
  value: unknown,
  key: string,
): { entry: JsonRecord; path: (string | number)[] }[] {
  if (!Array.isArray(value)) {
    collector.invalid([key], 'expected a list')
    return []
  }
  return value.flatMap((entry: unknown, index) => {
    if (json.isRecord(entry)) return [{ entry, path: [key, index] }]
    collector.invalid([key, index], 'expected an object')
    return []
  })
}

/**
 * Imports CloudFormation as the AWS CLI prints it: `describe-stacks` (`Stacks`), and
 * `describe-stack-resources` (`StackResources`) or `list-stack-resources`
 * (`StackResourceSummaries`). Each stack becomes `cfn:STACK`, the parent of its resources
 * `cfn:STACK/LOGICAL_ID`. `list-stack-resources` does not name its stack: it is taken from a
 * top-level `StackName` if present, else from the file name (`cost-prod.json` → `cost-prod`).
 */
export function importCloudFormation(source: InventorySourceText): InventoryPart {
  const document = readJsonDocument(source.text, source.file)
  if (!document.ok) return emptyInventoryPart([document.issue])
  const value = document.value
  const collector = new StackCollector(source)
  let recognised = false
  if ('Stacks' in value) {
    recognised = true
    const stacks = entries(collector, value.Stacks, 'Stacks')
    const byArn = new Map<string, string>()
    for (const { entry } of stacks) {
      const name = json.string(entry, 'StackName')
      const arn = json.string(entry, 'StackId')
      if (name !== undefined && arn !== undefined) byArn.set(arn, name)
    }
    for (const { entry, path } of stacks) {
      const name = json.string(entry, 'StackName')
      if (name === undefined) {
        collector.invalid([...path, 'StackName'], 'missing')
        continue
      }
      const status = json.string(entry, 'StackStatus')
      if (status !== undefined && GONE.has(status)) continue
      const parentArn = json.string(entry, 'ParentId')
      const parentName = parentArn === undefined ? undefined : byArn.get(parentArn)
      collector.stack(
        name,
        json.string(entry, 'StackId'),
        parentName === undefined ? undefined : `cfn:${parentName}`,
        true,
      )
    }
  }
  if ('StackResources' in value) {
    recognised = true
    for (const { entry, path } of entries(collector, value.StackResources, 'StackResources')) {
      const stack = json.string(entry, 'StackName')
      if (stack === undefined) {
        collector.invalid([...path, 'StackName'], 'missing')
        continue
      }
      collector.resource(stack, entry, path)
    }
  }
  if ('StackResourceSummaries' in value) {
    recognised = true
    const stack = json.string(value, 'StackName') ?? fileStem(source.file)
    const list = entries(collector, value.StackResourceSummaries, 'StackResourceSummaries')
    for (const { entry, path } of list) collector.resource(stack, entry, path)
  }
  if (!recognised) {
    return emptyInventoryPart([
      {
        code: 'inventory_unreadable',
        message: `\`${source.file}\`: not CloudFormation output: expected \`Stacks\`, \`StackResources\` or \`StackResourceSummaries\``,
        file: source.file,
      },
    ])
  }
  if (typeof value.NextToken === 'string' && value.NextToken !== '') {
    collector.issues.push({
      code: 'inventory_incomplete',
      message: `\`${source.file}\`: the output has a \`NextToken\`, so it is only the first page; export it without \`--max-items\` or \`--no-paginate\``,
      file: source.file,
      path: ['NextToken'],
    })
  }
  collector.linkNestedStacks()
  return {
    resources: [...collector.resources.values()],
    dependencies: [],
    objectives: [],
    annotations: [],
    implied: [...collector.implied],
    issues: collector.issues,
  }
}
