/*
 * The whole pipeline on 127.0.0.1, in one process: dynalite, fauxqs (child process), a loopback
 * Secrets Manager and Lambda Invoke, the API Gateway front, the bundled ingress and worker with
 * the environment the construct gives them, and the SQS event source. Settings come from a
 * synthesized template (by default the example app's dev stack): one source of truth.
 */
import { randomUUID } from 'node:crypto';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { ApiFront, FrontAnswer, startApiFront } from './api-front';
import {
  createFifoQueueWithDlq, createStateTable, dynamoClient, LOCAL_AWS, RunningEmulator, RunningFauxqs, sqsClient, startDynalite, startFauxqs,
} from './emulators';
import { PathStep } from './event-path';
import { BUNDLED_HANDLERS, HandlerEnvironment, LocalHandlers } from './handler-loader';
import { LambdaInvokeFake, startLambdaInvokeFake } from './lambda-invoke-fake';
import { curlCommand, generateSecret, signedHeaders } from './request-signer';
import { LocalSecretsManager, startLocalSecretsManager } from './secrets-manager-fake';
import { EventSource, RecordOutcome, startEventSource } from './sqs-event-source';
import { startSwitchableProxy, SwitchableProxy } from './switchable-proxy';
import { CfnTemplate, functionEnvironment, PipelineSettings, readPipelineSettings, resourceType } from './template-settings';
import { validateIngressRuntimeConfig } from '../lambda/core/ingress-config';
import { interpretProcessorResponse } from '../lambda/core/processor-outcome';
import { INGRESS_CONFIG_ENV, IngressRuntimeConfig, ProcessorRequestPayload } from '../src/private/runtime-contract';

/** The processor Lambda's handler: gets the worker's request, answers as a processor Lambda would. */
export type LocalProcessorHandler = (request: ProcessorRequestPayload) => Promise<unknown>;

export interface LocalPipelineOptions {
  /** A synthesized stack holding one AckFastWebhookPipeline (e.g. `Template.fromStack(stack).toJSON()`). */
  readonly template: CfnTemplate;
  /** The pipeline's construct id, when the template holds several. */
  readonly pipelineId?: string;
  /** Prefix of the local table and queue names. @default 'local' */
  readonly name?: string;
  /** @default the bundled handlers the construct deploys (assets/lambda/...) */
  readonly handlers?: LocalHandlers;
  /** The processor Lambda. @default answers PROCESSED */
  readonly processor?: LocalProcessorHandler;
  /** The signing secret or token. @default generated per run */
  readonly secret?: string;
  /** Every step of every event's path, as it happens. */
  readonly onPathStep?: (step: PathStep) => void;
  /** Every line the ingress or worker writes (their JSON logs and EMF metrics). @default dropped */
  readonly onHandlerLine?: (component: 'ingress' | 'worker', line: string) => void;
}

export interface SendResult {
  readonly statusCode: number;
  readonly body: string;
  /** The acknowledged event id (200 only). */
  readonly eventId?: string;
}

export interface LocalPipeline {
  /** The webhook URL (POST). */
  readonly url: string;
  /** The secret (or shared token) the ingress authenticates with. */
  readonly secret: string;
  readonly settings: PipelineSettings;
  readonly ingressConfig: IngressRuntimeConfig;
  readonly endpoints: { readonly dynamodb: string; readonly sqs: string; readonly secretsManager: string; readonly lambda: string };
  readonly names: { readonly table: string; readonly queueUrl: string; readonly dlqUrl: string; readonly processor: string };
  /** Every path step so far, in order. */
  readonly events: PathStep[];
  /** The authentication headers (and content type) for `body`. */
  sign(body: string): Record<string, string>;
  /** POSTs `body` (an object is JSON-encoded) signed, plus `headers`. */
  send(body: string | object, headers?: Record<string, string>): Promise<SendResult>;
  /** A ready curl command that posts `body` signed. */
  curl(body: string): string;
  /** The local clock (epoch ms): handlers, front, event source and fauxqs all read it. */
  now(): number;
  /** Moves the local clock forward, fauxqs's included (deduplication window, visibility deadlines). */
  advanceClock(ms: number): Promise<void>;
  /**
   * Makes SQS unreachable (false) for every client — ingress, worker, event source, CLI — or
   * reachable again (true): connections are reset, as in a network outage. The queues keep their messages.
   */
  setSqsReachable(reachable: boolean): void;
  /** Resolves with the first path step (past or future) that matches, or rejects after `timeoutMs`. */
  waitForStep(match: (step: PathStep) => boolean, timeoutMs: number): Promise<PathStep>;
  /** Stops the event source (running invocations finish), then every server and emulator. */
  close(): Promise<void>;
}

