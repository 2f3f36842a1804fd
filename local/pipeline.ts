/*
 * The whole pipeline on 127.0.0.1, in one process: dynalite, fauxqs (child process), a loopback
 * Secrets Manager and Lambda Invoke, the API Gateway front, the bundled ingress and worker with
 * the environment the construct gives them, and the SQS event source. Settings come from a
 * synthesized template (by default the example app's dev stack): one source of truth.
 */
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { ApiFront, startApiFront } from './api-front';
import {
  createFifoQueueWithDlq, createStateTable, dynamoClient, LOCAL_AWS, RunningEmulator, RunningFauxqs, sqsClient, startDynalite, startFauxqs,
} from './emulators';
import { FaultProxy, startFaultProxy } from './fault-proxy';
import { BUNDLED_HANDLERS, HandlerEnvironment } from './handler-loader';
import { inProcessWorker } from './in-process-worker';
import { AcceptedBodies, replayAccepted } from './inspector/accepted-bodies';
import { LambdaInvokeFake, startLambdaInvokeFake } from './lambda-invoke-fake';
import { localArchiveNames, startLocalArchive } from './local-archive';
import { localReferenceResolver } from './local-references';
import { PathRecorder } from './path-recorder';
import { LocalPipeline, LocalPipelineOptions, LocalProcessorHandler } from './pipeline-api';
import { curlCommand, generateSecret, signedHeaders } from './request-signer';
import { LocalSecretsManager, startLocalSecretsManager } from './secrets-manager-fake';
import { EventSource, startEventSource } from './sqs-event-source';
import { functionEnvironment, readPipelineSettings } from './template-settings';
import { readBacklog } from '../cli/pause/backlog';
import { validateIngressRuntimeConfig } from '../lambda/core/ingress-config';
import { EVENT_KEY_PREFIX, INGRESS_CONFIG_ENV, ProcessorRequestPayload, WORKER_CONFIG_ENV } from '../src/contract';
import { interpretProcessorResponse } from '../src/runtime/core/processor-outcome';
import { parseWorkerConfig } from '../src/runtime/worker/worker-config';

export type { LocalPipeline, LocalPipelineOptions, LocalProcessorHandler, SendResult } from './pipeline-api';

const answerProcessed: LocalProcessorHandler = async () => ({ outcome: 'PROCESSED' });

