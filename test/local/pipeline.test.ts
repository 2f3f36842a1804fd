/*
 * The local pipeline's contract with the sender, through the bundled ingress: the construct's
 * body limit (413 from the ingress), authentication (401), stage throttling (429 from the front),
 * and state visible to the operability CLI on the local endpoints.
 */
import { Size } from 'aws-cdk-lib';
import { main as cli } from '../../cli/ack-fast-webhook';
import { LocalPipeline, startLocalPipeline } from '../../local/pipeline';
import { e2eTemplate, ticketEvent } from '../e2e/support/e2e-pipeline';

describe('local pipeline', () => {
  let pipeline: LocalPipeline;
  const handled: string[] = [];
  const handlerLines: string[] = [];

  beforeAll(async () => {
    pipeline = await startLocalPipeline({
      template: e2eTemplate({ maxBodySize: Size.kibibytes(1), throttlingRateLimit: 0.001, throttlingBurstLimit: 5 }),
      processor: async (request) => {
        handled.push(request.eventId);
        return {};
      },
      onHandlerLine: (component, line) => handlerLines.push(`${component} ${line}`),
    });
    process.env.AWS_ACCESS_KEY_ID = 'local';
    process.env.AWS_SECRET_ACCESS_KEY = 'local';
  }, 60_000);
  afterAll(async () => {
    await pipeline?.close();
  });

  test('answers as the construct would: 200, 413 over maxBodySize, 401 without the token, 429 past the burst', async () => {
    // Prepare
    const big = { ...ticketEvent('evt-big', 't-1'), padding: 'x'.repeat(2048) };

    // Act
    const accepted = await pipeline.send(ticketEvent('evt-ok', 't-1'));
    const tooLarge = await pipeline.send(big);
    const unauthenticated = await pipeline.send(ticketEvent('evt-anon', 't-1'), { 'x-webhook-token': 'wrong' });
    const rest = await Promise.all([1, 2, 3].map((i) => pipeline.send(ticketEvent(`evt-burst-${i}`, 't-2'))));
    await pipeline.waitForStep((step) => step.eventId === 'evt-ok' && step.kind === 'processed', 20_000);

    // Assess
    expect([accepted.statusCode, tooLarge.statusCode, unauthenticated.statusCode]).toEqual([200, 413, 401]);
    // Burst 5, refilled once per 1000 s: the three above and two of these pass; one is throttled before the ingress.
    expect(rest.map((answer) => answer.statusCode).sort()).toEqual([200, 200, 429]);
    expect(pipeline.events.filter((step) => step.kind === 'rejected').map((step) => step.statusCode).sort()).toEqual([401, 413, 429]);
    expect(handled).toContain('evt-ok');
    expect(handlerLines.some((line) => line.startsWith('ingress ') && line.includes('"statusCode":401'))).toBe(true);
    expect(handlerLines.join('\n')).not.toContain(pipeline.secret);
  });

  test('the operability CLI reads the local state table', async () => {
    // Act
    let output = '';
    const code = await cli(
      ['status', 'evt-ok', '--table', pipeline.names.table, '--key-prefix', pipeline.names.eventKeyPrefix, '--endpoint-url', pipeline.endpoints.dynamodb, '--region', 'us-east-2', '--json'],
      { stdout: (text) => { output += text; }, stderr: () => undefined },
    );

    // Assess
    expect(code).toBe(0);
    expect(JSON.parse(output)).toMatchObject({ eventId: 'evt-ok', status: 'COMPLETED', attempts: 1, messageGroupId: 't-1' });
  });
});

describe('local pipeline: the path shows what the processor answered', () => {
  let pipeline: LocalPipeline;

  beforeAll(async () => {
    // An answer the worker cannot read: it fails the record (InvalidProcessorResponse).
    pipeline = await startLocalPipeline({ template: e2eTemplate(), processor: async () => ({ outcome: 'DONE-ISH' }) });
  }, 60_000);
  afterAll(async () => {
    await pipeline?.close();
  });

  test('a processor answer the worker rejects shows on the path as failed, not ok', async () => {
    // Act
    await pipeline.send(ticketEvent('evt-invalid-answer', 't-3'));
    const step = await pipeline.waitForStep((s) => s.eventId === 'evt-invalid-answer' && s.kind !== 'enqueued', 20_000);

    // Assess
    expect(step).toMatchObject({ kind: 'failed', processorOutcome: 'failed InvalidProcessorResponse', detail: 'processor answered InvalidProcessorResponse' });
  });
});
