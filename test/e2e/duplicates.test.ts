/*
 * End to end over real HTTP on loopback: duplicates collapse to one effect.
 * What breaks these tests: an ingress that does not use the event id as the FIFO deduplication id
 * (test 1 sees up to 100 effects), or a worker whose claim does not stop a COMPLETED event (test 2
 * sees 2 effects once SQS's 5-minute window has passed).
 */
import { CountingProcessor } from './support/counting-processor';
import { startE2ePipeline, ticketEvent } from './support/e2e-pipeline';
import { messagesIn, waitUntil } from './support/queue-state';
import { LocalPipeline } from '../../local/pipeline';

const FIVE_MINUTES_AND_A_SECOND_MS = 301_000;

describe('duplicates end to end', () => {
  let pipeline: LocalPipeline;
  const processor = new CountingProcessor();

  beforeAll(async () => {
    // Burst 200 so 100 simultaneous deliveries all pass the stage throttling.
    pipeline = await startE2ePipeline(processor.handler, { throttlingRateLimit: 100, throttlingBurstLimit: 200 });
  });
  afterAll(async () => {
    await pipeline?.close();
  }, 60_000);

  test('100 concurrent deliveries of one event: 100 x 200, exactly 1 effect', async () => {
    // Prepare
    const body = ticketEvent('evt-concurrent', 'ticket-1');

    // Act
    const answers = await Promise.all(Array.from({ length: 100 }, () => pipeline.send(body)));
    await pipeline.waitForStep((step) => step.eventId === 'evt-concurrent' && step.kind === 'processed', 20_000);
    await waitUntil(async () => await messagesIn(pipeline, pipeline.names.queueUrl) === 0, 20_000, 'the queue is empty');

    // Assess
    const statuses = answers.map((answer) => answer.statusCode);
    process.stdout.write(`[e2e duplicates] 100 concurrent deliveries: ${statuses.filter((s) => s === 200).length} x 200, `
      + `${processor.effects.get('evt-concurrent')} effect(s)\n`);
    expect(statuses).toEqual(Array(100).fill(200));
    expect(answers.every((answer) => answer.eventId === 'evt-concurrent')).toBe(true);
    expect(processor.effects.get('evt-concurrent')).toBe(1);
  }, 60_000);

  test('negative control: 100 concurrent deliveries of 100 different events give 100 effects', async () => {
    // Prepare: the counter and the pipeline do count every distinct event (the test above can fail).
    const bodies = Array.from({ length: 100 }, (_, i) => ticketEvent(`evt-distinct-${i}`, `ticket-d${i % 10}`, i));

    // Act
    const answers = await Promise.all(bodies.map((body) => pipeline.send(body)));
    await waitUntil(() => bodies.every((_, i) => processor.effects.has(`evt-distinct-${i}`)), 30_000, 'all 100 are processed');

    // Assess
    expect(answers.map((answer) => answer.statusCode)).toEqual(Array(100).fill(200));
    expect(bodies.map((_, i) => processor.effects.get(`evt-distinct-${i}`))).toEqual(Array(100).fill(1));
  }, 60_000);

  test('a duplicate after the 5-minute FIFO deduplication window is still 1 effect: the DynamoDB record catches it', async () => {
    // The clock is injected: advanceClock moves the handlers' Date, the front's clock and fauxqs's
    // own clock (its child process reads Date.now() plus the offset we send it), so SQS's
    // deduplication entry for the event expires exactly as 5 minutes of real time would expire it.
    // The idempotency record's TTL (14 days) is far from reached.
    // Prepare
    const body = ticketEvent('evt-late-duplicate', 'ticket-2');
    expect((await pipeline.send(body)).statusCode).toBe(200);
    await pipeline.waitForStep((step) => step.eventId === 'evt-late-duplicate' && step.kind === 'processed', 20_000);

    // Act 1: inside the window SQS drops the duplicate itself (nothing reaches the queue).
    expect((await pipeline.send(body)).statusCode).toBe(200);
    const queuedInsideWindow = await messagesIn(pipeline, pipeline.names.queueUrl);

    // Act 2: past the window SQS takes it again; only the worker's record stands in the way.
    await pipeline.advanceClock(FIVE_MINUTES_AND_A_SECOND_MS);
    expect((await pipeline.send(body)).statusCode).toBe(200);
    const duplicate = await pipeline.waitForStep((step) => step.eventId === 'evt-late-duplicate' && step.kind === 'duplicate', 20_000);

    // Assess
    process.stdout.write(`[e2e duplicates] duplicate 5 min 1 s later: delivered to the worker again (${duplicate.kind}), `
      + `${processor.effects.get('evt-late-duplicate')} effect(s)\n`);
    expect(queuedInsideWindow).toBe(0);
    expect(processor.effects.get('evt-late-duplicate')).toBe(1);
    expect(processor.calls.filter((call) => call.eventId === 'evt-late-duplicate')).toHaveLength(1);
  }, 60_000);
});
