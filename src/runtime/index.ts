/*
 * `ack-fast-webhook-pipeline/lib/runtime`: code a processor Lambda runs (not part of the jsii API).
 * Needs `@aws-sdk/client-dynamodb` and `@aws-sdk/client-sqs` at run time (the Lambda Node.js runtime provides them)
 * and `valibot` (an optional dependency of this package).
 */
export type { AcquireResult, RateLimitBucket, RateLimiter } from './rate-limiter';
export { DynamoDbRateLimiter, RATE_LIMITER_CLIENT_DEFAULTS } from './dynamodb-rate-limiter';
export type { DynamoDbRateLimiterOptions } from './dynamodb-rate-limiter';
export { configFor, TENANT_SEPARATOR } from './bucket-config';
export type { BucketConfigs } from './bucket-config';
export { bucketForWindowLimit, refill, retryAfterMs, take } from './token-bucket';
export type { BucketState, TakeResult } from './token-bucket';
export { PROCESSOR_OUTCOME_PROCESSED, PROCESSOR_OUTCOME_RETRY_LATER, STATE_TABLE_ENV } from '../contract';
export type { ProcessorRequestPayload } from '../contract';
// One derivation of event ids from several body fields, for the ingress and every other producer.
export { eventIdFromPointers } from './event-id';
export type { EventIdFromPointers } from './event-id';
// Producers other than the ingress (needs `@aws-sdk/client-sqs`, and `valibot`, both optional dependencies).
export { createEnqueuer, EnqueueRejectedError } from './enqueuer';
export type { Enqueuer, EnqueuerOptions, EnqueueOptions, EnqueueOutcome, EnqueueResult } from './enqueuer';
export type { FilterMiss } from './ingest/ingress-filter';
export { createSweepHandler } from './sweep/sweep-handler';
export type { SweepHandler, SweepHandlerOptions } from './sweep/sweep-handler';
export type { SweepCandidate, SweepPage, SweepPageRequest, SweepRunOutcome, SweepRunSummary, SweepSource } from './sweep/sweep-run';
export { ENQUEUE_CONFIG_ENV, SWEEP_CONFIG_ENV, SWEEP_METRICS } from '../contract';
export type { EnqueueRuntimeConfig, SweepRuntimeConfig } from '../contract';
// The worker for the in-process mode (`workerFunction`): needs `@aws-sdk/client-dynamodb`, `@aws-sdk/client-sqs` and `valibot`.
export { createWorker } from './worker/create-worker';
export type { CreateWorkerOptions, ProcessEvent, ProcessResult } from './worker/create-worker';
export type { WorkerHandler } from './worker/worker-handler';
export { WORKER_METRICS } from './worker/record-handler';
export { WORKER_CONFIG_ENV } from '../contract';
export type { WorkerRuntimeConfig } from '../contract';
