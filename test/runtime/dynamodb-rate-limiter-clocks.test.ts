import { DeleteItemCommand, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { TestClock, useLimiterFixture } from './limiter-fixture';

const fixture = useLimiterFixture();

describe('DynamoDbRateLimiter: clocks and stale views', () => {
  test('a host whose clock lags gets no extra tokens and waits the lag too', async () => {
    // Prepare: A drains the 40-token bucket at t; B's clock is 1 s behind A's
    const tableName = await fixture.freshTable();
    const clockA = new TestClock();
    const clockB = new TestClock();
    clockB.advance(-1_000);
    const a = fixture.limiter(tableName, clockA);
    const b = fixture.limiter(tableName, clockB);
    for (let i = 0; i < 40; i++) await a.acquire('shopify:s');

    // Act
    const lagging = await b.acquire('shopify:s');

    // Assess: 1 token at 2/s is 500 ms after A's instant, which is 1,000 ms in B's future
    expect(lagging).toEqual({ granted: false, retryAfterMs: 1_500 });
    // Time in the bucket never runs backwards: the item still holds A's instant
    expect(Number((await fixture.item(tableName, 'shopify:s'))?.refilledAt?.N)).toBe(clockA.nowMs);
  });

  test('a refusal from a stale cached view is checked against the table before it is answered', async () => {
    // Prepare: A drains the bucket, so its cache says "empty"; then the item disappears (TTL, or
    // an operator resetting the bucket): the table now says "full"
    const tableName = await fixture.freshTable();
    const clock = new TestClock();
    const a = fixture.limiter(tableName, clock);
    for (let i = 0; i < 40; i++) await a.acquire('shopify:s');
    await fixture.client.send(new DeleteItemCommand({ TableName: tableName, Key: { pk: { S: 'rl#shopify:s' } } }));
    const sendSpy = jest.spyOn(fixture.client, 'send');

    // Act
    const result = await a.acquire('shopify:s');

    // Assess: one consistent read corrected the view, one write granted from a full bucket
    const reads = sendSpy.mock.calls.filter(([command]) => command instanceof GetItemCommand);
    sendSpy.mockRestore();
    expect(reads).toHaveLength(1);
    expect(result).toEqual({ granted: true, remaining: 39 });
  });

  test('an idle bucket refills in the table: after its full time it grants a whole burst again', async () => {
    const tableName = await fixture.freshTable();
    const clock = new TestClock();
    const a = fixture.limiter(tableName, clock);
    for (let i = 0; i < 40; i++) await a.acquire('shopify:s');

    clock.advance(20_000); // 40 tokens at 2/s
    const burst = await Promise.all(Array.from({ length: 41 }, () => a.acquire('shopify:s')));

    expect(burst.filter((result) => result.granted)).toHaveLength(40);
  });
});
