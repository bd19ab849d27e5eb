/**
 * Which resource types hold data that rebuilding them does not bring back. Covers the Terraform
 * providers `aws`, `google`, `azurerm` and `kubernetes`, CloudFormation `AWS::` types and
 * Kubernetes kinds. Caches without persistence (memcached, Redis without snapshots) are not
 * stateful; queues are, since their messages go with them.
 */
const TERRAFORM_STATEFUL: readonly RegExp[] = [
  // AWS
  /^aws_(db_instance|rds_cluster|docdb_cluster|docdb_elastic_cluster|neptune_cluster)$/,
  /^aws_(redshift_cluster|redshiftserverless_namespace|dynamodb_table|dynamodb_global_table)$/,
  /^aws_(s3_bucket|s3control_bucket|s3_directory_bucket|glacier_vault|backup_vault)$/,
  /^aws_(ebs_volume|ebs_snapshot|db_snapshot|db_cluster_snapshot|efs_file_system)$/,
  /^aws_fsx_[a-z_]+_file_system$/,
  /^aws_(sqs_queue|kinesis_stream|kinesis_firehose_delivery_stream|msk_cluster|mq_broker)$/,
  /^aws_(elasticache_replication_group|elasticache_cluster|elasticache_serverless_cache)$/,
  /^aws_(memorydb_cluster|opensearch_domain|elasticsearch_domain|timestream_table)$/,
  /^aws_(timestream_database|qldb_ledger|keyspaces_table|cloudwatch_log_group)$/,
  /^aws_(secretsmanager_secret|kms_key|ecr_repository|cognito_user_pool|codecommit_repository)$/,
  // Google Cloud
  /^google_(sql_database_instance|sql_database|alloydb_cluster|spanner_instance)$/,
  /^google_(spanner_database|bigtable_instance|bigtable_table|bigquery_dataset|bigquery_table)$/,
  /^google_(storage_bucket|compute_disk|compute_region_disk|compute_snapshot|filestore_instance)$/,
  /^google_(redis_instance|pubsub_topic|pubsub_subscription)$/,
  /^google_(firestore_database|datastore_index|kms_crypto_key|secret_manager_secret)$/,
  /^google_(artifact_registry_repository|sourcerepo_repository)$/,
  // Azure
  /^azurerm_(mssql_server|mssql_database|mssql_managed_instance|sql_server|sql_database)$/,
  /^azurerm_(postgresql|postgresql_flexible|mysql|mysql_flexible|mariadb)_(server|database)$/,
  /^azurerm_cosmosdb_[a-z_]*(account|database|container|table|collection|graph)$/,
  /^azurerm_storage_(account|container|share|blob|queue|table|data_lake_gen2_filesystem)$/,
  /^azurerm_(managed_disk|snapshot|redis_cache|servicebus_namespace|servicebus_queue)$/,
  /^azurerm_(servicebus_topic|eventhub|eventhub_namespace|key_vault|key_vault_key)$/,
  /^azurerm_(key_vault_secret|netapp_volume|recovery_services_vault|data_protection_backup_vault)$/,
  /^azurerm_(container_registry|log_analytics_workspace|kusto_cluster|kusto_database)$/,
  // Kubernetes provider
  /^kubernetes_(persistent_volume|persistent_volume_claim|stateful_set)(_v1)?$/,
]

const CLOUDFORMATION_STATEFUL: readonly RegExp[] = [
  /^AWS::RDS::(DBInstance|DBCluster)$/,
  /^AWS::(DocDB|Neptune)::DBCluster$/,
  /^AWS::DocDBElastic::Cluster$/,
  /^AWS::Redshift::Cluster$/,
  /^AWS::RedshiftServerless::Namespace$/,
  /^AWS::DynamoDB::(Table|GlobalTable)$/,
  /^AWS::S3::Bucket$/,
  /^AWS::S3Express::DirectoryBucket$/,
  /^AWS::EC2::Volume$/,
  /^AWS::EFS::FileSystem$/,
  /^AWS::FSx::FileSystem$/,
  /^AWS::SQS::Queue$/,
  /^AWS::Kinesis::Stream$/,
  /^AWS::KinesisFirehose::DeliveryStream$/,
  /^AWS::MSK::Cluster$/,
  /^AWS::AmazonMQ::Broker$/,
  /^AWS::ElastiCache::(ReplicationGroup|CacheCluster|ServerlessCache)$/,
  /^AWS::MemoryDB::Cluster$/,
  /^AWS::(OpenSearchService|Elasticsearch)::Domain$/,
  /^AWS::Timestream::(Database|Table)$/,
  /^AWS::QLDB::Ledger$/,
  /^AWS::Cassandra::Table$/,
  /^AWS::Logs::LogGroup$/,
  /^AWS::SecretsManager::Secret$/,
  /^AWS::KMS::Key$/,
  /^AWS::ECR::Repository$/,
  /^AWS::Cognito::UserPool$/,
  /^AWS::Backup::BackupVault$/,
  /^AWS::CodeCommit::Repository$/,
]

const KUBERNETES_STATEFUL = new Set(['StatefulSet', 'PersistentVolumeClaim', 'PersistentVolume'])

const ELASTICACHE = /^aws_elasticache_(cluster|replication_group)$/

function isCacheWithoutPersistence(type: string, values: Readonly<Record<string, unknown>>) {
  if (ELASTICACHE.test(type)) {
    return values.engine === 'memcached' || values.snapshot_retention_limit === 0
  }
  if (type === 'google_redis_instance') {
    const persistence = values.persistence_config
    const mode = Array.isArray(persistence)
      ? (persistence[0] as { persistence_mode?: unknown } | undefined)?.persistence_mode
      : undefined
    return mode === 'DISABLED'
  }
  return false
}

/** Stateful resource types, per source. */
export const STATEFUL_TYPE = {
  /** A Terraform type, looking at the state's values where that decides (cache persistence). */
  terraform(type: string, values: Readonly<Record<string, unknown>> = {}): boolean {
    return (
      TERRAFORM_STATEFUL.some((pattern) => pattern.test(type)) &&
      !isCacheWithoutPersistence(type, values)
    )
  },
  cloudformation(type: string): boolean {
    return CLOUDFORMATION_STATEFUL.some((pattern) => pattern.test(type))
  },
  kubernetes(kind: string): boolean {
    return KUBERNETES_STATEFUL.has(kind)
  },
}
