/*
 * Token-bucket arithmetic, free of I/O so it can be property-tested and shared by any store.
 *
 * A bucket holds at most `capacity` tokens and gains `refillPerSecond` tokens per second; a call
 * takes `cost` tokens or is refused with the wait until enough have refilled. Over any interval
 * of length t, grants never exceed capacity + refillPerSecond × t.
 */
import { RateLimitBucket } from './rate-limiter';

/** A bucket's tokens as of one instant (epoch milliseconds). */
export interface BucketState {
  readonly tokens: number;
  readonly refilledAtMs: number;
}

export type TakeResult =
  | { readonly granted: true; readonly state: BucketState }
  | { readonly granted: false; readonly state: BucketState; readonly retryAfterMs: number };

/** Tolerance for floating-point drift in tokens (a millionth of a token never grants a call). */
const EPSILON = 1e-9;

/** Throws when a bucket cannot work: no capacity, no refill, or a non-finite number. */
export function requireValidBucket(name: string, bucket: RateLimitBucket): void {
  const { capacity, refillPerSecond } = bucket;
  if (!Number.isFinite(capacity) || capacity <= 0) {
    throw new RangeError(`Rate limit '${name}': capacity must be a positive number of tokens; got ${capacity}.`);
  }
  if (!Number.isFinite(refillPerSecond) || refillPerSecond <= 0) {
    throw new RangeError(`Rate limit '${name}': refillPerSecond must be a positive number; got ${refillPerSecond}.`);
  }
}

/** Throws when `cost` can never be granted by this bucket (non-positive, or above its capacity). */
export function requireValidCost(name: string, bucket: RateLimitBucket, cost: number): void {
  if (!Number.isFinite(cost) || cost <= 0) {
    throw new RangeError(`Rate limit '${name}': cost must be a positive number of tokens; got ${cost}.`);
  }
  if (cost > bucket.capacity) {
    throw new RangeError(
      `Rate limit '${name}': cost ${cost} exceeds the bucket capacity ${bucket.capacity}, so it could never be granted. ` +
      'Split the call (e.g. a cheaper GraphQL query) or raise the capacity to what the API allows.',
    );
  }
}

/** A full bucket: what a bucket never used (or idle long enough to have refilled) looks like. */
export function fullBucket(bucket: RateLimitBucket, nowMs: number): BucketState {
  return { tokens: bucket.capacity, refilledAtMs: nowMs };
}

/**
 * The state at `nowMs`: tokens grow with elapsed time, capped at capacity. A clock behind the
 * stored instant (another host's clock) adds nothing and keeps the later instant, so time in
 * the bucket never runs backwards.
 */
export function refill(state: BucketState, bucket: RateLimitBucket, nowMs: number): BucketState {
  if (nowMs <= state.refilledAtMs) return state;
  const gained = ((nowMs - state.refilledAtMs) / 1000) * bucket.refillPerSecond;
  return { tokens: Math.min(bucket.capacity, state.tokens + gained), refilledAtMs: nowMs };
}

/** Milliseconds until `tokens` have grown to `cost` (0 when they already have), rounded up. */
export function retryAfterMs(tokens: number, cost: number, bucket: RateLimitBucket): number {
  const missing = cost - tokens;
  if (missing <= EPSILON) return 0;
  // Less a nanosecond, so floating-point noise (1.0000000000000009 ms) does not add a whole millisecond.
  return Math.ceil((missing / bucket.refillPerSecond) * 1000 - 1e-6);
}

/** Takes `cost` tokens at `nowMs`, or says how long until they are there. */
export function take(state: BucketState, bucket: RateLimitBucket, cost: number, nowMs: number): TakeResult {
  const current = refill(state, bucket, nowMs);
  if (current.tokens + EPSILON >= cost) {
    return { granted: true, state: { tokens: Math.max(0, current.tokens - cost), refilledAtMs: current.refilledAtMs } };
  }
  // Measured from the bucket's own instant: with a lagging local clock the wait is still right.
  const wait = retryAfterMs(current.tokens, cost, bucket) + Math.max(0, current.refilledAtMs - nowMs);
  return { granted: false, state: current, retryAfterMs: Math.max(1, wait) };
}

/** Epoch milliseconds at which the bucket is full again: after that its stored state says nothing. */
export function fullAtMs(state: BucketState, bucket: RateLimitBucket): number {
  return state.refilledAtMs + retryAfterMs(state.tokens, bucket.capacity, bucket);
}

/**
 * A bucket that keeps a fixed-window limit (`requests` per `windowSeconds`, e.g. Richpanel's
 * 50 per 30 s) in every window, aligned or sliding: capacity + refill × window = requests.
 * `burst` is how many of those requests may go at once (the rest are spread over the window).
 */
export function bucketForWindowLimit(requests: number, windowSeconds: number, burst: number): RateLimitBucket {
  if (!(requests > 0) || !(windowSeconds > 0) || !(burst > 0) || burst >= requests) {
    throw new RangeError(
      `bucketForWindowLimit(${requests}, ${windowSeconds}, ${burst}): need requests > burst > 0 and windowSeconds > 0.`,
    );
  }
  return { capacity: burst, refillPerSecond: (requests - burst) / windowSeconds };
}
