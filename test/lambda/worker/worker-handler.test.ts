import { randomUUID } from 'node:crypto';
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import {
  DeleteMessageCommand, GetQueueAttributesCommand, Message, ReceiveMessageCommand, SendMessageCommand, SQSClient,
} from '@aws-sdk/client-sqs';
import { lambdaContext, toSqsEvent } from './sqs-event';
import { AuditLog } from '../../../lambda/core/audit-log';
import { Metrics } from '../../../lambda/core/metrics';
import { METRICS_NAMESPACE, ProcessorRequestPayload } from '../../../src/contract';
import { DynamoIdempotencyStore } from '../../../src/runtime/aws/idempotency-store';
import { MessageVisibility, SqsMessageVisibility, VisibilityChange } from '../../../src/runtime/aws/message-visibility';
import { ProcessorOutcome } from '../../../src/runtime/core/processor-outcome';
import { createWorkerHandler } from '../../../src/runtime/worker/worker-handler';
import {
  createFifoQueueWithDlq, createStateTable, dynamoClient, RunningEmulator, sqsClient, startDynalite, startFauxqs,
} from '../../support/emulators';

const TABLE = 'worker-state';
const TTL_SECONDS = 3600;
/** The receivedAt attribute of every message send() puts on the queue. */
const RECEIVED_AT = 1795000000000;
/** Put in every body: no log line may contain it. */
const BODY_MARKER = 'PRIVATE-BODY-CONTENT';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('worker handler through the real SDK against dynalite and fauxqs', () => {
  let dynalite: RunningEmulator;
  let fauxqs: RunningEmulator;
  let dynamo: DynamoDBClient;
  let sqs: SQSClient;

  beforeAll(async () => {
    [dynalite, fauxqs] = await Promise.all([startDynalite(), startFauxqs()]);
    dynamo = dynamoClient(dynalite.endpoint);
    sqs = sqsClient(fauxqs.endpoint);
    await createStateTable(dynamo, TABLE);
  });
  afterAll(async () => {
    dynamo?.destroy();
    sqs?.destroy();
    await Promise.all([dynalite?.stop(), fauxqs?.stop()]);
  });

  interface Queue {
    readonly url: string;
    readonly arn: string;
  }

  async function newQueue(visibilityTimeoutSeconds = 30): Promise<Queue> {
    const { queueUrl } = await createFifoQueueWithDlq(sqs, `w-${randomUUID().slice(0, 8)}`, { visibilityTimeoutSeconds, maxReceiveCount: 10 });
    const arn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
    return { url: queueUrl, arn };
  }

  async function send(queue: Queue, eventId: string, messageGroupId: string, dedupId: string = randomUUID()): Promise<void> {
    await sqs.send(new SendMessageCommand({
      QueueUrl: queue.url,
      MessageBody: JSON.stringify({ eventId, note: BODY_MARKER }),
      MessageGroupId: messageGroupId,
      MessageDeduplicationId: dedupId,
      MessageAttributes: {
        eventId: { DataType: 'String', StringValue: eventId },
        receivedAt: { DataType: 'Number', StringValue: String(RECEIVED_AT) },
      },
    }));
  }

  async function receive(queue: Queue, waitTimeSeconds = 0): Promise<Message[]> {
    const output = await sqs.send(new ReceiveMessageCommand({
      QueueUrl: queue.url,
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: waitTimeSeconds,
      MessageSystemAttributeNames: ['All'],
      MessageAttributeNames: ['All'],
    }));
    return output.Messages ?? [];
  }

  /**
   * fauxqs hands out one message per group per receive (SQS hands out up to 10 of a group, in
   * order), so a multi-record batch of one group is collected by receiving and deleting, then
   * ordered by sequence number. Receipt handles of such records are no longer valid.
   */
  async function collectInQueueOrder(queue: Queue, count: number): Promise<Message[]> {
    const collected: Message[] = [];
    while (collected.length < count) {
      const messages = await receive(queue);
      if (messages.length === 0) throw new Error(`queue drained after ${collected.length} of ${count} messages`);
      for (const message of messages) {
        collected.push(message);
        await sqs.send(new DeleteMessageCommand({ QueueUrl: queue.url, ReceiptHandle: message.ReceiptHandle! }));
      }
    }
    return collected.sort((a, b) => Number(BigInt(a.Attributes!.SequenceNumber!) - BigInt(b.Attributes!.SequenceNumber!)));
  }

  async function storedRecord(eventId: string) {
    const output = await dynamo.send(new GetItemCommand({ TableName: TABLE, Key: { pk: { S: `event#${eventId}` } }, ConsistentRead: true }));
    return output.Item;
  }

  function harness(queue: Queue, options: {
    outcome?: (request: ProcessorRequestPayload) => ProcessorOutcome;
    now?: () => number;
    visibility?: MessageVisibility;
  } = {}) {
    const calls: ProcessorRequestPayload[] = [];
    const lines: string[] = [];
    const metricLines: string[] = [];
    const handler = createWorkerHandler({
      store: new DynamoIdempotencyStore(dynamo, TABLE),
      processor: {
        process: async (request) => {
          calls.push(request);
          return options.outcome?.(request) ?? { kind: 'PROCESSED' };
        },
      },
      visibility: options.visibility ?? new SqsMessageVisibility(sqs, queue.url),
      log: new AuditLog('worker', (line) => lines.push(line)),
      idempotencyTtlSeconds: TTL_SECONDS,
      processorTimeoutMs: 1_000,
      now: options.now,
      metrics: new Metrics({ namespace: METRICS_NAMESPACE, pipeline: 'tickets' }, (line) => metricLines.push(line), options.now),
    });
    const logs = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    /** The values of each EMF line written so far (one per invocation here), without the _aws metadata. */
    const metrics = () => metricLines.map((line) => {
      const { _aws: _metadata, ...values } = JSON.parse(line) as Record<string, unknown>;
      return values;
    });
    return { handler, calls, lines, logs, metricLines, metrics };
  }

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
    await sqs.send(new DeleteMessageCommand({ QueueUrl: queue.url, ReceiptHandle: first.Records[0].receiptHandle }));
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
    await new DynamoIdempotencyStore(dynamo, TABLE).claim(eventId, {
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
    await new DynamoIdempotencyStore(dynamo, TABLE).claim(eventId, {
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

  test('once a record of a group fails, the later records of that group are failed unprocessed; other groups go on', async () => {
    // Prepare
    const queue = await newQueue();
    const run = randomUUID().slice(0, 8);
    const plan: Array<[string, string]> = [['e1', 'g1'], ['e2', 'g1'], ['e3', 'g1'], ['e4', 'g2'], ['e5', 'g1'], ['e6', 'g2']];
    for (const [eventId, group] of plan) await send(queue, `${run}-${eventId}`, `${run}-${group}`);
    const event = toSqsEvent(await collectInQueueOrder(queue, plan.length), queue.arn);
    const { handler, calls, lines, logs, metrics } = harness(queue, {
      outcome: (request) => (request.eventId === `${run}-e2` ? { kind: 'FAILED', errorClass: 'Boom' } : { kind: 'PROCESSED' }),
      now: () => RECEIVED_AT + 700,
    });
    const messageIdOf = (eventId: string) => event.Records.find((r) => r.messageAttributes.eventId.stringValue === `${run}-${eventId}`)!.messageId;

    // Act
    const response = await handler(event, lambdaContext());

    // Assess
    expect(event.Records.map((r) => r.messageAttributes.eventId.stringValue)).toEqual(plan.map(([e]) => `${run}-${e}`));
    expect(response.batchItemFailures).toEqual(['e2', 'e3', 'e5'].map((e) => ({ itemIdentifier: messageIdOf(e) })));
    expect(calls.map((c) => c.eventId).sort()).toEqual(['e1', 'e2', 'e4', 'e6'].map((e) => `${run}-${e}`));
    expect(calls.filter((c) => c.messageGroupId === `${run}-g2`).map((c) => c.eventId)).toEqual([`${run}-e4`, `${run}-e6`]);
    expect(await storedRecord(`${run}-e3`)).toBeUndefined();
    expect(await storedRecord(`${run}-e5`)).toBeUndefined();
    expect(logs().filter((l) => l.message === 'event skipped after group failure').map((l) => l.eventId).sort())
      .toEqual([`${run}-e3`, `${run}-e5`]);
    expect(lines.join('\n')).not.toContain(BODY_MARKER);
    // One line for the whole invocation: e1, e4, e6 processed; e2 failed; e3, e5 skipped.
    // A record returned to the queue keeps its SQS message id and reason.
    expect(logs().find((l) => l.message === 'event failed')).toMatchObject({ messageId: expect.any(String), reason: 'processor-failed' });
    // The events are 700 ms old: under a second, so no EventAge is written (the 2.5 s old event above has one).
    expect(metrics()).toEqual([{ Pipeline: 'tickets', EndToEndLatency: [700, 700, 700], Failed: 1, Skipped: 2 }]);
  });

  test('later records of a deferred group get the deferred record\'s delay', async () => {
    // Prepare
    const queue = await newQueue();
    const run = randomUUID().slice(0, 8);
    for (const [eventId, group] of [['a1', 'g1'], ['a2', 'g1'], ['b1', 'g2']]) await send(queue, `${run}-${eventId}`, `${run}-${group}`);
    const event = toSqsEvent(await collectInQueueOrder(queue, 3), queue.arn);
    const changes: VisibilityChange[] = [];
    const { handler, calls, metrics } = harness(queue, {
      outcome: (request) => (request.eventId === `${run}-a1` ? { kind: 'RETRY_LATER', retryAfterSeconds: 42 } : { kind: 'PROCESSED' }),
      visibility: { delay: async (batch) => { changes.push(...batch); return []; } },
    });

    // Act
    const response = await handler(event, lambdaContext());

    // Assess
    const [a1, a2] = event.Records;
    expect(response.batchItemFailures.map((f) => f.itemIdentifier)).toEqual([a1.messageId, a2.messageId]);
    expect(changes).toEqual([
      { messageId: a1.messageId, receiptHandle: a1.receiptHandle, visibilityTimeoutSeconds: 42 },
      { messageId: a2.messageId, receiptHandle: a2.receiptHandle, visibilityTimeoutSeconds: 42 },
    ]);
    expect(calls.map((c) => c.eventId)).toEqual([`${run}-a1`, `${run}-b1`]);
    expect(metrics()).toEqual([{ Pipeline: 'tickets', EventAge: expect.any(Number), RetriedLater: 1, Skipped: 1, EndToEndLatency: expect.any(Number) }]);
  });

  test('RETRY_LATER delays the message by its visibility instead of sleeping and records RetryLater', async () => {
    // Prepare
    const queue = await newQueue(30);
    const eventId = `evt-${randomUUID()}`;
    const { handler, calls, metrics } = harness(queue, { outcome: () => ({ kind: 'RETRY_LATER', retryAfterSeconds: 2 }) });
    await send(queue, eventId, 'ticket-5');
    const event = toSqsEvent(await receive(queue), queue.arn);

    // Act
    const started = Date.now();
    const response = await handler(event, lambdaContext());
    const handlerMs = Date.now() - started;
    const rightAfter = await receive(queue);
    await sleep(2_300);
    const later = await receive(queue, 2);

    // Assess
    expect(handlerMs).toBeLessThan(1_500);
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: event.Records[0].messageId }]);
    expect(calls).toHaveLength(1);
    expect(rightAfter).toEqual([]);
    expect(later.map((m) => m.MessageId)).toEqual([event.Records[0].messageId]);
    expect(await storedRecord(eventId)).toMatchObject({ status: { S: 'FAILED' }, lastErrorClass: { S: 'RetryLater' }, attempts: { N: '1' } });
    expect(metrics()).toEqual([{ Pipeline: 'tickets', EventAge: expect.any(Number), RetriedLater: 1 }]);
  });

  test.each([
    ['expired (TTL deletes lazily): processed again', -1, 1],
    ['live: a duplicate', 60, 0],
  ])('a COMPLETED record whose TTL is %s', async (_name, ttlOffsetSeconds, expectedCalls) => {
    // Prepare
    const queue = await newQueue();
    const eventId = `evt-${randomUUID()}`;
    const t0 = 1_800_000_000_000;
    await dynamo.send(new PutItemCommand({
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
    await sqs.send(new SendMessageCommand({
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
      store: new DynamoIdempotencyStore(dynamo, TABLE),
      processor: { process: async () => ({ kind: 'PROCESSED' }) },
      visibility: new SqsMessageVisibility(sqs, queue.url),
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
