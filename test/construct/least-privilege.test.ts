/*
 * What each function may touch, with customer managed keys and shared, bring-your-own resources:
 * the template assertions behind docs/02_System_Architecture/Threat_Model.md.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { AckFastWebhookPipeline, AckFastWebhookPipelineProps, WebhookAuthentication } from '../../src';
import { WORKER_CONFIG_ENV } from '../../src/contract';
import { pipelineFixture } from '../support/pipeline-stack';
import { handlerConfig } from '../support/template-config';

type Statement = { Action: string | string[]; Resource: unknown; Condition?: Record<string, unknown> };

function statementsOf(t: Template, rolePrefix: string): Statement[] {
  return Object.values(t.findResources('AWS::IAM::Policy'))
    .filter((p) => JSON.stringify(p.Properties.Roles).includes(rolePrefix))
    .flatMap((p) => p.Properties.PolicyDocument.Statement);
}

const actions = (statement: Statement) => [statement.Action].flat();
const withAction = (statements: Statement[], action: string) => statements.filter((s) => actions(s).includes(action));

describe('state table: each pipeline touches only its own keys', () => {
  test('the worker may GetItem/UpdateItem only under its event#<namespace># prefix, which its config and output carry', () => {
    // Prepare
    const { stack, pipeline } = pipelineFixture();
    // Act
    const t = Template.fromStack(stack);
    // Assess
    expect(pipeline.eventKeyPrefix).toMatch(/^event#TestStack-Pipeline-[0-9A-F]{8}#$/);
    const dynamo = statementsOf(t, 'PipelineWorkerRole').filter((s) => actions(s).some((a) => a.startsWith('dynamodb:')));
    expect(dynamo).toEqual([expect.objectContaining({
      Action: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
      Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${pipeline.eventKeyPrefix}*`] } },
    })]);
    expect(handlerConfig(t, 'lambda/worker/worker.lambda.ts', WORKER_CONFIG_ENV).eventKeyPrefix).toBe(pipeline.eventKeyPrefix);
    t.hasOutput('*', { Value: pipeline.eventKeyPrefix });
  });

  test('two pipelines sharing one table get disjoint prefixes (no `event#*` for either)', () => {
    // Prepare
    const { stack, pipeline: first } = pipelineFixture();
    const table = dynamodb.Table.fromTableName(stack, 'Shared', 'shared-state');
    const second = new AckFastWebhookPipeline(stack, 'Second', {
      authentication: WebhookAuthentication.github({ secret: secretsmanager.Secret.fromSecretNameV2(stack, 'S2', 'k2') }),
      processor: lambda.Function.fromFunctionArn(stack, 'P2', 'arn:aws:lambda:us-east-2:111111111111:function:p2'),
      processorTimeout: Duration.seconds(10),
      existingTable: table,
    });
    // Act
    const t = Template.fromStack(stack);
    // Assess
    const prefixes = [first, second].map((p) => p.eventKeyPrefix);
    expect(new Set(prefixes).size).toBe(2);
    expect(prefixes.some((a) => prefixes.some((b) => a !== b && b.startsWith(a)))).toBe(false);
    expect(JSON.stringify(t.toJSON())).not.toContain('"event#*"');
  });
});

describe('customer managed keys and existing resources', () => {
  test('a bring-your-own table with a customer managed key: the worker may use that key', () => {
    // Prepare
    const stack = new Stack(undefined, 'KeyStack', { env: { account: '111111111111', region: 'us-east-2' } });
    const key = kms.Key.fromKeyArn(stack, 'TableKey', 'arn:aws:kms:us-east-2:111111111111:key/1111aaaa-2222-bbbb-3333-cccc4444dddd');
    const table = dynamodb.Table.fromTableAttributes(stack, 'Existing', { tableName: 'shared-state', encryptionKey: key });
    // Act
    const { stack: pipelineStack } = fixtureIn(stack, { existingTable: table });
    const worker = statementsOf(Template.fromStack(pipelineStack), 'PipelineWorkerRole');
    // Assess
    expect(withAction(worker, 'kms:Decrypt').map((s) => s.Resource)).toEqual([key.keyArn]);
    expect(withAction(worker, 'kms:Encrypt').map((s) => s.Resource)).toEqual([key.keyArn]);
  });

  test('negative control: a table without a customer managed key gives the worker no kms action', () => {
    const worker = statementsOf(Template.fromStack(pipelineFixture().stack), 'PipelineWorkerRole');
    expect(worker.flatMap(actions).filter((a) => a.startsWith('kms:'))).toEqual([]);
  });

  test('tableProps with a customer managed key: the worker may use the key the table was created with', () => {
    // Prepare / Act
    const { stack } = pipelineFixture({ tableProps: { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING }, encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED } });
    const worker = statementsOf(Template.fromStack(stack), 'PipelineWorkerRole');
    // Assess
    expect(withAction(worker, 'kms:Decrypt')).toEqual([expect.objectContaining({ Resource: { 'Fn::GetAtt': [expect.stringMatching(/^PipelineStateTableKey/), 'Arn'] } })]);
  });

  test('queueEncryptionKey: both queues use it, the ingress may encrypt with it and the worker decrypt', () => {
    // Prepare
    const stack = new Stack(undefined, 'QueueKeyStack', { env: { account: '111111111111', region: 'us-east-2' } });
    const key = new kms.Key(stack, 'QueueKey', { enableKeyRotation: true });
    // Act
    const { stack: pipelineStack } = fixtureIn(stack, { queueEncryptionKey: key });
    const t = Template.fromStack(pipelineStack);
    // Assess
    const keyArn = { 'Fn::GetAtt': [expect.stringMatching(/^QueueKey/), 'Arn'] };
    const queues = Object.values(t.findResources('AWS::SQS::Queue'));
    expect(queues.map((q) => q.Properties.KmsMasterKeyId)).toEqual([keyArn, keyArn]);
    expect(withAction(statementsOf(t, 'PipelineIngressRole'), 'kms:GenerateDataKey*').map((s) => s.Resource)).toEqual([keyArn]);
    expect(withAction(statementsOf(t, 'PipelineWorkerRole'), 'kms:Decrypt').map((s) => s.Resource)).toEqual([keyArn]);
  });

  test('an existing secret under a customer managed key: the ingress may decrypt it through Secrets Manager only', () => {
    // Prepare
    const stack = new Stack(undefined, 'SecretKeyStack', { env: { account: '111111111111', region: 'us-east-2' } });
    const key = kms.Key.fromKeyArn(stack, 'SecretKey', 'arn:aws:kms:us-east-2:111111111111:key/5555eeee-6666-ffff-7777-0000aaaa1111');
    const secret = secretsmanager.Secret.fromSecretAttributes(stack, 'Existing', {
      secretCompleteArn: 'arn:aws:secretsmanager:us-east-2:111111111111:secret:webhooks/key-AbCdEf', encryptionKey: key,
    });
    // Act
    const { stack: pipelineStack } = fixtureIn(stack, { authentication: WebhookAuthentication.github({ secret }) });
    const decrypt = withAction(statementsOf(Template.fromStack(pipelineStack), 'PipelineIngressRole'), 'kms:Decrypt');
    // Assess
    expect(decrypt).toEqual([expect.objectContaining({
      Resource: key.keyArn,
      Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-2.amazonaws.com' } },
    })]);
  });
});

describe('queues: send only where used, dead letters only from the pipeline', () => {
  const t = Template.fromStack(pipelineFixture().stack);

  test('only the ingress may SendMessage, and only to the queue (never the DLQ)', () => {
    const send = Object.values(t.findResources('AWS::IAM::Policy'))
      .flatMap((p) => p.Properties.PolicyDocument.Statement.map((s: Statement) => ({ roles: JSON.stringify(p.Properties.Roles), ...s })))
      .filter((s) => actions(s).includes('sqs:SendMessage'));
    expect(send).toHaveLength(1);
    expect(send[0].roles).toContain('PipelineIngressRole');
    expect(send[0].Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^PipelineQueue(?!.*DeadLetter)/), 'Arn'] });
  });

  test('the DLQ\'s redrive allow policy names only the pipeline\'s queue; the queue is no one\'s DLQ', () => {
    const queues = t.findResources('AWS::SQS::Queue');
    const [dlqId, dlq] = Object.entries(queues).find(([id]) => id.startsWith('PipelineDeadLetterQueue'))!;
    const [, queue] = Object.entries(queues).find(([id]) => id.startsWith('PipelineQueue'))!;
    const queueName: string = queue.Properties.QueueName;
    expect(queueName).toMatch(/^TestStack-Pipeline-[0-9A-F]{8}-webhooks\.fifo$/);
    expect(dlq.Properties.RedriveAllowPolicy).toEqual({
      redrivePermission: 'byQueue',
      sourceQueueArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:sqs:us-east-2:111111111111:${queueName}`]] }],
    });
    expect(queue.Properties.RedrivePolicy.deadLetterTargetArn).toEqual({ 'Fn::GetAtt': [dlqId, 'Arn'] });
    expect(queue.Properties.RedriveAllowPolicy).toEqual({ redrivePermission: 'denyAll' });
  });
});

describe('secret lifecycle and body limits are checked at synth', () => {
  test.each([
    ['secretCacheTtl 0', { secretCacheTtl: Duration.seconds(0) }, /secretCacheTtl must be from 30 seconds to 1 hour .*got 0 seconds/],
    ['secretCacheTtl below the 30 s floor', { secretCacheTtl: Duration.seconds(29) }, /secretCacheTtl must be from 30 seconds to 1 hour/],
    ['secretCacheTtl over 1 hour', { secretCacheTtl: Duration.hours(2) }, /secretCacheTtl must be from 30 seconds to 1 hour/],
    ['previousSecretGracePeriod over 7 days', { previousSecretGracePeriod: Duration.days(8) }, /previousSecretGracePeriod must be from 0 seconds to 7 days/],
    ['maxJsonDepth 0', { maxJsonDepth: 0 }, /maxJsonDepth must be a whole number from 1 to 1000/],
    ['a fractional maxJsonDepth', { maxJsonDepth: 1.5 }, /maxJsonDepth must be a whole number from 1 to 1000/],
    ['maxJsonElements 0', { maxJsonElements: 0 }, /maxJsonElements must be a whole number from 1 to 1000000/],
  ])('%s is rejected', (_name, props, message) => {
    expect(() => pipelineFixture(props as Partial<AckFastWebhookPipelineProps>)).toThrow(message);
  });

  test('the defaults and the set values reach the ingress configuration', () => {
    const config = (props: Partial<AckFastWebhookPipelineProps>) => handlerConfig(
      Template.fromStack(pipelineFixture(props).stack), 'lambda/ingress/ingress.lambda.ts', 'ACK_FAST_INGRESS_CONFIG');
    expect(config({})).toMatchObject({ secretCacheTtlSeconds: 300, previousSecretGraceSeconds: 86_400, maxJsonDepth: 64, maxJsonElements: 50_000 });
    expect(config({ secretCacheTtl: Duration.seconds(30), previousSecretGracePeriod: Duration.seconds(0), maxJsonDepth: 8, maxJsonElements: 500 }))
      .toMatchObject({ secretCacheTtlSeconds: 30, previousSecretGraceSeconds: 0, maxJsonDepth: 8, maxJsonElements: 500 });
  });
});

/** A pipeline in `stack` with the fixture's defaults. */
function fixtureIn(stack: Stack, overrides: Partial<AckFastWebhookPipelineProps>): { stack: Stack } {
  new AckFastWebhookPipeline(stack, 'Pipeline', {
    authentication: WebhookAuthentication.hmacSha256({ secret: secretsmanager.Secret.fromSecretNameV2(stack, 'SigningSecret', 'k'), signatureHeader: 'X-Sig' }),
    processor: lambda.Function.fromFunctionArn(stack, 'Processor', 'arn:aws:lambda:us-east-2:111111111111:function:order-processor'),
    processorTimeout: Duration.seconds(10),
    ...overrides,
  });
  return { stack };
}
