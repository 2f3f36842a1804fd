/*
 * The RateLimiter kept in the pipeline's state table, shared by every concurrent processor.
 *
 * One item per bucket (`rl#<bucket>`: tokens, refilledAt, version, expiresAt). An acquire
 * computes the take locally and writes it with ONE conditional UpdateItem on the version it
 * started from (optimistic concurrency); on a conflict it re-reads and tries again, a bounded
 * number of times. Only GetItem and UpdateItem: the calls `grantRateLimiting` allows.
 */
// Not a dependency of the library: the Lambda Node.js runtime provides SDK v3 to the processors that import this.
// eslint-disable-next-line import/no-extraneous-dependencies
import { AttributeValue, DynamoDBClient, DynamoDBClientConfig, GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { clientConfigFor } from './aws/client-config';
import { BucketConfigs, configFor, requireValidConfigs } from './bucket-config';
import { AcquireResult, RateLimiter } from './rate-limiter';
import { BucketState, fullAtMs, fullBucket, requireValidCost, take } from './token-bucket';
import { RATE_LIMIT_KEY_PREFIX, RATE_LIMITER_AWS_CALL_BUDGET, STATE_TABLE_ENV, TABLE_PARTITION_KEY, TABLE_TTL_ATTRIBUTE } from '../contract';

export interface DynamoDbRateLimiterOptions {
  /** Limit per downstream API (or per exact bucket), e.g. `{ shopify: { capacity: 40, refillPerSecond: 2 } }`. */
  readonly buckets: BucketConfigs;
  /** The state table. Default: env ACK_FAST_STATE_TABLE, which `pipeline.grantRateLimiting(fn)` sets. */
  readonly tableName?: string;
  /** Default: a client with short timeouts (create the limiter once, at module scope, to reuse it). */
  readonly client?: DynamoDBClient;
  /** Conditional writes tried per acquire before answering "retry shortly". Default 5. */
  readonly maxAttempts?: number;
  /** retryAfterMs returned when every attempt lost a race to other writers. Default 100. */
  readonly contentionRetryMs?: number;
  /** Epoch milliseconds; injectable for tests. */
  readonly now?: () => number;
}

/** A bucket item as read: its state and the version the next write must find. */
interface StoredBucket {
  readonly state: BucketState;
  readonly version: number;
}

/** Short timeouts: a processor holds an event's lease while it waits. */
export const RATE_LIMITER_CLIENT_DEFAULTS: DynamoDBClientConfig = clientConfigFor(RATE_LIMITER_AWS_CALL_BUDGET);

/** An idle bucket's item outlives the moment it is full again by this much, then TTL may delete it. */
const EXPIRY_MARGIN_SECONDS = 60;
/** Last-seen items kept per process, to write without reading first. */
const MAX_CACHED_BUCKETS = 1_000;

function isConditionalCheckFailure(error: unknown): error is Error & { Item?: Record<string, AttributeValue> } {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

function storedFromItem(item: Record<string, AttributeValue> | undefined): StoredBucket | undefined {
  const tokens = Number(item?.tokens?.N);
  const refilledAtMs = Number(item?.refilledAt?.N);
  const version = Number(item?.version?.N);
  if (![tokens, refilledAtMs, version].every(Number.isFinite)) return undefined;
  return { state: { tokens, refilledAtMs }, version };
}

export class DynamoDbRateLimiter implements RateLimiter {
  private readonly client: DynamoDBClient;
  private readonly tableName: string;
  private readonly buckets: BucketConfigs;
  private readonly maxAttempts: number;
  private readonly contentionRetryMs: number;
  private readonly now: () => number;
  private readonly lastSeen = new Map<string, StoredBucket>();

  constructor(options: DynamoDbRateLimiterOptions) {
    requireValidConfigs(options.buckets);
    const tableName = options.tableName ?? process.env[STATE_TABLE_ENV];
    if (!tableName) {
      throw new Error(
        `Rate limiter: no state table. Call pipeline.grantRateLimiting(fn) in your CDK app (it sets ${STATE_TABLE_ENV}), or pass tableName.`,
      );
    }
    this.tableName = tableName;
    this.buckets = options.buckets;
    this.client = options.client ?? new DynamoDBClient(RATE_LIMITER_CLIENT_DEFAULTS);
    this.maxAttempts = Math.max(1, Math.floor(options.maxAttempts ?? 5));
    this.contentionRetryMs = Math.max(1, options.contentionRetryMs ?? 100);
    this.now = options.now ?? Date.now;
  }

  public async acquire(bucket: string, cost: number = 1): Promise<AcquireResult> {
    const config = configFor(this.buckets, bucket);
    requireValidCost(bucket, config, cost);
    // Start from the last item this process saw (absent = full): usually right, so one write.
    let seen = this.lastSeen.get(bucket);
    let fresh = false;
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      const nowMs = this.now();
      const result = take(seen?.state ?? fullBucket(config, nowMs), config, cost, nowMs);
      if (!result.granted) {
        // Refuse only on what the table holds now, so retryAfterMs is measured from the truth.
        if (fresh) return { granted: false, retryAfterMs: result.retryAfterMs };
        seen = await this.read(bucket);
        fresh = true;
        continue;
      }
      try {
        const written = await this.write(bucket, result.state, seen, fullAtMs(result.state, config));
        this.remember(bucket, written);
        return { granted: true, remaining: Math.floor(result.state.tokens + 1e-9) };
      } catch (error) {
        if (!isConditionalCheckFailure(error)) throw error;
        // Another writer moved the bucket: DynamoDB returns the item (ALL_OLD); emulators may not.
        seen = error.Item ? storedFromItem(error.Item) : await this.read(bucket);
        if (seen) this.remember(bucket, seen);
        fresh = true;
      }
    }
    return { granted: false, retryAfterMs: this.contentionRetryMs };
  }

  private async write(bucket: string, state: BucketState, expected: StoredBucket | undefined, fullAt: number): Promise<StoredBucket> {
    const version = (expected?.version ?? 0) + 1;
    // Whole micro-tokens, rounded down (never a grant too many), in plain notation: String(5.5e-17)
    // would be exponent notation, and float noise is not worth storing.
    const tokens = Math.floor(state.tokens * 1e6 + 1e-6) / 1e6;
    const values: Record<string, AttributeValue> = {
      ':tokens': { N: tokens.toFixed(6) },
      ':refilledAt': { N: String(state.refilledAtMs) },
      ':version': { N: String(version) },
      ':expiresAt': { N: String(Math.ceil(fullAt / 1000) + EXPIRY_MARGIN_SECONDS) },
    };
    // The version, and the refill instant against a re-created item reaching the same version (ABA).
    const names: Record<string, string> = { '#tokens': 'tokens', '#refilledAt': 'refilledAt', '#version': 'version', '#expiresAt': TABLE_TTL_ATTRIBUTE };
    let condition = 'attribute_not_exists(#pk)';
    if (!expected) {names['#pk'] = TABLE_PARTITION_KEY;} else {
      condition = '#version = :expectedVersion AND #refilledAt = :expectedRefilledAt';
      values[':expectedVersion'] = { N: String(expected.version) };
      values[':expectedRefilledAt'] = { N: String(expected.state.refilledAtMs) };
    }
    await this.client.send(new UpdateItemCommand({
      TableName: this.tableName,
      Key: this.key(bucket),
      UpdateExpression: 'SET #tokens = :tokens, #refilledAt = :refilledAt, #version = :version, #expiresAt = :expiresAt',
      ConditionExpression: condition,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    }));
    return { state: { tokens, refilledAtMs: state.refilledAtMs }, version };
  }

  private async read(bucket: string): Promise<StoredBucket | undefined> {
    const output = await this.client.send(new GetItemCommand({ TableName: this.tableName, Key: this.key(bucket), ConsistentRead: true }));
    const stored = storedFromItem(output.Item);
    if (stored) this.remember(bucket, stored);
    else this.lastSeen.delete(bucket);
    return stored;
  }

  private remember(bucket: string, stored: StoredBucket): void {
    if (!this.lastSeen.has(bucket) && this.lastSeen.size >= MAX_CACHED_BUCKETS) {
      this.lastSeen.delete(this.lastSeen.keys().next().value as string);
    }
    this.lastSeen.set(bucket, stored);
  }

  private key(bucket: string): Record<string, AttributeValue> {
    return { [TABLE_PARTITION_KEY]: { S: `${RATE_LIMIT_KEY_PREFIX}${bucket}` } };
  }
}
