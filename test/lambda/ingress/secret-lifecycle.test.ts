/*
 * The signing secret's lifecycle as the sender sees it, through the ingress handler and the
 * real Secrets Manager client against the loopback fake: a rotation inside the cache TTL, the
 * previous secret's grace window, a Secrets Manager outage, and forged requests that must not
 * turn into Secrets Manager load.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { SecretSource, SecretsManagerSecretSource } from '../../../lambda/aws/secret-source';
import { createIngressHandler } from '../../../lambda/ingress/ingress-handler';
import { LocalSecretsManager, startLocalSecretsManager } from '../../../local/secrets-manager-fake';
import { METRICS_NAMESPACE } from '../../../src/contract';
import { AuditLog } from '../../../src/runtime/observability/audit-log';
import { Metrics } from '../../../src/runtime/observability/metrics';
import { hexHmacIngressConfig } from '../../support/ingress-runtime-config';
import { RecordingQueue } from '../../support/recording-queue';

const SECRET_ARN = 'arn:aws:secretsmanager:us-east-2:000000000000:secret:richpanel-token-AbCdEf';
const OLD_TOKEN = 'rp-token-before-rotation';
const NEW_TOKEN = 'rp-token-after-rotation';
const HOUR_MS = 3_600_000;
const BODY = JSON.stringify({ event: 'customer.message', ticket: { id: 'T-1' } });

const CONFIG = hexHmacIngressConfig({
  authentication: {
    scheme: 'shared-token', secretArn: SECRET_ARN, headers: ['x-richpanel-webhook-token'], algorithm: 'sha256', encoding: 'hex', prefix: '', toleranceSeconds: 0,
  },
  messageGroupIdJsonPointer: '/ticket/id',
  secretCacheTtlSeconds: 300,
  metrics: { namespace: METRICS_NAMESPACE, pipeline: 'rp-mw' },
});

function webhook(token: string): APIGatewayProxyEvent {
  return {
    headers: { 'Content-Type': 'application/json', 'X-Richpanel-Webhook-Token': token },
    body: BODY,
    isBase64Encoded: false,
    requestContext: { requestId: 'req' },
  } as unknown as APIGatewayProxyEvent;
}

describe('ingress: the signing secret through rotation, grace window and outage', () => {
  let fake: LocalSecretsManager;
  let clock: number;
  const now = () => clock;

  beforeEach(async () => {
    clock = Date.parse('2026-12-01T12:00:00Z');
    fake = await startLocalSecretsManager(SECRET_ARN, { AWSCURRENT: OLD_TOKEN });
    fake.createdDates.AWSCURRENT = clock - 90 * 24 * HOUR_MS;
  });

  afterEach(async () => {
    await fake.stop();
  });

  function ingress(options: { source?: (source: SecretsManagerSecretSource) => SecretSource } = {}) {
    const queue = new RecordingQueue();
    const logLines: string[] = [];
    const metricLines: string[] = [];
    const real = new SecretsManagerSecretSource({
      client: fake.client(), secretArn: SECRET_ARN, ttlSeconds: CONFIG.secretCacheTtlSeconds, previousGraceSeconds: 24 * 3600, now,
    });
    const handler = createIngressHandler({
      config: CONFIG,
      secrets: options.source?.(real) ?? real,
      queue,
      log: new AuditLog('ingress', (line) => logLines.push(line), now),
      now,
      metrics: new Metrics(CONFIG.metrics, (line) => metricLines.push(line), now),
    });
    const counted = (name: string) => metricLines.map((line) => JSON.parse(line)[name] ?? 0).reduce((a: number, b: number) => a + b, 0);
    return { handler, queue, logLines, counted };
  }

  test('a rotation inside the cache TTL: the first request with the new token is accepted after one re-read', async () => {
    // Prepare
    const { handler, queue, logLines, counted } = ingress();
    expect((await handler(webhook(OLD_TOKEN))).statusCode).toBe(200);
    fake.rotate(NEW_TOKEN, clock);
    clock += 10_000;

    // Act
    const response = await handler(webhook(NEW_TOKEN));

    // Assess
    expect(response.statusCode).toBe(200);
    expect(queue.sent).toHaveLength(2);
    expect(counted('SecretRefreshedAfterRejection')).toBe(1);
    expect(logLines.map((line) => JSON.parse(line).reason)).toContain('secret_rotated');
    for (const line of logLines) expect(line).not.toContain(NEW_TOKEN);
  });

  test('negative control: without the re-read, the same request is lost to a 401 until the TTL ends', async () => {
    // Prepare
    const { handler, queue } = ingress({
      source: (real) => ({ getSecrets: () => real.getSecrets(), refreshAfterRejection: async () => undefined }),
    });
    await handler(webhook(OLD_TOKEN));
    fake.rotate(NEW_TOKEN, clock);
    clock += 10_000;

    // Act
    const response = await handler(webhook(NEW_TOKEN));

    // Assess
    expect(response.statusCode).toBe(401);
    expect(queue.sent).toHaveLength(1);
  });

  test('forged tokens cost at most one Secrets Manager re-read per 30 s, and stay 401', async () => {
    // Prepare
    const { handler, queue } = ingress();
    await handler(webhook(OLD_TOKEN));
    const readsBefore = fake.requests.length;

    // Act
    const burst = await Promise.all(Array.from({ length: 20 }, (_, n) => handler(webhook(`forged-${n}`))));
    const readsAfterBurst = fake.requests.length;
    clock += 29_000;
    await handler(webhook('forged-late'));
    const readsWithin30s = fake.requests.length;
    clock += 1_000;
    await handler(webhook('forged-after-30s'));

    // Assess
    expect(burst.map((response) => response.statusCode)).toEqual(Array.from({ length: 20 }, () => 401));
    expect(queue.sent).toHaveLength(1);
    // one re-read = AWSCURRENT + AWSPREVIOUS
    expect(readsAfterBurst - readsBefore).toBe(2);
    expect(readsWithin30s).toBe(readsAfterBurst);
    expect(fake.requests.length - readsWithin30s).toBe(2);
  });

  test('the previous token is accepted inside the grace window, counted and logged by its label', async () => {
    // Prepare
    fake.rotate(NEW_TOKEN, clock - HOUR_MS);
    const { handler, queue, logLines, counted } = ingress();

    // Act
    const response = await handler(webhook(OLD_TOKEN));

    // Assess
    expect(response.statusCode).toBe(200);
    expect(queue.sent).toHaveLength(1);
    expect(counted('PreviousSecretAccepted')).toBe(1);
    expect(JSON.parse(logLines[0])).toMatchObject({ message: 'webhook accepted', secretVersion: 'AWSPREVIOUS' });
  });

  test('the previous token is rejected once the grace window has ended', async () => {
    // Prepare
    fake.rotate(NEW_TOKEN, clock - 25 * HOUR_MS);
    const { handler, queue, counted } = ingress();

    // Act
    const oldToken = await handler(webhook(OLD_TOKEN));
    const newToken = await handler(webhook(NEW_TOKEN));

    // Assess
    expect([oldToken.statusCode, newToken.statusCode]).toEqual([401, 200]);
    expect(queue.sent).toHaveLength(1);
    expect(counted('PreviousSecretAccepted')).toBe(0);
  });

  test('Secrets Manager down after the TTL: the last good token still verifies, counted as stale', async () => {
    // Prepare
    const { handler, queue, logLines, counted } = ingress();
    await handler(webhook(OLD_TOKEN));
    fake.failWithStatus = 500;
    clock += 301_000;

    // Act
    const response = await handler(webhook(OLD_TOKEN));

    // Assess
    expect(response.statusCode).toBe(200);
    expect(queue.sent).toHaveLength(2);
    expect(counted('StaleSecretUsed')).toBe(1);
    expect(logLines.map((line) => JSON.parse(line).reason)).toContain('secret_refresh_failed');
  });
});
