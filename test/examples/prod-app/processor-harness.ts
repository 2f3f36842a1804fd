/*
 * The example processor wired to fresh fake Richpanel and Shopify servers and to the library's
 * DynamoDB rate limiter on dynalite, all on one injectable clock.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { FakeRichpanel, FakeRichpanelOptions, startFakeRichpanel } from '../../../examples/prod-app/fakes/fake-richpanel';
import { FakeShopify, FakeShopifyOptions, startFakeShopify } from '../../../examples/prod-app/fakes/fake-shopify';
import { SAMPLE_RICHPANEL_ORDERS, SAMPLE_SHOPIFY_ORDERS, SAMPLE_STORE_DOMAIN } from '../../../examples/prod-app/fakes/sample-data';
import { OrderStatusProcessor } from '../../../examples/prod-app/processor/order-status-processor';
import { OutboundCallPolicy } from '../../../examples/prod-app/processor/outbound-call';
import { createOrderStatusProcessor } from '../../../examples/prod-app/processor/processor-settings';
import { DownstreamLimits } from '../../../examples/prod-app/processor/rate-limits';
import { ProcessorRequestPayload } from '../../../src/runtime';
import { AuditLog } from '../../../src/runtime/observability/audit-log';
import { createStateTable, dynamoClient, RunningEmulator, startDynalite } from '../../support/emulators';

export const RICHPANEL_KEY = 'rp-test-key-0123456789';
export const SHOPIFY_TOKEN = 'shpat_test_token_0123456789';

/** A clock the test moves; starts at a fixed instant. */
export class TestClock {
  public ms = Date.parse('2026-11-24T12:00:00Z');
  public readonly now = (): number => this.ms;
  public advance(ms: number): void {
    this.ms += ms;
  }
}

export interface HarnessOptions {
  readonly dynamo: DynamoDBClient;
  readonly clock?: TestClock;
  readonly limits?: DownstreamLimits;
  readonly richpanel?: Partial<FakeRichpanelOptions>;
  readonly shopify?: Partial<FakeShopifyOptions>;
  readonly policy?: Partial<Omit<OutboundCallPolicy, 'limiter'>>;
  readonly random?: () => number;
}

export interface Harness {
  readonly processor: OrderStatusProcessor;
  readonly richpanel: FakeRichpanel;
  readonly shopify: FakeShopify;
  readonly logLines: string[];
  readonly clock: TestClock;
  /** The state table (rate-limit buckets; idempotency records too, as in the pipeline). */
  readonly tableName: string;
  /** The client on that table's dynalite. */
  readonly dynamo: DynamoDBClient;
  close(): Promise<void>;
}

export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const clock = options.clock ?? new TestClock();
  // A table per harness: each test starts with full buckets.
  const tableName = `state-${randomUUID().slice(0, 8)}`;
  await createStateTable(options.dynamo, tableName);
  const [richpanel, shopify] = await Promise.all([
    startFakeRichpanel({ apiKey: RICHPANEL_KEY, orders: SAMPLE_RICHPANEL_ORDERS, now: clock.now, ...options.richpanel }),
    startFakeShopify({ accessToken: SHOPIFY_TOKEN, orders: SAMPLE_SHOPIFY_ORDERS, now: clock.now, ...options.shopify }),
  ]);
  const logLines: string[] = [];
  const processor = createOrderStatusProcessor({
    settings: {
      richpanelApiKeySecretArn: 'test',
      shopifyAccessTokenSecretArn: 'test',
      shopifyStoreDomain: SAMPLE_STORE_DOMAIN,
      richpanelBaseUrl: richpanel.baseUrl,
      shopifyBaseUrl: shopify.baseUrl,
      secretCacheTtlSeconds: 300,
    },
    rateLimiting: { limits: options.limits, tableName, client: options.dynamo, now: clock.now },
    richpanelApiKey: async () => RICHPANEL_KEY,
    shopifyAccessToken: async () => SHOPIFY_TOKEN,
    // Short timeouts and no real backoff waits: the schedule itself is tested in outbound-call.test.ts.
    policy: { attemptTimeoutMs: 500, sleep: async () => undefined, now: clock.now, ...options.policy },
    log: new AuditLog('processor', (line) => logLines.push(line), clock.now),
    // 0: deferrals carry exactly the delay the limit asked for (no spread), backoffs their lower bound.
    random: options.random ?? (() => 0),
  });
  return {
    processor,
    richpanel,
    shopify,
    logLines,
    clock,
    tableName,
    dynamo: options.dynamo,
    close: async () => {
      await Promise.all([richpanel.close(), shopify.close()]);
    },
  };
}

/** A ProcessorRequestPayload for a webhook body, grouped by its ticket as the ingress groups it. */
export function requestFor(payload: unknown, eventId = 'evt-1', attempt = 1): ProcessorRequestPayload {
  const ticket = (payload as { ticket?: { id?: unknown } }).ticket?.id;
  return { eventId, messageGroupId: String(ticket ?? 'none'), attempt, receivedAt: '2026-11-24T12:00:00.000Z', payload };
}

/**
 * Registers jest hooks: one dynalite for the file, a fresh harness per test (closed after it).
 * Call inside a describe; use the returned function in each test.
 */
export function useHarnessPerTest(): (options?: Omit<HarnessOptions, 'dynamo'>) => Promise<Harness> {
  let dynalite: RunningEmulator | undefined;
  let dynamo: DynamoDBClient | undefined;
  let current: Harness | undefined;
  beforeAll(async () => {
    dynalite = await startDynalite();
    dynamo = dynamoClient(dynalite.endpoint);
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  afterAll(async () => {
    dynamo?.destroy();
    await dynalite?.stop();
  });
  return async (options = {}) => {
    current = await startHarness({ dynamo: dynamo!, ...options });
    return current;
  };
}
