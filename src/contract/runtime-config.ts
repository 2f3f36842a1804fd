/*
 * The JSON configuration of the ingress and the worker (INGRESS_CONFIG_ENV, WORKER_CONFIG_ENV), and its limits.
 *
 * Part of the contract between the construct (synth time), the handlers and the CLI (run time):
 * free of aws-cdk-lib and AWS SDK imports, names, shapes and limits only. Not exported from src/index.ts.
 */

import type { ArchiveRuntimeConfig } from './archive';

/** `secretCacheTtl` may not be shorter: every container would read Secrets Manager on nearly every request. */
export const SECRET_CACHE_TTL_MIN_SECONDS = 30;
/** `secretCacheTtl` may not be longer: a secret label removed in an emergency must stop working within it. */
export const SECRET_CACHE_TTL_MAX_SECONDS = 3_600;
/** Re-reads after a failed verification, and retries of a failed read while a stale value is served: at most one per this. */
export const SECRET_REREAD_INTERVAL_SECONDS = 30;
/** After a failed refresh, the last good secrets are used for at most this long past their TTL. */
export const SECRET_MAX_STALE_SECONDS = 900;
/** Default of `previousSecretGracePeriod`: how long after a rotation AWSPREVIOUS still verifies. */
export const DEFAULT_PREVIOUS_SECRET_GRACE_SECONDS = 86_400;

/**
 * The authentication schemes the ingress implements. Adding one: its name here, and its entry in
 * AUTHENTICATION_SCHEME_DEFINITIONS (lambda/core/schemes/authentication-schemes.ts), which the compiler then demands.
 */
export const AUTHENTICATION_SCHEMES = ['hmac', 'stripe', 'standard-webhooks', 'shared-token'] as const;
export type AuthenticationScheme = typeof AUTHENTICATION_SCHEMES[number];

/**
 * How the ingress authenticates a request. One flat shape for every scheme (fields a scheme
 * does not use hold their neutral value), so it validates simply and reads plainly in the console.
 */
export interface AuthenticationRuntimeConfig {
  readonly scheme: AuthenticationScheme;
  /** ARN of the Secrets Manager secret (AWSCURRENT, and AWSPREVIOUS during rotation). */
  readonly secretArn: string;
  /**
   * Lower-case headers that may carry the signature or token, in order of preference; the first
   * present is used ('hmac': e.g. both `x-shopify-hmac-sha256` and `shopify-hmac-sha256`;
   * 'stripe': `stripe-signature`; 'standard-webhooks': `webhook-signature`; 'shared-token': the token header).
   */
  readonly headers: string[];
  /** 'hmac' only: the digest. */
  readonly algorithm: 'sha256' | 'sha1';
  /** 'hmac' only: how the signature is written. */
  readonly encoding: 'hex' | 'base64';
  /** 'hmac' only: text before the signature (e.g. `sha256=`); '' when none. */
  readonly prefix: string;
  /**
   * 'stripe' and 'standard-webhooks': the largest accepted distance, in seconds, between the
   * signed timestamp and now, in both directions (replay protection); 0 for the other schemes.
   */
  readonly toleranceSeconds: number;
}

/** Where the handlers publish their CloudWatch Embedded Metric Format metrics. */
export interface MetricsRuntimeConfig {
  /** CloudWatch namespace, e.g. `AckFastWebhookPipeline`. */
  readonly namespace: string;
  /** Value of the `Pipeline` dimension on every metric: tells pipelines apart. */
  readonly pipeline: string;
}

/** The CloudWatch namespace of the handlers' metrics. */
export const METRICS_NAMESPACE = 'AckFastWebhookPipeline';
/** The dimension every handler metric carries. */
export const METRICS_PIPELINE_DIMENSION = 'Pipeline';

