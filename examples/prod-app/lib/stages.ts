import { Duration, RemovalPolicy } from 'aws-cdk-lib';

/** What differs between the middleware's environments; everything else is the construct's default. */
export interface StageSettings {
  readonly name: 'dev' | 'staging' | 'prod';
  readonly throttlingRateLimit: number;
  readonly throttlingBurstLimit: number;
  readonly workerMaxConcurrency: number;
  /**
   * Receives before an event goes to the DLQ. Every RETRY_LATER (a rate-limit deferral) uses one,
   * so this is above the construct's 5: a burst beyond Richpanel's 50 requests / 30 s is deferred,
   * with a spread that doubles per attempt, rather than dead-lettered (test/examples/prod-app/worker-burst.test.ts).
   */
  readonly maxReceiveCount: number;
  /**
   * How often the reconciliation sweep lists recently updated tickets (Richpanel pushes each event
   * once: a push that failed is found here). Each run costs one Richpanel request per 50 tickets
   * updated in the interval, from the processor's budget.
   */
  readonly sweepInterval: Duration;
  /** Table, log groups, secrets and the alarm topic's key: prod keeps them when the stack goes. */
  readonly removalPolicy: RemovalPolicy;
  /**
   * How long an event's idempotency record outlives its last write.
   * @default - the construct's: 2 x queue retention + DLQ retention (22 days)
   */
  readonly idempotencyTtl?: Duration;
  /**
   * Richpanel's HTTP targets send static headers only, so the default is a shared token header.
   * Set a header name to require an HMAC-SHA256 (hex) of the raw body in it instead, for a
   * sender (or a signing proxy in front of Richpanel) that can compute one.
   * @default - shared token in X-Richpanel-Webhook-Token
   */
  readonly hmacSignatureHeader?: string;
  /**
   * A WAF rule that blocks one source IP above this many requests in 5 minutes. The stage
   * throttle is shared by every caller, so junk from one address could use it all up and the
   * real sender would get 429s; with the rule that address is cut off at the edge first. It must
   * stay above what Richpanel itself sends from one IP (its HTTP targets come from few addresses).
   * @default - no web ACL (stage throttling only)
   */
  readonly wafRateLimitPerIp?: number;
}

export const STAGES: StageSettings[] = [
  { name: 'dev', sweepInterval: Duration.minutes(5), maxReceiveCount: 10, throttlingRateLimit: 10, throttlingBurstLimit: 20, workerMaxConcurrency: 2, removalPolicy: RemovalPolicy.DESTROY },
  { name: 'staging', sweepInterval: Duration.minutes(5), maxReceiveCount: 10, throttlingRateLimit: 25, throttlingBurstLimit: 50, workerMaxConcurrency: 3, removalPolicy: RemovalPolicy.DESTROY },
  // 6,000 per 5 min = 20 requests/s sustained from one address: well above one helpdesk's order-status
  // traffic, below the stage's 50 rps, so a single flooding address cannot take the whole stage.
  {
    name: 'prod',
    sweepInterval: Duration.minutes(5),
    maxReceiveCount: 10,
    throttlingRateLimit: 50,
    throttlingBurstLimit: 100,
    workerMaxConcurrency: 5,
    removalPolicy: RemovalPolicy.RETAIN,
    idempotencyTtl: Duration.days(30),
    wafRateLimitPerIp: 6_000,
  },
];

type ContextLookup = (key: string) => unknown;

/** A per-stage value from context (`-c <stage><Key>=...`), else the environment (`<STAGE>_<KEY>`). */
function stageValue(stage: string, contextKey: string, envKey: string, context: ContextLookup): string | undefined {
  const fromContext = context(`${stage}${contextKey}`);
  if (typeof fromContext === 'string' && fromContext !== '') return fromContext;
  return process.env[`${stage.toUpperCase()}_${envKey}`] || undefined;
}

/**
 * Each stage deploys to its own AWS account. The id comes from context (`-c devAccount=...`)
 * or the environment (`DEV_ACCOUNT_ID`); never from code. Without one, the stack is
 * account-agnostic and still synthesizes.
 */
export function accountFor(stage: string, context: ContextLookup): string | undefined {
  return stageValue(stage, 'Account', 'ACCOUNT_ID', context);
}

/**
 * The stage's Shopify store (`-c prodShopifyStore=my-store.myshopify.com` or PROD_SHOPIFY_STORE).
 * Without one, the processor answers from Richpanel's order data only.
 */
export function shopifyStoreFor(stage: string, context: ContextLookup): string | undefined {
  return stageValue(stage, 'ShopifyStore', 'SHOPIFY_STORE', context);
}

/** Where the stage's alarms are emailed (`-c prodAlarmEmail=...` or PROD_ALARM_EMAIL); the topic exists either way. */
export function alarmEmailFor(stage: string, context: ContextLookup): string | undefined {
  return stageValue(stage, 'AlarmEmail', 'ALARM_EMAIL', context);
}