/** What the processor did in one call, to tell processed from duplicate and say why a record failed. */
interface ProcessorCall {
  readonly at: number;
  readonly outcome: 'ok' | 'retry-later' | 'threw';
  readonly errorClass?: string;
}

const answerProcessed: LocalProcessorHandler = async () => ({ outcome: 'PROCESSED' });

export async function startLocalPipeline(options: LocalPipelineOptions): Promise<LocalPipeline> {
  const settings = readPipelineSettings(options.template, options.pipelineId);
  const name = options.name ?? 'local';
  const handlers = options.handlers ?? BUNDLED_HANDLERS;
  const processor = options.processor ?? answerProcessed;
  let clockOffsetMs = 0;
  const now = () => Date.now() + clockOffsetMs;
  const steps: PathStep[] = [];
  const waiters: Array<{ match: (step: PathStep) => boolean; resolve: (step: PathStep) => void }> = [];
  const record = (step: PathStep) => {
    steps.push(step);
    options.onPathStep?.(step);
    for (const waiter of waiters.filter((w) => w.match(step))) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(step);
    }
  };

  const stoppables: Array<{ stop(): Promise<void> }> = [];
  let eventSource: EventSource | undefined;
  try {
    const [dynalite, fauxqs] = await Promise.all([startDynalite(), startFauxqs()]) as [RunningEmulator, RunningFauxqs];
    stoppables.push(dynalite, fauxqs);
    // Every SQS client reaches fauxqs through this switch (queue URLs name it), so an SQS outage can be staged.
    const sqsSwitch: SwitchableProxy = await startSwitchableProxy(fauxqs.endpoint);
    stoppables.push(sqsSwitch);
    const dynamo = dynamoClient(dynalite.endpoint);
    const sqs = sqsClient(sqsSwitch.endpoint);
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
      if (move.queueName === queueUrl.split('/').pop()) record({ at: now(), kind: 'dlq', eventId: move.eventId });
    });

    // Every CloudFormation reference of the handlers' environment, resolved to its local counterpart.
    const resolve = (logicalId: string, attribute: string | undefined): string => {
      const pseudo: Record<string, string> = {
        'AWS::Region': LOCAL_AWS.region, 'AWS::AccountId': '000000000000', 'AWS::Partition': 'aws', 'AWS::URLSuffix': 'amazonaws.com',
      };
      if (pseudo[logicalId]) return pseudo[logicalId];
      const type = resourceType(options.template, logicalId);
      const isArn = attribute === 'Arn';
      if (logicalId === settings.queueId) return isArn ? queueArn : queueUrl;
      if (logicalId === settings.deadLetterQueueId) return isArn ? deadLetterQueueArn : deadLetterQueueUrl;
      if (type === 'AWS::DynamoDB::Table') return isArn ? `arn:aws:dynamodb:${LOCAL_AWS.region}:000000000000:table/${table}` : table;
      if (type === 'AWS::SecretsManager::Secret') return `arn:aws:secretsmanager:${LOCAL_AWS.region}:000000000000:secret:${name}-${logicalId}`;
      if (type === 'AWS::Lambda::Function' || type === 'AWS::Lambda::Alias') return processorName;
      throw new Error(`Cannot run this template locally: the handlers' configuration refers to ${logicalId} (${type}), which has no local counterpart.`);
    };
    const ingressVariables = functionEnvironment(options.template, settings.ingressFunctionId, resolve);
    const workerVariables = functionEnvironment(options.template, settings.workerFunctionId, resolve);
    const ingressConfig = validateIngressRuntimeConfig(JSON.parse(ingressVariables[INGRESS_CONFIG_ENV]));
    const secret = options.secret ?? generateSecret(ingressConfig.authentication);

    const secretsManager: LocalSecretsManager = await startLocalSecretsManager(ingressConfig.authentication.secretArn, secret);
    stoppables.push(secretsManager);
    const processorCalls = new Map<string, ProcessorCall>();
    const lambda: LambdaInvokeFake = await startLambdaInvokeFake(async (invocation) => {
      const request = JSON.parse(invocation.payload) as ProcessorRequestPayload;
      try {
        const result = await processor(request);
        const payload = JSON.stringify(result ?? null);
        const outcome = interpretProcessorResponse(undefined, payload);
        processorCalls.set(request.eventId, { at: now(), outcome: outcome.kind === 'RETRY_LATER' ? 'retry-later' : 'ok' });
        return { payload };
      } catch (error) {
        processorCalls.set(request.eventId, { at: now(), outcome: 'threw', errorClass: error instanceof Error ? error.name : 'Error' });
        throw error;
      }
    }, { keepInvocations: false });
    stoppables.push(lambda);

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
      AWS_ENDPOINT_URL_DYNAMODB: dynalite.endpoint,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsManager.endpoint,
      AWS_ENDPOINT_URL_LAMBDA: lambda.endpoint,
    });
    const environment = (component: 'ingress' | 'worker', variables: Record<string, string>): HandlerEnvironment => ({
      variables: { ...lambdaVariables(`${name}-${component}`, 256), AWS_ENDPOINT_URL_SQS: sqsSwitch.endpoint, ...variables },
      now,
      writeLine: (line) => options.onHandlerLine?.(component, line),
    });
    const ingress = await handlers.ingress(environment('ingress', ingressVariables));
    const worker = await handlers.worker(environment('worker', workerVariables));

    const front: ApiFront = await startApiFront({
      apiKind: settings.apiKind,
      stageName: settings.stageName,
      webhookPath: settings.webhookPath,
      throttlingRateLimit: settings.throttlingRateLimit,
      throttlingBurstLimit: settings.throttlingBurstLimit,
      ingress,
      ingressTimeoutMs: settings.ingressTimeoutSeconds * 1000,
      now,
      onAnswer: (answer: FrontAnswer) => record({
        at: now(),
        kind: answer.statusCode === 200 ? 'enqueued' : answer.statusCode >= 500 ? 'not-stored' : 'rejected',
        eventId: answer.eventId,
        statusCode: answer.statusCode,
        ackMs: answer.ackMs,
        detail: answer.statusCode === 200 ? undefined : answer.reason,
      }),
    });
    stoppables.push(front);

    const onRecords = (outcomes: RecordOutcome[]) => {
      for (const outcome of outcomes) {
        const call = outcome.eventId ? processorCalls.get(outcome.eventId) : undefined;
        const ranNow = call !== undefined && call.at >= outcome.invocationStartedAt ? call : undefined;
        const base = { at: now(), eventId: outcome.eventId, messageGroupId: outcome.messageGroupId, receiveCount: outcome.receiveCount };
        if (outcome.fate === 'deleted') {
          record({
            ...base,
            kind: ranNow ? 'processed' : 'duplicate',
            endToEndMs: outcome.receivedAt !== undefined ? now() - outcome.receivedAt : undefined,
          });
        } else if (outcome.fate === 'reported-failed') {
          record({
            ...base,
            kind: ranNow?.outcome === 'retry-later' ? 'deferred' : 'failed',
            detail: ranNow?.outcome === 'threw' ? `processor threw ${ranNow.errorClass}` : ranNow ? undefined : 'processor not run (lease held, or an earlier record of its group failed)',
          });
        } else {
          record({ ...base, kind: 'worker-failed', detail: outcome.fate === 'invocation-timed-out' ? 'timed out' : 'threw' });
        }
      }
    };
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
      onRecords,
    });

    const sign = (body: string) => signedHeaders(ingressConfig.authentication, secret, body, now());
    const source = eventSource;
    return {
      url: front.url,
      secret,
      settings,
      ingressConfig,
      endpoints: { dynamodb: dynalite.endpoint, sqs: sqsSwitch.endpoint, secretsManager: secretsManager.endpoint, lambda: lambda.endpoint },
      names: { table, queueUrl, dlqUrl: deadLetterQueueUrl, processor: processorName },
      events: steps,
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
      advanceClock: async (ms) => {
        clockOffsetMs += ms;
        await fauxqs.setClockOffset(clockOffsetMs);
      },
      setSqsReachable: (reachable) => {
        sqsSwitch.available = reachable;
      },
      waitForStep: (match, timeoutMs) => {
        const past = steps.find(match);
        if (past) return Promise.resolve(past);
        return new Promise<PathStep>((resolvePromise, reject) => {
          const waiter = {
            match,
            resolve: (step: PathStep) => {
              clearTimeout(timer);
              resolvePromise(step);
            },
          };
          const timer = setTimeout(() => {
            waiters.splice(waiters.indexOf(waiter), 1);
            reject(new Error(`no matching path step within ${timeoutMs} ms (${steps.length} steps so far)`));
          }, timeoutMs);
          waiters.push(waiter);
        });
      },
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

/** A random event id in the sample's shape, for `send` and the smoke run. */
export function sampleEventId(): string {
  return `evt-${randomUUID().slice(0, 8)}`;
}
