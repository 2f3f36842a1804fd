/*
 * The outbound rate limiter's contract, shared by every processor that calls a rate-limited API.
 * Shipped at `ack-fast-webhook-pipeline/lib/runtime` (not part of the jsii API: runtime code only).
 */

/** One downstream limit: a token bucket (Shopify REST: capacity 40, refill 2/s per store). */
export interface RateLimitBucket {
  /** Most tokens the bucket holds (the burst). */
  readonly capacity: number;
  /** Tokens added per second (the sustained rate). */
  readonly refillPerSecond: number;
}

/** The answer to one acquire: go now, or retry after the given delay (never sleep for it in Lambda). */
export type AcquireResult =
  | { readonly granted: true; readonly remaining: number }
  | { readonly granted: false; readonly retryAfterMs: number };

/** Shared by all concurrent workers: grants are counted in one place (the pipeline's state table). */
export interface RateLimiter {
  /**
   * Takes `cost` tokens (default 1; GraphQL APIs charge query cost points) from the named bucket,
   * e.g. `shopify:my-store`. Never waits: a refusal says when to try again.
   */
  acquire(bucket: string, cost?: number): Promise<AcquireResult>;
}
