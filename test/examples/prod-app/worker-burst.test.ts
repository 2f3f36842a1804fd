/*
 * A burst of Richpanel webhooks through the real worker handler (claims in dynalite), the example
 * processor (in-process as createWorker calls it, and behind the JSON answer the separate Lambda gives) and the library's DynamoDB rate limiter,
 * against the fakes, on a simulated FIFO queue with a virtual clock (simulated-fifo-queue.ts).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Harness, startHarness, TestClock } from './processor-harness';
import { DrainResult, drainThroughWorker, RecordingVisibility, SimulatedMessage } from './simulated-fifo-queue';
import { sampleTicketWebhook } from '../../../examples/prod-app/fakes/sample-data';
import { STAGES } from '../../../examples/prod-app/lib/stages';
import { noteMarker } from '../../../examples/prod-app/processor/order-status-note';
import { DownstreamLimits, windowLimits } from '../../../examples/prod-app/processor/rate-limits';
import { DynamoIdempotencyStore } from '../../../src/runtime/aws/idempotency-store';
import { safeErrorClass } from '../../../src/runtime/core/error-class';
import { EventProcessor, interpretProcessorResponse } from '../../../src/runtime/core/processor-outcome';
import { AuditLog } from '../../../src/runtime/observability/audit-log';
import { InProcessEventProcessor } from '../../../src/runtime/worker/create-worker';
import { createWorkerHandler } from '../../../src/runtime/worker/worker-handler';
import { dynamoClient, RunningEmulator, startDynalite } from '../../support/emulators';

/** The fake Richpanel's limit in this test: 10 requests in any 3 s (Richpanel's 50 / 30 s, sped up). */
const RICHPANEL_LIMIT = 10;
const RICHPANEL_WINDOW_SECONDS = 3;
/** The fake store's GraphQL bucket: 100 points restored at 20/s (an order lookup costs 10). */
const SHOPIFY_STORE = { capacity: 100, refillPerSecond: 20 };
const BATCH_SIZE = 10;
/** The app's setting: every deferral uses a receive. */
const MAX_RECEIVE_COUNT = STAGES.find((stage) => stage.name === 'prod')!.maxReceiveCount;
const VISIBILITY_TIMEOUT_SECONDS = 180;
/** Virtual time one worker invocation takes. */
const INVOCATION_MS = 200;

interface BurstResult extends DrainResult {
  readonly harness: Harness;
}

/** How the worker reaches the example processor in each of the app's modes. */
const PROCESSOR_ADAPTERS: Array<[string, (harness: Harness) => EventProcessor]> = [
  // In-process (the app's default): createWorker's adapter, the processor called in the worker's process.
  ['in-process', (harness) => new InProcessEventProcessor((request) => harness.processor.process(request))],
  // Separate processor: the JSON boundary the Lambda invoke crosses, interpreted as LambdaEventProcessor does.
  ['lambda', (harness) => ({
    process: async (request) => harness.processor.process(JSON.parse(JSON.stringify(request)))
      .then((answer) => interpretProcessorResponse(undefined, JSON.stringify(answer)))
      .catch((error: unknown) => ({ kind: 'FAILED' as const, errorClass: safeErrorClass((error as Error).name, 'Error') })),
  })],
];

