import { App, Duration, RemovalPolicy, Size, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { AckFastWebhookPipeline, WebhookAuthentication } from '../../src';
import { INGRESS_CONFIG_ENV, WORKER_CONFIG_ENV } from '../../src/contract';
import { pipelineFixture } from '../support/pipeline-stack';
import { handlerConfig } from '../support/template-config';

function template(overrides = {}): Template {
  return Template.fromStack(pipelineFixture(overrides).stack);
}

describe('AckFastWebhookPipeline resources', () => {
  // Prepare: a pipeline with default props
  const t = template();

  test('REST API: regional, binary bodies, one POST route proxied to the ingress', () => {
    // Assess
    t.hasResourceProperties('AWS::ApiGateway::RestApi', {
      EndpointConfiguration: { Types: ['REGIONAL'] },
      BinaryMediaTypes: ['*/*'],
    });
    t.resourceCountIs('AWS::ApiGateway::Method', 1);
    t.hasResourceProperties('AWS::ApiGateway::Resource', { PathPart: 'webhook' });
    t.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'POST',
      Integration: { Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST' },
    });
  });

  test('stage: throttled with safe defaults and JSON access logs to a retained log group', () => {
    t.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'v1',
      MethodSettings: Match.arrayWith([Match.objectLike({
        HttpMethod: '*', ResourcePath: '/*', ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100,
      })]),
      AccessLogSetting: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('"requestId"') },
    });
    // One line per request, billed per request: what the on-call reads (the line's timestamp is the request time).
    const [stage] = Object.values(t.findResources('AWS::ApiGateway::Stage'));
    expect(JSON.parse(stage.Properties.AccessLogSetting.Format)).toEqual({
      requestId: '$context.requestId',
      ip: '$context.identity.sourceIp',
      resourcePath: '$context.resourcePath',
      status: '$context.status',
      responseLatency: '$context.responseLatency',
      integrationLatency: '$context.integrationLatency',
    });
    t.resourcePropertiesCountIs('AWS::Logs::LogGroup', { RetentionInDays: 30 }, 4); // ingress, worker, access logs, archive delivery errors
  });

  test('ingress: arm64, Node 24, small and short, its own log group, config in the environment', () => {
    t.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'lambda/ingress/ingress.lambda.ts',
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      MemorySize: 256,
      Timeout: 5,
      LoggingConfig: { LogGroup: Match.anyValue() },
      Environment: { Variables: Match.objectLike({ [INGRESS_CONFIG_ENV]: Match.anyValue() }) },
    });
  });

  test('queues: FIFO with FIFO DLQ, explicit dedup ids, SSE, redrive after 5 receives', () => {
    t.resourceCountIs('AWS::SQS::Queue', 2);
    t.hasResourceProperties('AWS::SQS::Queue', {
      FifoQueue: true,
      ContentBasedDeduplication: false,
      SqsManagedSseEnabled: true,
      VisibilityTimeout: 180,
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: 5 },
    });
    t.hasResourceProperties('AWS::SQS::Queue', {
      FifoQueue: true, SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600,
    });
  });

  test('queues: both policies deny requests without TLS', () => {
    t.resourcePropertiesCountIs('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        })]),
      },
    }, 2);
  });

  test('worker: fed by the queue in batches of 10 with partial batch failures and a concurrency cap', () => {
    t.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 5 },
    });
    t.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'lambda/worker/worker.lambda.ts',
      Architectures: ['arm64'],
      Timeout: 30,
      Environment: { Variables: Match.objectLike({ [WORKER_CONFIG_ENV]: Match.anyValue() }) },
    });
  });

  test('table: string key pk, TTL on expiresAt, on-demand, PITR, encrypted, retained', () => {
    t.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: {
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
      },
    });
  });
});

