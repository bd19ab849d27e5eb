import { beforeAll, describe, expect, it } from 'vitest'

import type { Risk } from '../../../model/risk.js'
import { loadParsers } from '../../load-parsers.js'
import { analyzeShell } from '../shell-analyzer.js'

beforeAll(loadParsers)

function analyze(command: string, environment?: string) {
  return analyzeShell(command, {
    cwd: '/srv/app',
    ...(environment === undefined ? {} : { environment }),
  })
}

describe('aws rules', () => {
  it.each<[string, string, Risk]>([
    [
      'reads when the operation is a describe call',
      "aws ec2 describe-instances --filters Name=tag:Env,Values=prod --query 'Reservations[].Instances[].InstanceId' --output text",
      'safe',
    ],
    ['reads when the operation is a get call', 'aws sts get-caller-identity --output json', 'safe'],
    [
      'reads when the operation is a list call after global options',
      'aws --profile prod --region eu-west-1 iam list-roles',
      'safe',
    ],
    [
      'reads when the operation is a batch get',
      'aws dynamodb batch-get-item --request-items file://keys.json',
      'safe',
    ],
    [
      'only checks permissions when --dry-run is given',
      'aws ec2 terminate-instances --instance-ids i-0a1b2c3d4e5f67890 --dry-run',
      'safe',
    ],
    [
      'only prints a skeleton when --generate-cli-skeleton is given',
      'aws rds delete-db-instance --generate-cli-skeleton',
      'safe',
    ],
    [
      'mutates when the operation creates something',
      'aws ec2 run-instances --image-id ami-123 --count 1',
      'mutating',
    ],
    [
      'mutates when the operation updates something',
      'aws lambda update-function-code --function-name resize-images --zip-file fileb://dist/lambda.zip',
      'mutating',
    ],
    [
      'mutates when an instance is stopped, since it can be started again',
      'aws ec2 stop-instances --instance-ids i-0f1e2d3c4b5a69788',
      'mutating',
    ],
    [
      'mutates when a policy is detached',
      'aws iam detach-role-policy --role-name ci --policy-arn arn:aws:iam::aws:policy/ReadOnlyAccess',
      'mutating',
    ],
    [
      'mutates when a security group rule is revoked',
      'aws ec2 revoke-security-group-ingress --group-id sg-1 --protocol tcp --port 22 --cidr 0.0.0.0/0',
      'mutating',
    ],
    [
      'mutates when tags are added',
      'aws ec2 create-tags --resources i-1 --tags Key=team,Value=api',
      'mutating',
    ],
    [
      'destroys when instances are terminated',
      'aws ec2 terminate-instances --instance-ids i-0a1b2c3d4e5f67890 i-0b2c3d4e5f6789012',
      'destructive',
    ],
    [
      'destroys when a volume is deleted under a profile from env',
      'env AWS_PROFILE=prod aws ec2 delete-volume --volume-id vol-0abc1234def567890',
      'destructive',
    ],
    [
      'destroys when a table is deleted, even in prod',
      'aws dynamodb delete-table --table-name sessions-prod',
      'destructive',
    ],
    [
      'destroys when a role is deleted',
      'aws iam delete-role --role-name ci-deployer',
      'destructive',
    ],
    [
      'destroys when images are batch deleted',
      'aws ecr batch-delete-image --repository-name api --image-ids imageTag=1.4.2',
      'destructive',
    ],
    [
      'destroys when a queue is purged',
      'aws sqs purge-queue --queue-url https://sqs.us-east-1.amazonaws.com/123/jobs',
      'destructive',
    ],
    [
      'destroys when a key deletion is scheduled',
      'aws kms schedule-key-deletion --key-id 1234abcd-12ab-34cd-56ef-1234567890ab --pending-window-in-days 7',
      'destructive',
    ],
    [
      'destroys when a bucket policy is replaced',
      'aws s3api put-bucket-policy --bucket acme --policy file://policy.json',
      'destructive',
    ],
    [
      'destroys when an address is released',
      'aws ec2 release-address --allocation-id eipalloc-1',
      'destructive',
    ],
    [
      'deletes a database without a final snapshot catastrophically',
      'aws rds delete-db-instance --db-instance-identifier orders-prod --skip-final-snapshot',
      'catastrophic',
    ],
    [
      'deletes a database with a final snapshot destructively outside prod',
      'aws rds delete-db-instance --db-instance-identifier orders-qa --final-db-snapshot-identifier orders-qa-final',
      'destructive',
    ],
    [
      'deletes a cluster without a final snapshot catastrophically',
      'aws rds delete-db-cluster --db-cluster-identifier ledger --skip-final-snapshot',
      'catastrophic',
    ],
    [
      'deletes a stack catastrophically',
      'aws cloudformation delete-stack --stack-name acme-prod',
      'catastrophic',
    ],
    [
      'deletes an EKS cluster catastrophically',
      'aws eks delete-cluster --name main',
      'catastrophic',
    ],
    [
      'closes an account catastrophically',
      'aws organizations close-account --account-id 123456789012',
      'catastrophic',
    ],
    [
      'terminates a Beanstalk environment catastrophically',
      'aws elasticbeanstalk terminate-environment --environment-name api-prod',
      'catastrophic',
    ],
    [
      'deploys a stack as a mutation',
      'aws cloudformation deploy --template-file stack.yaml --stack-name api-prod',
      'mutating',
    ],
    [
      'changes local settings when configure set runs',
      'aws configure set region eu-west-1',
      'mutating',
    ],
    ['reads when configure list runs', 'aws configure list', 'safe'],
    ['prints usage when no service is given', 'aws --version', 'safe'],
  ])('%s', (_name, command, risk) => {
    expect(analyze(command).risk).toBe(risk)
  })

  it('escalates a database deletion to catastrophic when the action names prod', () => {
    const result = analyze(
      'aws rds delete-db-instance --db-instance-identifier orders',
      'production',
    )
    expect(result.risk).toBe('catastrophic')
    expect(result.effects[0]?.reason).toContain('(prod)')
  })

  it('reads the parameters of inline --cli-input-json', () => {
    const result = analyze(
      `aws rds delete-db-instance --cli-input-json '{"DBInstanceIdentifier":"orders","SkipFinalSnapshot":true}'`,
    )
    expect(result.risk).toBe('catastrophic')
    expect(result.effects[0]?.reason).toContain('without a final snapshot')
  })

  it('is opaque when the parameters come from a file', () => {
    const result = analyze('aws rds delete-db-instance --cli-input-json file://delete.json')
    expect(result.opaque).toBe(true)
    expect(result.effects[0]?.reason).toContain('`file://delete.json`')
  })

  it('stays safe when a read-only operation takes its parameters from a file', () => {
    expect(analyze('aws ec2 describe-instances --cli-input-json file://filters.json').risk).toBe(
      'safe',
    )
  })

  it('is opaque when the operation is unknown', () => {
    const result = analyze('aws ec2 frobnicate-widgets --widget-id w-1')
    expect(result.opaque).toBe(true)
    expect(result.effects[0]?.reason).toBe(
      'airlock does not know what `aws ec2 frobnicate-widgets` does',
    )
  })

  it('counts the instances it terminates in the reason', () => {
    const [effect] = analyze('aws ec2 terminate-instances --instance-ids i-1 i-2').effects
    expect(effect?.reason).toBe('`aws ec2 terminate-instances` terminates 2 instances `i-1`, `i-2`')
  })

  it('names the environment it infers from the target in the reason', () => {
    const [effect] = analyze('aws cloudformation delete-stack --stack-name acme-prod').effects
    expect(effect?.reason).toBe(
      '`aws cloudformation delete-stack` deletes stack `acme-prod` and every resource in it (prod)',
    )
    expect(effect?.scope).toBe('stack')
  })

  describe('route53 record changes', () => {
    it.each<[string, string, Risk]>([
      [
        'destroys when the change batch deletes a record',
        `aws route53 change-resource-record-sets --hosted-zone-id Z0123456789ABC --change-batch '{"Changes":[{"Action":"DELETE","ResourceRecordSet":{"Name":"api.acme.com","Type":"A","TTL":60,"ResourceRecords":[{"Value":"203.0.113.10"}]}}]}'`,
        'destructive',
      ],
      [
        'mutates when the change batch upserts a record',
        `aws route53 change-resource-record-sets --hosted-zone-id Z1 --change-batch '{"Changes":[{"Action":"UPSERT","ResourceRecordSet":{"Name":"api.acme.com","Type":"CNAME"}}]}'`,
        'mutating',
      ],
      [
        'mutates when the change batch creates a record',
        `aws route53 change-resource-record-sets --hosted-zone-id Z1 --change-batch '{"Changes":[{"Action":"CREATE","ResourceRecordSet":{"Name":"new.acme.com","Type":"A"}}]}'`,
        'mutating',
      ],
    ])('%s', (_name, command, risk) => {
      expect(analyze(command).risk).toBe(risk)
    })

    it('is opaque when the change batch is in a file', () => {
      expect(
        analyze(
          'aws route53 change-resource-record-sets --hosted-zone-id Z1 --change-batch file://batch.json',
        ).opaque,
      ).toBe(true)
    })
  })

  describe('s3 commands', () => {
    it.each<[string, string, Risk]>([
      [
        'reads when objects are listed',
        'aws s3 ls s3://acme-prod-assets/ --recursive --human-readable --summarize | tail -n 3',
        'safe',
      ],
      [
        'only prints when --dryrun is given',
        'aws s3 rm s3://acme-tmp-uploads/ --recursive --dryrun',
        'safe',
      ],
      [
        'mutates when a file is uploaded',
        'aws s3 cp ./report.csv s3://acme-reports/2025/06/report.csv',
        'mutating',
      ],
      [
        'mutates when objects are moved',
        'aws s3 mv s3://acme-in/a.csv s3://acme-done/a.csv',
        'mutating',
      ],
      ['mutates when a sync only adds', 'aws s3 sync ./site s3://acme-www', 'mutating'],
      [
        'destroys when a sync deletes what the source lacks',
        'aws s3 sync ./site s3://acme-www --delete',
        'destructive',
      ],
      [
        'destroys when every object under a prefix is removed',
        'aws s3 rm s3://acme-prod-uploads --recursive',
        'destructive',
      ],
      [
        'destroys when a single object is removed',
        'aws s3 rm s3://acme-reports/2025/06/report.csv',
        'destructive',
      ],
      [
        'destroys when a bucket is removed with its objects',
        'timeout 60 aws s3 rb s3://acme-staging-artifacts --force',
        'destructive',
      ],
      [
        'reads when an object is copied to standard output',
        'aws s3 cp s3://acme-reports/a.csv -',
        'safe',
      ],
    ])('%s', (_name, command, risk) => {
      expect(analyze(command).risk).toBe(risk)
    })
  })

  describe('remote commands', () => {
    it('analyses the shell commands sent through ssm send-command', () => {
      const result = analyze(
        `aws ssm send-command --document-name AWS-RunShellScript --instance-ids i-1 --parameters 'commands=["rm -rf /var/lib/postgresql"]'`,
      )
      expect(result.risk).toBe('catastrophic')
    })

    it('is opaque when ssm runs a document it cannot read', () => {
      expect(
        analyze('aws ssm send-command --document-name Acme-Cleanup --instance-ids i-1').opaque,
      ).toBe(true)
    })

    it('analyses the command run by ecs execute-command', () => {
      expect(
        analyze(`aws ecs execute-command --cluster c --task t1 --interactive --command "ls /app"`)
          .risk,
      ).toBe('safe')
    })

    it('is opaque when ecs execute-command opens a shell', () => {
      expect(
        analyze('aws ecs execute-command --cluster c --task t1 --interactive --command /bin/sh')
          .opaque,
      ).toBe(true)
    })
  })
})
