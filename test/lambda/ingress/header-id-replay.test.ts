/*
 * GitHub (`X-GitHub-Delivery`) and Shopify (`X-Shopify-Webhook-Id`) do not sign their delivery id
 * header. Someone who captured one signed delivery can replay its exact body under a fresh id, and
 * the signature still verifies. With the presets' configuration (as the construct writes it) the
 * event id is the SHA-256 of the signed body, so the replay COLLAPSES AS A DUPLICATE: it is
 * answered 200 with the original event id and SQS stores it once (deduplication id = event id;
 * after 5 minutes the worker's COMPLETED record catches it for idempotencyTtl). It is not
 * rejected: nothing in an HMAC delivery tells a replay from the sender's own redelivery.
 */
import { createHmac } from 'node:crypto';
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { createSqsClient, SqsQueueSender } from '../../../lambda/aws/queue-sender';
import { StaticSecretSource } from '../../../lambda/aws/secret-source';
import { createIngressHandler } from '../../../lambda/ingress/ingress-handler';
import { WebhookAuthentication } from '../../../src';
import { INGRESS_CONFIG_ENV, IngressRuntimeConfig } from '../../../src/contract';
import { AuditLog } from '../../../src/runtime/observability/audit-log';
import { createFifoQueueWithDlq, RunningEmulator, sqsClient, startFauxqs, TEST_AWS } from '../../support/emulators';
import { pipelineFixture } from '../../support/pipeline-stack';
import { handlerConfig } from '../../support/template-config';

const SECRET = 'github-webhook-secret';
const BODY = JSON.stringify({ action: 'opened', issue: { number: 7 }, repository: { id: 42 } });

let fauxqs: RunningEmulator;
let sqs: SQSClient;
let queues = 0;

beforeAll(async () => {
  fauxqs = await startFauxqs();
  sqs = sqsClient(fauxqs.endpoint);
});
afterAll(async () => {
  sqs?.destroy();
  await fauxqs?.stop();
});

/** The ingress configuration the construct writes for `WebhookAuthentication.github()`. */
function githubPresetConfig(): IngressRuntimeConfig {
  const { stack } = pipelineFixture({
    authentication: WebhookAuthentication.github({ secret: secretsmanager.Secret.fromSecretNameV2(new Stack(), 'S', 'k') }),
    messageGroupIdJsonPointer: '/repository/id',
  });
  return handlerConfig(Template.fromStack(stack), 'lambda/ingress/ingress.lambda.ts', INGRESS_CONFIG_ENV) as unknown as IngressRuntimeConfig;
}

function delivery(deliveryId: string): APIGatewayProxyEvent {
  const signature = `sha256=${createHmac('sha256', SECRET).update(BODY).digest('hex')}`;
  return {
    headers: { 'Content-Type': 'application/json', 'X-Hub-Signature-256': signature, 'X-GitHub-Delivery': deliveryId },
    body: Buffer.from(BODY).toString('base64'),
    isBase64Encoded: true,
    requestContext: { requestId: deliveryId },
  } as unknown as APIGatewayProxyEvent;
}

async function deliverTwice(config: IngressRuntimeConfig) {
  const { queueUrl } = await createFifoQueueWithDlq(sqs, `replay-${process.pid}-${++queues}`);
  const handler = createIngressHandler({
    config: { ...config, queueUrl },
    secrets: new StaticSecretSource([SECRET]),
    queue: new SqsQueueSender(createSqsClient({ ...TEST_AWS, endpoint: fauxqs.endpoint }), queueUrl),
    log: new AuditLog('ingress', () => undefined),
    now: Date.now,
  });
  const original = await handler(delivery('72d3162e-cc78-11e3-81ab-4c9367dc0958'));
  const replay = await handler(delivery('f00dbabe-0000-4000-8000-000000000001'));
  const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
  const bodies: string[] = [];
  for (const message of received.Messages ?? []) {
    bodies.push(message.Body!);
    await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle! }));
  }
  // the group (repository 42) hands out one message at a time: look again for a second one
  const again = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
  return { original, replay, stored: bodies.length + (again.Messages?.length ?? 0) };
}

describe('a signed GitHub body replayed with a fresh X-GitHub-Delivery', () => {
  test('with the github() preset: answered 200 with the same event id, and stored once', async () => {
    // Prepare
    const config = githubPresetConfig();

    // Act
    const { original, replay, stored } = await deliverTwice(config);

    // Assess
    expect(config.eventIdHeaders).toEqual([]);
    expect([original.statusCode, replay.statusCode]).toEqual([200, 200]);
    expect(JSON.parse(replay.body).eventId).toBe(JSON.parse(original.body).eventId);
    expect(JSON.parse(original.body).eventId).toMatch(/^[0-9a-f]{64}$/);
    expect(stored).toBe(1);
  });

  test('negative control: keyed on the unsigned header, the replay is a second event', async () => {
    // Prepare
    const config = { ...githubPresetConfig(), eventIdHeaders: ['x-github-delivery'] };

    // Act
    const { original, replay, stored } = await deliverTwice(config);

    // Assess
    expect(JSON.parse(replay.body).eventId).not.toBe(JSON.parse(original.body).eventId);
    expect(stored).toBe(2);
  });
});
