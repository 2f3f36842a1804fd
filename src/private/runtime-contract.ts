/*
 * The contract between the construct (synth time) and the handlers (run time).
 *
 * This file is imported by both src/ and lambda/, so it must stay free of aws-cdk-lib and
 * AWS SDK imports: it holds names, shapes and limits only. Not exported from src/index.ts.
 */

import type { ArchiveRuntimeConfig, ReplayRunInfo } from './archive-contract';

/** Environment variable that carries the ingress handler's JSON configuration. */
export const INGRESS_CONFIG_ENV = 'ACK_FAST_INGRESS_CONFIG';
/** Environment variable that carries the worker handler's JSON configuration. */
export const WORKER_CONFIG_ENV = 'ACK_FAST_WORKER_CONFIG';

/** The state table's string partition key. Every item kind prefixes its key (see below). */
export const TABLE_PARTITION_KEY = 'pk';
/** The state table's TTL attribute: epoch seconds, on every item. */
export const TABLE_TTL_ATTRIBUTE = 'expiresAt';
/**
 * Key prefix of idempotency records. A pipeline's records are `event#<namespace>#<eventId>`
 * (see eventKeyPrefixOf), so pipelines sharing a table never see each other's records and the
 * worker's IAM policy can name its own prefix (dynamodb:LeadingKeys). Other item kinds use other prefixes.
 */
export const EVENT_KEY_PREFIX = 'event#';

/** Characters a key namespace keeps; anything else becomes '_' (no '#', no IAM wildcard `*` or `?`). */
const KEY_NAMESPACE_UNSAFE = /[^A-Za-z0-9._-]/g;

/** The idempotency key prefix of one pipeline: `event#<namespace>#`. */
export function eventKeyPrefixOf(namespace: string): string {
  return `${EVENT_KEY_PREFIX}${namespace.replace(KEY_NAMESPACE_UNSAFE, '_')}#`;
}

/** An idempotency record's key: the pipeline's prefix + the event id (the worker writes it, producers may read it). */
export function idempotencyKeyOf(keyPrefix: string, eventId: string): string {
  return keyPrefix + eventId;
}

/** Key prefix of outbound rate-limit buckets: `rl#<bucket name>` (see src/runtime). */
export const RATE_LIMIT_KEY_PREFIX = 'rl#';
/** Environment variable the construct sets on a processor it grants rate limiting to: the state table's name. */
export const STATE_TABLE_ENV = 'ACK_FAST_STATE_TABLE';

/**
 * Ids of the stack outputs the construct emits (under its own scope, so the logical id is the
 * construct path + this id + a hash). The CLI's `--outputs` finds them by these suffixes.
 */
export const STACK_OUTPUT_IDS = {
  webhookUrl: 'WebhookUrl',
  tableName: 'StateTableName',
  queueUrl: 'QueueUrl',
  deadLetterQueueUrl: 'DeadLetterQueueUrl',
  eventKeyPrefix: 'EventKeyPrefix',
  ingressLogGroupName: 'IngressLogGroupName',
  workerLogGroupName: 'WorkerLogGroupName',
  workerEventSourceMappingId: 'WorkerEventSourceMappingId',
  backlogAlarmNames: 'BacklogAlarmNames',
  archiveBucketName: 'ArchiveBucketName',
} as const;

/** SQS message attributes the ingress sets on every message. */
export const MESSAGE_ATTRIBUTE_EVENT_ID = 'eventId';
/** Epoch milliseconds at which the ingress received the request. */
export const MESSAGE_ATTRIBUTE_RECEIVED_AT = 'receivedAt';

/** SQS's hard cap on one message (body + attributes), in bytes (1 MiB since January 2026). */
export const SQS_MAX_MESSAGE_BYTES = 1_048_576;
/** Bytes kept free for message attributes when checking the body limit against SQS_MAX_MESSAGE_BYTES. */
export const MESSAGE_ATTRIBUTE_RESERVE_BYTES = 1_024;
/** The largest `maxBodySize`, in bytes: the body and its message attributes still fit one SQS message. */
export const MAX_BODY_BYTES = SQS_MAX_MESSAGE_BYTES - MESSAGE_ATTRIBUTE_RESERVE_BYTES;
/** SQS limit on MessageGroupId / MessageDeduplicationId length. */
export const SQS_ID_MAX_LENGTH = 128;

