import { Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { functionLoggingProps } from './function-logging';
import { createFunctionRole } from './function-role';
import { applyPipelineLogging, inProcessWorkerOf } from './in-process-worker';
import { PipelineSettings } from './pipeline-settings';
import { MetricsRuntimeConfig, WORKER_CONFIG_ENV, WorkerRuntimeConfig } from '../contract';
import { functionTracing, traceUserFunction } from './tracing';
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
  /** The archive the worker writes each batch to (absent: archive off). */
  readonly archive?: { readonly deliveryStream: firehose.IDeliveryStream; readonly pipelineName: string };
}

export interface WorkerFunctionSetup {
  /** The bundled worker's log group; undefined in-process (the user's function has its own). */
  readonly logGroup?: logs.LogGroup;
  readonly workerFunction: lambda.Function;
  /** The SQS event source mapping's UUID (what `ack-fast-webhook pause` / `resume` disable and enable). */
  readonly eventSourceMappingId: string;
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
    const eventSourceMappingId = wireWorker(inProcessWorker, options, undefined);
    applyPipelineLogging(inProcessWorker, props.logging);
    if (settings.tracingEnabled) traceUserFunction(scope, inProcessWorker, 'workerFunction');
    return { workerFunction: inProcessWorker, eventSourceMappingId };
  }
  // requireOneProcessorMode has run: without workerFunction there is a processor.
  const processor = props.processor!;
  const logGroup = new logs.LogGroup(scope, 'WorkerLogGroup', { retention: settings.logRetention, removalPolicy: settings.removalPolicy });
  const workerFunction = new WorkerFunction(scope, 'WorkerFunction', {
    architecture: settings.architecture,
    memorySize: props.workerMemorySize ?? 256,
    timeout: settings.workerTimeout,
    tracing: functionTracing(settings.tracingEnabled),
    logGroup,
    ...functionLoggingProps(props.logging),
    role: createFunctionRole(scope, 'WorkerRole', logGroup, 'Webhook worker: claim, process, record.'),
  });
  const eventSourceMappingId = wireWorker(workerFunction, options, processor.functionArn);
  if (settings.tracingEnabled) traceUserFunction(scope, processor, 'processor');
  // The unqualified ARN only: grantInvoke would also allow every version and alias (`:*`).
  workerFunction.addToRolePolicy(new iam.PolicyStatement({
    actions: ['lambda:InvokeFunction'],
    resources: [processor.functionArn],
  }));
  return { logGroup, workerFunction, eventSourceMappingId };
}

/**
 * What either worker gets: its configuration, the SQS event source, grants on its own idempotency
 * records and on the archive. Returns the event source mapping's UUID.
 */
function wireWorker(workerFunction: lambda.Function, options: WorkerFunctionOptions, processorFunctionName: string | undefined): string {
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
    ...(settings.tracingEnabled ? { tracing: true } : {}),
    ...(options.archive === undefined ? {} : {
      archive: { deliveryStreamName: options.archive.deliveryStream.deliveryStreamName, pipelineName: options.archive.pipelineName },
    }),
  };
  options.archive?.deliveryStream.grantPutRecords(workerFunction);
  workerFunction.addEnvironment(WORKER_CONFIG_ENV, Stack.of(workerFunction).toJsonString(config));
  const eventSource = new SqsEventSource(queue, {
    batchSize: settings.batchSize,
    maxConcurrency: settings.maxConcurrency,
    reportBatchItemFailures: true,
  });
  workerFunction.addEventSource(eventSource);
  // Its own idempotency records only, even in a table other pipelines share.
  workerFunction.addToRolePolicy(new iam.PolicyStatement({
    actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
    resources: [table.tableArn],
    conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${options.eventKeyPrefix}*`] } },
  }));
  // A bring-your-own table (or tableProps) may use a customer managed key: reads decrypt, updates encrypt.
  table.encryptionKey?.grant(workerFunction, 'kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*', 'kms:DescribeKey');
  return eventSource.eventSourceMappingId;
}
