/*
 * How the worker Lambda is put together from its configuration: the SDK clients with their
 * timeout and retry policy, and the handler over them. worker.lambda.ts does this once per cold
 * start; tests do the same with loopback endpoints (and, as negative controls, other policies).
 */
import { DynamoDBClient, DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { FirehoseClient, FirehoseClientConfig } from '@aws-sdk/client-firehose';
import { LambdaClient, LambdaClientConfig } from '@aws-sdk/client-lambda';
import { SQSClient, SQSClientConfig } from '@aws-sdk/client-sqs';
import { archivingWorker } from './archiving-worker';
import { createWorkerHandler, WorkerHandler } from './worker-handler';
import {
  DEFAULT_PROCESSOR_TIMEOUT_MS, WORKER_AWS_CALL_ATTEMPTS, WORKER_AWS_CONNECTION_TIMEOUT_MS, WORKER_AWS_REQUEST_TIMEOUT_MS,
  WorkerRuntimeConfig,
} from '../../src/private/runtime-contract';
import { FirehoseArchive } from '../aws/archive-writer';
import { DynamoIdempotencyStore } from '../aws/idempotency-store';
import { invokeClientConfig, LambdaEventProcessor } from '../aws/lambda-processor';
import { SqsMessageVisibility } from '../aws/message-visibility';
import { SegmentSink, XRayDaemonSink } from '../aws/xray-daemon';
import { AuditLog } from '../core/audit-log';
import { EventTracing } from '../core/event-tracing';
import { Metrics } from '../core/metrics';
import { WorkerTimeBudget } from '../core/time-budget';

export interface WorkerClientConfigs {
  readonly dynamodb: DynamoDBClientConfig;
  readonly sqs: SQSClientConfig;
  readonly lambda: LambdaClientConfig;
  readonly firehose: FirehoseClientConfig;
}

/** Bounded DynamoDB and SQS calls (their worst case is in WORKER_RECORD_MARGIN_MS); a one-attempt Invoke. */
export function workerClientConfigs(config: WorkerRuntimeConfig): WorkerClientConfigs {
  const bounded = {
    maxAttempts: WORKER_AWS_CALL_ATTEMPTS,
    requestHandler: {
      connectionTimeout: WORKER_AWS_CONNECTION_TIMEOUT_MS,
      requestTimeout: WORKER_AWS_REQUEST_TIMEOUT_MS,
      throwOnRequestTimeout: true,
    },
  };
  const budget = new WorkerTimeBudget(processorTimeoutMsOf(config));
  return { dynamodb: bounded, sqs: bounded, lambda: invokeClientConfig(budget.invokeTimeoutMs), firehose: bounded };
}

export function processorTimeoutMsOf(config: WorkerRuntimeConfig): number {
  return config.processorTimeoutMs ?? DEFAULT_PROCESSOR_TIMEOUT_MS;
}

export interface WorkerClients {
  readonly dynamodb: DynamoDBClient;
  readonly sqs: SQSClient;
  readonly lambda: LambdaClient;
  /** Needed when the configuration names an archive. */
  readonly firehose?: FirehoseClient;
}

export interface WorkerComposition {
  readonly clients: WorkerClients;
  readonly log?: AuditLog;
  readonly metrics?: Metrics;
  readonly now?: () => number;
  /** Replaces the idempotency store (tests: a store with a protection switched off). */
  readonly store?: DynamoIdempotencyStore;
  /** Replaces the time rules (tests: a budget without the remaining-time rule). */
  readonly timeBudget?: WorkerTimeBudget;
  /** Where trace segments go when config.tracing is on. @default the X-Ray daemon (AWS_XRAY_DAEMON_ADDRESS) */
  readonly segmentSink?: SegmentSink;
}

export function composeWorker(config: WorkerRuntimeConfig, composition: WorkerComposition): WorkerHandler {
  const log = composition.log ?? new AuditLog('worker');
  const metrics = composition.metrics ?? new Metrics(config.metrics);
  return withArchive(config, composition, log, metrics, composeProcessing(config, composition, log, metrics));
}

/** The archive hook: the batch's events go to the archive beside the processing (absent archive config: the handler as is). */
function withArchive(
  config: WorkerRuntimeConfig, composition: WorkerComposition, log: AuditLog, metrics: Metrics, handler: WorkerHandler,
): WorkerHandler {
  if (config.archive === undefined) return handler;
  const firehose = composition.clients.firehose;
  if (firehose === undefined) throw new Error('The worker configuration names an archive but no Firehose client was given.');
  const archive = new FirehoseArchive({ client: firehose, ...config.archive, log, now: composition.now ?? Date.now });
  return archivingWorker(handler, archive, metrics);
}

function composeProcessing(config: WorkerRuntimeConfig, composition: WorkerComposition, log: AuditLog, metrics: Metrics): WorkerHandler {
  const { clients } = composition;
  return createWorkerHandler({
    store: composition.store ?? new DynamoIdempotencyStore(clients.dynamodb, config.tableName, config.eventKeyPrefix),
    processor: new LambdaEventProcessor(clients.lambda, config.processorFunctionName),
    visibility: new SqsMessageVisibility(clients.sqs, config.queueUrl),
    log,
    idempotencyTtlSeconds: config.idempotencyTtlSeconds,
    processorTimeoutMs: processorTimeoutMsOf(config),
    groupConcurrency: config.groupConcurrency,
    timeBudget: composition.timeBudget,
    metrics,
    now: composition.now,
    tracing: config.tracing ? new EventTracing(composition.segmentSink ?? new XRayDaemonSink(), composition.now) : undefined,
  });
}
