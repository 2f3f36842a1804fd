/*
 * The ingress handler through the real SQS client against fauxqs and the loopback Secrets
 * Manager: what is answered, stored and logged for signed, duplicate, forged, rejected and
 * filtered webhooks, and when SQS or the secret cannot be reached.
 */
import { createSqsClient, SqsQueueSender } from '../../../lambda/aws/queue-sender';
import { SecretsManagerSecretSource } from '../../../lambda/aws/secret-source';
import { createIngressHandler } from '../../../lambda/ingress/ingress-handler';
import { AuditLog } from '../../../src/runtime/observability/audit-log';
import { metricValues } from '../../support/emf-lines';
import { freePort, TEST_AWS } from '../../support/emulators';
import {
  BODY, expectNoSensitiveText, RECEIVED_AT, SECRET, SECRET_ARN, signature, useIngressRig, webhookEvent,
} from '../../support/ingress-harness';

const rig = useIngressRig();
const { ingress, drain } = rig;

describe('ingress handler through the real SQS client against fauxqs', () => {
  test('a signed webhook is answered 200 with its eventId after exactly one message is stored', async () => {
    // Prepare
    const { handler, queueUrl, logLines, metricLines } = await ingress();

    // Act
    const response = await handler(webhookEvent(BODY));

    // Assess
    expect(response.statusCode).toBe(200);
    // Requests and enqueues are API Gateway's and SQS's own metrics: an accepted webhook publishes no custom metric.
    expect(metricLines).toEqual([]);
    expect(JSON.parse(response.body)).toEqual({ eventId: 'evt_1001' });
    expect(response.headers).toMatchObject({ 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    const messages = await drain(queueUrl);
    expect(messages).toHaveLength(1);
    expect(messages[0].Body).toBe(BODY);
    expect(messages[0].Attributes).toMatchObject({ MessageGroupId: 'conv-42', MessageDeduplicationId: 'evt_1001' });
    expect(messages[0].MessageAttributes).toEqual({
      eventId: { DataType: 'String', StringValue: 'evt_1001' },
      receivedAt: { DataType: 'Number', StringValue: String(RECEIVED_AT) },
      // The verified signature header, for the archive (tamper evidence).
      signedHeaders: { DataType: 'String', StringValue: JSON.stringify({ 'x-signature': signature(BODY) }) },
    });
    // The one line billed on every webhook: what the on-call needs, nothing implied by "accepted".
    expect(logLines.map((line) => JSON.parse(line))).toEqual([{
      timestamp: new Date(RECEIVED_AT).toISOString(),
      level: 'INFO',
      component: 'ingress',
      message: 'webhook accepted',
      eventId: 'evt_1001',
      messageGroupId: 'conv-42',
      bodyBytes: Buffer.byteLength(BODY),
      durationMs: 0,
      requestId: expect.any(String),
    }]);
    expectNoSensitiveText(logLines, 'private-note-text', SECRET, signature(BODY).slice(7));
  });

  test('the same delivery twice is answered 200 twice and stored once', async () => {
    // Prepare
    const { handler, queueUrl } = await ingress();

    // Act
    const first = await handler(webhookEvent(BODY));
    const second = await handler(webhookEvent(BODY));

    // Assess
    expect([first.statusCode, second.statusCode]).toEqual([200, 200]);
    expect(second.body).toBe(first.body);
    expect(await drain(queueUrl)).toHaveLength(1);
  });

  test('a bad signature is answered 401, nothing is queued, and the secret is re-read once at most', async () => {
    // Prepare
    const { handler, queueUrl, logLines, metricLines } = await ingress();
    const forged = signature(BODY, 'attacker-key');
    const readsBefore = rig.secretsManager.requests.length;

    // Act
    const responses = await Promise.all([1, 2, 3].map(() => handler(webhookEvent(BODY, { 'X-Signature': forged }))));
    const later = await handler(webhookEvent(BODY, { 'X-Signature': forged }));

    // Assess
    expect([...responses, later].map((r) => [r.statusCode, r.body])).toEqual(
      Array.from({ length: 4 }, () => [401, '{"message":"Unauthorized"}']),
    );
    expect(await drain(queueUrl)).toEqual([]);
    // one shared read of AWSCURRENT + AWSPREVIOUS for this handler's cache, then ONE re-read for the
    // first mismatch (a rotation may have happened); the later failures within 30 s read nothing
    expect(rig.secretsManager.requests.length - readsBefore).toBe(4);
    expect(logLines.map((line) => JSON.parse(line).reason)).toEqual(Array.from({ length: 4 }, () => 'signature_mismatch'));
    expectNoSensitiveText(logLines, 'private-note-text', SECRET, forged.slice(7));
    // 4xx answers are API Gateway's 4XXError; the reason is on each audit line, not a metric dimension.
    expect(metricLines).toEqual([]);
  });

  test('a queue that does not exist is answered 503 with Retry-After, and nothing is queued', async () => {
    // Prepare
    const { queueUrl: realQueueUrl } = await ingress();
    const missingQueueUrl = realQueueUrl.replace(/ingress-[^/]*\.fifo$/, 'no-such-queue.fifo');
    const { handler, logLines, metricLines } = await ingress({ queueUrl: missingQueueUrl });

    // Act
    const response = await handler(webhookEvent(BODY));

    // Assess
    expect(response.statusCode).toBe(503);
    expect(response.headers).toMatchObject({ 'Retry-After': '5' });
    expect(JSON.parse(response.body)).toEqual({ message: 'Temporarily unable to accept the webhook; retry later' });
    expect(await drain(realQueueUrl)).toEqual([]);
    const [line] = logLines.map((text) => JSON.parse(text));
    expect(line).toMatchObject({ level: 'ERROR', reason: 'enqueue_failed', statusCode: 503, eventId: 'evt_1001', retryAfterSeconds: 5 });
    expect(line.errorClass).toMatch(/QueueDoesNotExist|NonExistentQueue/);
    expectNoSensitiveText(logLines, 'private-note-text', SECRET, signature(BODY).slice(7), missingQueueUrl);
    // A 503 is API Gateway's 5XXError (the ServerErrorRate alarm): no custom metric.
    expect(metricLines).toEqual([]);
  });

  test('an SQS endpoint that refuses connections is answered 503 with Retry-After', async () => {
    // Prepare
    const closedPort = await freePort();
    const logLines: string[] = [];
    const { queueUrl } = await ingress();
    const handler = createIngressHandler({
      config: {
        queueUrl: `http://127.0.0.1:${closedPort}/000000000000/x.fifo`,
        maxBodyBytes: 1024,
        eventIdHeaders: [],
        requiredJsonPointers: [],
        secretCacheTtlSeconds: 60,
        authentication: { scheme: 'hmac', secretArn: SECRET_ARN, headers: ['x-signature'], algorithm: 'sha256', encoding: 'hex', prefix: 'sha256=', toleranceSeconds: 0 },
      },
      secrets: new SecretsManagerSecretSource({ client: rig.secretsManager.client(), secretArn: SECRET_ARN, ttlSeconds: 60 }),
      queue: new SqsQueueSender(createSqsClient({ ...TEST_AWS, endpoint: `http://127.0.0.1:${closedPort}` }), `http://127.0.0.1:${closedPort}/000000000000/x.fifo`),
      log: new AuditLog('ingress', (line) => logLines.push(line)),
      now: Date.now,
    });

    // Act
    const response = await handler(webhookEvent(BODY));

    // Assess
    expect(response.statusCode).toBe(503);
    expect(response.headers).toMatchObject({ 'Retry-After': '5' });
    expect(await drain(queueUrl)).toEqual([]);
    expect(JSON.parse(logLines[0])).toMatchObject({ reason: 'enqueue_failed', statusCode: 503 });
  });

  test('an unreadable secret is answered 503 with Retry-After, not 401', async () => {
    // Prepare
    const { handler, queueUrl, logLines, metricLines } = await ingress();
    rig.secretsManager.failWithStatus = 500;

    // Act
    const response = await handler(webhookEvent(BODY)).finally(() => {
      rig.secretsManager.failWithStatus = undefined;
    });

    // Assess
    expect(response.statusCode).toBe(503);
    expect(response.headers).toMatchObject({ 'Retry-After': '5' });
    expect(await drain(queueUrl)).toEqual([]);
    expect(JSON.parse(logLines[0])).toMatchObject({ reason: 'secret_unavailable', errorClass: 'InternalServiceError', statusCode: 503 });
    expect(metricLines).toEqual([]);
  });

  test.each([
    ['413', { body: 'x'.repeat(300 * 1024) }, 413, 'body_too_large'],
    ['415', { headers: { 'Content-Type': 'text/plain' } }, 415, 'unsupported_content_type'],
    ['400', { body: '[1,2]' }, 400, 'body_not_object'],
  ])('a %s rejection enqueues nothing and logs one line with its reason', async (
    _name, change: { body?: string; headers?: Record<string, string> }, status, reason,
  ) => {
    // Prepare
    const { handler, queueUrl, logLines, metricLines } = await ingress();
    const body = change.body ?? BODY;

    // Act
    const response = await handler(webhookEvent(body, change.headers));

    // Assess
    expect(response.statusCode).toBe(status);
    expect(await drain(queueUrl)).toEqual([]);
    expect(logLines).toHaveLength(1);
    expect(JSON.parse(logLines[0])).toMatchObject({ level: 'WARN', statusCode: status, requestId: 'req-1', reason });
    expectNoSensitiveText(logLines, 'private-note-text', SECRET, signature(body).slice(7));
    expect(metricLines).toEqual([]);
  });
});

describe('ingress filters through the real SQS client against fauxqs', () => {
  const TYPE_FILTER = [{ pointer: '/type', acceptedValues: ['conversation.created', 'customer.message'] }];
  const UNWANTED = JSON.stringify({ id: 'evt_2001', type: 'conversation.closed', conversation: { id: 'conv-42' }, note: 'private-note-text' });
  const WANTED = JSON.stringify({ id: 'evt_2002', type: 'customer.message', conversation: { id: 'conv-42' } });

  test('a verified webhook the filter leaves out is answered 200, never queued, counted once as Filtered and logged once at INFO', async () => {
    // Prepare
    const { handler, queueUrl, logLines, metricLines } = await ingress({ ingressFilters: TYPE_FILTER });

    // Act
    const response = await handler(webhookEvent(UNWANTED));

    // Assess
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ filtered: true });
    expect(await drain(queueUrl)).toEqual([]);
    expect(metricValues(metricLines)).toEqual([{ Pipeline: 'support-inbox', Filtered: 1 }]);
    expect(logLines.map((line) => JSON.parse(line))).toEqual([{
      timestamp: new Date(RECEIVED_AT).toISOString(),
      level: 'INFO',
      component: 'ingress',
      message: 'webhook filtered',
      eventId: 'evt_2001',
      reason: 'filter_value_not_accepted',
      filterPointer: '/type',
      statusCode: 200,
      bodyBytes: Buffer.byteLength(UNWANTED),
      durationMs: 0,
      requestId: 'req-1',
    }]);
    // The field's value comes from the body: it is not logged.
    expectNoSensitiveText(logLines, 'conversation.closed', 'private-note-text', SECRET);
  });

  test('a webhook the filter accepts is queued as without filters (negative control)', async () => {
    // Prepare
    const { handler, queueUrl, metricLines } = await ingress({ ingressFilters: TYPE_FILTER });

    // Act
    const response = await handler(webhookEvent(WANTED));

    // Assess
    expect(JSON.parse(response.body)).toEqual({ eventId: 'evt_2002' });
    expect((await drain(queueUrl)).map((message) => message.Body)).toEqual([WANTED]);
    expect(metricLines).toEqual([]);
  });

  test('the same unwanted webhook without filters is queued (the filter is what keeps it out)', async () => {
    const { handler, queueUrl } = await ingress();
    expect((await handler(webhookEvent(UNWANTED))).statusCode).toBe(200);
    expect(await drain(queueUrl)).toHaveLength(1);
  });

  test('a forged webhook the filter would leave out is still 401: the signature is checked first', async () => {
    // Prepare
    const { handler, queueUrl, logLines, metricLines } = await ingress({ ingressFilters: TYPE_FILTER });

    // Act
    const response = await handler(webhookEvent(UNWANTED, { 'X-Signature': signature(UNWANTED, 'attacker-key') }));

    // Assess
    expect(response.statusCode).toBe(401);
    expect(await drain(queueUrl)).toEqual([]);
    expect(metricLines).toEqual([]);
    expect(logLines.map((line) => JSON.parse(line).message)).toEqual(['webhook rejected']);
  });

  test('a body without the filtered field is left out with reason filter_field_missing', async () => {
    const { handler, queueUrl, logLines } = await ingress({ ingressFilters: [{ pointer: '/channel', acceptedValues: ['email'] }] });
    expect((await handler(webhookEvent(WANTED))).statusCode).toBe(200);
    expect(await drain(queueUrl)).toEqual([]);
    expect(JSON.parse(logLines[0])).toMatchObject({ message: 'webhook filtered', reason: 'filter_field_missing', filterPointer: '/channel' });
  });
});
