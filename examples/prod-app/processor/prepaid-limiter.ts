/*
 * An event's reservation on a shared bucket: the processor takes all the tokens an answer needs in
 * one acquire before its first call, so an event that starts can finish. (Taking them call by call,
 * an event refused half-way wastes the tokens it used and a receive of its message, and under a
 * burst every event ends up half-way.) Calls beyond the reservation, such as retries, draw from
 * the shared limiter as usual.
 */
import type { AcquireResult, RateLimiter } from '../../../src/runtime';

export class PrepaidLimiter implements RateLimiter {
  private prepaid: number;

  constructor(private readonly shared: RateLimiter, private readonly bucket: string, tokens: number) {
    this.prepaid = tokens;
  }

  public async acquire(bucket: string, cost = 1): Promise<AcquireResult> {
    if (bucket === this.bucket && this.prepaid >= cost) {
      this.prepaid -= cost;
      return { granted: true, remaining: this.prepaid };
    }
    return this.shared.acquire(bucket, cost);
  }
}
