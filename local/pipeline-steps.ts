/*
 * The steps startLocalPipeline (local/pipeline.ts) takes, in order: the emulators and the
 * queues, the functions' environments from the template, the fakes the functions call, the
 * handlers loaded with those environments. Each step registers what it started in `stoppables`,
 * so a failure at any step stops everything started before it.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import {
  createFifoQueueWithDlq, createStateTable, dynamoClient, LOCAL_AWS, RunningEmulator, RunningFauxqs, sqsClient, startDynalite, startFauxqs,
} from './emulators';
import { FaultProxy, startFaultProxy } from './fault-proxy';
import { BUNDLED_HANDLERS, HandlerEnvironment, LocalIngressHandler, LocalWorkerHandler } from './handler-loader';
import { inProcessWorker } from './in-process-worker';
import { LambdaInvokeFake, startLambdaInvokeFake } from './lambda-invoke-fake';
import { LocalArchive, localArchiveNames, startLocalArchive } from './local-archive';
import { localReferenceResolver } from './local-references';
import { PathRecorder } from './path-recorder';
import { LocalPipelineOptions, LocalProcessorHandler } from './pipeline-api';
import { generateSecret } from './request-signer';
import { LocalSecretsManager, startLocalSecretsManager } from './secrets-manager-fake';
import { functionEnvironment, PipelineSettings } from './template-settings';
import { validateIngressRuntimeConfig } from '../lambda/core/ingress-config';
import { EVENT_KEY_PREFIX, INGRESS_CONFIG_ENV, IngressRuntimeConfig, ProcessorRequestPayload, WORKER_CONFIG_ENV } from '../src/contract';
import { interpretProcessorResponse } from '../src/runtime/core/processor-outcome';
import { parseWorkerConfig } from '../src/runtime/worker/worker-config';

export type Stoppables = Array<{ stop(): Promise<void> }>;

/** Step 1: dynalite, fauxqs behind an SQS fault proxy, the state table, the queue and its DLQ. */
export interface LocalAws {
  readonly dynalite: RunningEmulator;
  readonly fauxqs: RunningFauxqs;
  /** Every SQS client reaches fauxqs through it (queue URLs name it), so an SQS outage or fault can be staged. */
  readonly sqsProxy: FaultProxy;
  readonly dynamo: DynamoDBClient;
  readonly sqs: SQSClient;
  readonly table: string;
  readonly queueUrl: string;
  readonly queueArn: string;
  readonly deadLetterQueueUrl: string;
  readonly deadLetterQueueArn: string;
}

