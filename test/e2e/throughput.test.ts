/*
 * End to end: 2,000 events over 50 message groups, sent as fast as this machine takes them (one
 * sequential sender per group, 50 at once, so each group's send order is its acknowledged order).
 * 0 lost, order kept within every group; ACK and end-to-end p50/p99 printed.
 * What breaks it: an event source that runs a group's messages side by side (order broken), or
 * any loss between the 200 and the processor (a missing effect).
 * Stage throttling is raised so the machine, not the token bucket, sets the pace.
 */
import { performance } from 'node:perf_hooks';
import { Duration } from 'aws-cdk-lib';
import { CountingProcessor } from './support/counting-processor';
import { startE2ePipeline, ticketEvent } from './support/e2e-pipeline';
import { messagesIn, percentile, waitUntil } from './support/queue-state';
import { LocalPipeline } from '../../local/pipeline';

const GROUPS = 50;
const EVENTS_PER_GROUP = 40;
const TOTAL = GROUPS * EVENTS_PER_GROUP;
/** About 30 s on an idle 2-core machine; room for a busy CI runner. */
const TEST_TIMEOUT_MS = 240_000;

describe('throughput and order', () => {
  let pipeline: LocalPipeline;
  const processor = new CountingProcessor();

  beforeAll(async () => {
    // A 10 s worker timeout (not the 1 s of the fault tests): a batch of 10 on a busy runner must not time out.
    pipeline = await startE2ePipeline(processor.handler, {
      throttlingRateLimit: 10_000, throttlingBurstLimit: 10_000, workerMaxConcurrency: 10, workerTimeout: Duration.seconds(10),
    });
  });
  afterAll(async () => {
    await pipeline?.close();
  });

  test(`${TOTAL} events over ${GROUPS} groups: 0 lost, order kept per group`, async () => {
    // Prepare
    const sent = new Map<string, string[]>();
    const ackMs: number[] = [];
    const rejected: number[] = [];
    const started = performance.now();

    // Act
    await Promise.all(Array.from({ length: GROUPS }, async (_, group) => {
      const ticket = `ticket-${group}`;
      const order: string[] = [];
      sent.set(ticket, order);
      for (let sequence = 0; sequence < EVENTS_PER_GROUP; sequence++) {
        const eventId = `evt-${group}-${sequence}`;
        const before = performance.now();
        const answer = await pipeline.send(ticketEvent(eventId, ticket, sequence));
        ackMs.push(performance.now() - before);
        if (answer.statusCode === 200) order.push(eventId);
        else rejected.push(answer.statusCode);
      }
    }));
    const sentIn = performance.now() - started;
    // Done when every event had its effect and every message is deleted.
    await waitUntil(async () => processor.totalEffects() >= TOTAL && await messagesIn(pipeline, pipeline.names.queueUrl) === 0,
      TEST_TIMEOUT_MS - 30_000, `all ${TOTAL} events are processed and deleted`);
    const doneIn = performance.now() - started;

    // Assess
    const endToEnd = pipeline.events.filter((step) => step.kind === 'processed').map((step) => step.endToEndMs ?? NaN);
    const lost = [...sent.values()].flat().filter((eventId) => processor.effects.get(eventId) !== 1).length;
    const outOfOrder = [...sent.entries()].filter(([ticket, order]) => JSON.stringify(processor.orderByGroup.get(ticket)) !== JSON.stringify(order));
    process.stdout.write([
      `[e2e throughput] ${TOTAL} events over ${GROUPS} groups: sent in ${(sentIn / 1000).toFixed(1)} s `
        + `(${Math.round(TOTAL / (sentIn / 1000))} acks/s), all processed after ${(doneIn / 1000).toFixed(1)} s `
        + `(${Math.round(TOTAL / (doneIn / 1000))} events/s end to end; the backlog builds while senders outpace the worker)`,
      `[e2e throughput] ACK (client round trip) p50 ${percentile(ackMs, 50).toFixed(1)} ms, p99 ${percentile(ackMs, 99).toFixed(1)} ms`,
      `[e2e throughput] end-to-end (ingress receipt → message deleted) p50 ${percentile(endToEnd, 50)} ms, p99 ${percentile(endToEnd, 99)} ms`,
      `[e2e throughput] lost ${lost}, groups out of order ${outOfOrder.length}, non-200 answers ${rejected.length}, `
        + `worker invocations failed or timed out ${pipeline.events.filter((step) => step.kind === 'worker-failed').length}`,
      '',
    ].join('\n'));
    expect(rejected).toEqual([]);
    expect(lost).toBe(0);
    expect(outOfOrder).toEqual([]);
    expect(processor.totalEffects()).toBe(TOTAL);
    expect(endToEnd).toHaveLength(TOTAL);
  }, TEST_TIMEOUT_MS);
});