describe('AckFastWebhookPipeline least privilege', () => {
  const t = template();
  const policies = t.findResources('AWS::IAM::Policy');
  const statementsOf = (rolePrefix: string) => Object.values(policies)
    .filter((p) => JSON.stringify(p.Properties.Roles).includes(rolePrefix))
    .flatMap((p) => p.Properties.PolicyDocument.Statement);
  const actionsOf = (rolePrefix: string) => statementsOf(rolePrefix).flatMap((s) => [s.Action].flat()).sort();

  test('no managed policies on the function roles', () => {
    t.allResourcesProperties('AWS::IAM::Role', { ManagedPolicyArns: Match.absent() });
  });

  test('ingress may only write its logs, read its secret and send to the queue', () => {
    expect(actionsOf('PipelineIngressRole')).toEqual([
      'logs:CreateLogStream', 'logs:PutLogEvents',
      'secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue',
      'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage',
    ].sort());
  });

  test('worker may only write its logs, consume the queue, get/update items, invoke the processor and feed the archive', () => {
    expect(actionsOf('PipelineWorkerRole')).toEqual([
      'dynamodb:GetItem', 'dynamodb:UpdateItem',
      'firehose:PutRecord', 'firehose:PutRecordBatch',
      'lambda:InvokeFunction',
      'logs:CreateLogStream', 'logs:PutLogEvents',
      'sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage',
    ].sort());
    const invoke = statementsOf('PipelineWorkerRole').find((s) => s.Action === 'lambda:InvokeFunction');
    expect(JSON.stringify(invoke.Resource)).toContain('function:order-processor');
  });
});

