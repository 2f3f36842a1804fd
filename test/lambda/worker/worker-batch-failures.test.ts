/*
 * The worker handler's batch rules through the real SDK against dynalite and fauxqs: a failed or
 * deferred record holds back the later records of its group, other groups go on, and RETRY_LATER
 * delays the message by its visibility.
 */
import { randomUUID } from 'node:crypto';
import { lambdaContext, toSqsEvent } from './sqs-event';
import { VisibilityChange } from '../../../src/runtime/aws/message-visibility';
import { BODY_MARKER, RECEIVED_AT, sleep, useWorkerRig } from '../../support/worker-harness';

const TABLE = 'worker-state';

describe('worker handler through the real SDK against dynalite and fauxqs', () => {
  const { newQueue, send, receive, collectInQueueOrder, storedRecord, harness } = useWorkerRig(TABLE);

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
    // The events are 700 ms old: under a second, so no EventAge is written (the 2.5 s old event in worker-handler.test.ts has one).
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
});
