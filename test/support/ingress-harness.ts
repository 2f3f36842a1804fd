/*
 * The ingress handler's test rig: fauxqs and the loopback Secrets Manager started for the test
 * file, a fresh FIFO queue per handler, API Gateway proxy events signed with the test secret,
 * and the audit and metric lines each handler writes.
 */
import { createHmac } from 'node:crypto';
import { Message, SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { createFifoQueueWithDlq, RunningEmulator, sqsClient, startFauxqs, TEST_AWS } from './emulators';
import { drainQueue } from './queue-drain';
import { createSqsClient, SqsQueueSender } from '../../lambda/aws/queue-sender';
import { SecretsManagerSecretSource } from '../../lambda/aws/secret-source';
import { createIngressHandler } from '../../lambda/ingress/ingress-handler';
import { LocalSecretsManager, startLocalSecretsManager } from '../../local/secrets-manager-fake';
import { IngressRuntimeConfig, METRICS_NAMESPACE } from '../../src/contract';
import { AuditLog } from '../../src/runtime/observability/audit-log';
import { Metrics } from '../../src/runtime/observability/metrics';

export const SECRET_ARN = 'arn:aws:secretsmanager:us-east-2:000000000000:secret:webhook-signing-key-AbCdEf';
export const SECRET = 'whsec-integration-test-key';
/** The clock of every handler ingress() builds. */
export const RECEIVED_AT = 1_764_000_000_000;
export const BODY = JSON.stringify({ id: 'evt_1001', type: 'conversation.updated', conversation: { id: 'conv-42' }, note: 'private-note-text' });

export const signature = (body: string, secret = SECRET) => `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;

/** A proxy event as API Gateway builds it with binaryMediaTypes '*\/*'. */
export function webhookEvent(body: string, headers: Record<string, string> = {}): APIGatewayProxyEvent {
  return {
    httpMethod: 'POST',
    path: '/webhook',
    resource: '/webhook',
    headers: { 'Content-Type': 'application/json', 'X-Signature': signature(body), ...headers },
    multiValueHeaders: {},
    body: Buffer.from(body, 'utf8').toString('base64'),
    isBase64Encoded: true,
    pathParameters: null,
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    stageVariables: null,
    requestContext: { requestId: 'req-1' } as APIGatewayProxyEvent['requestContext'],
  };
}

export function expectNoSensitiveText(logLines: string[], ...sensitive: string[]) {
  expect(logLines.length).toBeGreaterThan(0);
  for (const line of logLines) {
    for (const text of sensitive) expect(line).not.toContain(text);
  }
}

export interface IngressRig {
  /** The loopback Secrets Manager (set once beforeAll has run): its requests, and failures to inject. */
  readonly secretsManager: LocalSecretsManager;
  /** A fresh queue and a handler over it, with the audit log and the metric lines captured. */
  ingress(options?: Pick<Partial<IngressRuntimeConfig>, 'queueUrl' | 'ingressFilters'>): Promise<{
    handler: ReturnType<typeof createIngressHandler>; queueUrl: string; logLines: string[]; metricLines: string[];
  }>;
  /** Every message on the queue, deleted. */
  drain(queueUrl: string): Promise<Message[]>;
}

/** Starts fauxqs and the loopback Secrets Manager (AWSCURRENT = SECRET) in beforeAll and stops them in afterAll. */
export function useIngressRig(): IngressRig {
  let fauxqs: RunningEmulator;
  let sqs: SQSClient;
  let secretsManager: LocalSecretsManager;
  let queueNumber = 0;

  beforeAll(async () => {
    fauxqs = await startFauxqs();
    sqs = sqsClient(fauxqs.endpoint);
    secretsManager = await startLocalSecretsManager(SECRET_ARN, { AWSCURRENT: SECRET });
  });
  afterAll(async () => {
    sqs?.destroy();
    await secretsManager?.stop();
    await fauxqs?.stop();
  });

  async function ingress(options: Pick<Partial<IngressRuntimeConfig>, 'queueUrl' | 'ingressFilters'> = {}) {
    const pair = await createFifoQueueWithDlq(sqs, `ingress-${process.pid}-${++queueNumber}`);
    const config: IngressRuntimeConfig = {
      queueUrl: options.queueUrl ?? pair.queueUrl,
      maxBodyBytes: 256 * 1024,
      authentication: {
        scheme: 'hmac', secretArn: SECRET_ARN, headers: ['x-signature'], algorithm: 'sha256', encoding: 'hex', prefix: 'sha256=', toleranceSeconds: 0,
      },
      eventIdHeaders: [],
      eventIdJsonPointer: '/id',
      messageGroupIdJsonPointer: '/conversation/id',
      requiredJsonPointers: ['/type'],
      secretCacheTtlSeconds: 300,
      metrics: { namespace: METRICS_NAMESPACE, pipeline: 'support-inbox' },
      ingressFilters: options.ingressFilters,
    };
    const logLines: string[] = [];
    const metricLines: string[] = [];
    const now = () => RECEIVED_AT;
    const handler = createIngressHandler({
      config,
      secrets: new SecretsManagerSecretSource({ client: secretsManager.client(), secretArn: SECRET_ARN, ttlSeconds: 300, now }),
      queue: new SqsQueueSender(createSqsClient({ ...TEST_AWS, endpoint: fauxqs.endpoint }), config.queueUrl),
      log: new AuditLog('ingress', (line) => logLines.push(line), now),
      now,
      metrics: new Metrics(config.metrics, (line) => metricLines.push(line), now),
    });
    return { handler, queueUrl: pair.queueUrl, logLines, metricLines };
  }

  return {
    get secretsManager() { return secretsManager; },
    ingress,
    drain: (queueUrl) => drainQueue(sqs, queueUrl),
  };
}
