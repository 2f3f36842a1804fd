/*
 * The worker's time and concurrency rules through the real store on dynalite, with an injected
 * clock: records it cannot finish are returned unclaimed, groups run at most groupConcurrency at
 * a time, and an unknown Invoke outcome holds the event until no run of it can still be going.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Message } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { lambdaContext } from '../../../local/lambda-context';
import { toLambdaRecord } from '../../../local/sqs-event-source';
import { maxProcessorRunMs, ProcessorRequestPayload, WORKER_RECORD_NEED_MS } from '../../../src/contract';
import { DynamoIdempotencyStore } from '../../../src/runtime/aws/idempotency-store';
import { MessageVisibility, VisibilityChange } from '../../../src/runtime/aws/message-visibility';
import { ProcessorOutcome } from '../../../src/runtime/core/processor-outcome';
import { AuditLog } from '../../../src/runtime/observability/audit-log';
import { createWorkerHandler } from '../../../src/runtime/worker/worker-handler';
import { createStateTable, dynamoClient, RunningEmulator, startDynalite, TEST_AWS } from '../../support/emulators';
import { storedItem } from '../../support/state-records';

const TABLE = 'worker-time';
const PROCESSOR_TIMEOUT_MS = 1_000;
const T0 = 1_800_000_000_000;

class RecordingVisibility implements MessageVisibility {
  public readonly changes: VisibilityChange[] = [];
  public async delay(changes: readonly VisibilityChange[]): Promise<string[]> {
    this.changes.push(...changes);
    return [];
  }
}

function message(eventId: string, group: string): Message {
  return {
    MessageId: `m-${eventId}`,
    ReceiptHandle: `rh-${eventId}`,
    Body: JSON.stringify({ eventId }),
    Attributes: { MessageGroupId: group, SentTimestamp: String(T0), ApproximateReceiveCount: '1' },
    MessageAttributes: {
      eventId: { DataType: 'String', StringValue: eventId },
      receivedAt: { DataType: 'Number', StringValue: String(T0) },
    },
  };
}

function batch(...records: Array<[string, string]>): SQSEvent {
  return { Records: records.map(([eventId, group]) => toLambdaRecord(message(eventId, group), 'arn:aws:sqs:us-east-2:000000000000:q.fifo', TEST_AWS.region)) };
}

describe('worker time and concurrency rules', () => {
  let dynalite: RunningEmulator;
  let dynamo: DynamoDBClient;

  beforeAll(async () => {
    dynalite = await startDynalite();
    dynamo = dynamoClient(dynalite.endpoint);
    await createStateTable(dynamo, TABLE);
  });
  afterAll(async () => {
    dynamo?.destroy();
    await dynalite?.stop();
  });

  function worker(options: {
    now: () => number; process: (request: ProcessorRequestPayload) => Promise<ProcessorOutcome>; groupConcurrency?: number;
  }) {
    const visibility = new RecordingVisibility();
    const lines: string[] = [];
    const handler = createWorkerHandler({
      store: new DynamoIdempotencyStore(dynamo, TABLE),
      processor: { process: options.process },
      visibility,
      log: new AuditLog('worker', (line) => lines.push(line), options.now),
      idempotencyTtlSeconds: 3600,
      processorTimeoutMs: PROCESSOR_TIMEOUT_MS,
      groupConcurrency: options.groupConcurrency,
      now: options.now,
    });
    return { handler, visibility, lines };
  }

  const stored = (eventId: string) => storedItem(dynamo, TABLE, eventId);

  test('a record the time left cannot cover is returned unclaimed and visible at once; decided records stand', async () => {
    // Prepare: 20 s left, each processor call takes 6 s of it, one group at a time.
    let clock = T0;
    const id = randomUUID().slice(0, 8);
    const [a, b, c] = ['a', 'b', 'c'].map((name) => `evt-${name}-${id}`);
    const { handler, visibility, lines } = worker({
      now: () => clock,
      groupConcurrency: 1,
      process: async () => {
        clock += 6_000;
        return { kind: 'PROCESSED' };
      },
    });

    // Act
    const response = await handler(batch([a, 'ga'], [b, 'gb'], [c, 'gc']), lambdaContext('worker', 20_000, () => clock));

    // Assess: a (20 s left) and b (14 s left) ran; c had 8 s, less than 1 s + the worker's own need.
    expect(8_000).toBeLessThan(PROCESSOR_TIMEOUT_MS + WORKER_RECORD_NEED_MS);
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: `m-${c}` }]);
    expect(visibility.changes).toEqual([{ messageId: `m-${c}`, receiptHandle: `rh-${c}`, visibilityTimeoutSeconds: 0 }]);
    expect((await stored(a))?.status).toEqual({ S: 'COMPLETED' });
    expect((await stored(b))?.status).toEqual({ S: 'COMPLETED' });
    expect(await stored(c)).toBeUndefined();
    expect(lines.find((line) => line.includes(c))).toContain('"reason":"worker-time-exhausted"');
  });

  test.each([
    [1, 1],
    [3, 3],
    [undefined, 10],
  ])('with groupConcurrency %p, at most %d processor calls run at once', async (groupConcurrency, bound) => {
    // Prepare: 10 groups of one record; each call waits 250 ms of real time, long enough for every claim to land.
    let running = 0;
    let most = 0;
    const id = randomUUID().slice(0, 8);
    const { handler } = worker({
      now: () => T0,
      groupConcurrency,
      process: async () => {
        running += 1;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, 250));
        running -= 1;
        return { kind: 'PROCESSED' };
      },
    });
    const records = Array.from({ length: 10 }, (_, n) => [`evt-${n}-${id}`, `g${n}`] as [string, string]);

    // Act
    const response = await handler(batch(...records), lambdaContext('worker', 60_000, () => T0));

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(most).toBe(bound);
  });

  test('an unknown outcome holds the event until no run of that Invoke can be going; then a new claim is attempt 2', async () => {
    // Prepare
    let clock = T0;
    const eventId = `evt-unknown-${randomUUID().slice(0, 8)}`;
    const attempts: number[] = [];
    let answer: ProcessorOutcome = { kind: 'UNKNOWN', errorClass: 'TimeoutError' };
    const { handler, visibility, lines } = worker({
      now: () => clock,
      process: async (request) => {
        attempts.push(request.attempt);
        return answer;
      },
    });
    const context = () => lambdaContext('worker', 30_000, () => clock);

    // Act
    const first = await handler(batch([eventId, 'g']), context());
    const held = await stored(eventId);
    const during = await handler(batch([eventId, 'g']), context());
    clock += maxProcessorRunMs(PROCESSOR_TIMEOUT_MS) + 1;
    answer = { kind: 'PROCESSED' };
    const after = await handler(batch([eventId, 'g']), context());

    // Assess
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: `m-${eventId}` }]);
    expect(held).toMatchObject({
      status: { S: 'IN_PROGRESS' },
      leaseExpiresAt: { N: String(T0 + maxProcessorRunMs(PROCESSOR_TIMEOUT_MS)) },
      lastErrorClass: { S: 'TimeoutError' },
    });
    expect(visibility.changes[0].visibilityTimeoutSeconds).toBe(Math.ceil(maxProcessorRunMs(PROCESSOR_TIMEOUT_MS) / 1000));
    expect(lines.find((line) => line.includes('"event outcome unknown"'))).toContain('"reason":"processor-outcome-unknown"');
    expect(during.batchItemFailures).toHaveLength(1);
    expect(after.batchItemFailures).toEqual([]);
    expect(attempts).toEqual([1, 2]);
  });
});
