/*
 * The outbound limits the middleware keeps, as buckets for the library's RateLimiter (shared by
 * every concurrent processor through the pipeline's state table).
 */
import { RICHPANEL, SHOPIFY_GRAPHQL_STANDARD } from './downstream-limits';
import { bucketForWindowLimit, BucketConfigs, RateLimitBucket } from '../../../src/runtime';

/** Bucket of the Richpanel account's API (one account per stage). */
export const RICHPANEL_BUCKET = 'richpanel';
/** GraphQL cost points of one Shopify store; the store's domain is appended (`shopify-graphql:<store>`). */
export const SHOPIFY_GRAPHQL_BUCKET = 'shopify-graphql';

export function shopifyGraphqlBucket(storeDomain: string): string {
  return `${SHOPIFY_GRAPHQL_BUCKET}:${storeDomain}`;
}

/**
 * Other apps installed on the store spend the same GraphQL points: the middleware keeps to half
 * of the store's bucket, so it never throttles them (or itself because of them).
 */
export const SHOPIFY_SHARE = 0.5;

function share(bucket: RateLimitBucket, fraction: number): RateLimitBucket {
  return { capacity: Math.floor(bucket.capacity * fraction), refillPerSecond: bucket.refillPerSecond * fraction };
}

export interface DownstreamLimits {
  readonly richpanel: RateLimitBucket;
  /** The store's own GraphQL bucket (points); the middleware takes SHOPIFY_SHARE of it. */
  readonly shopifyGraphql: RateLimitBucket;
}

export const PRODUCTION_LIMITS: DownstreamLimits = { richpanel: RICHPANEL, shopifyGraphql: SHOPIFY_GRAPHQL_STANDARD };

/** Limits scaled for tests and the local pipeline: N requests per window, same rules as production. */
export function windowLimits(
  richpanelRequests: number, windowSeconds: number, shopifyStore: RateLimitBucket = SHOPIFY_GRAPHQL_STANDARD,
): DownstreamLimits {
  const burst = Math.floor(richpanelRequests / 2);
  return { richpanel: bucketForWindowLimit(richpanelRequests, windowSeconds, burst), shopifyGraphql: shopifyStore };
}

/** Bucket name → limit, as the RateLimiter is configured (a `name:store` bucket uses `name`'s limit). */
export function rateLimitBuckets(limits: DownstreamLimits = PRODUCTION_LIMITS): BucketConfigs {
  return {
    [RICHPANEL_BUCKET]: limits.richpanel,
    [SHOPIFY_GRAPHQL_BUCKET]: share(limits.shopifyGraphql, SHOPIFY_SHARE),
  };
}
