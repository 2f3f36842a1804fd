import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Harness, HarnessOptions, RICHPANEL_KEY, SHOPIFY_TOKEN, startHarness } from './processor-harness';
import { RICHPANEL_ROUTES } from '../../../examples/prod-app/fakes/fake-richpanel';
import { SAMPLE_CUSTOMER_EMAIL, sampleTicketWebhook, TICKET_WITH_RICHPANEL_ORDER } from '../../../examples/prod-app/fakes/sample-data';
import { noteMarker } from '../../../examples/prod-app/processor/order-status-note';
import { windowLimits } from '../../../examples/prod-app/processor/rate-limits';
import { RichpanelWebhookRejected } from '../../../examples/prod-app/processor/richpanel-webhook';
import { ProcessorRequestPayload } from '../../../src/runtime';
import { dynamoClient, RunningEmulator, startDynalite } from '../../support/emulators';

function requestFor(payload: unknown, eventId = 'evt-1', attempt = 1): ProcessorRequestPayload {
  const ticket = (payload as { ticket?: { id?: unknown } }).ticket?.id;
  return { eventId, messageGroupId: String(ticket ?? 'none'), attempt, receivedAt: '2026-11-24T12:00:00.000Z', payload };
}

const PROCESSED = { outcome: 'PROCESSED' };