describe('AckFastWebhookPipeline props', () => {
  test('visibility timeout follows the worker timeout (6x)', () => {
    const t = template({ workerTimeout: Duration.seconds(60) });
    t.hasResourceProperties('AWS::SQS::Queue', { VisibilityTimeout: 360 });
    t.hasResourceProperties('AWS::Lambda::Function', { Description: 'lambda/worker/worker.lambda.ts', Timeout: 60 });
  });

  test('custom path, throttling, batch and concurrency reach the template', () => {
    const t = template({
      webhookPath: 'hooks/richpanel', throttlingRateLimit: 20, throttlingBurstLimit: 40, workerBatchSize: 5, workerMaxConcurrency: 3,
    });
    t.hasResourceProperties('AWS::ApiGateway::Resource', { PathPart: 'richpanel' });
    t.hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: Match.arrayWith([Match.objectLike({ ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 })]),
    });
    t.hasResourceProperties('AWS::Lambda::EventSourceMapping', { BatchSize: 5, ScalingConfig: { MaximumConcurrency: 3 } });
  });

  test('ingress provisioned concurrency is off by default and routes through an alias when on', () => {
    template().resourceCountIs('AWS::Lambda::Alias', 0);
    const t = template({ ingressProvisionedConcurrency: 2 });
    t.hasResourceProperties('AWS::Lambda::Alias', {
      Name: 'live', ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 2 },
    });
    t.hasResourceProperties('AWS::ApiGateway::Method', {
      Integration: { Uri: Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith([Match.objectLike({ Ref: Match.stringLikeRegexp('IngressAlias') })])]) }) },
    });
  });

  test('the ingress configuration carries the body limit, pointers and signature settings', () => {
    const { stack } = pipelineFixture({
      maxBodySize: Size.kibibytes(64), eventIdHeader: 'X-GitHub-Delivery', messageGroupIdJsonPointer: '/ticket/id',
    });
    const config = handlerConfig(Template.fromStack(stack), 'lambda/ingress/ingress.lambda.ts', INGRESS_CONFIG_ENV);
    expect(config).toMatchObject({
      maxBodyBytes: 65536,
      eventIdHeaders: ['x-github-delivery'],
      messageGroupIdJsonPointer: '/ticket/id',
      requiredJsonPointers: [],
      secretCacheTtlSeconds: 300,
      authentication: {
        scheme: 'hmac', headers: ['x-hub-signature-256'], algorithm: 'sha256', encoding: 'hex', prefix: 'sha256=', toleranceSeconds: 0,
      },
    });
  });

  test('the worker configuration carries the table, queue, processor and idempotency horizon', () => {
    const config = handlerConfig(template(), 'lambda/worker/worker.lambda.ts', WORKER_CONFIG_ENV);
    expect(config).toMatchObject({
      tableName: '<Ref>',
      queueUrl: '<Ref>',
      // 2 x queue retention (4 days) + DLQ retention (14 days).
      idempotencyTtlSeconds: 22 * 24 * 3600,
      processorFunctionName: 'arn:aws:lambda:us-east-2:111111111111:function:order-processor',
      processorTimeoutMs: 10_000,
      groupConcurrency: 10,
    });
  });

  test('the processor timeout is read from a Function of the app (Lambda\'s 3 s when it sets none)', () => {
    const stack = new Stack(new App(), 'S', { env: { account: '111111111111', region: 'us-east-2' } });
    const code = lambda.Code.fromInline('exports.handler = async () => ({})');
    const fn = (id: string, timeout?: Duration) => new lambda.Function(stack, id, { runtime: lambda.Runtime.NODEJS_24_X, handler: 'index.handler', code, timeout });
    const authentication = WebhookAuthentication.sharedToken({ secret: secretsmanager.Secret.fromSecretNameV2(stack, 'T', 't'), header: 'X-Token' });
    const withTimeout = new AckFastWebhookPipeline(stack, 'A', { authentication, processor: fn('P1', Duration.seconds(20)) });
    const withDefault = new AckFastWebhookPipeline(stack, 'B', { authentication, processor: fn('P2') });
    expect(withTimeout.processorTimeout.toSeconds()).toBe(20);
    expect(withDefault.processorTimeout.toSeconds()).toBe(3);
    // A processor timeout shorter than the function's own would make the worker give up on running calls.
    expect(() => new AckFastWebhookPipeline(stack, 'C', { authentication, processor: fn('P3', Duration.seconds(20)), processorTimeout: Duration.seconds(10) }))
      .toThrow(/processorTimeout \(10 seconds\) is shorter than the processor function's own timeout \(20 seconds\)/);
  });

  test('processor concurrency is bounded by workers x groups per worker, stated on the construct', () => {
    expect(pipelineFixture().pipeline.maxProcessorConcurrency).toBe(5 * 10);
    expect(pipelineFixture({ workerMaxConcurrency: 4, workerGroupConcurrency: 1 }).pipeline.maxProcessorConcurrency).toBe(4);
    expect(pipelineFixture({ workerMaxConcurrency: 4, workerBatchSize: 2 }).pipeline.maxProcessorConcurrency).toBe(8);
    expect(handlerConfig(template({ workerGroupConcurrency: 3 }), 'lambda/worker/worker.lambda.ts', WORKER_CONFIG_ENV))
      .toMatchObject({ groupConcurrency: 3 });
  });

  test('both queues take exactly the body limit plus the attributes\' reserve', () => {
    template().allResourcesProperties('AWS::SQS::Queue', { MaximumMessageSize: 256 * 1024 + 1024 });
    template({ maxBodySize: Size.kibibytes(1023) }).allResourcesProperties('AWS::SQS::Queue', { MaximumMessageSize: 1024 * 1024 });
  });

  test('existingTable is used as is and no table is created', () => {
    const { stack, pipeline } = pipelineFixture({
      existingTable: dynamodb.Table.fromTableName(new Stack(), 'T', 'shared-state'),
    });
    Template.fromStack(stack).resourceCountIs('AWS::DynamoDB::Table', 0);
    expect(pipeline.table.tableName).toBe('shared-state');
  });

  test('tableProps and removalPolicy shape the created table', () => {
    const t = template({
      removalPolicy: RemovalPolicy.DESTROY,
      tableProps: { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING }, deletionProtection: true },
    });
    t.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Delete', Properties: Match.objectLike({ DeletionProtectionEnabled: true }) });
    expect(Object.values(t.findResources('AWS::SQS::Queue')).map((queue) => queue.DeletionPolicy)).toEqual(['Delete', 'Delete']);
  });

  test('queues follow the removal policy: retained by default, with the events they hold', () => {
    const queues = Object.values(Template.fromStack(pipelineFixture().stack).findResources('AWS::SQS::Queue'));
    expect(queues.map((queue) => [queue.DeletionPolicy, queue.UpdateReplacePolicy])).toEqual([['Retain', 'Retain'], ['Retain', 'Retain']]);
  });

  test('x86_64 can be chosen', () => {
    template({ architecture: lambda.Architecture.X86_64 })
      .allResourcesProperties('AWS::Lambda::Function', { Architectures: ['x86_64'] });
  });
});

