/*
 * `ack-fast-webhook-pipeline/lib/runtime`: code a processor Lambda runs (not part of the jsii API).
 * Needs `@aws-sdk/client-dynamodb` at run time (the Lambda Node.js runtime provides it).
 */
export type { AcquireResult, RateLimitBucket, RateLimiter } from './rate-limiter';
export { DynamoDbRateLimiter, RATE_LIMITER_CLIENT_DEFAULTS } from './dynamodb-rate-limiter';
export type { DynamoDbRateLimiterOptions } from './dynamodb-rate-limiter';
export { configFor, TENANT_SEPARATOR } from './bucket-config';
export type { BucketConfigs } from './bucket-config';
export { bucketForWindowLimit, refill, retryAfterMs, take } from './token-bucket';
export type { BucketState, TakeResult } from './token-bucket';
export { RICHPANEL, SHOPIFY_GRAPHQL_STANDARD, SHOPIFY_REST_STANDARD } from './downstream-limits';
export { PROCESSOR_OUTCOME_PROCESSED, PROCESSOR_OUTCOME_RETRY_LATER, STATE_TABLE_ENV } from '../private/runtime-contract';
export type { ProcessorRequestPayload } from '../private/runtime-contract';
