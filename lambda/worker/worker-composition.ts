/*
 * How the worker Lambda is put together from its configuration: the SDK clients with their
 * timeout and retry policy, and the handler over them. worker.lambda.ts does this once per cold
 * start; tests do the same with loopback endpoints (and, as negative controls, other policies).
 */
import { DynamoDBClient, DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { LambdaClient, LambdaClientConfig } from '@aws-sdk/client-lambda';
import { SQSClient, SQSClientConfig } from '@aws-sdk/client-sqs';
import {
  DEFAULT_PROCESSOR_TIMEOUT_MS, WORKER_AWS_CALL_ATTEMPTS, WORKER_AWS_CONNECTION_TIMEOUT_MS, WORKER_AWS_REQUEST_TIMEOUT_MS,
  WorkerRuntimeConfig,
} from '../../src/private/runtime-contract';
import { DynamoIdempotencyStore } from '../../src/runtime/aws/idempotency-store';
import { SqsMessageVisibility } from '../../src/runtime/aws/message-visibility';
import { WorkerTimeBudget } from '../../src/runtime/core/time-budget';
import { createWorkerHandler, WorkerHandler } from '../../src/runtime/worker/worker-handler';
import { invokeClientConfig, LambdaEventProcessor } from '../aws/lambda-processor';
import { AuditLog } from '../core/audit-log';
import { Metrics } from '../core/metrics';

export interface WorkerClientConfigs {
  readonly dynamodb: DynamoDBClientConfig;
  readonly sqs: SQSClientConfig;
  readonly lambda: LambdaClientConfig;
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
  return { dynamodb: bounded, sqs: bounded, lambda: invokeClientConfig(budget.invokeTimeoutMs) };
}

export function processorTimeoutMsOf(config: WorkerRuntimeConfig): number {
  return config.processorTimeoutMs ?? DEFAULT_PROCESSOR_TIMEOUT_MS;
}

export interface WorkerClients {
  readonly dynamodb: DynamoDBClient;
  readonly sqs: SQSClient;
  readonly lambda: LambdaClient;
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
}

export function composeWorker(config: WorkerRuntimeConfig, composition: WorkerComposition): WorkerHandler {
  const { clients } = composition;
  return createWorkerHandler({
    store: composition.store ?? new DynamoIdempotencyStore(clients.dynamodb, config.tableName, config.eventKeyPrefix),
    processor: new LambdaEventProcessor(clients.lambda, config.processorFunctionName),
    visibility: new SqsMessageVisibility(clients.sqs, config.queueUrl),
    log: composition.log ?? new AuditLog('worker'),
    idempotencyTtlSeconds: config.idempotencyTtlSeconds,
    processorTimeoutMs: processorTimeoutMsOf(config),
    groupConcurrency: config.groupConcurrency,
    timeBudget: composition.timeBudget,
    metrics: composition.metrics ?? new Metrics(config.metrics),
    now: composition.now,
  });
}