export async function startLocalAws(
  name: string, settings: PipelineSettings, paths: PathRecorder, now: () => number, stoppables: Stoppables,
): Promise<LocalAws> {
  const [dynalite, fauxqs] = await Promise.all([startDynalite(), startFauxqs()]) as [RunningEmulator, RunningFauxqs];
  stoppables.push(dynalite, fauxqs);
  const sqsProxy = await startFaultProxy(fauxqs.endpoint);
  stoppables.push(sqsProxy);
  const dynamo = dynamoClient(dynalite.endpoint);
  const sqs = sqsClient(sqsProxy.endpoint);
  stoppables.push({ stop: async () => { dynamo.destroy(); sqs.destroy(); } });

  const table = `${name}-state`;
  await createStateTable(dynamo, table);
  const { queueUrl, deadLetterQueueUrl } = await createFifoQueueWithDlq(sqs, `${name}-webhooks`, {
    maxReceiveCount: settings.maxReceiveCount,
    visibilityTimeoutSeconds: settings.visibilityTimeoutSeconds,
  });
  const arnOf = async (url: string) => (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
  const [queueArn, deadLetterQueueArn] = await Promise.all([arnOf(queueUrl), arnOf(deadLetterQueueUrl)]);
  fauxqs.onDeadLetter((move) => {
    if (move.queueName === queueUrl.split('/').pop()) paths.record({ at: now(), kind: 'dlq', eventId: move.eventId });
  });
  return { dynalite, fauxqs, sqsProxy, dynamo, sqs, table, queueUrl, queueArn, deadLetterQueueUrl, deadLetterQueueArn };
}

/** Step 2: the ingress's and the worker's environment as the template sets them, with local names for its references. */
export interface LocalFunctions {
  readonly settings: PipelineSettings;
  readonly processorName: string;
  readonly ingressVariables: Record<string, string>;
  readonly workerVariables: Record<string, string>;
  readonly ingressConfig: IngressRuntimeConfig;
  readonly eventKeyPrefix: string;
  readonly archives: boolean;
  readonly environmentOf: (logicalId: string) => Record<string, string>;
}

export function configureFunctions(options: LocalPipelineOptions, settings: PipelineSettings, name: string, aws: LocalAws): LocalFunctions {
  const processorName = `${name}-processor`;
  const archiveNames = localArchiveNames(name);
  const resolve = localReferenceResolver(options.template, settings, {
    name,
    table: aws.table,
    processor: processorName,
    queueUrl: aws.queueUrl,
    queueArn: aws.queueArn,
    deadLetterQueueUrl: aws.deadLetterQueueUrl,
    deadLetterQueueArn: aws.deadLetterQueueArn,
    archiveBucket: archiveNames.bucket,
    archiveDeliveryStream: archiveNames.deliveryStreamName,
  });
  const ingressVariables = functionEnvironment(options.template, settings.ingressFunctionId, resolve);
  const workerVariables = functionEnvironment(options.template, settings.workerFunctionId, resolve);
  const workerConfig = parseWorkerConfig(workerVariables[WORKER_CONFIG_ENV]);
  return {
    settings,
    processorName,
    ingressVariables,
    workerVariables,
    ingressConfig: validateIngressRuntimeConfig(JSON.parse(ingressVariables[INGRESS_CONFIG_ENV])),
    eventKeyPrefix: workerConfig.eventKeyPrefix ?? EVENT_KEY_PREFIX,
    archives: workerConfig.archive !== undefined,
    environmentOf: (logicalId) => functionEnvironment(options.template, logicalId, resolve),
  };
}

/** Step 3: what the functions call besides DynamoDB and SQS: Secrets Manager, Lambda Invoke, the archive; fault proxies when asked. */
export interface LocalFakes {
  readonly secret: string;
  readonly secretsManager: LocalSecretsManager;
  readonly lambda: LambdaInvokeFake;
  readonly archive?: LocalArchive;
  readonly dynamoProxy?: FaultProxy;
  readonly lambdaProxy?: FaultProxy;
  readonly firehoseProxy?: FaultProxy;
  /** The processor, each call recorded on the event's path: behind the Invoke fake, or called by an in-process worker. */
  readonly recordedProcessor: (request: ProcessorRequestPayload) => Promise<unknown>;
}

export async function startFakes(
  options: LocalPipelineOptions, name: string, aws: LocalAws, functions: LocalFunctions, processor: LocalProcessorHandler,
  paths: PathRecorder, now: () => number, stoppables: Stoppables,
): Promise<LocalFakes> {
  // The handlers' DynamoDB, Lambda and Firehose calls pass through fault proxies only when asked (one hop less for the bench).
  const faultable = async (endpoint: string): Promise<FaultProxy | undefined> => {
    if (!options.faultInjection) return undefined;
    const proxy = await startFaultProxy(endpoint);
    stoppables.push(proxy);
    return proxy;
  };
  // The archive (S3 in fauxqs, a loopback Firehose) runs only when the template's worker archives.
  const archive = functions.archives ? await startLocalArchive(name, aws.fauxqs.endpoint, now) : undefined;
  if (archive) stoppables.push(archive);
  const firehoseProxy = archive && await faultable(archive.firehose.endpoint);
  const secret = options.secret ?? generateSecret(functions.ingressConfig.authentication);
  const secretsManager = await startLocalSecretsManager(functions.ingressConfig.authentication.secretArn, secret);
  stoppables.push(secretsManager);
  const recordedProcessor = async (request: ProcessorRequestPayload): Promise<unknown> => {
    try {
      const result = await processor(request);
      const outcome = interpretProcessorResponse(undefined, JSON.stringify(result ?? null));
      paths.processorCalled(request.eventId, outcome.kind === 'RETRY_LATER' ? { outcome: 'retry-later' }
        : outcome.kind === 'FAILED' ? { outcome: 'failed', errorClass: outcome.errorClass } : { outcome: 'ok' });
      return result;
    } catch (error) {
      paths.processorCalled(request.eventId, { outcome: 'threw', errorClass: error instanceof Error ? error.name : 'Error' });
      throw error;
    }
  };
  const lambda = await startLambdaInvokeFake(async (invocation) => {
    const result = await recordedProcessor(JSON.parse(invocation.payload) as ProcessorRequestPayload);
    return { payload: JSON.stringify(result ?? null) };
  }, { keepInvocations: false });
  stoppables.push(lambda);
  const dynamoProxy = await faultable(aws.dynalite.endpoint);
  const lambdaProxy = await faultable(lambda.endpoint);
  return { secret, secretsManager, lambda, archive, dynamoProxy, lambdaProxy, firehoseProxy, recordedProcessor };
}

/** Lambda's own variables for a function, and the local endpoints its SDK clients use. */
function lambdaVariables(functionName: string, memory: number, aws: LocalAws, fakes: LocalFakes): Record<string, string> {
  return {
    AWS_REGION: LOCAL_AWS.region,
    AWS_DEFAULT_REGION: LOCAL_AWS.region,
    AWS_ACCESS_KEY_ID: LOCAL_AWS.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_AWS.credentials.secretAccessKey,
    AWS_LAMBDA_FUNCTION_NAME: functionName,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memory),
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL_DYNAMODB: fakes.dynamoProxy?.endpoint ?? aws.dynalite.endpoint,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: fakes.secretsManager.endpoint,
    AWS_ENDPOINT_URL_LAMBDA: fakes.lambdaProxy?.endpoint ?? fakes.lambda.endpoint,
    AWS_ENDPOINT_URL_SQS: aws.sqsProxy.endpoint,
    ...(fakes.archive ? { AWS_ENDPOINT_URL_FIREHOSE: fakes.firehoseProxy?.endpoint ?? fakes.archive.firehose.endpoint } : {}),
  };
}

/** Step 4: the ingress and the worker, each loaded once with its environment (bundled, the bench's, or createWorker in-process). */
export async function loadHandlers(
  options: LocalPipelineOptions, name: string, aws: LocalAws, functions: LocalFunctions, fakes: LocalFakes, now: () => number,
): Promise<{ readonly ingress: LocalIngressHandler; readonly worker: LocalWorkerHandler }> {
  const handlers = options.handlers ?? BUNDLED_HANDLERS;
  const environment = (component: 'ingress' | 'worker', variables: Record<string, string>): HandlerEnvironment => ({
    variables: { ...lambdaVariables(`${name}-${component}`, 256, aws, fakes), ...variables },
    now,
    writeLine: (line) => options.onHandlerLine?.(component, line),
  });
  const ingress = await handlers.ingress(environment('ingress', functions.ingressVariables));
  const workerFactory = options.processorMode === 'in-process' ? inProcessWorker(fakes.recordedProcessor) : handlers.worker;
  const worker = await workerFactory(environment('worker', functions.workerVariables));
  return { ingress, worker };
}
