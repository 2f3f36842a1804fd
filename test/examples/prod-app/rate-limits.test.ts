import { rateLimitBuckets, shopifyGraphqlBucket, windowLimits } from '../../../examples/prod-app/processor/rate-limits';
import { configFor } from '../../../src/runtime';

describe('the middleware\'s outbound buckets', () => {
  const buckets = rateLimitBuckets();

  test('Richpanel: never more than 50 requests in any 30 s (burst + 30 s of refill)', () => {
    const richpanel = configFor(buckets, 'richpanel');
    expect(richpanel.capacity + richpanel.refillPerSecond * 30).toBeLessThanOrEqual(50);
    // An event reserves up to 3 calls at once: the bucket must hold them.
    expect(richpanel.capacity).toBeGreaterThanOrEqual(3);
  });

  test('Shopify GraphQL: half of a Standard store\'s points, per store (a store-suffixed bucket uses it)', () => {
    expect(configFor(buckets, shopifyGraphqlBucket('a-store.myshopify.com'))).toEqual({ capacity: 500, refillPerSecond: 50 });
  });

  test('scaled limits for tests keep the same rule', () => {
    const scaled = windowLimits(10, 3).richpanel;
    expect(scaled).toEqual({ capacity: 5, refillPerSecond: 5 / 3 });
    expect(scaled.capacity + scaled.refillPerSecond * 3).toBeCloseTo(10);
  });
});
