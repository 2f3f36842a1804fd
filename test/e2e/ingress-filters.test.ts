/*
 * End to end over real HTTP on loopback: a webhook an ingress filter leaves out is ACKed and never
 * reaches the queue or the processor. What breaks this test: an ingress that enqueues before (or
 * without) applying the filters; the negative control shows the same body does reach the processor
 * when no filter is set.
 */
import { CountingProcessor } from './support/counting-processor';
import { startE2ePipeline, ticketEvent } from './support/e2e-pipeline';
import { messagesIn } from './support/queue-state';
import { LocalPipeline } from '../../local/pipeline';

const ONLY_CUSTOMER_MESSAGES = [{ pointer: '/event', acceptedValues: ['conversation.created', 'customer.message'] }];

function closedEvent(eventId: string): Record<string, unknown> {
  return { ...ticketEvent(eventId, 'ticket-f'), event: 'conversation.closed' };
}

describe('ingress filters end to end', () => {
  let filtering: LocalPipeline;
  const processor = new CountingProcessor();
  const ingressLines: string[] = [];

  beforeAll(async () => {
    filtering = await startE2ePipeline(processor.handler, { ingressFilters: ONLY_CUSTOMER_MESSAGES }, {
      onHandlerLine: (component, line) => {
        if (component === 'ingress') ingressLines.push(line);
      },
    });
  });
  afterAll(async () => {
    await filtering?.close();
  }, 60_000);

  test('a filtered-out webhook is answered 200 and never reaches the queue or the processor; a wanted one behind it is processed', async () => {
    // Act
    const unwanted = await filtering.send(closedEvent('evt-closed'));
    const wanted = await filtering.send(ticketEvent('evt-message', 'ticket-f'));
    // The wanted event went through the same queue after the unwanted one: once it is processed, the unwanted one would have been too.
    await filtering.waitForStep((step) => step.eventId === 'evt-message' && step.kind === 'processed', 20_000);

    // Assess
    expect(unwanted.statusCode).toBe(200);
    expect(JSON.parse(unwanted.body)).toEqual({ filtered: true });
    expect(wanted).toMatchObject({ statusCode: 200, eventId: 'evt-message' });
    expect(processor.calls.map((call) => call.eventId)).toEqual(['evt-message']);
    expect(await messagesIn(filtering, filtering.names.queueUrl)).toBe(0);
    expect(await messagesIn(filtering, filtering.names.dlqUrl)).toBe(0);
    expect(filtering.events.filter((step) => step.kind === 'filtered')).toHaveLength(1);
    const filteredLines = ingressLines.map((line) => JSON.parse(line)).filter((entry) => entry.message === 'webhook filtered');
    expect(filteredLines).toEqual([expect.objectContaining({
      level: 'INFO', eventId: 'evt-closed', reason: 'filter_value_not_accepted', filterPointer: '/event', statusCode: 200,
    })]);
    process.stdout.write(`[e2e filters] unwanted: ${unwanted.statusCode} ${unwanted.body}; processor calls: ${processor.calls.length}\n`);
  }, 60_000);

  test('negative control: without the filter the same webhook is processed', async () => {
    // Prepare
    const unfiltered = new CountingProcessor();
    const pipeline = await startE2ePipeline(unfiltered.handler, {}, { name: 'e2e-nofilter' });
    try {
      // Act
      const answer = await pipeline.send(closedEvent('evt-closed'));
      await pipeline.waitForStep((step) => step.eventId === 'evt-closed' && step.kind === 'processed', 20_000);

      // Assess
      expect(answer).toMatchObject({ statusCode: 200, eventId: 'evt-closed' });
      expect(unfiltered.effects.get('evt-closed')).toBe(1);
    } finally {
      await pipeline.close();
    }
  }, 60_000);
});
