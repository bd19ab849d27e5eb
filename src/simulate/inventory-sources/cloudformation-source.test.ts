import { describe, expect, it } from 'vitest'

import { importCloudFormation } from './cloudformation-source.js'

const STACK_ARN = 'arn:aws:cloudformation:eu-west-1:111111111111:stack/cost-prod/0a1b'
const NESTED_ARN = 'arn:aws:cloudformation:eu-west-1:111111111111:stack/cost-prod-Db-XYZ/2c3d'

function load(document: unknown, file = 'cost-prod.json') {
  return importCloudFormation({ text: JSON.stringify(document), file, environment: 'prod' })
}

function summary(logicalId: string, type: string, physicalId?: string, status = 'CREATE_COMPLETE') {
  return {
    LogicalResourceId: logicalId,
    ResourceType: type,
    ResourceStatus: status,
    ...(physicalId === undefined ? {} : { PhysicalResourceId: physicalId }),
  }
}

describe('importCloudFormation', () => {
  it('puts describe-stack-resources resources inside their stack', () => {
    const part = load({
      StackResources: [
        { ...summary('Database', 'AWS::RDS::DBInstance', 'cost-prod-db'), StackName: 'cost-prod' },
        { ...summary('Fn', 'AWS::Lambda::Function', 'cost-fn'), StackName: 'cost-prod' },
      ],
    })
    expect(part.issues).toEqual([])
    expect(part.implied).toEqual(['cfn:cost-prod'])
    expect(part.resources.map((r) => [r.id, r.parent, r.facts.stateful])).toEqual([
      ['cfn:cost-prod', undefined, false],
      ['cfn:cost-prod/Database', 'cfn:cost-prod', true],
      ['cfn:cost-prod/Fn', 'cfn:cost-prod', false],
    ])
    expect(part.resources[1]).toMatchObject({
      type: 'AWS::RDS::DBInstance',
      name: 'cost-prod/Database',
      environment: 'prod',
      identifiers: { stack: 'cost-prod', logicalId: 'Database', physicalId: 'cost-prod-db' },
      source: 'cost-prod.json',
    })
  })

  it('takes the stack of list-stack-resources from the file name, or a top-level StackName', () => {
    const list = {
      StackResourceSummaries: [summary('Queue', 'AWS::SQS::Queue', 'https://sqs/1/q')],
    }
    expect(load(list, 'exports/billing-prod.json').resources.map((r) => r.id)).toEqual([
      'cfn:billing-prod',
      'cfn:billing-prod/Queue',
    ])
    expect(load({ ...list, StackName: 'named' }).resources.map((r) => r.id)).toContain(
      'cfn:named/Queue',
    )
  })

  it('records an ARN physical id as the arn too', () => {
    const part = load({
      StackResourceSummaries: [summary('Topic', 'AWS::SNS::Topic', 'arn:aws:sns:eu-west-1:1:t')],
    })
    expect(part.resources[1]?.identifiers.arn).toBe('arn:aws:sns:eu-west-1:1:t')
  })

  it('makes describe-stacks stacks resources, nested ones inside their parent', () => {
    const part = load({
      Stacks: [
        { StackName: 'cost-prod', StackId: STACK_ARN, StackStatus: 'UPDATE_COMPLETE' },
        {
          StackName: 'cost-prod-Db-XYZ',
          StackId: NESTED_ARN,
          ParentId: STACK_ARN,
          RootId: STACK_ARN,
        },
        { StackName: 'old', StackId: 'arn:x', StackStatus: 'DELETE_COMPLETE' },
      ],
    })
    expect(part.implied).toEqual([])
    expect(part.resources.map((r) => [r.id, r.parent, r.identifiers.arn])).toEqual([
      ['cfn:cost-prod', undefined, STACK_ARN],
      ['cfn:cost-prod-Db-XYZ', 'cfn:cost-prod', NESTED_ARN],
    ])
  })

  it('puts a nested stack inside the stack resource that creates it', () => {
    const part = load({
      StackResources: [
        { ...summary('Db', 'AWS::CloudFormation::Stack', NESTED_ARN), StackName: 'cost-prod' },
        { ...summary('Table', 'AWS::DynamoDB::Table', 'orders'), StackName: 'cost-prod-Db-XYZ' },
      ],
    })
    const nested = part.resources.find((r) => r.id === 'cfn:cost-prod-Db-XYZ')
    expect(nested?.parent).toBe('cfn:cost-prod/Db')
  })

  it('leaves deleted resources out', () => {
    const part = load({
      StackResourceSummaries: [summary('Gone', 'AWS::S3::Bucket', 'b', 'DELETE_COMPLETE')],
    })
    expect(part.resources.map((r) => r.id)).toEqual([])
  })

  it.each([
    ['AWS::RDS::DBCluster', true],
    ['AWS::DynamoDB::Table', true],
    ['AWS::S3::Bucket', true],
    ['AWS::EC2::Volume', true],
    ['AWS::EFS::FileSystem', true],
    ['AWS::SQS::Queue', true],
    ['AWS::ElastiCache::ReplicationGroup', true],
    ['AWS::KMS::Key', true],
    ['AWS::Lambda::Function', false],
    ['AWS::IAM::Role', false],
    ['AWS::SNS::Subscription', false],
  ])('judges %s stateful: %s', (type, stateful) => {
    const part = load({ StackResourceSummaries: [summary('X', type, 'x')] })
    expect(part.resources[1]?.facts.stateful).toBe(stateful)
  })

  it('reports a paginated answer as incomplete', () => {
    const part = load({ StackResourceSummaries: [], NextToken: 'abc' })
    expect(part.issues).toMatchObject([{ code: 'inventory_incomplete', path: ['NextToken'] }])
  })

  it.each([
    ['a change set', { Changes: [] }, /not CloudFormation output/],
    ['not JSON', 'nope', /not valid JSON/],
  ])('reports one unreadable issue for %s', (_, document, message) => {
    const part =
      typeof document === 'string'
        ? importCloudFormation({ text: document, file: 'cost-prod.json' })
        : load(document)
    expect(part.issues).toHaveLength(1)
    expect(part.issues[0]?.code).toBe('inventory_unreadable')
    expect(part.issues[0]?.message).toMatch(message)
  })

  it.each([
    ['a list that is not a list', { StackResources: {} }, 'StackResources'],
    ['an entry that is not an object', { StackResources: [1] }, 'StackResources[0]'],
    [
      'a resource without StackName',
      { StackResources: [summary('A', 'AWS::S3::Bucket')] },
      'StackResources[0].StackName',
    ],
    [
      'a resource without LogicalResourceId',
      { StackResourceSummaries: [{ ResourceType: 'AWS::S3::Bucket' }] },
      'StackResourceSummaries[0].LogicalResourceId',
    ],
    [
      'a resource without ResourceType',
      { StackResourceSummaries: [{ LogicalResourceId: 'A' }] },
      'StackResourceSummaries[0].ResourceType',
    ],
    ['a stack without StackName', { Stacks: [{ StackId: STACK_ARN }] }, 'Stacks[0].StackName'],
  ])('reports %s at its JSON path', (_, document, path) => {
    const part = load(document)
    expect(part.issues).toHaveLength(1)
    expect(part.issues[0]).toMatchObject({
      code: 'inventory_invalid_entry',
      file: 'cost-prod.json',
    })
    expect(part.issues[0]?.message).toContain(`at \`${path}\``)
  })
})