export async function startLocalPipeline(options: LocalPipelineOptions): Promise<LocalPipeline> {
  const settings = readPipelineSettings(options.template, options.pipelineId);
  const name = options.name ?? 'local';
  const handlers = options.handlers ?? BUNDLED_HANDLERS;
  const processor = options.processor ?? answerProcessed;
  let clockOffsetMs = 0;
  const now = () => Date.now() + clockOffsetMs;
  const paths = new PathRecorder(now, options.onPathStep);
  const acceptedBodies = new AcceptedBodies();

  const stoppables: Array<{ stop(): Promise<void> }> = [];
  let eventSource: EventSource | undefined;
  try {
    const [dynalite, fauxqs] = await Promise.all([startDynalite(), startFauxqs()]) as [RunningEmulator, RunningFauxqs];
    stoppables.push(dynalite, fauxqs);
    // Every SQS client reaches fauxqs through this proxy (queue URLs name it), so an SQS outage or fault can be staged.
    const sqsProxy: FaultProxy = await startFaultProxy(fauxqs.endpoint);
    stoppables.push(sqsProxy);
    const dynamo = dynamoClient(dynalite.endpoint);
    const sqs = sqsClient(sqsProxy.endpoint);
    stoppables.push({ stop: async () => { dynamo.destroy(); sqs.destroy(); } });

    const table = `${name}-state`;
    const processorName = `${name}-processor`;
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

    // The handlers' DynamoDB, Lambda and Firehose calls pass through fault proxies only when asked (one hop less for the bench).
    const faultable = async (endpoint: string): Promise<FaultProxy | undefined> => {
      if (!options.faultInjection) return undefined;
      const proxy = await startFaultProxy(endpoint);
      stoppables.push(proxy);
      return proxy;
    };
    const archiveNames = localArchiveNames(name);
    const resolve = localReferenceResolver(options.template, settings, {
      name,
      table,
      processor: processorName,
      queueUrl,
      queueArn,
      deadLetterQueueUrl,
      deadLetterQueueArn,
      archiveBucket: archiveNames.bucket,
      archiveDeliveryStream: archiveNames.deliveryStreamName,
    });
    const ingressVariables = functionEnvironment(options.template, settings.ingressFunctionId, resolve);
    const workerVariables = functionEnvironment(options.template, settings.workerFunctionId, resolve);
    // The archive (S3 in fauxqs, a loopback Firehose) runs only when the template's worker archives.
    const archive = parseWorkerConfig(workerVariables[WORKER_CONFIG_ENV]).archive === undefined
      ? undefined : await startLocalArchive(name, fauxqs.endpoint, now);
    if (archive) stoppables.push(archive);
    const firehoseProxy = archive && await faultable(archive.firehose.endpoint);
    const ingressConfig = validateIngressRuntimeConfig(JSON.parse(ingressVariables[INGRESS_CONFIG_ENV]));
    const secret = options.secret ?? generateSecret(ingressConfig.authentication);

    const secretsManager: LocalSecretsManager = await startLocalSecretsManager(ingressConfig.authentication.secretArn, secret);
    stoppables.push(secretsManager);
    // The processor, with each call on the event's path: called over the Invoke fake or in-process.
    const recordedProcessor = async (request: ProcessorRequestPayload): Promise<unknown> => {
      try {
        const result = await processor(request);
        const outcome = interpretProcessorResponse(undefined, JSON.stringify(result ?? null));
        paths.processorCalled(request.eventId, { outcome: outcome.kind === 'RETRY_LATER' ? 'retry-later' : 'ok' });
        return result;
      } catch (error) {
        paths.processorCalled(request.eventId, { outcome: 'threw', errorClass: error instanceof Error ? error.name : 'Error' });
        throw error;
      }
    };
    const lambda: LambdaInvokeFake = await startLambdaInvokeFake(async (invocation) => {
      const result = await recordedProcessor(JSON.parse(invocation.payload) as ProcessorRequestPayload);
      return { payload: JSON.stringify(result ?? null) };
    }, { keepInvocations: false });
    stoppables.push(lambda);
    const dynamoProxy = await faultable(dynalite.endpoint);
    const lambdaProxy = await faultable(lambda.endpoint);

    const lambdaVariables = (functionName: string, memory: number) => ({
      AWS_REGION: LOCAL_AWS.region,
      AWS_DEFAULT_REGION: LOCAL_AWS.region,
      AWS_ACCESS_KEY_ID: LOCAL_AWS.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_AWS.credentials.secretAccessKey,
      AWS_LAMBDA_FUNCTION_NAME: functionName,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memory),
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_ENDPOINT_URL_DYNAMODB: dynamoProxy?.endpoint ?? dynalite.endpoint,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsManager.endpoint,
      AWS_ENDPOINT_URL_LAMBDA: lambdaProxy?.endpoint ?? lambda.endpoint,
      ...(archive ? { AWS_ENDPOINT_URL_FIREHOSE: firehoseProxy?.endpoint ?? archive.firehose.endpoint } : {}),
    });
    const environment = (component: 'ingress' | 'worker', variables: Record<string, string>): HandlerEnvironment => ({
      variables: { ...lambdaVariables(`${name}-${component}`, 256), AWS_ENDPOINT_URL_SQS: sqsProxy.endpoint, ...variables },
      now,
      writeLine: (line) => options.onHandlerLine?.(component, line),
    });
    const ingress = await handlers.ingress(environment('ingress', ingressVariables));
    const workerFactory = options.processorMode === 'in-process' ? inProcessWorker(recordedProcessor) : handlers.worker;
    const worker = await workerFactory(environment('worker', workerVariables));

    const front: ApiFront = await startApiFront({
      apiKind: settings.apiKind,
      stageName: settings.stageName,
      webhookPath: settings.webhookPath,
      throttlingRateLimit: settings.throttlingRateLimit,
      throttlingBurstLimit: settings.throttlingBurstLimit,
      ingress,
      ingressTimeoutMs: settings.ingressTimeoutSeconds * 1000,
      now,
      onAnswer: (answer) => paths.frontAnswered(answer),
      onAccepted: (eventId, rawBody) => acceptedBodies.remember(eventId, rawBody),
    });
    stoppables.push(front);

    eventSource = startEventSource({
      sqs,
      queueUrl,
      queueArn,
      region: LOCAL_AWS.region,
      batchSize: settings.batchSize,
      maxConcurrency: settings.maxConcurrency,
      reportBatchItemFailures: settings.reportBatchItemFailures,
      worker,
      workerTimeoutMs: settings.workerTimeoutSeconds * 1000,
      now,
      onRecords: (outcomes) => paths.recordsDone(outcomes),
    });

    const sign = (body: string) => signedHeaders(ingressConfig.authentication, secret, body, now());
    const source = eventSource;
    const eventKeyPrefix = parseWorkerConfig(workerVariables[WORKER_CONFIG_ENV]).eventKeyPrefix ?? EVENT_KEY_PREFIX;
    const replayTarget = { dynamo, sqs, table: { name: table, keyPrefix: eventKeyPrefix }, queueUrl, rules: ingressConfig, now };
    return {
      url: front.url,
      secret,
      settings,
      ingressConfig,
      endpoints: { dynamodb: dynalite.endpoint, sqs: sqsProxy.endpoint, secretsManager: secretsManager.endpoint, lambda: lambda.endpoint },
      faults: { sqs: sqsProxy, dynamodb: dynamoProxy, lambda: lambdaProxy, firehose: firehoseProxy },
      archive: archive && {
        bucket: archive.bucket, s3Endpoint: archive.s3Endpoint, putCalls: () => archive.firehose.putCalls(), flush: () => archive.flush(),
      },
      names: {
        table,
        queueUrl,
        dlqUrl: deadLetterQueueUrl,
        processor: processorName,
        eventKeyPrefix,
      },
      events: paths.steps,
      environmentOf: (logicalId) => functionEnvironment(options.template, logicalId, resolve),
      sign,
      send: async (body, headers = {}) => {
        const text = typeof body === 'string' ? body : JSON.stringify(body);
        const response = await fetch(front.url, { method: 'POST', headers: { ...sign(text), ...headers }, body: text });
        const answer = await response.text();
        let eventId: string | undefined;
        try {
          eventId = response.status === 200 ? (JSON.parse(answer) as { eventId?: string }).eventId : undefined;
        } catch {
          eventId = undefined;
        }
        return { statusCode: response.status, body: answer, eventId };
      },
      curl: (body) => curlCommand(front.url, sign(body), body),
      now,
      workerInvocationsRunning: () => source.invocationsRunning(),
      advanceClock: async (ms) => {
        clockOffsetMs += ms;
        await fauxqs.setClockOffset(clockOffsetMs);
      },
      setSqsReachable: (reachable) => {
        sqsProxy.available = reachable;
      },
      replayEvent: async (eventId) => {
        const done = await replayAccepted(acceptedBodies, replayTarget, eventId);
        paths.record({ at: now(), kind: 'replayed', eventId });
        return done;
      },
      setProcessingPaused: (paused) => source.setPaused(paused),
      processingPaused: () => source.isPaused(),
      backlog: () => readBacklog(sqs, queueUrl),
      waitForStep: (match, timeoutMs) => paths.waitFor(match, timeoutMs),
      close: async () => {
        await source.stop();
        await stopAll(stoppables);
      },
    };
  } catch (error) {
    await eventSource?.stop();
    await stopAll(stoppables);
    throw error;
  }
}

async function stopAll(stoppables: Array<{ stop(): Promise<void> }>): Promise<void> {
  for (const stoppable of stoppables.reverse()) {
    await stoppable.stop().catch(() => undefined);
  }
}
