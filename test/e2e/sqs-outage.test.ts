/*
 * End to end: SQS unreachable (every connection to it reset, as in a network outage; the queue
 * keeps what it holds) → the ingress answers 503 with Retry-After and stores nothing; the
 * sender's retries after recovery are all processed: 0 lost, 0 doubled.
 * What breaks it: an ingress that answers 200 before SQS has the message (events sent during the
 * outage would be lost: fewer effects than events), or a worker without the idempotency record
 * (a message whose delete failed during the outage comes back and would run twice).
 */
import { CountingProcessor } from './support/counting-processor';
import { startE2ePipeline, ticketEvent } from './support/e2e-pipeline';
import { messagesIn, untilAdvancingClock } from './support/queue-state';
import { LocalPipeline } from '../../local/pipeline';

const EVENTS = 40;
/** The test sender retries quickly; a real sender would honour Retry-After. */
const SENDER_RETRY_MS = 50;

describe('SQS outage at the ingress', () => {
  let pipeline: LocalPipeline;
  const processor = new CountingProcessor();

  beforeAll(async () => {
    pipeline = await startE2ePipeline(processor.handler, { throttlingRateLimit: 1000, throttlingBurstLimit: 1000 });
  });
  afterAll(async () => {
    await pipeline?.close();
  }, 90_000);

  test('503 while SQS is down; after recovery every retried event is processed exactly once', async () => {
    // Prepare: the first half goes in while SQS is up, then SQS goes away mid-stream.
    const bodies = Array.from({ length: EVENTS }, (_, i) => ticketEvent(`evt-outage-${i}`, `ticket-${i % 8}`, i));
    const unavailable: Array<{ statusCode: number; retryAfter: string | null }> = [];
    let firstHalfAccepted = 0;
    for (const body of bodies.slice(0, EVENTS / 2)) {
      if ((await pipeline.send(body)).statusCode === 200) firstHalfAccepted++;
    }
    pipeline.setSqsReachable(false);

    // Act: a sender that retries each event until it gets a 200; SQS comes back after 20 refusals.
    const sendUntilAccepted = async (body: Record<string, unknown>) => {
      for (;;) {
        const response = await fetch(pipeline.url, { method: 'POST', headers: pipeline.sign(JSON.stringify(body)), body: JSON.stringify(body) });
        await response.text();
        if (response.status === 200) return;
        unavailable.push({ statusCode: response.status, retryAfter: response.headers.get('retry-after') });
        if (unavailable.length >= 20) pipeline.setSqsReachable(true);
        await new Promise((resolve) => setTimeout(resolve, SENDER_RETRY_MS));
      }
    };
    await Promise.all(bodies.slice(EVENTS / 2).map(sendUntilAccepted));
    // A call the outage cut off (a delete, a visibility change) brings its message back after the
    // visibility timeout: the clock skips it.
    const processedAll = await untilAdvancingClock(pipeline, () => bodies.every((body) => processor.effects.has(String(body.eventId))), 45_000);
    const drained = await untilAdvancingClock(pipeline, async () => await messagesIn(pipeline, pipeline.names.queueUrl) === 0, 45_000);

    // Assess
    const lost = bodies.filter((body) => !processor.effects.has(String(body.eventId))).length;
    const doubled = [...processor.effects.values()].filter((count) => count > 1).length;
    process.stdout.write(`[e2e sqs outage] ${EVENTS} events, ${unavailable.length} answers 503 during the outage, `
      + `${processor.totalEffects()} effects: ${lost} lost, ${doubled} doubled\n`);
    expect(processedAll).toBe(true);
    expect(drained).toBe(true);
    expect(firstHalfAccepted).toBe(EVENTS / 2);
    expect(unavailable.length).toBeGreaterThanOrEqual(20);
    expect(unavailable.every((answer) => answer.statusCode === 503 && answer.retryAfter !== null)).toBe(true);
    expect(pipeline.events.filter((step) => step.kind === 'not-stored')).toHaveLength(unavailable.length);
    expect(lost).toBe(0);
    expect(doubled).toBe(0);
    expect(processor.totalEffects()).toBe(EVENTS);
  }, 90_000);
});
