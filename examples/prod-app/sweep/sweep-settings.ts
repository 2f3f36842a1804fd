/*
 * What the CDK app tells the sweep Lambda (one JSON environment variable, checked at cold start),
 * and how the sweep source is assembled from it: used by the Lambda, the local pipeline and the tests.
 */
import * as v from 'valibot';
import { RichpanelTicketSource } from './richpanel-ticket-source';
import { DynamoDbRateLimiter } from '../../../src/runtime';
import { OutboundCallPolicy } from '../processor/outbound-call';
import { DEFAULT_CALL_POLICY, RateLimiting } from '../processor/processor-settings';
import { rateLimitBuckets } from '../processor/rate-limits';

export const SWEEP_SETTINGS_ENV = 'RP_MW_SWEEP_SETTINGS';

const SettingsSchema = v.object({
  richpanelApiKeySecretArn: v.pipe(v.string(), v.nonEmpty('richpanelApiKeySecretArn must name the Richpanel API key secret')),
  /** Override for the fake (local pipeline); production uses the real API. */
  richpanelBaseUrl: v.optional(v.pipe(v.string(), v.url('richpanelBaseUrl must be a URL'))),
  secretCacheTtlSeconds: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0)), 300),
});

export type SweepSettings = v.InferOutput<typeof SettingsSchema>;

export function parseSweepSettings(json: string | undefined): SweepSettings {
  let value: unknown;
  try {
    value = JSON.parse(json ?? '');
  } catch {
    throw new Error(`${SWEEP_SETTINGS_ENV} is not set or not JSON: deploy the sweep through the example app's stack, which sets it`);
  }
  const result = v.safeParse(SettingsSchema, value);
  if (!result.success) {
    throw new Error(`${SWEEP_SETTINGS_ENV} is invalid: ${result.issues.map((issue) => `${v.getDotPath(issue) ?? 'settings'}: ${issue.message}`).join('; ')}`);
  }
  return result.output;
}

export interface SweepWiring {
  readonly settings: SweepSettings;
  /** The same buckets as the processor's, in the same table: one Richpanel budget for both. */
  readonly rateLimiting: RateLimiting;
  readonly richpanelApiKey: () => Promise<string>;
  readonly policy?: Partial<Omit<OutboundCallPolicy, 'limiter'>>;
  /** Tickets per page. */
  readonly pageSize?: number;
}

export function createRichpanelSweepSource(wiring: SweepWiring): RichpanelTicketSource {
  const limiter = new DynamoDbRateLimiter({ ...wiring.rateLimiting, buckets: rateLimitBuckets(wiring.rateLimiting.limits) });
  return new RichpanelTicketSource({
    policy: { ...DEFAULT_CALL_POLICY, ...wiring.policy, limiter },
    apiKey: wiring.richpanelApiKey,
    baseUrl: wiring.settings.richpanelBaseUrl,
    pageSize: wiring.pageSize,
  });
}
