import { requestFor, useHarnessPerTest } from './processor-harness';
import { RICHPANEL_ROUTES } from '../../../examples/prod-app/fakes/fake-richpanel';
import { sampleTicketWebhook } from '../../../examples/prod-app/fakes/sample-data';
import { windowLimits } from '../../../examples/prod-app/processor/rate-limits';

const PROCESSED = { outcome: 'PROCESSED' };

describe('the order-status processor against fake Richpanel and Shopify: limits and failures become RETRY_LATER', () => {
  const start = useHarnessPerTest();

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
