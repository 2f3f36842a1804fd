import { Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { createFunctionRole } from './function-role';
import { inProcessWorkerOf } from './in-process-worker';
import { PipelineSettings } from './pipeline-settings';
import { MetricsRuntimeConfig, WORKER_CONFIG_ENV, WorkerRuntimeConfig } from './runtime-contract';
import { WorkerFunction } from '../functions/worker-function';
import { AckFastWebhookPipelineProps } from '../pipeline-props';

export interface WorkerFunctionOptions {
  readonly props: AckFastWebhookPipelineProps;
  readonly settings: PipelineSettings;
  readonly queue: sqs.IQueue;
  readonly table: dynamodb.ITable;
  readonly metrics: MetricsRuntimeConfig;
  /** This pipeline's idempotency key prefix (`event#<namespace>#`): the only keys the worker may touch. */
  readonly eventKeyPrefix: string;
}

export interface WorkerFunctionSetup {
  /** The bundled worker's log group; undefined in-process (the user's function has its own). */
  readonly logGroup?: logs.LogGroup;
  readonly workerFunction: lambda.Function;
}

/**
 * The worker: consumes the queue, owns the idempotency record, invokes the processor.
 * Its log group, role, run-time config, SQS event source and the grants it needs.
 */
export function createWorkerFunction(scope: Construct, options: WorkerFunctionOptions): WorkerFunctionSetup {
  const { props, settings } = options;
  const inProcessWorker = inProcessWorkerOf(props);
  if (inProcessWorker) {
    // In-process mode: the user's function runs createWorker; the same wiring, no Invoke grant.
    wireWorker(inProcessWorker, options, undefined);
    return { workerFunction: inProcessWorker };
  }
  // requireOneProcessorMode has run: without workerFunction there is a processor.
  const processor = props.processor!;
  const logGroup = new logs.LogGroup(scope, 'WorkerLogGroup', { retention: settings.logRetention, removalPolicy: settings.removalPolicy });
  const workerFunction = new WorkerFunction(scope, 'WorkerFunction', {
    architecture: settings.architecture,
    memorySize: props.workerMemorySize ?? 256,
    timeout: settings.workerTimeout,
    logGroup,
    role: createFunctionRole(scope, 'WorkerRole', logGroup, 'Webhook worker: claim, process, record.'),
  });
  wireWorker(workerFunction, options, processor.functionArn);
  // The unqualified ARN only: grantInvoke would also allow every version and alias (`:*`).
  workerFunction.addToRolePolicy(new iam.PolicyStatement({
    actions: ['lambda:InvokeFunction'],
    resources: [processor.functionArn],
  }));
  return { logGroup, workerFunction };
}

/** What either worker gets: its configuration, the SQS event source, and grants on its own idempotency records. */
function wireWorker(workerFunction: lambda.Function, options: WorkerFunctionOptions, processorFunctionName: string | undefined): void {
  const { settings, queue, table } = options;
  const config: WorkerRuntimeConfig = {
    tableName: table.tableName,
    metrics: options.metrics,
    queueUrl: queue.queueUrl,
    processorFunctionName,
    idempotencyTtlSeconds: settings.idempotencyTtl.toSeconds(),
    // validatePipelineProps has rejected an unknown processor timeout before any resource exists.
    processorTimeoutMs: settings.processorTimeout!.toMilliseconds(),
    groupConcurrency: settings.groupConcurrency,
    eventKeyPrefix: options.eventKeyPrefix,
  };
  workerFunction.addEnvironment(WORKER_CONFIG_ENV, Stack.of(workerFunction).toJsonString(config));
  workerFunction.addEventSource(new SqsEventSource(queue, {
    batchSize: settings.batchSize,
    maxConcurrency: settings.maxConcurrency,
    reportBatchItemFailures: true,
  }));
  // Its own idempotency records only, even in a table other pipelines share.
  workerFunction.addToRolePolicy(new iam.PolicyStatement({
    actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
    resources: [table.tableArn],
    conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${options.eventKeyPrefix}*`] } },
  }));
  // A bring-your-own table (or tableProps) may use a customer managed key: reads decrypt, updates encrypt.
  table.encryptionKey?.grant(workerFunction, 'kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*', 'kms:DescribeKey');
}