/** Default of `maxBodySize`, in bytes (256 KiB). */
export const DEFAULT_MAX_BODY_BYTES = 262_144;
/** Default of `maxJsonDepth`: nested objects/arrays a body may have (checked on the raw text). */
export const DEFAULT_MAX_JSON_DEPTH = 64;
/** Default of `maxJsonElements`: object keys plus array elements a body may hold. */
export const DEFAULT_MAX_JSON_ELEMENTS = 50_000;

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

/** Per attempt, the worker's DynamoDB and SQS calls wait this long for a connection... */
export const WORKER_AWS_CONNECTION_TIMEOUT_MS = 200;
/** ...and this long for the answer (smithy only throws with throwOnRequestTimeout). */
export const WORKER_AWS_REQUEST_TIMEOUT_MS = 500;
/** Attempts per DynamoDB/SQS call: each of the worker's writes is safe to repeat (own writes are recognised). */
export const WORKER_AWS_CALL_ATTEMPTS = 2;
/** The longest one such call can take: every attempt timing out, plus the SDK's retry delay (≤ 300 ms for one retry). */
export const WORKER_AWS_CALL_BUDGET_MS = WORKER_AWS_CALL_ATTEMPTS * (WORKER_AWS_CONNECTION_TIMEOUT_MS + WORKER_AWS_REQUEST_TIMEOUT_MS) + 300;
/** How long an Invoke may take beyond the processor's timeout (Lambda's overhead, a typical cold start) before its outcome is unknown. */
export const PROCESSOR_INVOKE_SLACK_MS = 2_000;
/**
 * The worker's own time per record besides the processor, at worst: the Invoke's connection and
 * slack plus the claim, the outcome write and the batch's visibility change. A record is claimed only while the
 * invocation has the processor's timeout plus this left.
 */
export const WORKER_RECORD_NEED_MS = WORKER_AWS_CONNECTION_TIMEOUT_MS + PROCESSOR_INVOKE_SLACK_MS + 3 * WORKER_AWS_CALL_BUDGET_MS;
/**
 * What workerTimeout must leave beyond the processor's timeout: the need, plus at least half a
 * second for the invocation to start, in whole seconds (Lambda timeouts are).
 */
export const WORKER_RECORD_MARGIN_MS = Math.ceil((WORKER_RECORD_NEED_MS + 500) / 1000) * 1000;
/**
 * The longest a synchronous Invoke can still be running after it was sent: Lambda may re-run a
 * failed init (≤ 10 s) and then the handler within the invoke, each up to the function's timeout.
 */
export function maxProcessorRunMs(processorTimeoutMs: number): number {
  return 2 * processorTimeoutMs + 10_000;
}
/** Lambda's default function timeout, assumed for a worker config that does not name the processor's. */
export const DEFAULT_PROCESSOR_TIMEOUT_MS = 3_000;

/** What the worker sends the processor Lambda for one event (JSON). */
export interface ProcessorRequestPayload {
  readonly eventId: string;
  readonly messageGroupId: string;
  /**
   * 1 on the first attempt; counts every claim of this event. The processor is invoked at most once
   * per claim; `attempt > 1` means an earlier run may have had effects (its outcome may be unknown):
   * check your own markers before repeating an effect.
   */
  readonly attempt: number;
  /** ISO-8601 time the ingress received the webhook. */
  readonly receivedAt: string;
  /** The webhook body, parsed. */
  readonly payload: unknown;
  /**
   * Set only when `ack-fast-webhook replay` sent this delivery: the run's id and when it was
   * requested. A replay runs once per run even for a COMPLETED event (that is its purpose); a
   * redelivery of the same run does not run again. Absent: an ordinary delivery or a retry.
   */
  readonly replay?: ReplayRunInfo;
}

/** Outcome names a processor may return; an empty or null response means PROCESSED. */
export const PROCESSOR_OUTCOME_PROCESSED = 'PROCESSED';
export const PROCESSOR_OUTCOME_RETRY_LATER = 'RETRY_LATER';
