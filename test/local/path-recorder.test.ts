import { PathRecorder } from '../../local/path-recorder';
import { RecordFate, RecordOutcome } from '../../local/sqs-event-source';

describe('PathRecorder: each record\'s step from what the event source and the processor saw', () => {
  const INVOCATION_START = 1_000;

  function outcome(fate: RecordFate): RecordOutcome {
    return { eventId: 'e', messageGroupId: 'g', messageId: 'm', receiveCount: 1, receivedAt: 900, fate, invocationStartedAt: INVOCATION_START };
  }

  test.each([
    // fate, processor call during this invocation (or before it), expected kind, expected detail
    ['deleted', { outcome: 'ok' }, 1_050, 'processed', undefined],
    ['deleted', { outcome: 'ok' }, 950, 'duplicate', undefined],
    ['deleted', undefined, 0, 'duplicate', undefined],
    ['reported-failed', { outcome: 'threw', errorClass: 'TypeError' }, 1_050, 'failed', 'processor threw TypeError'],
    ['reported-failed', { outcome: 'retry-later' }, 1_050, 'deferred', undefined],
    ['reported-failed', { outcome: 'failed', errorClass: 'InvalidProcessorResponse' }, 1_050, 'failed', 'processor answered InvalidProcessorResponse'],
    ['reported-failed', undefined, 0, 'failed', 'processor not run (lease held, or an earlier record of its group failed)'],
    ['invocation-timed-out', undefined, 0, 'worker-failed', 'timed out'],
    ['invocation-failed', undefined, 0, 'worker-failed', 'threw'],
    ['delete-failed', { outcome: 'ok' }, 1_050, 'worker-failed', 'done, but the delete failed: it comes back after the visibility timeout'],
  ] as const)('%s, processor call %j at %d → %s', (fate, call, callAt, kind, detail) => {
    // Prepare
    let now: number = callAt;
    const recorder = new PathRecorder(() => now);
    if (call) recorder.processorCalled('e', call);
    now = 1_100;

    // Act
    recorder.recordsDone([outcome(fate)]);

    // Assess
    expect(recorder.steps).toHaveLength(1);
    expect(recorder.steps[0]).toMatchObject({ kind, eventId: 'e', messageGroupId: 'g', receiveCount: 1 });
    expect(recorder.steps[0].detail).toBe(detail);
  });

  test('end-to-end time runs from the ingress receipt to the delete', () => {
    // Prepare
    let now = 1_050;
    const recorder = new PathRecorder(() => now);
    recorder.processorCalled('e', { outcome: 'ok' });
    now = 1_200;

    // Act
    recorder.recordsDone([outcome('deleted')]);

    // Assess
    expect(recorder.steps[0].endToEndMs).toBe(300);
  });

  test('waitFor resolves with a past or a future step, and rejects in time', async () => {
    // Prepare
    const recorder = new PathRecorder(() => 0);
    recorder.record({ at: 0, kind: 'enqueued', eventId: 'a' });

    // Act
    const past = await recorder.waitFor((step) => step.eventId === 'a', 10);
    const future = recorder.waitFor((step) => step.eventId === 'b', 1_000);
    recorder.record({ at: 1, kind: 'processed', eventId: 'b' });

    // Assess
    expect(past.kind).toBe('enqueued');
    expect((await future).kind).toBe('processed');
    await expect(recorder.waitFor((step) => step.eventId === 'never', 10)).rejects.toThrow(/no matching path step within 10 ms/);
  });
});
