import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createFifoQueueWithDlq, RunningFauxqs, sqsClient, startFauxqs } from '../../local/emulators';
import { LocalWorkerHandler } from '../../local/handler-loader';
import { EventSource, RecordOutcome, startEventSource } from '../../local/sqs-event-source';
import { MESSAGE_ATTRIBUTE_EVENT_ID } from '../../src/contract';

describe('SQS FIFO event source on fauxqs', () => {
  let fauxqs: RunningFauxqs;
  let sqs: SQSClient;
  let source: EventSource | undefined;
  let queueCount = 0;

  beforeAll(async () => {
    fauxqs = await startFauxqs();
    sqs = sqsClient(fauxqs.endpoint);
  });
  afterEach(async () => {
    await source?.stop();
    source = undefined;
  });
  afterAll(async () => {
    sqs?.destroy();
    await fauxqs?.stop();
  });

  async function queueWith(messages: Array<{ eventId: string; group: string }>, visibilityTimeoutSeconds = 1) {
    const { queueUrl } = await createFifoQueueWithDlq(sqs, `source-${queueCount++}`, { visibilityTimeoutSeconds, maxReceiveCount: 5 });
    for (const { eventId, group } of messages) {
      await sqs.send(new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: '{}',
        MessageGroupId: group,
        MessageDeduplicationId: eventId,
        MessageAttributes: { [MESSAGE_ATTRIBUTE_EVENT_ID]: { DataType: 'String', StringValue: eventId } },
      }));
    }
    return queueUrl;
  }

  function run(queueUrl: string, worker: LocalWorkerHandler, outcomes: RecordOutcome[], options = { batchSize: 10, maxConcurrency: 2 }): void {
    source = startEventSource({
      sqs,
      queueUrl,
      queueArn: 'arn:aws:sqs:us-east-2:000000000000:q.fifo',
      region: 'us-east-2',
      reportBatchItemFailures: true,
      worker,
      workerTimeoutMs: 500,
      now: Date.now,
      onRecords: (batch) => outcomes.push(...batch),
      ...options,
    });
  }

  async function until(condition: () => boolean): Promise<void> {
    for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  }

  test('batches of at most batchSize, at most maxConcurrency invocations at once, every record deleted', async () => {
    // Prepare
    const queueUrl = await queueWith(Array.from({ length: 24 }, (_, i) => ({ eventId: `e${i}`, group: `g${i}` })));
    const outcomes: RecordOutcome[] = [];
    let running = 0;
    let mostRunning = 0;
    const batchSizes: number[] = [];
    const worker: LocalWorkerHandler = async (event: SQSEvent) => {
      running++;
      mostRunning = Math.max(mostRunning, running);
      batchSizes.push(event.Records.length);
      await new Promise((resolve) => setTimeout(resolve, 20));
      running--;
      return { batchItemFailures: [] };
    };

    // Act
    run(queueUrl, worker, outcomes, { batchSize: 4, maxConcurrency: 2 });
    await until(() => outcomes.length >= 24);

    // Assess
    expect(outcomes.map((o) => o.fate)).toEqual(Array(24).fill('deleted'));
    expect(Math.max(...batchSizes)).toBeLessThanOrEqual(4);
    expect(mostRunning).toBeLessThanOrEqual(2);
    expect(outcomes[0]).toMatchObject({ messageGroupId: expect.stringMatching(/^g/), eventId: expect.stringMatching(/^e/), receiveCount: 1 });
  });

  test('a reported failure stays on the queue and comes back after the visibility timeout; the rest is deleted', async () => {
    // Prepare
    const queueUrl = await queueWith([{ eventId: 'bad', group: 'a' }, { eventId: 'good', group: 'b' }]);
    const outcomes: RecordOutcome[] = [];
    let failedOnce = false;
    const worker: LocalWorkerHandler = async (event): Promise<SQSBatchResponse> => {
      const bad = event.Records.find((r) => r.messageAttributes.eventId?.stringValue === 'bad');
      if (bad && !failedOnce) {
        failedOnce = true;
        return { batchItemFailures: [{ itemIdentifier: bad.messageId }] };
      }
      return { batchItemFailures: [] };
    };

    // Act
    run(queueUrl, worker, outcomes);
    await until(() => outcomes.filter((o) => o.eventId === 'bad').length >= 2);

    // Assess
    const bad = outcomes.filter((o) => o.eventId === 'bad');
    expect(bad.map((o) => [o.fate, o.receiveCount])).toEqual([['reported-failed', 1], ['deleted', 2]]);
    expect(outcomes.filter((o) => o.eventId === 'good').map((o) => o.fate)).toEqual(['deleted']);
  });

  test('an unknown itemIdentifier fails the whole batch, a timeout too, as Lambda does', async () => {
    // Prepare
    const queueUrl = await queueWith([{ eventId: 'x', group: 'x' }]);
    const outcomes: RecordOutcome[] = [];
    const answers: Array<() => Promise<SQSBatchResponse>> = [
      async () => ({ batchItemFailures: [{ itemIdentifier: 'not-in-batch' }] }),
      () => new Promise<SQSBatchResponse>(() => undefined),
      async () => ({ batchItemFailures: [] }),
    ];
    const worker: LocalWorkerHandler = () => answers.shift()!();

    // Act
    run(queueUrl, worker, outcomes);
    await until(() => outcomes.length >= 3);

    // Assess
    expect(outcomes.map((o) => [o.fate, o.receiveCount])).toEqual([['invocation-failed', 1], ['invocation-timed-out', 2], ['deleted', 3]]);
  });
  test('paused, it receives nothing (messages stay queued, no receive counted); resumed, it runs them; stop works while paused', async () => {
    // Prepare: paused before the first message is there, so no long poll can be holding it.
    const queueUrl = await queueWith([]);
    const outcomes: RecordOutcome[] = [];
    const invoked: string[] = [];
    const worker: LocalWorkerHandler = async (event: SQSEvent) => {
      invoked.push(...event.Records.map((record) => record.messageAttributes[MESSAGE_ATTRIBUTE_EVENT_ID]?.stringValue ?? '?'));
      return { batchItemFailures: [] };
    };
    run(queueUrl, worker, outcomes);
    source!.setPaused(true);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await sqs.send(new SendMessageCommand({
      QueueUrl: queueUrl,
      MessageBody: '{}',
      MessageGroupId: 'g',
      MessageDeduplicationId: 'p1',
      MessageAttributes: { [MESSAGE_ATTRIBUTE_EVENT_ID]: { DataType: 'String', StringValue: 'p1' } },
    }));

    // Act
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const whilePaused = [...invoked];
    const paused = source!.isPaused();
    source!.setPaused(false);
    await until(() => outcomes.length === 1);

    // Assess
    expect(paused).toBe(true);
    expect(whilePaused).toEqual([]);
    expect(invoked).toEqual(['p1']);
    expect(outcomes[0]).toMatchObject({ eventId: 'p1', fate: 'deleted', receiveCount: 1 });
    source!.setPaused(true);
    await source!.stop();
    source = undefined;
  }, 20_000);
});
