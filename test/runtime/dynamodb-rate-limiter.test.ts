import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { SHOPIFY_REST, TestClock, useLimiterFixture } from './limiter-fixture';
import { DynamoDbRateLimiter } from '../../src/runtime/dynamodb-rate-limiter';
import { dynamoClient } from '../support/emulators';

const fixture = useLimiterFixture();
const freshTable = () => fixture.freshTable();
const limiter: typeof fixture.limiter = (...args) => fixture.limiter(...args);

/** What a limiter that forgot its condition would send: the same write, unconditional. */
function stripCondition(command: UpdateItemCommand): void {
  const input = command.input as {
    ConditionExpression?: string;
    ExpressionAttributeNames?: Record<string, string>;
    ExpressionAttributeValues?: Record<string, unknown>;
  };
  delete input.ConditionExpression;
  delete input.ExpressionAttributeNames?.['#pk'];
  delete input.ExpressionAttributeValues?.[':expectedVersion'];
  delete input.ExpressionAttributeValues?.[':expectedRefilledAt'];
}

/** Many processes hammer one bucket for `seconds` simulated seconds; returns the grants. */
async function hammer(limiters: DynamoDbRateLimiter[], clock: TestClock, seconds: number, callsPerLimiterPerTick: number): Promise<number> {
  let grants = 0;
  for (let tick = 0; tick < seconds * 4; tick++) {
    const calls = limiters.flatMap((each) => Array.from({ length: callsPerLimiterPerTick }, () => each.acquire('shopify:store-a')));
    grants += (await Promise.all(calls)).filter((result) => result.granted).length;
    clock.advance(250);
  }
  return grants;
}

