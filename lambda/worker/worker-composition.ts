/*
 * How the bundled worker Lambda (separate-processor mode) is put together: the shared composition
 * (src/runtime/worker/compose-worker.ts) with a processor reached over Lambda Invoke.
 * worker.lambda.ts does this once per cold start; tests do the same with loopback endpoints (and,
 * as negative controls, other policies).
 */
import { DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { FirehoseClientConfig } from '@aws-sdk/client-firehose';
import { LambdaClient, LambdaClientConfig } from '@aws-sdk/client-lambda';
import { SQSClientConfig } from '@aws-sdk/client-sqs';
import { WorkerRuntimeConfig } from '../../src/contract';
import { WorkerTimeBudget } from '../../src/runtime/core/time-budget';
import { boundedClientConfig, composeWorkerHandler, processorTimeoutMsOf, WorkerAwsClients, WorkerParts } from '../../src/runtime/worker/compose-worker';
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

export interface WorkerClients extends WorkerAwsClients {
  readonly lambda: LambdaClient;
}

/** The shared composition's parts, but the processor (the bundled worker Invokes a Lambda) and with the Lambda client. */
export interface WorkerComposition extends Omit<WorkerParts, 'processor' | 'clients'> {
  readonly clients: WorkerClients;
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
