/*
 * Bucket configs for the downstream APIs the middleware calls, from their published limits
 * (see docs/07_Reliability_Scaling/Rate_Limiting_and_Backpressure.md). Vendors change limits and plans differ: these are
 * starting points to pass to the library's limiter, and a 429 / THROTTLED answer must still be honoured.
 */
import { bucketForWindowLimit, RateLimitBucket } from '../../../src/runtime';

/** Shopify Admin REST (Standard plans): a leaky bucket of 40 requests draining 2/s, per store. */
export const SHOPIFY_REST_STANDARD: RateLimitBucket = { capacity: 40, refillPerSecond: 2 };

/**
 * Shopify Admin GraphQL (Standard plans): cost points restored at 100/s, per store. The bucket
 * size is taken as 1,000 points, the most one query may cost (raise it only from the
 * `throttleStatus.maximumAvailable` your store reports). Acquire with the query's cost.
 */
export const SHOPIFY_GRAPHQL_STANDARD: RateLimitBucket = { capacity: 1_000, refillPerSecond: 100 };

/**
 * Richpanel: 50 requests per 30 s per account. A bucket with capacity 50 refilling 50/30 per
 * second would let up to 100 through in one 30 s window, so this one keeps capacity + 30 s of
 * refill at 50: bursts of 10, then 4 every 3 s.
 */
export const RICHPANEL: RateLimitBucket = bucketForWindowLimit(50, 30, 10);
