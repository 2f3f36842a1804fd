/*
 * End to end: the worker is killed in the middle of an event (its processor call never returns;
 * the invocation hits its 1 s timeout, as Lambda ends it). The message comes back after the
 * visibility timeout (6 s), the lease (which ended with the invocation) lets the next delivery
 * claim it, and the event completes exactly once, on attempt 2.
 * What breaks it: a lease longer than the invocation (the redelivery is held off until the DLQ:
 * 0 effects), or a worker that deletes the message before processing (lost: 0 effects).
 */
import { CountingProcessor } from './support/counting-processor';
import { startE2ePipeline, ticketEvent } from './support/e2e-pipeline';
import { main as cli } from '../../cli/ack-fast-webhook';
import { LocalPipeline } from '../../local/pipeline';

describe('worker killed mid-event', () => {
  let pipeline: LocalPipeline;
  // The first call of the victim event hangs forever: that worker invocation is dead.
  const processor = new CountingProcessor((request) => (request.eventId === 'evt-killed' && request.attempt === 1 ? 'hang' : 'complete'));

  beforeAll(async () => {
    pipeline = await startE2ePipeline(processor.handler);
    process.env.AWS_ACCESS_KEY_ID = 'local';
    process.env.AWS_SECRET_ACCESS_KEY = 'local';
  });
  afterAll(async () => {
    await pipeline?.close();
  }, 60_000);

  test('reprocessed after the lease ends: exactly 1 completed effect', async () => {
    // Act
    const answer = await pipeline.send(ticketEvent('evt-killed', 'ticket-k'));
    const killed = await pipeline.waitForStep((step) => step.eventId === 'evt-killed' && step.kind === 'worker-failed', 20_000);
    const processed = await pipeline.waitForStep((step) => step.eventId === 'evt-killed' && step.kind === 'processed', 30_000);
    let status = '';
    const code = await cli(
      ['status', 'evt-killed', '--table', pipeline.names.table, '--key-prefix', pipeline.names.eventKeyPrefix, '--endpoint-url', pipeline.endpoints.dynamodb, '--region', 'us-east-2', '--json'],
      { stdout: (text) => { status += text; }, stderr: () => undefined },
    );

    // Assess
    const attempts = processor.calls.filter((call) => call.eventId === 'evt-killed').map((call) => call.attempt);
    process.stdout.write(`[e2e worker killed] attempts ${attempts.join(', ')}; killed after ${killed.detail}; `
      + `completed on receive ${processed.receiveCount}, ${processed.endToEndMs} ms after receipt; effects ${processor.effects.get('evt-killed')}\n`);
    expect(answer.statusCode).toBe(200);
    expect(killed.detail).toBe('timed out');
    expect(attempts).toEqual([1, 2]);
    expect(processor.effects.get('evt-killed')).toBe(1);
    expect(processed.receiveCount).toBe(2);
    expect(code).toBe(0);
    expect(JSON.parse(status)).toMatchObject({ status: 'COMPLETED', attempts: 2 });
  }, 60_000);
});
