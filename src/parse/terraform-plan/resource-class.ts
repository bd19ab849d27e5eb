/**
 * What losing a resource of some type costs, judged from the type name alone:
 * - `environment`: a container whose deletion takes everything inside (project, resource group,
 *   account, stack)
 * - `kubernetes-cluster`, `kubernetes-namespace`: every workload and volume inside goes too
 * - `database`: one logical database, like `DROP DATABASE`
 * - `database-server`: an instance or cluster that holds databases
 * - `network`: a VPC or virtual network
 * - `compute`: a machine whose disks may be deleted with it
 * - `data`: anything else that stores data or state (bucket, volume, queue, key, secret, zone…)
 * - `state-only`: exists only in Terraform state (`null_resource`, `random_id`, `time_sleep`)
 * - `plain`: holds no data (rules, policies, attachments, alarms, functions)
 */
export type ResourceClass =
  | 'environment'
  | 'kubernetes-cluster'
  | 'kubernetes-namespace'
  | 'database'
  | 'database-server'
  | 'network'
  | 'compute'
  | 'data'
  | 'state-only'
  | 'plain'

/** A resource type's class and, for what holds data, what is lost with it. */
export interface ResourceKind {
  readonly class: ResourceClass
  readonly loss: string
}

const ENVIRONMENT_TYPES = [
  /^[a-z0-9]+_resource_group$/,
  /^google_(project|folder)$/,
  /^azurerm_(subscription|management_group)$/,
  /^aws_organizations_(account|organization)$/,
  /^aws_cloudformation_stack(_set)?$/,
  /^oci_identity_compartment$/,
  /^(digitalocean|azuredevops)_project$/,
]

const KUBERNETES_WORDS = new Set([
  'kubernetes',
  'eks',
  'aks',
  'gke',
  'k8s',
  'lke',
  'doks',
  'container',
  'containerengine',
  'rancher2',
])

// Words that name a database engine or service: an instance, cluster or server of one holds data.
const DATABASE_WORDS = new Set([
  'db',
  'rds',
  'sql',
  'mysql',
  'postgresql',
  'postgres',
  'mssql',
  'sqlserver',
  'mariadb',
  'cosmosdb',
  'docdb',
  'documentdb',
  'neptune',
  'redshift',
  'redshiftserverless',
  'elasticache',
  'memorydb',
  'redis',
  'memcache',
  'memcached',
  'opensearch',
  'elasticsearch',
  'bigtable',
  'spanner',
  'alloydb',
  'mongodb',
  'mongo',
  'cassandra',
  'keyspaces',
  'timestream',
  'qldb',
  'dax',
  'kusto',
  'synapse',
])

const SERVER_HEADS = new Set([
  'instance',
  'cluster',
  'server',
  'domain',
  'account',
  'namespace',
  'workgroup',
])

// Words that make a generic container (an account, a workspace, a group) a store of data.
const DATA_QUALIFIERS = new Set([
  'storage',
  'kms',
  'efs',
  'fsx',
  'ebs',
  's3',
  'glacier',
  'ecr',
  'log',
  'logs',
  'analytics',
  'backup',
  'kafka',
  'msk',
  'eventhub',
  'servicebus',
  'pubsub',
  'sqs',
  'kinesis',
  'secretsmanager',
  'filestore',
  'artifact',
  'datalake',
])

const GENERIC_HEADS = new Set([
  'account',
  'container',
  'workspace',
  'instance',
  'server',
  'group',
  'subscription',
  'namespace',
])

// The last word of a type that stores something, and what is lost with it.
const DATA_HEADS: ReadonlyMap<string, string> = new Map([
  ['table', 'the table and its rows are lost'],
  ['dataset', 'the dataset and its tables are lost'],
  ['bucket', 'the bucket and its objects are lost'],
  ['share', 'the share and its files are lost'],
  ['volume', 'the data on the volume is lost'],
  ['disk', 'the data on the disk is lost'],
  ['claim', 'the volume behind the claim and its data are lost'],
  ['queue', 'the messages waiting in it are lost'],
  ['stream', 'the records waiting in it are lost'],
  ['topic', 'the topic and what is waiting in it are lost'],
  ['hub', 'the events waiting in it are lost'],
  ['key', 'the key is lost: whatever was encrypted or signed in with it stops working'],
  ['password', 'the generated password is lost: whatever uses it as a credential must be reset'],
  ['secret', 'the secret and its versions are lost'],
  ['vault', 'the keys, secrets or backups in the vault are lost'],
  ['zone', 'every record in the zone is lost'],
  ['snapshot', 'the snapshot is lost'],
  ['backup', 'the backup is lost'],
  ['repository', 'the repository and its contents are lost'],
  ['registry', 'the registry and its images are lost'],
  ['cache', 'the cached data is lost'],
  ['collection', 'the collection and its documents are lost'],
  ['index', 'the index and its documents are lost'],
  ['keyspace', 'the keyspace and its tables are lost'],
  ['cluster', 'the cluster, what runs in it and its data are lost'],
])

