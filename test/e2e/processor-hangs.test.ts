/*
 * End to end: the processor's first call never returns. The worker is not killed waiting for it:
 * it gives up after the processor's timeout plus the Invoke slack (1 + 2 s here), holds the event
 * until no run of that call could still be going, and the redelivery completes it, once, as
 * attempt 2 (the processor learns an earlier run may have had effects).
 * Negative control: the Invoke client with the SDK's default retries calls the hanging processor
 * three times within one claim (all attempt 1), the harm one attempt per claim prevents.
 */
import { CountingProcessor } from './support/counting-processor';
import { startE2ePipeline, ticketEvent } from './support/e2e-pipeline';
import { done, untilAdvancingClock } from './support/queue-state';
import { sourceWorker } from './support/source-worker';
import { main as cli } from '../../cli/ack-fast-webhook';
import { BUNDLED_HANDLERS } from '../../local/handler-loader';

const hangsOnAttempt1 = () => new CountingProcessor((request) => (request.eventId === 'evt-hang' && request.attempt === 1 ? 'hang' : 'complete'));

describe('processor hangs mid-event', () => {
  beforeAll(() => {
    process.env.AWS_ACCESS_KEY_ID = 'local';
    process.env.AWS_SECRET_ACCESS_KEY = 'local';
  });

  test('the Invoke gives up, the event is held, the redelivery completes it as attempt 2: one effect, no worker timeout', async () => {
    // Prepare
    const processor = hangsOnAttempt1();
    const pipeline = await startE2ePipeline(processor.handler);
    try {
      // Act
      const answer = await pipeline.send(ticketEvent('evt-hang', 'ticket-h'));
      const completed = await untilAdvancingClock(pipeline, () => pipeline.events.some(done('evt-hang')), 40_000);
      let status = '';
      const code = await cli(
        ['status', 'evt-hang', '--table', pipeline.names.table, '--key-prefix', pipeline.names.eventKeyPrefix, '--endpoint-url', pipeline.endpoints.dynamodb, '--region', 'us-east-2', '--json'],
        { stdout: (text) => { status += text; }, stderr: () => undefined },
      );

      // Assess
      const steps = pipeline.events.filter((step) => step.eventId === 'evt-hang');
      const attempts = processor.calls.filter((call) => call.eventId === 'evt-hang').map((call) => call.attempt);
      process.stdout.write(`[e2e processor hangs] attempts ${attempts.join(', ')}; path ${steps.map((step) => step.kind).join(' → ')}; `
        + `effects ${processor.effects.get('evt-hang')}\n`);
      expect(answer.statusCode).toBe(200);
      expect(completed).toBe(true);
      expect(steps.map((step) => step.kind)).toEqual(['enqueued', 'failed', 'processed']);
      expect(attempts).toEqual([1, 2]);
      expect(processor.effects.get('evt-hang')).toBe(1);
      expect(code).toBe(0);
      expect(JSON.parse(status)).toMatchObject({ status: 'COMPLETED', attempts: 2 });
    } finally {
      await pipeline.close();
    }
  }, 90_000);

  test('negative control: with the SDK\'s default Invoke retries the hanging processor is called three times in one claim', async () => {
    // Prepare
    const processor = hangsOnAttempt1();
    const pipeline = await startE2ePipeline(processor.handler, {}, { handlers: { ...BUNDLED_HANDLERS, worker: sourceWorker('single-invoke-attempt') } });
    try {
      // Act
      await pipeline.send(ticketEvent('evt-hang', 'ticket-h'));
      // Three 3 s waits outlast the remaining-time budget: the invocation ends by its timeout.
      const ended = await pipeline.waitForStep((step) => step.eventId === 'evt-hang' && ['failed', 'worker-failed'].includes(step.kind), 30_000);

      // Assess
      expect(processor.calls.filter((call) => call.eventId === 'evt-hang').map((call) => call.attempt)).toEqual([1, 1, 1]);
      expect(ended.kind).toBe('worker-failed');
    } finally {
      await pipeline.close();
    }
  }, 90_000);
});