describe('AckFastWebhookPipeline guardrails', () => {
  test.each([
    ['visibility shorter than 6 x worker timeout', { workerTimeout: Duration.seconds(30), queueVisibilityTimeout: Duration.seconds(179) }, /queueVisibilityTimeout \(179 s\) must be at least 6 x workerTimeout \(180 s\)/],
    ['maxReceiveCount below 1', { maxReceiveCount: 0 }, /maxReceiveCount must be a whole number from 1/],
    ['burst below rate', { throttlingRateLimit: 100, throttlingBurstLimit: 50 }, /throttlingBurstLimit \(50\) must be at least throttlingRateLimit \(100\)/],
    ['zero rate', { throttlingRateLimit: 0 }, /throttlingRateLimit must be greater than 0/],
    ['body limit above what SQS accepts', { maxBodySize: Size.mebibytes(1) }, /maxBodySize \(1048576 bytes\) must be from 1 byte to 1047552 bytes/],
    ['batch above the FIFO maximum', { workerBatchSize: 11 }, /workerBatchSize must be a whole number from 1 to 10/],
    ['concurrency below the event source minimum', { workerMaxConcurrency: 1 }, /workerMaxConcurrency must be a whole number from 2 to 1000/],
    ['idempotency horizon shorter than a redriven copy can come back', { idempotencyTtl: Duration.days(21) },
      /idempotencyTtl \(21 days\) must be at least 2 x queueRetentionPeriod \(4 days\) \+ deadLetterRetentionPeriod \(14 days\) = 22 days/],
    ['an imported processor without processorTimeout', { processorTimeout: undefined }, /processorTimeout is required when processor is an imported function/],
    ['a processor timeout Lambda does not allow', { processorTimeout: Duration.seconds(901) }, /processorTimeout must be a whole number of seconds from 1 to 900/],
    ['a worker timeout without room for the processor', { processorTimeout: Duration.seconds(23) },
      /workerTimeout \(30 s\) must be at least processorTimeout \(23 s\) \+ 8 s \(= 31 s\)/],
    ['more groups per worker than a batch holds', { workerGroupConcurrency: 11 }, /workerGroupConcurrency must be a whole number from 1 to 10/],
    ['both existingTable and tableProps', {
      existingTable: dynamodb.Table.fromTableName(new Stack(), 'T', 'x'),
      tableProps: { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } },
    }, /existingTable and tableProps cannot both be set/],
    ['a table key the handlers do not use', { tableProps: { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } } }, /tableProps.partitionKey must be \{ name: 'pk'/],
    ['a pointer without a leading slash', { messageGroupIdJsonPointer: 'ticket/id' }, /messageGroupIdJsonPointer 'ticket\/id' is not an RFC 6901 JSON pointer/],
    ['a path with a leading slash', { webhookPath: '/webhook' }, /webhookPath '\/webhook' must be one or more URL path segments/],
    ['negative provisioned concurrency', { ingressProvisionedConcurrency: -1 }, /ingressProvisionedConcurrency must be a whole number from 0/],
  ])('rejects %s', (_name, overrides, message) => {
    expect(() => pipelineFixture(overrides as any)).toThrow(message);
  });
});
