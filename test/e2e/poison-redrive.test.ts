/*
 * End to end: a poison message fails on every receive and lands in the DLQ after maxReceiveCount
 * (2 here) receives. FIFO rule: while it is retried, its group's later events wait; once it has
 * left for the DLQ they run, in order; other groups never wait. After the fix, `redrive` (run
 * through the CLI's main) brings it back and it is processed, once.
 * What breaks it: a worker that does not report the failure (the poison would be deleted: no DLQ,
 * nothing to redrive), a queue without the redrive policy (retried forever, its group blocked),
 * or an event source that does not hold a group while its message is in flight (P2 before P).
 */
import { CountingProcessor } from './support/counting-processor';
import { startE2ePipeline, ticketEvent } from './support/e2e-pipeline';
import { done, messagesIn, untilAdvancingClock } from './support/queue-state';
import { main as cli } from '../../cli/ack-fast-webhook';
import { PathStep } from '../../local/event-path';
import { LocalPipeline } from '../../local/pipeline';

describe('poison message, DLQ and redrive', () => {
  let pipeline: LocalPipeline;
  let poisoned = true;
  const processor = new CountingProcessor((request) => (request.eventId === 'evt-poison' && poisoned ? 'throw' : 'complete'));

  beforeAll(async () => {
    pipeline = await startE2ePipeline(processor.handler, { maxReceiveCount: 2 });
    process.env.AWS_ACCESS_KEY_ID = 'local';
    process.env.AWS_SECRET_ACCESS_KEY = 'local';
  });
  afterAll(async () => {
    await pipeline?.close();
  });

  const stepIndex = (eventId: string, kind: PathStep['kind'] | 'done') => pipeline.events.findIndex(
    (s) => (kind === 'done' ? done(eventId)(s) : s.eventId === eventId && s.kind === kind));

  test('DLQ after maxReceiveCount; the group waits, then runs in order; redrive after the fix processes it once', async () => {
    // Prepare: the poison first in ticket-p, then two later events of ticket-p, and one of ticket-q.
    for (const [eventId, ticket, sequence] of [['evt-poison', 'ticket-p', 0], ['evt-p2', 'ticket-p', 1], ['evt-p3', 'ticket-p', 2], ['evt-q1', 'ticket-q', 0]] as const) {
      expect((await pipeline.send(ticketEvent(eventId, ticket, sequence))).statusCode).toBe(200);
    }

    // Act 1: retries run out (the clock skips each visibility timeout).
    expect(await untilAdvancingClock(pipeline, () => pipeline.events.some(done('evt-p3')), 40_000)).toBe(true);
    const dlqMessages = await messagesIn(pipeline, pipeline.names.dlqUrl);

    // Assess 1
    const poisonFailures = pipeline.events.filter((s) => s.eventId === 'evt-poison' && s.kind === 'failed');
    process.stdout.write(`[e2e poison] failed on receives ${poisonFailures.map((s) => s.receiveCount).join(', ')}, then DLQ; `
      + `ticket-p order ${processor.orderByGroup.get('ticket-p')?.join(' → ')}\n`);
    expect(poisonFailures.map((s) => s.receiveCount)).toEqual([1, 2]);
    expect(poisonFailures.every((s) => s.detail === 'processor threw PoisonEvent')).toBe(true);
    expect(stepIndex('evt-poison', 'dlq')).toBeGreaterThan(-1);
    expect(dlqMessages).toBe(1);
    // Another group never waits for the poison.
    expect(stepIndex('evt-q1', 'done')).toBeLessThan(stepIndex('evt-poison', 'dlq'));
    // Its own group waits until the poison has left, then keeps its order.
    expect(stepIndex('evt-p2', 'done')).toBeGreaterThan(stepIndex('evt-poison', 'dlq'));
    expect(processor.orderByGroup.get('ticket-p')).toEqual(['evt-p2', 'evt-p3']);
    expect(processor.effects.has('evt-poison')).toBe(false);

    // Act 2: the fix ships, the operator redrives.
    poisoned = false;
    let output = '';
    const code = await cli(
      ['redrive', '--dlq-url', pipeline.names.dlqUrl, '--queue-url', pipeline.names.queueUrl, '--endpoint-url', pipeline.endpoints.sqs, '--region', 'us-east-2'],
      { stdout: (text) => { output += text; }, stderr: () => undefined },
    );
    const redriven = await pipeline.waitForStep(done('evt-poison'), 20_000);

    // Assess 2
    process.stdout.write(`[e2e poison] redrive exit ${code}: ${output.trim()}; processed on receive ${redriven.receiveCount}, `
      + `effects ${processor.effects.get('evt-poison')}\n`);
    expect(code).toBe(0);
    expect(await messagesIn(pipeline, pipeline.names.dlqUrl)).toBe(0);
    expect(processor.effects.get('evt-poison')).toBe(1);
    expect(processor.orderByGroup.get('ticket-p')).toEqual(['evt-p2', 'evt-p3', 'evt-poison']);
  }, 90_000);
});
