/*
 * createWorker (lib/runtime, the in-process mode) through the real SDK against dynalite and
 * fauxqs: the same claim, outcomes, partial batch, visibility delays, metrics and remaining-time
 * rule as the bundled worker, with the user's function called in the same process.
 */
import { randomUUID } from 'node:crypto';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { Message, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { METRICS_NAMESPACE, ProcessorRequestPayload, RECORD_ATTRIBUTE, WORKER_CONFIG_ENV, WorkerRuntimeConfig } from '../../src/contract';
import { createWorker, ProcessEvent } from '../../src/runtime';
import { lambdaContext, toSqsEvent } from '../lambda/worker/sqs-event';
import { BODY_MARKER, Queue, RECEIVED_AT, useWorkerRig } from '../support/worker-harness';

const TABLE = 'in-process-state';
const KEY_PREFIX = 'event#inproc#';

describe('createWorker against dynalite and fauxqs', () => {
  const rig = useWorkerRig(TABLE);

  /** One group per event: fauxqs hands out one message per group per receive. */
  async function sendAndReceive(queue: Queue, eventIds: readonly string[]): Promise<Message[]> {
    for (const [index, eventId] of eventIds.entries()) await rig.send(queue, eventId, `ticket-${index}`);
    return rig.receive(queue);
  }

  async function status(eventId: string): Promise<string | undefined> {
    const output = await rig.dynamo.send(new GetItemCommand({
      TableName: TABLE, Key: { [RECORD_ATTRIBUTE.key]: { S: KEY_PREFIX + eventId } }, ConsistentRead: true,
    }));
    return output.Item?.[RECORD_ATTRIBUTE.status]?.S;
  }

  function configFor(queueUrl: string): WorkerRuntimeConfig {
    return {
      tableName: TABLE,
      queueUrl,
      metrics: { namespace: METRICS_NAMESPACE, pipeline: 'in-process' },
      idempotencyTtlSeconds: 3600,
      processorTimeoutMs: 1_000,
      groupConcurrency: 10,
      eventKeyPrefix: KEY_PREFIX,
    };
  }

  function worker(queueUrl: string, process: ProcessEvent) {
    const lines: string[] = [];
    const handler = createWorker({
      process,
      config: configFor(queueUrl),
      dynamoDbClient: rig.dynamo,
      sqsClient: rig.sqs,
      writeLine: (line) => lines.push(line),
      now: () => RECEIVED_AT + 1_500,
    });
    const parsed = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const logs = () => parsed().filter((l) => l.message !== undefined);
    return { handler, lines, logs, metrics: () => parsed().filter((l) => l._aws !== undefined) };
  }

  test('each outcome of an in-process function: returned nothing, RETRY_LATER, thrown, an answer it may not give', async () => {
    // Prepare
    const queue = await rig.newQueue();
    const ids = ['done', 'later', 'thrown', 'invalid'].map((kind) => `${kind}-${randomUUID()}`);
    const calls: ProcessorRequestPayload[] = [];
    const { handler, lines, logs, metrics } = worker(queue.url, async (event) => {
      calls.push(event);
      const kind = event.eventId.split('-')[0];
      if (kind === 'later') return { outcome: 'RETRY_LATER', retryAfterSeconds: 120 };
      if (kind === 'thrown') throw new TypeError(`cannot handle ${BODY_MARKER}`);
      if (kind === 'invalid') return { outcome: 'MAYBE' } as never;
      return undefined;
    });
    const messages = await sendAndReceive(queue, ids);
    const event = toSqsEvent(messages, queue.arn);
    const messageIdOf = (eventId: string) => event.Records.find((r) => r.messageAttributes.eventId.stringValue === eventId)!.messageId;

    // Act
    const response = await handler(event, lambdaContext());
    const firstLogs = logs();
    const redelivered = await handler(toSqsEvent(messages.filter((m) => m.Body!.includes(ids[0])), queue.arn), lambdaContext());

    // Assess
    expect(messages).toHaveLength(4);
    expect(calls.map((c) => c.eventId).sort()).toEqual([...ids].sort());
    expect(calls.find((c) => c.eventId === ids[0])).toEqual({
      eventId: ids[0],
      messageGroupId: expect.stringMatching(/^ticket-/),
      attempt: 1,
      receivedAt: new Date(RECEIVED_AT).toISOString(),
      payload: { eventId: ids[0], note: BODY_MARKER },
    });
    expect(response.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual([ids[1], ids[2], ids[3]].map(messageIdOf).sort());
    expect(await Promise.all(ids.map(status))).toEqual(['COMPLETED', 'FAILED', 'FAILED', 'FAILED']);
    // Each ending's line: a done record's message says how it ended (no reason field), a retried one names its reason.
    const endings = Object.fromEntries(firstLogs.filter((l) => l.message !== 'event claimed').map((l) => [l.eventId, [l.reason ?? l.message, l.errorClass]]));
    expect(endings).toEqual({
      [ids[0]]: ['event processed', undefined],
      [ids[1]]: ['retry-later', 'RetryLater'],
      [ids[2]]: ['processor-failed', 'TypeError'],
      [ids[3]]: ['processor-failed', 'InvalidProcessorResponse'],
    });
    // The redelivery of the completed event is a duplicate: the function is not called again.
    expect(redelivered.batchItemFailures).toEqual([]);
    expect(calls.filter((c) => c.eventId === ids[0])).toHaveLength(1);
    // A processed event is EndToEndLatency's one value (no Processed count: that is the metric's SampleCount).
    expect(metrics()[0]).toMatchObject({ Pipeline: 'in-process', RetriedLater: 1, Failed: 2, EndToEndLatency: 1_500 });
    expect(metrics()[1]).toMatchObject({ Duplicate: 1 });
    expect(lines.join('\n')).not.toContain(BODY_MARKER);
    // RETRY_LATER pushed that message out by 120 s: it is not delivered again now; the failed ones come back after the visibility timeout.
    const later = await rig.sqs.send(new ReceiveMessageCommand({ QueueUrl: queue.url, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'], VisibilityTimeout: 0 }));
    expect((later.Messages ?? []).map((m) => m.MessageAttributes?.eventId?.StringValue)).not.toContain(ids[1]);
  });

  test('the remaining-time rule: with less than the per-record need left, nothing is claimed and the function is not called', async () => {
    // Prepare
    const queue = await rig.newQueue();
    const eventId = `short-${randomUUID()}`;
    const calls: string[] = [];
    const { handler, logs } = worker(queue.url, async (event) => { calls.push(event.eventId); });
    const event = toSqsEvent(await sendAndReceive(queue, [eventId]), queue.arn);

    // Act
    const short = await handler(event, lambdaContext(1_500));
    const enough = await handler(event, lambdaContext(30_000));

    // Assess
    expect(short.batchItemFailures).toEqual([{ itemIdentifier: event.Records[0].messageId }]);
    expect(logs().find((l) => l.reason === 'worker-time-exhausted')).toMatchObject({ eventId, remainingMs: 1_500 });
    // Negative control: the same record with enough time left runs.
    expect(enough.batchItemFailures).toEqual([]);
    expect(calls).toEqual([eventId]);
  });

  test('reads its configuration from ACK_FAST_WORKER_CONFIG, and says what is wrong when it is missing', async () => {
    // Prepare
    const queue = await rig.newQueue();
    const eventId = `env-${randomUUID()}`;
    const saved = process.env[WORKER_CONFIG_ENV];
    const calls: string[] = [];
    try {
      delete process.env[WORKER_CONFIG_ENV];
      // Act + Assess
      expect(() => createWorker({ process: async () => undefined })).toThrow(/ACK_FAST_WORKER_CONFIG is not set/);
      expect(() => createWorker({} as never)).toThrow(/needs a `process` function/);
      process.env[WORKER_CONFIG_ENV] = JSON.stringify(configFor(queue.url));
      const handler = createWorker({
        process: async (event) => { calls.push(event.eventId); }, dynamoDbClient: rig.dynamo, sqsClient: rig.sqs, writeLine: () => undefined,
      });
      const response = await handler(toSqsEvent(await sendAndReceive(queue, [eventId]), queue.arn), lambdaContext());
      expect(response.batchItemFailures).toEqual([]);
      expect(calls).toEqual([eventId]);
      expect(await status(eventId)).toBe('COMPLETED');
    } finally {
      if (saved === undefined) delete process.env[WORKER_CONFIG_ENV];
      else process.env[WORKER_CONFIG_ENV] = saved;
    }
  });
});