describe('the order-status processor against fake Richpanel and Shopify', () => {
  let dynalite: RunningEmulator;
  let dynamo: DynamoDBClient;
  let harness: Harness | undefined;

  beforeAll(async () => {
    dynalite = await startDynalite();
    dynamo = dynamoClient(dynalite.endpoint);
  });
  afterAll(async () => {
    dynamo?.destroy();
    await dynalite?.stop();
  });
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  async function start(options: Omit<HarnessOptions, 'dynamo'> = {}): Promise<Harness> {
    harness = await startHarness({ dynamo, ...options });
    return harness;
  }

  describe('answers', () => {
    test('an order number not known to Richpanel: Shopify\'s status as ONE private note ending with the event marker', async () => {
      const { processor, richpanel, shopify } = await start();
      await expect(processor.process(requestFor(sampleTicketWebhook('T-1', 'Where is my order #1001?')))).resolves.toEqual(PROCESSED);
      expect(richpanel.notes).toEqual([{
        ticketId: 'T-1',
        isPrivate: true,
        body: 'Order status, looked up automatically (source: Shopify).\nOrder #1001: FULFILLED (payment PAID).\n'
          + 'Tracking: UPS 1Z999AA10123456784 https://www.ups.com/track?tracknum=1Z999AA10123456784\n[rp-mw event evt-1]',
      }]);
      expect(shopify.served()).toBe(1);
    });

    test('Richpanel\'s own order data first: no Shopify call', async () => {
      const { processor, richpanel, shopify } = await start();
      await processor.process(requestFor(sampleTicketWebhook(TICKET_WITH_RICHPANEL_ORDER, 'where is my package?')));
      expect(richpanel.notes.map((note) => note.body.split('\n').slice(0, 3))).toEqual([[
        'Order status, looked up automatically (source: Richpanel).',
        'Order #1003: SHIPPED (fulfillment in_transit).',
        'Tracking: 9400111899223 https://tools.usps.com/go/TrackConfirmAction?tLabels=9400111899223',
      ]]);
      expect(shopify.served()).toBe(0);
    });

    test('no order number: the customer\'s latest order by email', async () => {
      const { processor, richpanel } = await start();
      await processor.process(requestFor(sampleTicketWebhook('T-2', 'Has my order shipped?')));
      expect(richpanel.notes[0].body).toContain('Order #1002: UNFULFILLED (payment PAID).');
    });

    test('no such order: a note that asks the agent to confirm the number', async () => {
      const { processor, richpanel } = await start();
      await processor.process(requestFor(sampleTicketWebhook('T-3', 'order status of #9999 please')));
      expect(richpanel.notes[0].body).toContain('No order found by order number: ask the customer to confirm the order number.');
    });

    test('not an order-status question: processed with no call at all', async () => {
      const { processor, richpanel, shopify } = await start();
      await expect(processor.process(requestFor(sampleTicketWebhook('T-4', 'Thanks, that solved it!')))).resolves.toEqual(PROCESSED);
      expect(richpanel.requestCounts.size).toBe(0);
      expect(shopify.served() + shopify.throttled()).toBe(0);
    });

    test('a body the template contract rejects throws (ends in the DLQ after its retries), with no call', async () => {
      const { processor, richpanel } = await start();
      await expect(processor.process(requestFor({ ticket: { id: 'T-5' } }))).rejects.toBeInstanceOf(RichpanelWebhookRejected);
      expect(richpanel.requestCounts.size).toBe(0);
    });

    test('logs name the event and the outcome, never the email, the message, the note or a key', async () => {
      const { processor, logLines } = await start();
      await processor.process(requestFor(sampleTicketWebhook('T-6', 'Where is my order #1001?')));
      expect(logLines.map((line) => JSON.parse(line).reason)).toEqual(['note-posted-shopify']);
      const logs = logLines.join('\n');
      for (const secret of [SAMPLE_CUSTOMER_EMAIL, 'Where is my order', 'FULFILLED', RICHPANEL_KEY, SHOPIFY_TOKEN]) expect(logs).not.toContain(secret);
    });
  });

  describe('no double note', () => {
    test('the same event run again (a crash after the POST, before the worker recorded it) finds its note and posts none', async () => {
      const { processor, richpanel } = await start();
      const request = requestFor(sampleTicketWebhook('T-7', 'Where is my order #1001?'), 'evt-7');
      await processor.process(request);
      await expect(processor.process({ ...request, attempt: 2 })).resolves.toEqual(PROCESSED);
      expect(richpanel.notes).toHaveLength(1);
      expect(richpanel.requestCounts.get(RICHPANEL_ROUTES.comment)).toBe(1);
      // Control: another event on the same ticket does get its own note (the marker is per event).
      await processor.process(requestFor(sampleTicketWebhook('T-7', 'Where is my order #1001?'), 'evt-8'));
      expect(richpanel.notes.map((note) => note.body.endsWith(noteMarker('evt-8')))).toEqual([false, true]);
    });

    test('a POST that timed out although Richpanel stored the note is not repeated', async () => {
      const { processor, richpanel } = await start({ policy: { attemptTimeoutMs: 300 } });
      richpanel.fail(RICHPANEL_ROUTES.comment, { kind: 'act-then-hang' });
      await expect(processor.process(requestFor(sampleTicketWebhook('T-9', 'Where is my order #1001?'), 'evt-9'))).resolves.toEqual(PROCESSED);
      expect(richpanel.notes).toHaveLength(1);
      expect(richpanel.requestCounts.get(RICHPANEL_ROUTES.comment)).toBe(1);
    });

    test('a POST that failed with 503 (nothing stored) is posted again, once', async () => {
      const { processor, richpanel } = await start();
      richpanel.fail(RICHPANEL_ROUTES.comment, { kind: 'status', status: 503 });
      await processor.process(requestFor(sampleTicketWebhook('T-10', 'Where is my order #1001?'), 'evt-10'));
      expect(richpanel.notes).toHaveLength(1);
      expect(richpanel.requestCounts.get(RICHPANEL_ROUTES.comment)).toBe(2);
    });
  });

  describe('limits and failures become RETRY_LATER', () => {
    test('a deferral is spread: Retry-After plus up to (burst refill time) × 2^attempt, 15 min at most', async () => {
      // Our bucket (100 per 30 s, burst 50) refills its burst in 30 s: that is the spread's unit here.
      const { processor } = await start({ limits: windowLimits(100, 30), richpanel: { limit: 1, windowSeconds: 30 }, random: () => 0.5 });
      const webhook = sampleTicketWebhook('T-17', 'Where is my order #1001?');
      const answers = [];
      for (const attempt of [1, 2, 5, 9]) answers.push(await processor.process(requestFor(webhook, 'evt-17', attempt)));
      // The fake's Retry-After (30 s) plus random 0.5 of 60, 120, 900 (capped from 960) and 900 s
      expect(answers.map((answer) => (answer as { retryAfterSeconds: number }).retryAfterSeconds)).toEqual([30 + 30, 30 + 60, 30 + 450, 30 + 450]);
    });

    test('Richpanel 429 with Retry-After → RETRY_LATER after exactly that many seconds', async () => {
      // The fake allows 1 request per 30 s (the order lookup); the clock does not move, so the note's POST gets 429 with 30 s.
      const { processor, richpanel } = await start({ richpanel: { limit: 1, windowSeconds: 30 } });
      const answer = await processor.process(requestFor(sampleTicketWebhook('T-11', 'Where is my order #1001?')));
      expect(answer).toEqual({ outcome: 'RETRY_LATER', retryAfterSeconds: 30 });
      expect(richpanel.rateLimited()).toBe(1);
      expect(richpanel.notes).toHaveLength(0);
    });

    test('our own bucket refuses before Richpanel would: RETRY_LATER with the bucket\'s delay, no call, no 429', async () => {
      // 4 requests per 30 s with a burst of 2: the first question reserves both (order lookup + note);
      // the second needs 2 more tokens, refilled at 2 per 30 s → 30 s.
      const { processor, richpanel } = await start({ limits: windowLimits(4, 30) });
      const first = await processor.process(requestFor(sampleTicketWebhook('T-12', 'Where is my order #1001?'), 'evt-12'));
      const second = await processor.process(requestFor(sampleTicketWebhook('T-12b', 'Where is my order #1001?'), 'evt-12b'));
      expect([first, second]).toEqual([PROCESSED, { outcome: 'RETRY_LATER', retryAfterSeconds: 30 }]);
      expect(richpanel.requestCounts.get(RICHPANEL_ROUTES.order)).toBe(1);
      expect(richpanel.requestCounts.get(RICHPANEL_ROUTES.comment)).toBe(1);
      expect(richpanel.rateLimited()).toBe(0);
    });

    test('Shopify THROTTLED (HTTP 200) → RETRY_LATER when the store has restored the query\'s points', async () => {
      // The store has 5 points, restores 2/s, the query costs 10: (10 - 5) / 2 → 3 s.
      const { processor, shopify, richpanel } = await start({ shopify: { maximumPoints: 5, restorePerSecond: 2 } });
      const answer = await processor.process(requestFor(sampleTicketWebhook('T-13', 'Where is my order #1001?')));
      expect(answer).toEqual({ outcome: 'RETRY_LATER', retryAfterSeconds: 3 });
      expect(shopify.throttled()).toBe(1);
      expect(richpanel.notes).toHaveLength(0);
    });

    test('Richpanel 5xx on every attempt → bounded retries, then RETRY_LATER backing off with the event\'s attempt', async () => {
      const { processor, richpanel } = await start();
      const faults = Array.from({ length: 6 }, () => ({ kind: 'status' as const, status: 502 }));
      richpanel.fail(RICHPANEL_ROUTES.order, ...faults);
      const first = await processor.process(requestFor(sampleTicketWebhook('T-14', 'Where is my order #1001?'), 'evt-14', 1));
      const second = await processor.process(requestFor(sampleTicketWebhook('T-14', 'Where is my order #1001?'), 'evt-14', 2));
      // Lower bounds (random 0): half of 30 s, then half of 60 s
      expect([first, second]).toEqual([{ outcome: 'RETRY_LATER', retryAfterSeconds: 15 }, { outcome: 'RETRY_LATER', retryAfterSeconds: 30 }]);
      // 3 attempts per run (DEFAULT_CALL_POLICY.maxAttempts), nothing more; the rerun looked for an earlier note first
      expect(richpanel.requestCounts.get(RICHPANEL_ROUTES.order)).toBe(6);
      expect(richpanel.requestCounts.get(RICHPANEL_ROUTES.ticket)).toBe(1);
    });

    test('Shopify malformed JSON and a hang, then an answer: retried inside the call, one note', async () => {
      const { processor, shopify, richpanel } = await start({ policy: { attemptTimeoutMs: 300 } });
      shopify.fail({ kind: 'malformed' }, { kind: 'hang' });
      await expect(processor.process(requestFor(sampleTicketWebhook('T-15', 'Where is my order #1001?')))).resolves.toEqual(PROCESSED);
      expect(richpanel.notes).toHaveLength(1);
      expect(shopify.served()).toBe(1);
    });

    test('a wrong Richpanel key fails the event (no retry inside the Lambda) and says where the key lives', async () => {
      const { processor, richpanel } = await start({ richpanel: { apiKey: 'another-key' } });
      await expect(processor.process(requestFor(sampleTicketWebhook('T-16', 'Where is my order #1001?'))))
        .rejects.toThrow('Richpanel answered 401 to GET /order/{conversationId}: check the API key/token in its Secrets Manager secret');
      expect(richpanel.requestCounts.get(RICHPANEL_ROUTES.order)).toBe(1);
    });
  });
});
