/*
 * A burst of Richpanel webhooks through the real worker handler (claims in dynalite), the example
 * processor (behind the same JSON answer the Lambda gives) and the library's DynamoDB rate limiter,
 * against the fakes. The queue is simulated in this file on a virtual clock, with the SQS FIFO
 * rules that matter here: a group's head blocks the rest of its group, a failed record comes back
 * after its visibility delay (the worker's RETRY_LATER) or the visibility timeout, and a message
 * received maxReceiveCount times goes to the DLQ. Virtual time makes minutes of rate limiting run
 * in seconds, deterministically.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { Harness, startHarness, TestClock } from './processor-harness';
import { sampleTicketWebhook } from '../../../examples/prod-app/fakes/sample-data';
import { STAGES } from '../../../examples/prod-app/lib/stages';
import { noteMarker } from '../../../examples/prod-app/processor/order-status-note';
import { DownstreamLimits, windowLimits } from '../../../examples/prod-app/processor/rate-limits';
import { DynamoIdempotencyStore } from '../../../lambda/aws/idempotency-store';
import { MessageVisibility, VisibilityChange } from '../../../lambda/aws/message-visibility';
import { AuditLog } from '../../../lambda/core/audit-log';
import { EventProcessor, interpretProcessorResponse, safeErrorClass } from '../../../lambda/core/processor-outcome';
import { createWorkerHandler } from '../../../lambda/worker/worker-handler';
import { lambdaContext } from '../../lambda/worker/sqs-event';
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

interface QueuedMessage {
  readonly messageId: string;
  readonly eventId: string;
  readonly groupId: string;
  readonly body: string;
  visibleAt: number;
  receiveCount: number;
}

interface BurstResult {
  readonly harness: Harness;
  readonly deadLetters: QueuedMessage[];
  readonly receives: number;
  /** The most receives one message needed. */
  readonly mostReceives: number;
  readonly virtualSeconds: number;
}

class RecordingVisibility implements MessageVisibility {
  public readonly changes = new Map<string, number>();
  public async delay(changes: readonly VisibilityChange[]): Promise<string[]> {
    for (const change of changes) this.changes.set(change.messageId, change.visibilityTimeoutSeconds);
    return [];
  }
}

function sqsRecord(message: QueuedMessage, receivedAt: number): SQSRecord {
  return {
    messageId: message.messageId,
    receiptHandle: `${message.messageId}:${message.receiveCount}`,
    body: message.body,
    attributes: {
      MessageGroupId: message.groupId,
      MessageDeduplicationId: message.eventId,
      ApproximateReceiveCount: String(message.receiveCount),
      SentTimestamp: String(receivedAt),
      SenderId: 'test',
      ApproximateFirstReceiveTimestamp: String(receivedAt),
    },
    messageAttributes: {
      eventId: { dataType: 'String', stringValue: message.eventId, stringListValues: [], binaryListValues: [] },
      receivedAt: { dataType: 'Number', stringValue: String(receivedAt), stringListValues: [], binaryListValues: [] },
    },
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-2:000000000000:rp-mw-test.fifo',
    awsRegion: 'us-east-2',
  };
}

describe('a burst of ticket events through the worker, the processor and the rate limiter', () => {
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
    messages: Array<{ eventId: string; groupId: string; payload: unknown }>, limits: DownstreamLimits, richpanelLimit = RICHPANEL_LIMIT,
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
    const processor: EventProcessor = {
      // The JSON boundary the Lambda invoke crosses: the same interpretation as LambdaEventProcessor.
      process: async (request) => harness.processor.process(JSON.parse(JSON.stringify(request)))
        .then((answer) => interpretProcessorResponse(undefined, JSON.stringify(answer)))
        .catch((error: unknown) => ({ kind: 'FAILED' as const, errorClass: safeErrorClass((error as Error).name, 'Error') })),
    };
    const visibility = new RecordingVisibility();
    const worker = createWorkerHandler({
      store: new DynamoIdempotencyStore(dynamo, harness.tableName),
      processor,
      visibility,
      log: new AuditLog('worker', (line) => process.env.BURST_DEBUG && process.stdout.write(line + '\n'), clock.now),
      idempotencyTtlSeconds: 3600,
      now: clock.now,
    });

    const startedAt = clock.ms;
    const queue: QueuedMessage[] = messages.map((message) => ({
      ...message, messageId: randomUUID(), body: JSON.stringify(message.payload), visibleAt: clock.ms, receiveCount: 0,
    }));
    const deadLetters: QueuedMessage[] = [];
    let receives = 0;
    let mostReceives = 0;
    for (let round = 0; queue.length > 0; round++) {
      if (round > 5_000) throw new Error('the queue did not drain');
      // FIFO: only each group's oldest message can be received, and only once it is visible.
      const heads = [...new Map(queue.map((message) => [message.groupId, message])).values()]
        .map((last) => queue.find((message) => message.groupId === last.groupId)!);
      const visible = heads.filter((message) => message.visibleAt <= clock.ms).slice(0, BATCH_SIZE);
      if (visible.length === 0) {
        clock.ms = Math.min(...heads.map((message) => message.visibleAt));
        continue;
      }
      const batch: QueuedMessage[] = [];
      for (const message of visible) {
        if (message.receiveCount >= MAX_RECEIVE_COUNT) {
          queue.splice(queue.indexOf(message), 1);
          deadLetters.push(message);
        } else {
          message.receiveCount++;
          mostReceives = Math.max(mostReceives, message.receiveCount);
          batch.push(message);
        }
      }
      if (batch.length === 0) continue;
      receives += batch.length;
      visibility.changes.clear();
      const event: SQSEvent = { Records: batch.map((message) => sqsRecord(message, startedAt)) };
      const response = await worker(event, lambdaContext(30_000));
      const failed = new Set(response.batchItemFailures.map((failure) => failure.itemIdentifier));
      clock.advance(INVOCATION_MS);
      for (const message of batch) {
        if (failed.has(message.messageId)) {
          message.visibleAt = clock.ms + (visibility.changes.get(message.messageId) ?? VISIBILITY_TIMEOUT_SECONDS) * 1000;
        } else {
          queue.splice(queue.indexOf(message), 1);
        }
      }
    }
    return { harness, deadLetters, receives, mostReceives, virtualSeconds: (clock.ms - startedAt) / 1000 };
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
    expect(deadLetters.map((message) => message.eventId)).toEqual([]);
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
