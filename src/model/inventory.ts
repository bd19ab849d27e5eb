/** What kind of thing a resource is, as its source names it: `aws_db_instance`, `AWS::RDS::DBInstance`, `Deployment`, `service`. */
export type ResourceType = string

/** The ways a resource can be named by an action; any one is enough to find it. */
export interface ResourceIdentifiers {
  readonly arn?: string
  /** Terraform address without the workspace: `module.db.aws_db_instance.main`. */
  readonly terraformAddress?: string
  /** The provider's own id (CloudFormation physical id, Terraform `id`). */
  readonly physicalId?: string
  /** CloudFormation stack name and logical id. */
  readonly stack?: string
  readonly logicalId?: string
  /** Kubernetes object. */
  readonly kubernetes?: {
    readonly kind: string
    readonly namespace?: string
    readonly name: string
  }
  /** Database name, for database servers and their databases. */
  readonly database?: string
  /** Other names it goes by: its `name` attribute, hostnames, bucket names. */
  readonly names: readonly string[]
}

/** What matters about a resource when it goes away. */
export interface ResourceFacts {
  /** Holds data that a rebuild does not bring back. */
  readonly stateful: boolean
  /** A backup or snapshot recent enough to restore from. */
  readonly recentBackup: boolean
  /** Customers reach it directly (an endpoint, a dashboard, a public API). */
  readonly customerFacing: boolean
  /** The service it belongs to. */
  readonly service?: string
  /** Minutes to rebuild it once what it depends on is back. */
  readonly rebuildMinutes?: number
}

/** One resource of the real environment, as the twin knows it. */
export interface InventoryResource {
  /** Stable key within the inventory: `tf:aws_db_instance.main`, `cfn:cost-prod/Database`, `k8s:prod/Deployment/api`, `service:cost-api`. */
  readonly id: string
  readonly type: ResourceType
  /** A human-readable name for reports. */
  readonly name: string
  readonly environment?: string
  readonly identifiers: ResourceIdentifiers
  readonly facts: ResourceFacts
  /** The resource that contains it (a stack, a namespace, an environment). */
  readonly parent?: string
  /** Where it was imported from, for reports. */
  readonly source: string
}

/** `from` needs `to`: when `to` goes, `from` breaks. */
export interface InventoryDependency {
  readonly from: string
  readonly to: string
}

/** A service objective: availability over a window. */
export interface ServiceObjective {
  readonly service: string
  /** 0.9999 for 99.99 %. */
  readonly objective: number
  readonly windowDays: number
}

/** The twin of the environment: resources, containment, dependencies and objectives. */
export interface Inventory {
  readonly resources: readonly InventoryResource[]
  readonly dependencies: readonly InventoryDependency[]
  readonly objectives: readonly ServiceObjective[]
  /** When it was imported, ms since the epoch. */
  readonly importedAt: number
}
