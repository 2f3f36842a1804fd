/* A dynalite state table per test and limiters on an injected clock, for the rate-limiter tests. */
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDbRateLimiter, DynamoDbRateLimiterOptions } from '../../src/runtime/dynamodb-rate-limiter';
import { RateLimitBucket } from '../../src/runtime/rate-limiter';
import { createStateTable, dynamoClient, RunningEmulator, startDynalite } from '../support/emulators';

export const SHOPIFY_REST: RateLimitBucket = { capacity: 40, refillPerSecond: 2 };
export const GRAPHQL: RateLimitBucket = { capacity: 1_000, refillPerSecond: 100 };

export class TestClock {
  public nowMs = Date.UTC(2026, 10, 24, 12);
  public readonly now = () => this.nowMs;
  public advance(ms: number): void {
    this.nowMs += ms;
  }
}

export interface LimiterFixture {
  readonly client: DynamoDBClient;
  readonly endpoint: string;
  /** A fresh table: buckets never leak between tests. */
  freshTable(): Promise<string>;
  /** A limiter on `tableName` with buckets `shopify` and `graphql`, reading `clock`. */
  limiter(tableName: string, clock: TestClock, overrides?: Partial<DynamoDbRateLimiterOptions>): DynamoDbRateLimiter;
  /** The bucket's item, read consistently. */
  item(tableName: string, bucket: string): Promise<Record<string, { N?: string }> | undefined>;
}

/** Starts dynalite for the calling test file (beforeAll/afterAll); use the fixture inside tests. */
export function useLimiterFixture(): LimiterFixture {
  let dynalite: RunningEmulator;
  let client: DynamoDBClient;
  let tableCount = 0;
  beforeAll(async () => {
    dynalite = await startDynalite();
    client = dynamoClient(dynalite.endpoint);
  });
  afterAll(async () => {
    client.destroy();
    await dynalite.stop();
  });
  return {
    get client() { return client; },
    get endpoint() { return dynalite.endpoint; },
    async freshTable() {
      const name = `state-${++tableCount}`;
      await createStateTable(client, name);
      return name;
    },
    limiter(tableName, clock, overrides = {}) {
      return new DynamoDbRateLimiter({
        buckets: { shopify: SHOPIFY_REST, graphql: GRAPHQL }, tableName, client, now: clock.now, maxAttempts: 50, ...overrides,
      });
    },
    async item(tableName, bucket) {
      const output = await client.send(new GetItemCommand({ TableName: tableName, Key: { pk: { S: `rl#${bucket}` } }, ConsistentRead: true }));
      return output.Item;
    },
  };
}