describe('DynamoDbRateLimiter against dynalite', () => {
  test('8 concurrent processes over 5 simulated seconds never get more than capacity + refill × elapsed', async () => {
    // Prepare: 8 limiters = 8 Lambda instances, each with its own cache, one table
    const tableName = await freshTable();
    const clock = new TestClock();
    const processes = Array.from({ length: 8 }, () => limiter(tableName, clock));

    // Act: 20 ticks of 250 ms, 3 calls per process per tick = 480 calls against a 40 + 2/s bucket
    const grants = await hammer(processes, clock, 5, 3);

    // Assess: the last tick runs at 4.75 s: at most 40 + 2 × 4.75 = 49.5 → 49 grants; the
    // demand far exceeds that, so the limiter should hand out (nearly) all of them.
    expect(grants).toBeLessThanOrEqual(49);
    expect(grants).toBeGreaterThanOrEqual(45);
  });

  test('negative control: the same load through a client that drops the write condition over-grants', async () => {
    // Prepare: every UpdateItem loses its ConditionExpression (what a limiter without one would do)
    const tableName = await freshTable();
    const clock = new TestClock();
    const unconditional = dynamoClient(fixture.endpoint);
    const send = unconditional.send.bind(unconditional) as (command: unknown) => Promise<unknown>;
    jest.spyOn(unconditional, 'send').mockImplementation(((command: unknown) => {
      if (command instanceof UpdateItemCommand) stripCondition(command);
      return send(command);
    }) as never);
    const processes = Array.from({ length: 8 }, () => limiter(tableName, clock, { client: unconditional }));

    // Act
    const grants = await hammer(processes, clock, 5, 3);
    unconditional.destroy();

    // Assess: the bound of the test above is broken, so that test can fail
    expect(grants).toBeGreaterThan(49);
  });

  test('a refusal carries the exact wait: refused 1 ms before it, granted at it', async () => {
    // Prepare: drain the 40-token bucket
    const tableName = await freshTable();
    const clock = new TestClock();
    const rateLimiter = limiter(tableName, clock);
    for (let i = 0; i < 40; i++) expect((await rateLimiter.acquire('shopify:s')).granted).toBe(true);

    // Act
    const refused = await rateLimiter.acquire('shopify:s');
    clock.advance(499);
    const early = await rateLimiter.acquire('shopify:s');
    clock.advance(1);
    const onTime = await rateLimiter.acquire('shopify:s');

    // Assess: 1 token at 2/s = 500 ms
    expect(refused).toEqual({ granted: false, retryAfterMs: 500 });
    expect(early).toEqual({ granted: false, retryAfterMs: 1 });
    expect(onTime).toEqual({ granted: true, remaining: 0 });
  });

  test('cost > 1 takes GraphQL points: 600 of 1,000 leaves 400; the next 600 waits (600 - 400) / 100 s', async () => {
    const tableName = await freshTable();
    const clock = new TestClock();
    const rateLimiter = limiter(tableName, clock);

    const first = await rateLimiter.acquire('graphql:store-a', 600);
    const second = await rateLimiter.acquire('graphql:store-a', 600);
    clock.advance(2_000);
    const third = await rateLimiter.acquire('graphql:store-a', 600);

    expect(first).toEqual({ granted: true, remaining: 400 });
    expect(second).toEqual({ granted: false, retryAfterMs: 2_000 });
    expect(third).toEqual({ granted: true, remaining: 0 });
    await expect(rateLimiter.acquire('graphql:store-a', 1_001)).rejects.toThrow(/exceeds the bucket capacity 1000/);
  });

  test('fractional costs are stored as whole micro-tokens, rounded down, in plain notation', async () => {
    // Prepare: 0.1 + 0.2 + 0.7 of a 1-token bucket leaves 5.55e-17 in floating point
    const tableName = await freshTable();
    const clock = new TestClock();
    const rateLimiter = limiter(tableName, clock, { buckets: { tiny: { capacity: 1, refillPerSecond: 1 } } });

    // Act
    const grants = [await rateLimiter.acquire('tiny', 0.1), await rateLimiter.acquire('tiny', 0.2), await rateLimiter.acquire('tiny', 0.7)];
    const after = await rateLimiter.acquire('tiny', 0.000001);

    // Assess
    expect(grants.every((grant) => grant.granted)).toBe(true);
    expect((await fixture.item(tableName, 'tiny'))?.tokens?.N).toBe('0');
    expect(after).toEqual({ granted: false, retryAfterMs: 1 });
  });

  test('a write that finds the bucket moved by another process is retried on the item DynamoDB returns', async () => {
    // Prepare: A caches version 1; B moves the bucket to version 2
    const tableName = await freshTable();
    const clock = new TestClock();
    const a = limiter(tableName, clock);
    const b = limiter(tableName, clock);
    await a.acquire('shopify:s');
    await b.acquire('shopify:s');
    const sendSpy = jest.spyOn(fixture.client, 'send');

    // Act
    const result = await a.acquire('shopify:s');

    // Assess: a first write conflicts on A's stale version, the retry succeeds: 40 - 3 = 37 left
    const updates = sendSpy.mock.calls.filter(([command]) => command instanceof UpdateItemCommand);
    sendSpy.mockRestore();
    expect(result).toEqual({ granted: true, remaining: 37 });
    expect(updates).toHaveLength(2);
    expect((await fixture.item(tableName, 'shopify:s'))?.version?.N).toBe('3');
  });

  test('when every attempt loses a race it answers "retry shortly" instead of waiting', async () => {
    const tableName = await freshTable();
    const clock = new TestClock();
    const a = limiter(tableName, clock, { maxAttempts: 1, contentionRetryMs: 75 });
    const b = limiter(tableName, clock);
    await a.acquire('shopify:s');
    await b.acquire('shopify:s');

    expect(await a.acquire('shopify:s')).toEqual({ granted: false, retryAfterMs: 75 });
  });

  test('tenants of one API get separate buckets with the API\'s config, under rl# keys that expire when idle', async () => {
    // Prepare
    const tableName = await freshTable();
    const clock = new TestClock();
    const rateLimiter = limiter(tableName, clock);

    // Act: drain store-a; store-b is untouched
    for (let i = 0; i < 40; i++) await rateLimiter.acquire('shopify:store-a');
    const storeA = await rateLimiter.acquire('shopify:store-a');
    const storeB = await rateLimiter.acquire('shopify:store-b');

    // Assess
    expect(storeA.granted).toBe(false);
    expect(storeB).toEqual({ granted: true, remaining: 39 });
    // Empty at t0, full again 40 / 2 = 20 s later; the TTL adds a minute.
    expect(Number((await fixture.item(tableName, 'shopify:store-a'))?.expiresAt?.N)).toBe(Math.ceil(clock.nowMs / 1000) + 20 + 60);
  });

  test('an unknown bucket is a clear error naming what is configured', async () => {
    const rateLimiter = limiter(await freshTable(), new TestClock());
    await expect(rateLimiter.acquire('richpanel:acct')).rejects.toThrow(
      /No rate limit configured for bucket 'richpanel:acct' \(nor for its API 'richpanel'\)\. Configured: shopify, graphql/,
    );
    await expect(rateLimiter.acquire('has space')).rejects.toThrow(/printable ASCII characters without spaces/);
  });

  test('the table name comes from ACK_FAST_STATE_TABLE; without it the error says to call grantRateLimiting', () => {
    const saved = process.env.ACK_FAST_STATE_TABLE;
    try {
      delete process.env.ACK_FAST_STATE_TABLE;
      expect(() => new DynamoDbRateLimiter({ buckets: { shopify: SHOPIFY_REST }, client: fixture.client })).toThrow(/pipeline\.grantRateLimiting\(fn\)/);
      process.env.ACK_FAST_STATE_TABLE = 'from-env';
      expect(() => new DynamoDbRateLimiter({ buckets: { shopify: SHOPIFY_REST }, client: fixture.client })).not.toThrow();
      expect(() => new DynamoDbRateLimiter({ buckets: {}, client: fixture.client })).toThrow(/no buckets configured/);
    } finally {
      if (saved === undefined) delete process.env.ACK_FAST_STATE_TABLE;
      else process.env.ACK_FAST_STATE_TABLE = saved;
    }
  });
});
