/*
 * What the CDK app tells the processor Lambda (one JSON environment variable, checked at cold
 * start), and how a processor is assembled from it: used by the Lambda and the local pipeline alike.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import * as v from 'valibot';
import { OrderStatusProcessor } from './order-status-processor';
import { OutboundCallPolicy } from './outbound-call';
import { DownstreamLimits, rateLimitBuckets, RICHPANEL_BUCKET } from './rate-limits';
import { RichpanelApi } from './richpanel-api';
import { ShopifyApi } from './shopify-api';
import { DynamoDbRateLimiter } from '../../../src/runtime';
import type { RateLimiter } from '../../../src/runtime';
import { AuditLog } from '../../../src/runtime/observability/audit-log';

/** Environment variable holding ProcessorSettings as JSON. */
export const PROCESSOR_SETTINGS_ENV = 'RP_MW_PROCESSOR_SETTINGS';

const SettingsSchema = v.object({
  richpanelApiKeySecretArn: v.pipe(v.string(), v.nonEmpty('richpanelApiKeySecretArn must name the Richpanel API key secret')),
  /** Absent (with the store): no Shopify fallback. */
  shopifyAccessTokenSecretArn: v.optional(v.string()),
  /** `my-store.myshopify.com` */
  shopifyStoreDomain: v.optional(v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/, 'shopifyStoreDomain must look like my-store.myshopify.com'))),
  /** Overrides for the fakes (local pipeline); production uses the real APIs. */
  richpanelBaseUrl: v.optional(v.pipe(v.string(), v.url('richpanelBaseUrl must be a URL'))),
  shopifyBaseUrl: v.optional(v.pipe(v.string(), v.url('shopifyBaseUrl must be a URL'))),
  secretCacheTtlSeconds: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0)), 300),
});

export type ProcessorSettings = v.InferOutput<typeof SettingsSchema>;

export function parseProcessorSettings(json: string | undefined): ProcessorSettings {
  if (json === undefined || json.trim() === '') {
    throw new Error(`${PROCESSOR_SETTINGS_ENV} is not set: deploy the processor through the example app's stack, which sets it`);
  }
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new Error(`${PROCESSOR_SETTINGS_ENV} is not JSON: redeploy the stack`);
  }
  const result = v.safeParse(SettingsSchema, value);
  if (!result.success) {
    throw new Error(`${PROCESSOR_SETTINGS_ENV} is invalid: ${result.issues.map((issue) => `${v.getDotPath(issue) ?? 'settings'}: ${issue.message}`).join('; ')}`);
  }
  if ((result.output.shopifyStoreDomain === undefined) !== (result.output.shopifyAccessTokenSecretArn === undefined)) {
    throw new Error(`${PROCESSOR_SETTINGS_ENV}: set shopifyStoreDomain and shopifyAccessTokenSecretArn together (or neither, for no Shopify fallback)`);
  }
  return result.output;
}

/** Per attempt 3 s, 3 attempts, 0–1 s jittered backoff: the worst call stays well inside the processor's timeout. */
export const DEFAULT_CALL_POLICY: Omit<OutboundCallPolicy, 'limiter'> = {
  attemptTimeoutMs: 3_000,
  maxAttempts: 3,
  backoffBaseMs: 250,
  backoffCapMs: 1_000,
  defaultRetryAfterSeconds: 30,
};

/** The shared outbound limiter: the library's token buckets in the pipeline's state table. */
export interface RateLimiting {
  /** @default PRODUCTION_LIMITS */
  readonly limits?: DownstreamLimits;
  /** @default - env ACK_FAST_STATE_TABLE, set by pipeline.grantRateLimiting */
  readonly tableName?: string;
  /** @default - a client with the limiter's short timeouts */
  readonly client?: DynamoDBClient;
  readonly now?: () => number;
}

export interface ProcessorWiring {
  readonly settings: ProcessorSettings;
  readonly rateLimiting: RateLimiting;
  readonly richpanelApiKey: () => Promise<string>;
  readonly shopifyAccessToken?: () => Promise<string>;
  /** Overrides of DEFAULT_CALL_POLICY (deadline, clocks, timeouts in tests). */
  readonly policy?: Partial<Omit<OutboundCallPolicy, 'limiter'>>;
  readonly log?: AuditLog;
  readonly random?: () => number;
}

export function createOrderStatusProcessor(wiring: ProcessorWiring): OrderStatusProcessor {
  const { settings } = wiring;
  const buckets = rateLimitBuckets(wiring.rateLimiting.limits);
  const richpanelBucket = buckets[RICHPANEL_BUCKET];
  const limiter = new DynamoDbRateLimiter({ ...wiring.rateLimiting, buckets });
  const connect = (eventLimiter: RateLimiter) => {
    const policy: OutboundCallPolicy = { ...DEFAULT_CALL_POLICY, ...wiring.policy, limiter: eventLimiter };
    const richpanel = new RichpanelApi({ policy, apiKey: wiring.richpanelApiKey, baseUrl: settings.richpanelBaseUrl });
    const shopify = settings.shopifyStoreDomain !== undefined && wiring.shopifyAccessToken
      ? new ShopifyApi({ policy, accessToken: wiring.shopifyAccessToken, storeDomain: settings.shopifyStoreDomain, baseUrl: settings.shopifyBaseUrl })
      : undefined;
    return { richpanel, shopify };
  };
  return new OrderStatusProcessor({
    limiter,
    connect,
    deferralUnitSeconds: richpanelBucket.capacity / richpanelBucket.refillPerSecond,
    log: wiring.log ?? new AuditLog('processor'),
    random: wiring.random,
  });
}
