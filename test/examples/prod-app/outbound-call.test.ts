import * as v from 'valibot';
import { FakeHttpServer, startFakeHttpServer } from '../../../examples/prod-app/fakes/fake-http-server';
import { callJson, OutboundCallPolicy, OutboundRequest, retryAfterSecondsOf } from '../../../examples/prod-app/processor/outbound-call';
import { DownstreamRejectedError, DownstreamUnavailableError, RetryLaterError } from '../../../examples/prod-app/processor/outbound-errors';
import { AcquireResult, RateLimiter } from '../../../src/runtime';

const ROUTE = 'GET /thing';

/** Grants everything and counts what was taken (the DynamoDB limiter is tested in test/runtime). */
class CountingLimiter implements RateLimiter {
  public readonly taken: Array<[string, number]> = [];
  constructor(private readonly refuseWith?: number) {}
  public async acquire(bucket: string, cost = 1): Promise<AcquireResult> {
    if (this.refuseWith !== undefined) return { granted: false, retryAfterMs: this.refuseWith };
    this.taken.push([bucket, cost]);
    return { granted: true, remaining: 100 };
  }
}

describe('callJson: timeout, bounded jittered retries, 429 → retry later', () => {
  let server: FakeHttpServer;
  let replies: Array<{ status: number; body?: unknown; headers?: Record<string, string> }>;

  beforeAll(async () => {
    server = await startFakeHttpServer(
      (request) => (request.path === '/thing' ? ROUTE : undefined),
      () => replies.shift() ?? { status: 200, body: { value: 'ok' } },
    );
  });
  afterAll(async () => server?.close());
  beforeEach(() => {
    replies = [];
    server.requestCounts.clear();
  });

  function setup(overrides: Partial<OutboundCallPolicy> = {}) {
    const sleeps: number[] = [];
    const limiter = (overrides.limiter as CountingLimiter | undefined) ?? new CountingLimiter();
    const policy: OutboundCallPolicy = {
      limiter,
      attemptTimeoutMs: 300,
      maxAttempts: 3,
      backoffBaseMs: 100,
      backoffCapMs: 150,
      defaultRetryAfterSeconds: 30,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      random: () => 0.999,
      ...overrides,
    };
    const request: OutboundRequest<{ value: string }> = {
      api: 'Thing',
      bucket: 'thing',
      cost: 2,
      method: 'GET',
      url: `${server.url}/thing`,
      what: 'GET /thing',
      headers: {},
      schema: v.object({ value: v.string() }),
    };
    return { policy, request, sleeps, limiter };
  }

  test('5xx, a hang past the timeout and malformed JSON are retried with full jitter, a token per attempt', async () => {
    // Prepare
    const { policy, request, sleeps, limiter } = setup({ maxAttempts: 4 });
    server.fail(ROUTE, { kind: 'status', status: 503 }, { kind: 'hang' }, { kind: 'malformed' });

    // Act
    const result = await callJson(policy, request);

    // Assess
    expect(result).toEqual({ found: true, value: { value: 'ok' } });
    expect(server.requestCounts.get(ROUTE)).toBe(4);
    // random() = 0.999 of min(cap 150, base 100 × 2^(retry-1)): 100, 150, 150
    expect(sleeps).toEqual([99, 149, 149]);
    expect(limiter.taken).toEqual([['thing', 2], ['thing', 2], ['thing', 2], ['thing', 2]]);
  });

  test('a body of the wrong shape counts as malformed and is retried', async () => {
    const { policy, request } = setup();
    replies.push({ status: 200, body: { value: 5 } });
    await expect(callJson(policy, request)).resolves.toEqual({ found: true, value: { value: 'ok' } });
    expect(server.requestCounts.get(ROUTE)).toBe(2);
  });

  test('after maxAttempts failures it gives up with DownstreamUnavailableError naming the last problem', async () => {
    const { policy, request } = setup();
    server.fail(ROUTE, { kind: 'status', status: 500 }, { kind: 'status', status: 502 }, { kind: 'status', status: 500 });
    const error = await callJson(policy, request).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DownstreamUnavailableError);
    expect((error as DownstreamUnavailableError).attempts).toBe(3);
    expect((error as Error).message).toContain('500 on GET /thing');
    expect(server.requestCounts.get(ROUTE)).toBe(3);
  });

  test('a hang is cut by the per-attempt timeout', async () => {
    const { policy, request } = setup({ maxAttempts: 1 });
    server.fail(ROUTE, { kind: 'hang' });
    await expect(callJson(policy, request)).rejects.toThrow('timeout after 300 ms');
  });

  test.each([
    ['delta seconds', { 'retry-after': '7' }, 7],
    ['fractional seconds, rounded up', { 'retry-after': '2.2' }, 3],
    ['no Retry-After: the policy default', {}, 30],
  ])('429 with %s → RetryLaterError, never a retry in the Lambda', async (_case, headers, seconds) => {
    const { policy, request, sleeps } = setup();
    replies.push({ status: 429, headers, body: { error: 'slow down' } });
    const error = await callJson(policy, request).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RetryLaterError);
    expect((error as RetryLaterError).retryAfterSeconds).toBe(seconds);
    expect(server.requestCounts.get(ROUTE)).toBe(1);
    expect(sleeps).toEqual([]);
  });

  test('a refused token → RetryLaterError with the limiter\'s delay in whole seconds, and no request', async () => {
    const { policy, request } = setup({ limiter: new CountingLimiter(1_500) });
    const error = await callJson(policy, request).catch((caught: unknown) => caught);
    expect((error as RetryLaterError).retryAfterSeconds).toBe(2);
    expect(server.requestCounts.get(ROUTE)).toBeUndefined();
  });

  test('401 is not retried and says where the key lives', async () => {
    const { policy, request } = setup();
    replies.push({ status: 401 });
    const error = await callJson(policy, request).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DownstreamRejectedError);
    expect((error as Error).message).toBe('Thing answered 401 to GET /thing: check the API key/token in its Secrets Manager secret');
    expect(server.requestCounts.get(ROUTE)).toBe(1);
  });

  test('an absent status is an answer, not an error', async () => {
    const { policy, request } = setup();
    replies.push({ status: 404 });
    await expect(callJson(policy, { ...request, absentStatuses: [404] })).resolves.toEqual({ found: false });
  });

  test('a call limited to one attempt (a POST) is not repeated', async () => {
    const { policy, request } = setup();
    server.fail(ROUTE, { kind: 'status', status: 503 });
    await expect(callJson(policy, { ...request, maxAttempts: 1 })).rejects.toBeInstanceOf(DownstreamUnavailableError);
    expect(server.requestCounts.get(ROUTE)).toBe(1);
  });

  test('no attempt starts that could not end before the deadline', async () => {
    const now = 1_000_000;
    const { policy, request } = setup({ now: () => now, deadline: () => now + 299 });
    const error = await callJson(policy, request).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DownstreamUnavailableError);
    expect((error as DownstreamUnavailableError).attempts).toBe(0);
    expect(server.requestCounts.get(ROUTE)).toBeUndefined();
  });
});

describe('retryAfterSecondsOf', () => {
  const now = Date.parse('2026-11-24T12:00:00Z');
  test.each([
    ['30', 30],
    ['0', 1],
    [' 5 ', 5],
    ['Tue, 24 Nov 2026 12:00:10 GMT', 10],
    ['Tue, 24 Nov 2026 11:00:00 GMT', 1],
    ['soon', undefined],
    ['', undefined],
  ])('%j → %s', (header, expected) => {
    expect(retryAfterSecondsOf(header, now)).toBe(expected);
  });
});
