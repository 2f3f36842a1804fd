/*
 * The whole pipeline on 127.0.0.1, in one process: dynalite, fauxqs (child process), a loopback
 * Secrets Manager and Lambda Invoke, the API Gateway front, the bundled ingress and worker with
 * the environment the construct gives them, and the SQS event source. Settings come from a
 * synthesized template (by default the example app's dev stack): one source of truth.
 */
import { ApiFront, startApiFront } from './api-front';
import { LOCAL_AWS } from './emulators';
import { AcceptedBodies, replayAccepted } from './inspector/accepted-bodies';
import { PathRecorder } from './path-recorder';
import { LocalPipeline, LocalPipelineOptions, LocalProcessorHandler } from './pipeline-api';
import {
  configureFunctions, loadHandlers, LocalAws, LocalFakes, LocalFunctions, startFakes, startLocalAws, Stoppables,
} from './pipeline-steps';
import { curlCommand, signedHeaders } from './request-signer';
import { EventSource, startEventSource } from './sqs-event-source';
import { PipelineSettings, readPipelineSettings } from './template-settings';
import { readBacklog } from '../cli/pause/backlog';

export type { LocalPipeline, LocalPipelineOptions, LocalProcessorHandler, SendResult } from './pipeline-api';

const answerProcessed: LocalProcessorHandler = async () => ({ outcome: 'PROCESSED' });

export async function startLocalPipeline(options: LocalPipelineOptions): Promise<LocalPipeline> {
  const settings = readPipelineSettings(options.template, options.pipelineId);
  const name = options.name ?? 'local';
  let clockOffsetMs = 0;
  const now = () => Date.now() + clockOffsetMs;
  const paths = new PathRecorder(now, options.onPathStep);
  const acceptedBodies = new AcceptedBodies();
  const stoppables: Stoppables = [];
  let eventSource: EventSource | undefined;
  try {
    const aws = await startLocalAws(name, settings, paths, now, stoppables);
    const functions = configureFunctions(options, settings, name, aws);
    const fakes = await startFakes(options, name, aws, functions, options.processor ?? answerProcessed, paths, now, stoppables);
    const { ingress, worker } = await loadHandlers(options, name, aws, functions, fakes, now);
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
      sqs: aws.sqs,
      queueUrl: aws.queueUrl,
      queueArn: aws.queueArn,
      region: LOCAL_AWS.region,
      batchSize: settings.batchSize,
      maxConcurrency: settings.maxConcurrency,
      reportBatchItemFailures: settings.reportBatchItemFailures,
      worker,
      workerTimeoutMs: settings.workerTimeoutSeconds * 1000,
      now,
      onRecords: (outcomes) => paths.recordsDone(outcomes),
    });
    const clock = {
      now,
      advance: async (ms: number) => {
        clockOffsetMs += ms;
        await aws.fauxqs.setClockOffset(clockOffsetMs);
      },
    };
    return pipelineHandle({ settings, aws, functions, fakes, front, eventSource, paths, acceptedBodies, clock, stoppables });
  } catch (error) {
    await eventSource?.stop();
    await stopAll(stoppables);
    throw error;
  }
}

interface PipelineParts {
  readonly settings: PipelineSettings;
  readonly aws: LocalAws;
  readonly functions: LocalFunctions;
  readonly fakes: LocalFakes;
  readonly front: ApiFront;
  readonly eventSource: EventSource;
  readonly paths: PathRecorder;
  readonly acceptedBodies: AcceptedBodies;
  readonly clock: { readonly now: () => number; advance(ms: number): Promise<void> };
  readonly stoppables: Stoppables;
}

/** The last step: what a test, the bench or `npx projen local` does with the running pipeline. */
function pipelineHandle(parts: PipelineParts): LocalPipeline {
  const { settings, aws, functions, fakes, front, eventSource: source, paths, acceptedBodies, clock } = parts;
  const { now } = clock;
  const { ingressConfig, eventKeyPrefix } = functions;
  const { secret, archive } = fakes;
  const sign = (body: string) => signedHeaders(ingressConfig.authentication, secret, body, now());
  const replayTarget = {
    dynamo: aws.dynamo, sqs: aws.sqs, table: { name: aws.table, keyPrefix: eventKeyPrefix }, queueUrl: aws.queueUrl, rules: ingressConfig, now,
  };
  return {
    url: front.url,
    secret,
    settings,
    ingressConfig,
    endpoints: {
      dynamodb: aws.dynalite.endpoint, sqs: aws.sqsProxy.endpoint, secretsManager: fakes.secretsManager.endpoint, lambda: fakes.lambda.endpoint,
    },
    faults: { sqs: aws.sqsProxy, dynamodb: fakes.dynamoProxy, lambda: fakes.lambdaProxy, firehose: fakes.firehoseProxy },
    archive: archive && {
      bucket: archive.bucket, s3Endpoint: archive.s3Endpoint, putCalls: () => archive.firehose.putCalls(), flush: () => archive.flush(),
    },
    names: {
      table: aws.table,
      queueUrl: aws.queueUrl,
      dlqUrl: aws.deadLetterQueueUrl,
      processor: functions.processorName,
      eventKeyPrefix,
    },
    events: paths.steps,
    environmentOf: functions.environmentOf,
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
    advanceClock: (ms) => clock.advance(ms),
    setSqsReachable: (reachable) => {
      aws.sqsProxy.available = reachable;
    },
    replayEvent: async (eventId) => {
      const done = await replayAccepted(acceptedBodies, replayTarget, eventId);
      paths.record({ at: now(), kind: 'replayed', eventId });
      return done;
    },
    setProcessingPaused: (paused) => source.setPaused(paused),
    processingPaused: () => source.isPaused(),
    backlog: () => readBacklog(aws.sqs, aws.queueUrl),
    waitForStep: (match, timeoutMs) => paths.waitFor(match, timeoutMs),
    close: async () => {
      await source.stop();
      await stopAll(parts.stoppables);
    },
  };
}

async function stopAll(stoppables: Stoppables): Promise<void> {
  for (const stoppable of stoppables.reverse()) {
    await stoppable.stop().catch(() => undefined);
  }
}
