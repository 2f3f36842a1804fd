/*
 * Exactly once under the faults real AWS produces, end to end: ingress → fauxqs → worker → dynalite →
 * the example processor behind a Lambda Invoke fake → a fake Richpanel whose notes are the effects.
 * Each fault is injected by a TCP proxy between the real SDK client and the emulator, after the
 * request was served where that is the point (the effect happened, the answer is lost).
 *
 * Every scenario asserts one note per event (counted where it lands), nothing lost (processed or
 * acknowledged as a duplicate), duplicates collapsed. Each has a negative control below: the same
 * fault with the protection switched off, which must show the harm. The run prints one line:
 * `faults: S scenarios, F faults injected, effects/event E, lost L`.
 */
import { DeleteQueueCommand, CreateQueueCommand, ReceiveMessageCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { FaultRig, startFaultRig, withFaultRig } from './support/fault-rig';
import { account, claimOf, completionOf, enqueueOneBatch, faultTotalsLine, invokeOf, LEASE_LOST } from './support/fault-scenarios';
import { LOCAL_AWS } from '../../local/emulators';

afterAll(() => {
  process.stdout.write(faultTotalsLine());
});

describe('exactly once under injected faults (the bundled worker)', () => {
  let rig: FaultRig;
  beforeAll(async () => {
    rig = await startFaultRig();
  });
  afterAll(async () => {
    await rig?.close();
  }, 60_000);

  test.each([
    ['the connection is reset after the processor ran', 'reset-after-forward'],
    ['Lambda answers 500 after the processor ran', 'error-after-forward'],
    ['the answer never comes (the client times out)', 'drop-response'],
  ] as const)('Invoke: %s → one note, the rerun is attempt 2 and finds its marker', async (_name, kind) => {
    // Prepare
    const eventId = `evt-invoke-${kind}`;
    const before = rig.faultsInjected();
    rig.pipeline.faults.lambda!.addRule(invokeOf(eventId, { kind }));

    // Act
    const status = await rig.send(eventId, `ticket-${kind}`);
    const { effects, lost } = await account(rig, [eventId], before);

    // Assess
    expect(status).toBe(200);
    expect(rig.faultsInjected() - before).toBe(1);
    expect(rig.attempts(eventId)).toEqual([1, 2]);
    expect(effects).toEqual([1]);
    expect(lost).toBe(0);
    expect(rig.lines.some((line) => line.includes('"event outcome unknown"') && line.includes(eventId))).toBe(true);
  }, 90_000);

  test('claim write landed, its answer lost: the SDK\'s retry meets its own lease and proceeds at once', async () => {
    // Prepare
    const eventId = 'evt-claim-lost';
    const before = rig.faultsInjected();
    rig.pipeline.faults.dynamodb!.addRule(claimOf(eventId, { kind: 'reset-after-forward' }));

    // Act
    await rig.send(eventId, 'ticket-claim');
    const { effects, lost } = await account(rig, [eventId], before);

    // Assess
    const processed = rig.pipeline.events.find((step) => step.eventId === eventId && step.kind === 'processed');
    if (processed?.receiveCount !== 1) process.stdout.write(`${rig.lines.filter((line) => line.includes(eventId) || line.includes('batch')).join('\n')}\n`);
    expect(rig.faultsInjected() - before).toBe(1);
    expect(processed?.receiveCount).toBe(1);
    expect(rig.attempts(eventId)).toEqual([1]);
    expect(effects).toEqual([1]);
    expect(lost).toBe(0);
  }, 90_000);

  test('completion write landed, its answer lost: the retry is recognised, no false "lease lost"', async () => {
    // Prepare
    const eventId = 'evt-complete-lost';
    const before = rig.faultsInjected();
    rig.pipeline.faults.dynamodb!.addRule(completionOf(eventId, { kind: 'reset-after-forward' }));

    // Act
    await rig.send(eventId, 'ticket-complete');
    const { effects, lost } = await account(rig, [eventId], before);

    // Assess
    expect(rig.faultsInjected() - before).toBe(1);
    expect(effects).toEqual([1]);
    expect(lost).toBe(0);
    expect(rig.lines.filter((line) => line.includes(eventId)).some((line) => LEASE_LOST.test(line))).toBe(false);
  }, 90_000);

  test('ingress SendMessage stored, its answer lost: the SDK resends, FIFO deduplication keeps one message', async () => {
    // Prepare
    const eventId = 'evt-send-lost';
    const before = rig.faultsInjected();
    rig.pipeline.faults.sqs.addRule({ operation: 'SendMessage', bodyIncludes: [eventId], action: { kind: 'reset-after-forward' } });

    // Act
    const status = await rig.send(eventId, 'ticket-send');
    const { effects, lost } = await account(rig, [eventId], before);

    // Assess
    expect(status).toBe(200);
    expect(rig.faultsInjected() - before).toBe(1);
    expect(rig.attempts(eventId)).toEqual([1]);
    expect(effects).toEqual([1]);
    expect(lost).toBe(0);
  }, 90_000);

  test('the visibility change after an unknown outcome is refused: the message still comes back (the queue\'s timeout)', async () => {
    // Prepare: the Invoke never reaches Lambda (no effect yet), and neither does the visibility change (both attempts).
    const eventId = 'evt-visibility-refused';
    const before = rig.faultsInjected();
    rig.pipeline.faults.lambda!.addRule(invokeOf(eventId, { kind: 'reset-before-forward' }));
    rig.pipeline.faults.sqs.addRule({ operation: 'ChangeMessageVisibilityBatch', times: 2, action: { kind: 'reset-before-forward' } });

    // Act
    await rig.send(eventId, 'ticket-visibility');
    const { effects, lost } = await account(rig, [eventId], before);

    // Assess
    expect(rig.faultsInjected() - before).toBe(3);
    expect(rig.lines.some((line) => line.includes('"visibility not changed"'))).toBe(true);
    // Attempt 1 never reached the processor; its outcome was unknown to the worker, so the rerun is attempt 2.
    expect(rig.attempts(eventId)).toEqual([2]);
    expect(effects).toEqual([1]);
    expect(lost).toBe(0);
  }, 90_000);

  test('the delete after processing fails (every attempt): the redelivery is acknowledged as a duplicate', async () => {
    // Prepare: the event source's client makes 3 attempts.
    const eventId = 'evt-delete-failed';
    const before = rig.faultsInjected();
    rig.pipeline.faults.sqs.addRule({ operation: 'DeleteMessageBatch', times: 3, action: { kind: 'reset-before-forward' } });

    // Act
    await rig.send(eventId, 'ticket-delete');
    const { effects, lost } = await account(rig, [eventId], before);

    // Assess
    const kinds = rig.pipeline.events.filter((step) => step.eventId === eventId).map((step) => step.kind);
    expect(rig.faultsInjected() - before).toBe(3);
    expect(kinds).toEqual(['enqueued', 'worker-failed', 'duplicate']);
    expect(rig.attempts(eventId)).toEqual([1]);
    expect(effects).toEqual([1]);
    expect(lost).toBe(0);
  }, 90_000);
});

describe('a worker short of time in the middle of a batch', () => {
  // One group at a time, 2.5 s per processor call, a 9 s worker: only one record fits per invocation.
  // Each record returned unrun uses a receive, so the receives must outnumber the batch.
  const overrides = { workerGroupConcurrency: 1, workerMaxConcurrency: 2, maxReceiveCount: 10 };
  const slowInvokes = (rig: FaultRig, count: number) => rig.pipeline.faults.lambda!.addRule({
    operation: 'Invoke', times: count, action: { kind: 'delay', ms: 2_500 },
  });
  const eventIds = (prefix: string) => [1, 2, 3, 4, 5].map((n) => `${prefix}-${n}`);

  test('records it cannot finish are returned unclaimed and come back at once: no worker timeout, one note each', async () => {
    // Prepare
    await withFaultRig({ overrides }, async (rig) => {
      const ids = eventIds('evt-time');
      const before = rig.faultsInjected();
      slowInvokes(rig, ids.length);

      // Act
      await enqueueOneBatch(rig, ids);
      const { effects, lost } = await account(rig, ids, before);

      // Assess
      expect(rig.pipeline.events.filter((step) => step.kind === 'worker-failed')).toEqual([]);
      expect(rig.lines.some((line) => line.includes('"reason":"worker-time-exhausted"'))).toBe(true);
      expect(effects).toEqual([1, 1, 1, 1, 1]);
      expect(lost).toBe(0);
    });
  }, 120_000);

  test('negative control: without the remaining-time rule the invocation times out and its decided outcomes are lost', async () => {
    // Prepare
    await withFaultRig({ overrides, disabled: 'remaining-time-rule' }, async (rig) => {
      const ids = eventIds('evt-notime');
      slowInvokes(rig, ids.length);

      // Act
      await enqueueOneBatch(rig, ids);
      await rig.settle(ids, 90_000);

      // Assess: the whole batch came back, finished events as duplicates. (Recovery from a killed
      // invocation still holds: leases end, records stop a second run; only the time is lost.)
      const timedOut = rig.pipeline.events.filter((step) => step.kind === 'worker-failed' && step.detail === 'timed out');
      expect(timedOut.length).toBeGreaterThan(0);
      expect(rig.pipeline.events.filter((step) => step.kind === 'duplicate').length).toBeGreaterThan(0);
      expect(ids.map((eventId) => rig.effects(eventId))).toEqual([1, 1, 1, 1, 1]);
    });
  }, 150_000);
});

describe('negative controls: the same faults with a protection switched off', () => {
  test('Invoke reset after the processor ran, with the SDK\'s default retries: the processor runs twice in one claim, two notes', async () => {
    await withFaultRig({ disabled: 'single-invoke-attempt' }, async (rig) => {
      const eventId = 'evt-neg-retries';
      rig.pipeline.faults.lambda!.addRule(invokeOf(eventId, { kind: 'reset-after-forward' }));
      await rig.send(eventId, 'ticket-neg-retries');
      await rig.settle(eventId);
      expect(rig.attempts(eventId)).toEqual([1, 1]);
      expect(rig.effects(eventId)).toBe(2);
    });
  }, 90_000);

  test('Invoke reset after the processor ran, with the marker check disabled: the rerun posts a second note', async () => {
    await withFaultRig({ processorIgnoresAttempt: true }, async (rig) => {
      const eventId = 'evt-neg-marker';
      rig.pipeline.faults.lambda!.addRule(invokeOf(eventId, { kind: 'reset-after-forward' }));
      await rig.send(eventId, 'ticket-neg-marker');
      await rig.settle(eventId);
      expect(rig.attempts(eventId)).toEqual([1, 2]);
      expect(rig.effects(eventId)).toBe(2);
    });
  }, 90_000);

  test('claim and completion answers lost, without own-write recognition: held by its own lease, then a false "lease lost"', async () => {
    await withFaultRig({ disabled: 'own-lease-recognition' }, async (rig) => {
      const claimed = 'evt-neg-claim';
      const completed = 'evt-neg-complete';
      rig.pipeline.faults.dynamodb!.addRule(claimOf(claimed, { kind: 'reset-after-forward' }));
      rig.pipeline.faults.dynamodb!.addRule(completionOf(completed, { kind: 'reset-after-forward' }));
      await rig.send(claimed, 'ticket-neg-claim');
      await rig.send(completed, 'ticket-neg-complete');
      await rig.settle([claimed, completed]);
      const processed = rig.pipeline.events.find((step) => step.eventId === claimed && step.kind === 'processed');
      // Deferred on receive 1 by the lease it had just taken itself; run later as attempt 2.
      expect(processed?.receiveCount).toBe(2);
      expect(rig.attempts(claimed)).toEqual([2]);
      expect(rig.lines.filter((line) => line.includes(completed)).some((line) => LEASE_LOST.test(line))).toBe(true);
    });
  }, 90_000);

  test('the delete after processing fails, without the idempotency record: the redelivery runs the processor again', async () => {
    await withFaultRig({ disabled: 'idempotency-record' }, async (rig) => {
      const eventId = 'evt-neg-delete';
      rig.pipeline.faults.sqs.addRule({ operation: 'DeleteMessageBatch', times: 3, action: { kind: 'reset-before-forward' } });
      await rig.send(eventId, 'ticket-neg-delete');
      await rig.settle(eventId);
      // Two runs; only the example processor's own marker keeps the second from posting.
      expect(rig.attempts(eventId)).toEqual([1, 1]);
    });
  }, 90_000);

  test('an unknown outcome whose retry report is ignored (no ReportBatchItemFailures): the event is lost', async () => {
    await withFaultRig({
      patchTemplate: (template) => {
        for (const resource of Object.values(template.Resources ?? {})) {
          if (resource.Type === 'AWS::Lambda::EventSourceMapping') delete (resource.Properties as Record<string, unknown>).FunctionResponseTypes;
        }
      },
    }, async (rig) => {
      const eventId = 'evt-neg-lost';
      rig.pipeline.faults.lambda!.addRule(invokeOf(eventId, { kind: 'reset-before-forward' }));
      await rig.send(eventId, 'ticket-neg-lost');
      await rig.settle(eventId);
      // The message is gone (deleted with the batch), the processor never ran, nothing records it as done.
      expect(await rig.completed(eventId)).toBe(false);
      expect(rig.effects(eventId)).toBe(0);
      expect(rig.pipeline.events.filter((step) => step.eventId === eventId).map((step) => step.kind)).toEqual(['enqueued', 'duplicate']);
    });
  }, 90_000);

  test('SendMessage answer lost on a queue without deduplication: the SDK\'s resend stores the event twice', async () => {
    const rig = await startFaultRig();
    const sqs = new SQSClient({ ...LOCAL_AWS, endpoint: rig.pipeline.endpoints.sqs });
    try {
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'no-dedup' }));
      rig.pipeline.faults.sqs.addRule({ operation: 'SendMessageBatch', action: { kind: 'reset-after-forward' } });
      await sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: [{ Id: '0', MessageBody: 'evt-neg-send' }] }));
      const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
      expect(received.Messages?.map((message) => message.Body)).toEqual(['evt-neg-send', 'evt-neg-send']);
      await sqs.send(new DeleteQueueCommand({ QueueUrl }));
    } finally {
      sqs.destroy();
      await rig.close();
    }
  }, 60_000);
});
