/*
 * How a worker is put together from its configuration, whichever way it calls the processor:
 * the bundled worker (lambda/worker) passes a processor that Invokes a Lambda, createWorker one
 * that calls your function in-process. Everything else (the idempotency store, the visibility
 * delays, the audit log, the metrics, the time rules, the event archive, tracing) is this one composition.
 */
// Not dependencies of the library: the Lambda Node.js runtime provides SDK v3.
// eslint-disable-next-line import/no-extraneous-dependencies
import { DynamoDBClient, DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
// eslint-disable-next-line import/no-extraneous-dependencies
import type { FirehoseClient } from '@aws-sdk/client-firehose';
// eslint-disable-next-line import/no-extraneous-dependencies
import { SQSClient, SQSClientConfig } from '@aws-sdk/client-sqs';
import { archivingWorker } from './archiving-worker';
import { createWorkerHandler, WorkerHandler } from './worker-handler';
import {
  DEFAULT_PROCESSOR_TIMEOUT_MS, WORKER_AWS_CALL_BUDGET, WorkerRuntimeConfig,
} from '../../contract';
import { FirehoseArchive } from '../aws/archive-writer';
import { clientConfigFor } from '../aws/client-config';
import { DynamoIdempotencyStore } from '../aws/idempotency-store';
import { SqsMessageVisibility } from '../aws/message-visibility';
import { XRayDaemonSink } from '../aws/xray-daemon';
import { EventProcessor } from '../core/processor-outcome';
import { WorkerTimeBudget } from '../core/time-budget';
import { AuditLog } from '../observability/audit-log';
import { EventTracing } from '../observability/event-tracing';
import { Metrics } from '../observability/metrics';
import { SegmentSink } from '../observability/trace-context';

/** The settings of the worker's DynamoDB and SQS clients: bounded calls (their worst case is in WORKER_RECORD_MARGIN_MS). */
export function boundedClientConfig(): DynamoDBClientConfig & SQSClientConfig {
  return clientConfigFor(WORKER_AWS_CALL_BUDGET);
}

export function processorTimeoutMsOf(config: WorkerRuntimeConfig): number {
  return config.processorTimeoutMs ?? DEFAULT_PROCESSOR_TIMEOUT_MS;
}

/** The AWS clients every worker uses, whichever way it calls the processor. */
export interface WorkerAwsClients {
  readonly dynamodb: DynamoDBClient;
  readonly sqs: SQSClient;
  /** Needed when the configuration names an archive. */
  readonly firehose?: FirehoseClient;
}

export interface WorkerParts {
  readonly clients: WorkerAwsClients;
  /** Calls the processor once per claim: over Lambda Invoke, or in-process. */
  readonly processor: EventProcessor;
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

export function composeWorkerHandler(config: WorkerRuntimeConfig, parts: WorkerParts): WorkerHandler {
  const log = parts.log ?? new AuditLog('worker');
  const metrics = parts.metrics ?? new Metrics(config.metrics);
  return withArchive(config, parts, log, metrics, composeProcessing(config, parts, log, metrics));
}

/** The archive hook: the batch's events go to the archive beside the processing (absent archive config: the handler as is). */
function withArchive(config: WorkerRuntimeConfig, parts: WorkerParts, log: AuditLog, metrics: Metrics, handler: WorkerHandler): WorkerHandler {
  if (config.archive === undefined) return handler;
  const firehose = parts.clients.firehose;
  if (firehose === undefined) throw new Error('The worker configuration names an archive but no Firehose client was given.');
  const archive = new FirehoseArchive({ client: firehose, ...config.archive, log, now: parts.now ?? Date.now });
  return archivingWorker(handler, archive, metrics);
}

function composeProcessing(config: WorkerRuntimeConfig, parts: WorkerParts, log: AuditLog, metrics: Metrics): WorkerHandler {
  const { clients } = parts;
  return createWorkerHandler({
    store: parts.store ?? new DynamoIdempotencyStore(clients.dynamodb, config.tableName, config.eventKeyPrefix),
    processor: parts.processor,
    visibility: new SqsMessageVisibility(clients.sqs, config.queueUrl),
    log,
    idempotencyTtlSeconds: config.idempotencyTtlSeconds,
    processorTimeoutMs: processorTimeoutMsOf(config),
    groupConcurrency: config.groupConcurrency,
    timeBudget: parts.timeBudget,
    metrics,
    now: parts.now,
    tracing: config.tracing ? new EventTracing(parts.segmentSink ?? new XRayDaemonSink(), parts.now) : undefined,
  });
}