describe.each(PROCESSOR_ADAPTERS)('a burst of ticket events through the worker, the processor (%s) and the rate limiter', (_mode, processorFor) => {
  let dynalite: RunningEmulator;
  let dynamo: DynamoDBClient;
  const harnesses: Harness[] = [];

  beforeAll(async () => {
    dynalite = await startDynalite();
    dynamo = dynamoClient(dynalite.endpoint);
  });
  afterAll(async () => {
    await Promise.all(harnesses.map((harness) => harness.close()));
    dynamo?.destroy();
    await dynalite?.stop();
  });

  async function runBurst(
    messages: SimulatedMessage[], limits: DownstreamLimits, richpanelLimit = RICHPANEL_LIMIT,
  ): Promise<BurstResult> {
    const clock = new TestClock();
    let seed = 42;
    // A seeded generator: deferral spreads vary as in production, but every run is the same.
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const harness = await startHarness({
      dynamo,
      clock,
      limits,
      random,
      richpanel: { limit: richpanelLimit, windowSeconds: RICHPANEL_WINDOW_SECONDS },
      shopify: { maximumPoints: SHOPIFY_STORE.capacity, restorePerSecond: SHOPIFY_STORE.refillPerSecond },
    });
    harnesses.push(harness);
    const processor = processorFor(harness);
    const visibility = new RecordingVisibility();
    const worker = createWorkerHandler({
      store: new DynamoIdempotencyStore(dynamo, harness.tableName),
      processor,
      visibility,
      log: new AuditLog('worker', () => undefined, clock.now),
      idempotencyTtlSeconds: 3600,
      processorTimeoutMs: 1_000,
      now: clock.now,
    });
    const drained = await drainThroughWorker(messages, worker, visibility, {
      clock,
      batchSize: BATCH_SIZE,
      maxReceiveCount: MAX_RECEIVE_COUNT,
      visibilityTimeoutSeconds: VISIBILITY_TIMEOUT_SECONDS,
      invocationMs: INVOCATION_MS,
    });
    return { harness, ...drained };
  }

  /** 40 order-status questions on 40 tickets (5 of them delivered twice), 10 chats that need nothing. */
  function burst() {
    const orderQuestions = Array.from({ length: 40 }, (_, index) => ({
      eventId: `evt-order-${index}`, groupId: `T-${index}`, payload: sampleTicketWebhook(`T-${index}`, `Where is my order #${index % 2 === 0 ? '1001' : '1002'}?`),
    }));
    const chats = Array.from({ length: 10 }, (_, index) => ({
      eventId: `evt-chat-${index}`, groupId: `T-chat-${index}`, payload: sampleTicketWebhook(`T-chat-${index}`, 'Thanks, all good now'),
    }));
    // Duplicates (a redelivery after the 5-minute FIFO dedup window) reach the worker as new messages.
    return [...orderQuestions, ...chats, ...orderQuestions.slice(0, 5)];
  }

  test('no event lost, one note per question, Richpanel\'s limit never exceeded (its 429 count stays 0)', async () => {
    // Prepare: our bucket keeps the fake's limit in every window (burst 5, 5 more over 3 s)
    const limits = windowLimits(RICHPANEL_LIMIT, RICHPANEL_WINDOW_SECONDS, SHOPIFY_STORE);
    const { harness, deadLetters, receives, mostReceives, virtualSeconds } = await runBurst(burst(), limits);
    const { richpanel, shopify } = harness;
    process.stdout.write(`burst: 55 messages, ${receives} receives (at most ${mostReceives}/${MAX_RECEIVE_COUNT} for one), ${virtualSeconds.toFixed(1)} virtual s, `
      + `busiest ${RICHPANEL_WINDOW_SECONDS} s window ${richpanel.busiestWindow()}/${RICHPANEL_LIMIT}, Richpanel 429s ${richpanel.rateLimited()}, `
      + `Shopify lookups ${shopify.served()}, THROTTLED ${shopify.throttled()}\n`);

    // Assess: nothing in the DLQ, every question answered exactly once, chats untouched
    expect(deadLetters).toEqual([]);
    const markers = richpanel.notes.map((note) => note.body.split('\n').pop());
    expect(markers.sort()).toEqual(Array.from({ length: 40 }, (_, index) => noteMarker(`evt-order-${index}`)).sort());
    expect(richpanel.notes.every((note) => note.isPrivate && note.ticketId === note.body.match(/evt-order-(\d+)/)!.slice(1).map((n) => `T-${n}`)[0])).toBe(true);
    // Limits: never a 429 / THROTTLED, and never more than the limit in any window
    expect(richpanel.rateLimited()).toBe(0);
    expect(richpanel.busiestWindow()).toBeLessThanOrEqual(RICHPANEL_LIMIT);
    expect(shopify.throttled()).toBe(0);
    expect(shopify.served()).toBeGreaterThanOrEqual(40);
    // 40 questions × 3 calls at 10 per 3 s need at least ~33 s: the limiter really held the burst back
    expect(virtualSeconds).toBeGreaterThan(30);
  });

  test('control: a Richpanel bucket bigger than Richpanel\'s limit gets 429s (so the check above can fail), still nothing lost', async () => {
    const { harness, deadLetters } = await runBurst(burst(), windowLimits(RICHPANEL_LIMIT * 4, RICHPANEL_WINDOW_SECONDS, SHOPIFY_STORE));
    expect(harness.richpanel.rateLimited()).toBeGreaterThan(0);
    expect(deadLetters).toEqual([]);
    expect(new Set(harness.richpanel.notes.map((note) => note.body.split('\n').pop())).size).toBe(harness.richpanel.notes.length);
  });

  test('when Shopify is the limit that binds, the GraphQL cost bucket keeps the store from answering THROTTLED', async () => {
    // Richpanel generous on both sides; our GraphQL bucket is half the store's (SHOPIFY_SHARE).
    const { harness, deadLetters, virtualSeconds } = await runBurst(burst(), windowLimits(1_000, RICHPANEL_WINDOW_SECONDS, SHOPIFY_STORE), 1_000);
    expect(deadLetters).toEqual([]);
    expect(harness.richpanel.notes).toHaveLength(40);
    expect(harness.shopify.throttled()).toBe(0);
    // 400 points at 10 points/s (half of the store's 20) beyond a 50-point burst: at least 35 s
    expect(virtualSeconds).toBeGreaterThan(35);
  });

  test('control: a GraphQL bucket bigger than the store\'s gets THROTTLED answers, still nothing lost', async () => {
    // Richpanel generous on both sides, so Shopify is the only limit that binds.
    const tooGenerous = windowLimits(1_000, RICHPANEL_WINDOW_SECONDS, { capacity: 1_000, refillPerSecond: 200 });
    const { harness, deadLetters } = await runBurst(burst(), tooGenerous, 1_000);
    expect(harness.shopify.throttled()).toBeGreaterThan(0);
    expect(deadLetters).toEqual([]);
    expect(harness.richpanel.notes).toHaveLength(40);
  });
});
