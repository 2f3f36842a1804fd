import * as fc from 'fast-check';
import {
  BucketState, bucketForWindowLimit, fullAtMs, fullBucket, refill, requireValidBucket, requireValidCost, retryAfterMs, take,
} from '../../src/runtime/token-bucket';

const SHOPIFY_REST = { capacity: 40, refillPerSecond: 2 };

const bucketArb = fc.record({
  capacity: fc.integer({ min: 1, max: 1_000 }),
  refillPerSecond: fc.double({ min: 0.01, max: 500, noNaN: true }),
});

describe('token bucket arithmetic', () => {
  test('refill adds refillPerSecond per elapsed second, capped at capacity (hand-computed)', () => {
    // Prepare: 10 tokens at t=0; 2/s
    const state: BucketState = { tokens: 10, refilledAtMs: 0 };

    // Act
    const after3s = refill(state, SHOPIFY_REST, 3_000);
    const after60s = refill(state, SHOPIFY_REST, 60_000);

    // Assess: 10 + 3 × 2 = 16; 10 + 60 × 2 = 130 → capped at 40
    expect(after3s).toEqual({ tokens: 16, refilledAtMs: 3_000 });
    expect(after60s).toEqual({ tokens: 40, refilledAtMs: 60_000 });
  });

  test('a clock behind the stored instant adds nothing and keeps the later instant', () => {
    const state: BucketState = { tokens: 5, refilledAtMs: 10_000 };
    expect(refill(state, SHOPIFY_REST, 9_000)).toBe(state);
  });

  test('take grants and subtracts the cost; a refusal says when the cost has refilled', () => {
    // Prepare: 1.5 tokens, 2/s
    const state: BucketState = { tokens: 1.5, refilledAtMs: 0 };

    // Act
    const one = take(state, SHOPIFY_REST, 1, 0);
    const five = take(state, SHOPIFY_REST, 5, 0);

    // Assess: 1.5 - 1 = 0.5; for 5 we miss 3.5 tokens → 3.5 / 2 = 1.75 s
    expect(one).toEqual({ granted: true, state: { tokens: 0.5, refilledAtMs: 0 } });
    expect(five).toEqual({ granted: false, state, retryAfterMs: 1_750 });
  });

  test('a refusal under a lagging local clock adds the lag to the wait', () => {
    // The bucket was written at t=10 s by a host whose clock is 500 ms ahead of ours.
    const result = take({ tokens: 0, refilledAtMs: 10_000 }, SHOPIFY_REST, 1, 9_500);
    // 1 token / 2 per s = 500 ms after the bucket's instant, which is 500 ms in our future.
    expect(result).toMatchObject({ granted: false, retryAfterMs: 1_000 });
  });

  test('retryAfterMs rounds up and is 0 when the tokens are there', () => {
    expect(retryAfterMs(0, 1, { capacity: 3, refillPerSecond: 3 })).toBe(334);
    expect(retryAfterMs(2, 1, SHOPIFY_REST)).toBe(0);
  });

  test('fullAtMs is when the bucket holds capacity again', () => {
    // 40 - 30 = 10 missing at 2/s → 5 s after t=1 s
    expect(fullAtMs({ tokens: 30, refilledAtMs: 1_000 }, SHOPIFY_REST)).toBe(6_000);
  });

  test('bucketForWindowLimit keeps capacity + refill × window at the window limit', () => {
    const richpanel = bucketForWindowLimit(50, 30, 10);
    expect(richpanel.capacity).toBe(10);
    expect(richpanel.capacity + richpanel.refillPerSecond * 30).toBeCloseTo(50, 9);
    expect(() => bucketForWindowLimit(50, 30, 50)).toThrow(/requests > burst > 0/);
  });

  test.each([
    [{ capacity: 0, refillPerSecond: 1 }, /capacity must be a positive/],
    [{ capacity: 10, refillPerSecond: 0 }, /refillPerSecond must be a positive/],
    [{ capacity: Number.NaN, refillPerSecond: 1 }, /capacity must be a positive/],
  ])('rejects the bucket %j', (bucket, message) => {
    expect(() => requireValidBucket('api', bucket)).toThrow(message);
  });

  test.each([
    [0, /cost must be a positive/],
    [-1, /cost must be a positive/],
    [41, /exceeds the bucket capacity 40, so it could never be granted/],
  ])('rejects the cost %p', (cost, message) => {
    expect(() => requireValidCost('shopify:a', SHOPIFY_REST, cost)).toThrow(message);
  });

  test('property: over any sequence of takes, tokens granted ≤ capacity + refill × elapsed', () => {
    fc.assert(fc.property(
      bucketArb,
      fc.array(fc.record({ gapMs: fc.integer({ min: 0, max: 5_000 }), cost: fc.double({ min: 0.1, max: 1, noNaN: true }) }), { maxLength: 200 }),
      (bucket, calls) => {
        let state = fullBucket(bucket, 0);
        let nowMs = 0;
        let granted = 0;
        for (const call of calls) {
          nowMs += call.gapMs;
          const cost = call.cost * bucket.capacity;
          const result = take(state, bucket, cost, nowMs);
          state = result.state;
          if (result.granted) granted += cost;
        }
        expect(granted).toBeLessThanOrEqual(bucket.capacity + bucket.refillPerSecond * (nowMs / 1000) + 1e-6);
        expect(state.tokens).toBeGreaterThanOrEqual(0);
        expect(state.tokens).toBeLessThanOrEqual(bucket.capacity);
      },
    ));
  });

  test('property: a refusal\'s retryAfterMs is exact: refused 1 ms earlier, granted then', () => {
    fc.assert(fc.property(
      bucketArb,
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.double({ min: 0.01, max: 1, noNaN: true }),
      (bucket, fill, share) => {
        const state: BucketState = { tokens: fill * bucket.capacity, refilledAtMs: 1_000 };
        const cost = share * bucket.capacity;
        const result = take(state, bucket, cost, 1_000);
        fc.pre(!result.granted);
        const wait = (result as { retryAfterMs: number }).retryAfterMs;
        expect(take(state, bucket, cost, 1_000 + wait).granted).toBe(true);
        if (wait > 1) expect(take(state, bucket, cost, 1_000 + wait - 2).granted).toBe(false);
      },
    ));
  });
});
