/*
 * How the bundled worker Lambda (separate-processor mode) is put together: the shared composition
 * (src/runtime/worker/compose-worker.ts) with a processor reached over Lambda Invoke.
 * worker.lambda.ts does this once per cold start; tests do the same with loopback endpoints (and,
 * as negative controls, other policies).
 */
import { DynamoDBClient, DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { FirehoseClient, FirehoseClientConfig } from '@aws-sdk/client-firehose';
import { LambdaClient, LambdaClientConfig } from '@aws-sdk/client-lambda';
import { SQSClient, SQSClientConfig } from '@aws-sdk/client-sqs';
import { WorkerRuntimeConfig } from '../../src/private/runtime-contract';
import { DynamoIdempotencyStore } from '../../src/runtime/aws/idempotency-store';
import { WorkerTimeBudget } from '../../src/runtime/core/time-budget';
import { AuditLog } from '../../src/runtime/observability/audit-log';
import { Metrics } from '../../src/runtime/observability/metrics';
import { SegmentSink } from '../../src/runtime/observability/trace-context';
import { boundedClientConfig, composeWorkerHandler, processorTimeoutMsOf } from '../../src/runtime/worker/compose-worker';
import { WorkerHandler } from '../../src/runtime/worker/worker-handler';
import { invokeClientConfig, LambdaEventProcessor } from '../aws/lambda-processor';

export { processorTimeoutMsOf } from '../../src/runtime/worker/compose-worker';

export interface WorkerClientConfigs {
  readonly dynamodb: DynamoDBClientConfig;
  readonly sqs: SQSClientConfig;
  readonly lambda: LambdaClientConfig;
  readonly firehose: FirehoseClientConfig;
}

/** Bounded DynamoDB, SQS and Firehose calls; a one-attempt Invoke. */
export function workerClientConfigs(config: WorkerRuntimeConfig): WorkerClientConfigs {
  const budget = new WorkerTimeBudget(processorTimeoutMsOf(config));
  return {
    dynamodb: boundedClientConfig(), sqs: boundedClientConfig(), firehose: boundedClientConfig(), lambda: invokeClientConfig(budget.invokeTimeoutMs),
  };
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
  if (config.processorFunctionName === undefined) {
    throw new Error('The bundled worker needs processorFunctionName in its configuration (the construct sets it with `processor`); '
      + 'with `workerFunction` your own function runs createWorker from lib/runtime instead.');
  }
  return composeWorkerHandler(config, {
    ...composition,
    processor: new LambdaEventProcessor(composition.clients.lambda, config.processorFunctionName),
  });
}
