import { describe, expect, it } from 'vitest'

import { classifyResourceType, type ResourceClass, type ResourceKind } from './resource-class.js'

describe('classifyResourceType', () => {
  it.each<[string, ResourceClass]>([
    ['google_project', 'environment'],
    ['azurerm_resource_group', 'environment'],
    ['aws_cloudformation_stack', 'environment'],
    ['aws_organizations_account', 'environment'],
    ['aws_eks_cluster', 'kubernetes-cluster'],
    ['google_container_cluster', 'kubernetes-cluster'],
    ['azurerm_kubernetes_cluster', 'kubernetes-cluster'],
    ['kubernetes_namespace', 'kubernetes-namespace'],
    ['kubernetes_namespace_v1', 'kubernetes-namespace'],
    ['google_sql_database', 'database'],
    ['azurerm_mssql_database', 'database'],
    ['postgresql_database', 'database'],
    ['aws_db_instance', 'database-server'],
    ['aws_rds_cluster', 'database-server'],
    ['google_sql_database_instance', 'database-server'],
    ['azurerm_postgresql_flexible_server', 'database-server'],
    ['azurerm_cosmosdb_account', 'database-server'],
    ['aws_elasticache_replication_group', 'database-server'],
    ['aws_opensearch_domain', 'database-server'],
    ['aws_docdb_cluster', 'database-server'],
    ['aws_redshift_cluster', 'database-server'],
    ['aws_vpc', 'network'],
    ['google_compute_network', 'network'],
    ['azurerm_virtual_network', 'network'],
    ['aws_instance', 'compute'],
    ['google_compute_instance', 'compute'],
    ['azurerm_linux_virtual_machine', 'compute'],
    ['aws_s3_bucket', 'data'],
    ['google_storage_bucket', 'data'],
    ['azurerm_storage_account', 'data'],
    ['azurerm_storage_container', 'data'],
    ['aws_dynamodb_table', 'data'],
    ['aws_ebs_volume', 'data'],
    ['google_compute_disk', 'data'],
    ['azurerm_managed_disk', 'data'],
    ['aws_efs_file_system', 'data'],
    ['aws_sqs_queue', 'data'],
    ['aws_kinesis_stream', 'data'],
    ['aws_msk_cluster', 'data'],
    ['google_pubsub_subscription', 'data'],
    ['aws_kms_key', 'data'],
    ['aws_secretsmanager_secret', 'data'],
    ['azurerm_key_vault', 'data'],
    ['azurerm_key_vault_secret', 'data'],
    ['aws_route53_zone', 'data'],
    ['google_dns_managed_zone', 'data'],
    ['aws_ecs_cluster', 'data'],
    ['aws_ecr_repository', 'data'],
    ['aws_cloudwatch_log_group', 'data'],
    ['aws_db_snapshot', 'data'],
    ['kubernetes_persistent_volume_claim', 'data'],
    ['random_password', 'data'],
    ['tls_private_key', 'data'],
    ['aws_glue_catalog_database', 'data'],
    ['null_resource', 'state-only'],
    ['terraform_data', 'state-only'],
    ['random_id', 'state-only'],
    ['time_sleep', 'state-only'],
    ['aws_s3_bucket_policy', 'plain'],
    ['aws_db_subnet_group', 'plain'],
    ['aws_db_parameter_group', 'plain'],
    ['aws_rds_cluster_instance', 'plain'],
    ['aws_route_table', 'plain'],
    ['aws_kms_alias', 'plain'],
    ['aws_key_pair', 'plain'],
    ['aws_security_group_rule', 'plain'],
    ['aws_iam_role_policy_attachment', 'plain'],
    ['aws_lambda_permission', 'plain'],
    ['aws_cloudwatch_metric_alarm', 'plain'],
    ['aws_sns_topic_subscription', 'plain'],
    ['aws_volume_attachment', 'plain'],
    ['aws_eks_node_group', 'plain'],
    ['aws_route53_record', 'plain'],
    ['helm_release', 'plain'],
    ['google_service_account', 'plain'],
  ])('classifies `%s` as %s', (type, expected) => {
    expect(classifyResourceType(type).class).toBe(expected)
  })

  it('says what is lost with a type that holds data', () => {
    expect(classifyResourceType('aws_s3_bucket').loss).toBe('the bucket and its objects are lost')
  })

  it('reuses a cached classification for a type it has seen', () => {
    const cache = new Map<string, ResourceKind>()
    const first = classifyResourceType('aws_sqs_queue', cache)
    expect(classifyResourceType('aws_sqs_queue', cache)).toBe(first)
    expect(cache.size).toBe(1)
  })
})