export interface IngressRuntimeConfig {
  readonly queueUrl: string;
  /** Optional so configs written before metrics existed still parse; the construct always sets it. */
  readonly metrics?: MetricsRuntimeConfig;
  /** Requests with a longer body are answered 413 before anything else is done. */
  readonly maxBodyBytes: number;
  readonly authentication: AuthenticationRuntimeConfig;
  /** Lower-case headers holding the event id, checked first and in order (e.g. `webhook-id`). */
  readonly eventIdHeaders: string[];
  /** RFC 6901 JSON pointer to the event id in the body; checked when the header is absent. */
  readonly eventIdJsonPointer?: string;
  /** When set: the event id is the hash of these fields (eventIdFromPointers in lib/runtime); headers and eventIdJsonPointer are then unused. */
  readonly eventIdJsonPointers?: string[];
  /** RFC 6901 JSON pointer to the message group (the entity whose order matters). */
  readonly messageGroupIdJsonPointer?: string;
  /** JSON pointers that must resolve in every accepted body. */
  readonly requiredJsonPointers: string[];
  /** How long a fetched secret is reused before it is read again. */
  readonly secretCacheTtlSeconds: number;
  /**
   * How long after the AWSCURRENT version was created (the rotation) AWSPREVIOUS still verifies;
   * 0 never accepts it. Absent: DEFAULT_PREVIOUS_SECRET_GRACE_SECONDS.
   */
  readonly previousSecretGraceSeconds?: number;
  /** Deepest nesting of objects/arrays accepted; absent: DEFAULT_MAX_JSON_DEPTH. */
  readonly maxJsonDepth?: number;
  /** Most object keys plus array elements accepted; absent: DEFAULT_MAX_JSON_ELEMENTS. */
  readonly maxJsonElements?: number;
  /** A verified, valid webhook is enqueued only when every filter accepts it; absent or empty: all are. */
  readonly ingressFilters?: IngressFilterRuntimeConfig[];
  /** X-Ray active tracing is on: hand the trace to SQS (AWSTraceHeader) and annotate it with the event id. Absent: off. */
  readonly tracing?: boolean;
}

/** One ingress filter as the handler reads it (the construct's `IngressFilter`, validated). */
export interface IngressFilterRuntimeConfig {
  readonly pointer: string;
  readonly acceptedValues: string[];
}

export interface WorkerRuntimeConfig {
  readonly tableName: string;
  /** Optional so configs written before metrics existed still parse; the construct always sets it. */
  readonly metrics?: MetricsRuntimeConfig;
  /** The FIFO queue the worker consumes (to change a message's visibility for delayed retries). */
  readonly queueUrl: string;
  /**
   * Name or ARN of the processor Lambda the bundled worker invokes once per event. Absent in the
   * in-process mode (`workerFunction`, createWorker): the worker calls your function itself.
   */
  readonly processorFunctionName?: string;
  /** How long an idempotency record lives after its last write. */
  readonly idempotencyTtlSeconds: number;
  /**
   * This pipeline's idempotency key prefix (`event#<namespace>#`, eventKeyPrefixOf); the worker's
   * IAM policy allows no other. Absent (configs written before namespacing): EVENT_KEY_PREFIX.
   */
  readonly eventKeyPrefix?: string;
  /**
   * The processor's timeout: the Invoke waits this plus PROCESSOR_INVOKE_SLACK_MS, and a record is
   * claimed only while the invocation has this plus WORKER_RECORD_MARGIN_MS left. Optional so
   * configs written before it existed still parse (then: 3 s, Lambda's default timeout).
   */
  readonly processorTimeoutMs?: number;
  /** Message groups one invocation works on at once (optional for older configs: all of the batch). */
  readonly groupConcurrency?: number;
  /** X-Ray active tracing is on: continue each event's trace (AWSTraceHeader) into the processor's Invoke. Absent: off. */
  readonly tracing?: boolean;
  /** Where accepted events are archived (absent: no archive). */
  readonly archive?: ArchiveRuntimeConfig;
}
