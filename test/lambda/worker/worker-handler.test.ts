/*
 * The worker handler through the real SDK against dynalite and fauxqs: one event at a time, its
 * idempotency record (duplicates, failures, leases, TTL), its audit lines and its metrics.
 * Batches of several records and the delays of RETRY_LATER are in worker-batch-failures.test.ts.
 */
import { randomUUID } from 'node:crypto';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DeleteMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { lambdaContext, toSqsEvent } from './sqs-event';
import { DynamoIdempotencyStore } from '../../../src/runtime/aws/idempotency-store';
import { SqsMessageVisibility } from '../../../src/runtime/aws/message-visibility';
import { AuditLog } from '../../../src/runtime/observability/audit-log';
import { Metrics } from '../../../src/runtime/observability/metrics';
import { createWorkerHandler } from '../../../src/runtime/worker/worker-handler';
import { BODY_MARKER, RECEIVED_AT, sleep, TTL_SECONDS, useWorkerRig } from '../../support/worker-harness';

const TABLE = 'worker-state';

describe('worker handler through the real SDK against dynalite and fauxqs', () => {
  const rig = useWorkerRig(TABLE);
  const { newQueue, send, receive, storedRecord, harness } = rig;

  test('duplicate deliveries of one event reach the processor once and are acknowledged', async () => {
    // Prepare
    const queue = await newQueue();
    const eventId = `evt-${randomUUID()}`;
    const { handler, calls, lines, logs, metricLines, metrics } = harness(queue, { now: () => RECEIVED_AT + 2_500 });
    await send(queue, eventId, 'ticket-1', 'delivery-1');
    const first = toSqsEvent(await receive(queue), queue.arn);
    // The provider sends the same event again, after SQS's 5-minute deduplication window.
    await send(queue, eventId, 'ticket-1', 'delivery-2');

    // Act
    const firstResponse = await handler(first, lambdaContext());
    await rig.sqs.send(new DeleteMessageCommand({ QueueUrl: queue.url, ReceiptHandle: first.Records[0].receiptHandle }));
    const second = toSqsEvent(await receive(queue), queue.arn);
    const secondResponse = await handler(second, lambdaContext());
    const redriveResponse = await handler(first, lambdaContext());

    // Assess
    expect(second.Records).toHaveLength(1);
    expect(second.Records[0].messageId).not.toBe(first.Records[0].messageId);
    expect(firstResponse.batchItemFailures).toEqual([]);
    expect(secondResponse.batchItemFailures).toEqual([]);
    expect(redriveResponse.batchItemFailures).toEqual([]);
    expect(calls.map((c) => c.eventId)).toEqual([eventId]);
    expect(calls[0]).toEqual({
      eventId,
      messageGroupId: 'ticket-1',
      attempt: 1,
      receivedAt: new Date(1795000000000).toISOString(),
      payload: { eventId, note: BODY_MARKER },
    });
    expect((await storedRecord(eventId))?.status).toEqual({ S: 'COMPLETED' });
    expect(logs().filter((l) => l.message === 'event duplicate').map((l) => l.eventId)).toEqual([eventId, eventId]);
    // At the default INFO level: one audit line per delivery (the claim and the batch's end are DEBUG detail).
    expect(logs().map((l) => [l.level, l.message])).toEqual([['INFO', 'event processed'], ['INFO', 'event duplicate'], ['INFO', 'event duplicate']]);
    // A done record's line is billed on every event: no SQS message id, no reason beside its message.
    for (const line of logs()) expect(Object.keys(line).filter((key) => key === 'messageId' || key === 'reason')).toEqual([]);
    expect(lines.join('\n')).not.toContain(BODY_MARKER);
    expect(JSON.parse(metricLines[0])).toEqual({
      _aws: {
        Timestamp: RECEIVED_AT + 2_500,
        CloudWatchMetrics: [{
          Namespace: 'AckFastWebhookPipeline',
          Dimensions: [['Pipeline']],
          Metrics: [{ Name: 'EventAge', Unit: 'Seconds' }, { Name: 'EndToEndLatency', Unit: 'Milliseconds' }],
        }],
      },
      Pipeline: 'tickets',
      // The oldest event of the invocation, in whole seconds since the ingress received it.
      EventAge: 2,
      EndToEndLatency: 2_500,
    });
    expect(metrics()).toEqual([
      { Pipeline: 'tickets', EventAge: 2, EndToEndLatency: 2_500 },
      { Pipeline: 'tickets', EventAge: 2, Duplicate: 1 },
      { Pipeline: 'tickets', EventAge: 2, Duplicate: 1 },
    ]);
    expect(metricLines.join('\n')).not.toContain(BODY_MARKER);
    expect(metricLines.join('\n')).not.toContain(eventId);
  });

  test('a processor failure is recorded, reported, and the redelivery retries and completes', async () => {
    // Prepare
    const queue = await newQueue(1);
    const eventId = `evt-${randomUUID()}`;
    let failNext = true;
    const { handler, calls, logs, metrics } = harness(queue, {
      outcome: () => {
        if (failNext) {
          failNext = false;
          return { kind: 'FAILED', errorClass: 'DownstreamTimeout' };
        }
        return { kind: 'PROCESSED' };
      },
    });
    await send(queue, eventId, 'ticket-2');
    const first = toSqsEvent(await receive(queue), queue.arn);

    // Act
    const firstResponse = await handler(first, lambdaContext());
    const afterFailure = await storedRecord(eventId);
    const redelivered = toSqsEvent(await receive(queue, 3), queue.arn);
    const secondResponse = await handler(redelivered, lambdaContext());

    // Assess
    expect(firstResponse.batchItemFailures).toEqual([{ itemIdentifier: first.Records[0].messageId }]);
    expect(afterFailure).toMatchObject({ status: { S: 'FAILED' }, attempts: { N: '1' }, lastErrorClass: { S: 'DownstreamTimeout' } });
    expect(afterFailure?.leaseOwner).toBeUndefined();
    expect(redelivered.Records.map((r) => r.messageId)).toEqual([first.Records[0].messageId]);
    expect(secondResponse.batchItemFailures).toEqual([]);
    expect(calls.map((c) => c.attempt)).toEqual([1, 2]);
    expect(await storedRecord(eventId)).toMatchObject({ status: { S: 'COMPLETED' }, attempts: { N: '2' } });
    expect(logs().find((l) => l.message === 'event failed')).toMatchObject({ eventId, attempt: 1, errorClass: 'DownstreamTimeout' });
    expect(metrics()).toEqual([
      { Pipeline: 'tickets', EventAge: expect.any(Number), Failed: 1 },
      { Pipeline: 'tickets', EventAge: expect.any(Number), EndToEndLatency: expect.any(Number) },
    ]);
  });

  test('an IN_PROGRESS record whose lease expired is reclaimed and processed', async () => {
    // Prepare
    const queue = await newQueue();
    const eventId = `evt-${randomUUID()}`;
    const t0 = 1_800_000_000_000;
    // A worker claimed the event and died; its lease ended with its invocation, 1 s later.
    await new DynamoIdempotencyStore(rig.dynamo, TABLE).claim(eventId, {
      leaseOwner: 'dead-invocation:m0', messageGroupId: 'ticket-3', nowMs: t0, leaseExpiresAt: t0 + 1_000, ttlSeconds: TTL_SECONDS,
    });
    const { handler, calls } = harness(queue, { now: () => t0 + 5_000 });
    await send(queue, eventId, 'ticket-3');
    const event = toSqsEvent(await receive(queue), queue.arn);

    // Act
    const response = await handler(event, lambdaContext());

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(calls.map((c) => [c.eventId, c.attempt])).toEqual([[eventId, 2]]);
    const item = await storedRecord(eventId);
    expect(item).toMatchObject({ status: { S: 'COMPLETED' }, attempts: { N: '2' }, completedAt: { N: String(t0 + 5_000) } });
    expect(item?.leaseOwner).toBeUndefined();
  });

  test('an event held by a live lease is not processed, is reported, and comes back when the lease ends', async () => {
    // Prepare
    const queue = await newQueue(30);
    const eventId = `evt-${randomUUID()}`;
    const t0 = Date.now();
    await new DynamoIdempotencyStore(rig.dynamo, TABLE).claim(eventId, {
      leaseOwner: 'other-invocation:m0', messageGroupId: 'ticket-4', nowMs: t0, leaseExpiresAt: t0 + 2_000, ttlSeconds: TTL_SECONDS,
    });
    const { handler, calls, logs, metrics } = harness(queue, { now: () => t0 });
    await send(queue, eventId, 'ticket-4');
    const event = toSqsEvent(await receive(queue), queue.arn);

    // Act
    const response = await handler(event, lambdaContext());
    const rightAfter = await receive(queue);
    await sleep(2_300);
    const afterLease = await receive(queue, 2);

    // Assess
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: event.Records[0].messageId }]);
    expect(calls).toEqual([]);
    expect(rightAfter).toEqual([]);
    // The queue's own timeout is 30 s: only the lease-length visibility change brings it back this soon.
    expect(afterLease.map((m) => m.MessageId)).toEqual([event.Records[0].messageId]);
    expect(await storedRecord(eventId)).toMatchObject({ status: { S: 'IN_PROGRESS' }, leaseOwner: { S: 'other-invocation:m0' }, attempts: { N: '1' } });
    expect(logs().find((l) => l.message === 'event deferred')).toMatchObject({ eventId, reason: 'live-lease', retryAfterSeconds: 2 });
    expect(metrics()).toEqual([{ Pipeline: 'tickets', EventAge: expect.any(Number), HeldByLease: 1 }]);
  });
  test.each([
    ['expired (TTL deletes lazily): processed again', -1, 1],
    ['live: a duplicate', 60, 0],
  ])('a COMPLETED record whose TTL is %s', async (_name, ttlOffsetSeconds, expectedCalls) => {
    // Prepare
    const queue = await newQueue();
    const eventId = `evt-${randomUUID()}`;
    const t0 = 1_800_000_000_000;
    await rig.dynamo.send(new PutItemCommand({
      TableName: TABLE,
      Item: {
        pk: { S: `event#${eventId}` },
        status: { S: 'COMPLETED' },
        attempts: { N: '1' },
        expiresAt: { N: String(t0 / 1000 + ttlOffsetSeconds) },
      },
    }));
    const { handler, calls } = harness(queue, { now: () => t0 });
    await send(queue, eventId, 'ticket-6');
    const event = toSqsEvent(await receive(queue), queue.arn);

    // Act
    const response = await handler(event, lambdaContext());

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(calls).toHaveLength(expectedCalls);
    expect((await storedRecord(eventId))?.expiresAt).toEqual({ N: String(t0 / 1000 + (expectedCalls ? TTL_SECONDS : ttlOffsetSeconds)) });
  });

  test('a record without a JSON body fails without claiming or logging the body', async () => {
    // Prepare
    const queue = await newQueue();
    const eventId = `evt-${randomUUID()}`;
    await rig.sqs.send(new SendMessageCommand({
      QueueUrl: queue.url,
      MessageBody: `not json ${BODY_MARKER}`,
      MessageGroupId: 'ticket-7',
      MessageDeduplicationId: randomUUID(),
      MessageAttributes: { eventId: { DataType: 'String', StringValue: eventId } },
    }));
    const event = toSqsEvent(await receive(queue), queue.arn);
    const { handler, calls, lines, metrics, metricLines } = harness(queue);

    // Act
    const response = await handler(event, lambdaContext());

    // Assess
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: event.Records[0].messageId }]);
    expect(calls).toEqual([]);
    expect(await storedRecord(eventId)).toBeUndefined();
    expect(lines.join('\n')).not.toContain(BODY_MARKER);
    // No receivedAt attribute: no age to report.
    expect(metrics()).toEqual([{ Pipeline: 'tickets', Failed: 1 }]);
    expect(metricLines.join('\n')).not.toContain(BODY_MARKER);
  });

  test('without a metrics configuration the worker writes no metric line', async () => {
    // Prepare
    const queue = await newQueue();
    await send(queue, `evt-${randomUUID()}`, 'ticket-8');
    const event = toSqsEvent(await receive(queue), queue.arn);
    const metricLines: string[] = [];
    const handler = createWorkerHandler({
      store: new DynamoIdempotencyStore(rig.dynamo, TABLE),
      processor: { process: async () => ({ kind: 'PROCESSED' }) },
      visibility: new SqsMessageVisibility(rig.sqs, queue.url),
      log: new AuditLog('worker', () => undefined),
      idempotencyTtlSeconds: TTL_SECONDS,
      processorTimeoutMs: 1_000,
      metrics: new Metrics(undefined, (line) => metricLines.push(line)),
    });

    // Act
    const response = await handler(event, lambdaContext());

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(metricLines).toEqual([]);
  });
});