const GENERIC_LOSS = 'its data is lost'
const STORED_LOSS = 'everything stored in it is lost'

/** Splits a type into its provider and the words after it, without `v1`-like version words. */
function wordsOf(type: string): { provider: string; words: string[] } {
  const [provider = '', ...rest] = type.toLowerCase().split('_')
  return { provider, words: rest.filter((word) => !/^v\d+$/.test(word)) }
}

function judgeHead(provider: string, words: readonly string[]): ResourceKind | undefined {
  const head = words.at(-1) ?? ''
  const before = words.at(-2) ?? ''
  if (head === 'system' && before === 'file')
    return { class: 'data', loss: 'the file system and its files are lost' }
  if (head === 'group' && before === 'log')
    return { class: 'data', loss: 'the logs in it are lost' }
  if (head === 'ring' && before === 'key')
    return { class: 'data', loss: 'the keys in the ring are lost' }
  if (head === 'version' && before === 'secret')
    return { class: 'data', loss: 'the secret version is lost' }
  if (head === 'table' && words.includes('route')) return undefined
  if (head === 'key' && before === 'public') return undefined
  if (head === 'namespace' && provider === 'kubernetes') {
    return { class: 'kubernetes-namespace', loss: 'every object in the namespace goes with it' }
  }
  const loss = DATA_HEADS.get(head)
  if (loss === undefined) return undefined
  return { class: 'data', loss }
}

function classify(type: string): ResourceKind {
  const { provider, words } = wordsOf(type)
  const all = [provider, ...words]
  const head = words.at(-1) ?? ''
  if (ENVIRONMENT_TYPES.some((pattern) => pattern.test(type))) {
    return { class: 'environment', loss: 'everything inside it goes with it' }
  }
  if (provider === 'null' || provider === 'terraform' || provider === 'time') {
    return { class: 'state-only', loss: '' }
  }
  if (provider === 'random' || provider === 'tls') {
    return judgeHead(provider, words) ?? { class: 'state-only', loss: '' }
  }
  if (head === 'cluster' && all.some((word) => KUBERNETES_WORDS.has(word))) {
    return {
      class: 'kubernetes-cluster',
      loss: 'every workload and volume in the cluster goes with it',
    }
  }
  // A catalog database (`aws_glue_catalog_database`) holds table definitions, not the data.
  if (head === 'database' && (words.includes('catalog') || words.includes('athena'))) {
    return { class: 'data', loss: 'its table definitions are lost' }
  }
  if (head === 'database') {
    return { class: 'database', loss: 'the whole database and its data are lost' }
  }
  const engine = words.some((word) => DATABASE_WORDS.has(word))
  // `aws_rds_cluster_instance`: a member of a database cluster; the data lives in the cluster.
  if (engine && head === 'instance' && words.at(-2) === 'cluster') {
    return { class: 'plain', loss: '' }
  }
  if (engine && (SERVER_HEADS.has(head) || (head === 'group' && words.at(-2) === 'replication'))) {
    return { class: 'database-server', loss: 'the database and its data are lost' }
  }
  if (
    head === 'vpc' ||
    head === 'vcn' ||
    (head === 'network' && /^(virtual|compute)$/.test(words.at(-2) ?? ''))
  ) {
    return { class: 'network', loss: '' }
  }
  const byHead = judgeHead(provider, words)
  if (byHead !== undefined) return byHead
  if (GENERIC_HEADS.has(head) && words.some((word) => DATA_QUALIFIERS.has(word))) {
    return { class: 'data', loss: words.includes('storage') ? STORED_LOSS : GENERIC_LOSS }
  }
  if (head === 'instance' || head === 'machine' || head === 'droplet' || head === 'vm') {
    return { class: 'compute', loss: 'its disks are deleted with it' }
  }
  return { class: 'plain', loss: '' }
}

/**
 * Classifies a resource type by the words in its name, not by a list of types: the last word
 * says what it is (`bucket`, `volume`, `policy`) and the words before it qualify a generic one
 * (`aws_db_instance`, `azurerm_storage_account`). A per-call cache keeps large plans linear.
 */
export function classifyResourceType(
  type: string,
  cache?: Map<string, ResourceKind>,
): ResourceKind {
  const known = cache?.get(type)
  if (known !== undefined) return known
  const kind = classify(type)
  cache?.set(type, kind)
  return kind
}
