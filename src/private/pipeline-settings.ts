import { Duration, RemovalPolicy, Size } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { AlarmSettings, resolveAlarmSettings } from './alarm-settings';
import { inProcessWorkerOf, inProcessWorkerTimeout, LAMBDA_DEFAULT_TIMEOUT } from './in-process-worker';
import { DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_JSON_DEPTH, DEFAULT_MAX_JSON_ELEMENTS, DEFAULT_PREVIOUS_SECRET_GRACE_SECONDS } from '../contract';
import { AckFastWebhookPipelineProps } from '../pipeline-props';
import { WebhookApiKind } from '../webhook-api-kind';

/** The props the builders share, with every default applied (the `@default`s documented on the props). */
export interface PipelineSettings {
  readonly apiKind: WebhookApiKind;
  readonly webhookPath: string;
  readonly throttlingRateLimit: number;
  readonly throttlingBurstLimit: number;
  readonly maxBodySize: Size;
  readonly maxJsonDepth: number;
  readonly maxJsonElements: number;
  readonly secretCacheTtl: Duration;
  readonly previousSecretGracePeriod: Duration;
  readonly workerTimeout: Duration;
  /** Undefined when it cannot be known (an imported processor without `processorTimeout`): validation rejects that. */
  readonly processorTimeout?: Duration;
  readonly batchSize: number;
  readonly maxConcurrency: number;
  readonly groupConcurrency: number;
  readonly visibilityTimeout: Duration;
  readonly queueRetentionPeriod: Duration;
  readonly maxReceiveCount: number;
  readonly deadLetterRetentionPeriod: Duration;
  readonly idempotencyTtl: Duration;
  readonly removalPolicy: RemovalPolicy;
  readonly logRetention: logs.RetentionDays;
  readonly architecture: lambda.Architecture;
  readonly provisionedConcurrency: number;
  readonly tracingEnabled: boolean;
  /** The alarms' thresholds, names and actions; undefined when `alarmsEnabled` is false. */
  readonly alarms?: AlarmSettings;
}

/** The processor's own timeout when this app defines the function, else undefined (an imported function). */
export function readableProcessorTimeout(processor: lambda.IFunction): Duration | undefined {
  return processor instanceof lambda.Function ? processor.timeout ?? LAMBDA_DEFAULT_TIMEOUT : undefined;
}

/** Every default of the props, and the checks of the alarm options; `pipelineName` is `<stack name>-<construct id>`. */
export function resolvePipelineSettings(props: AckFastWebhookPipelineProps, pipelineName: string): PipelineSettings {
  const inProcessWorker = inProcessWorkerOf(props);
  // In-process, the worker is the user's function: its own timeout is the worker timeout.
  const workerTimeout = inProcessWorker ? inProcessWorkerTimeout(inProcessWorker) : props.workerTimeout ?? Duration.seconds(30);
  const queueRetentionPeriod = props.queueRetentionPeriod ?? Duration.days(4);
  const deadLetterRetentionPeriod = props.deadLetterRetentionPeriod ?? Duration.days(14);
  return {
    apiKind: props.apiKind ?? WebhookApiKind.REST,
    webhookPath: props.webhookPath ?? 'webhook',
    throttlingRateLimit: props.throttlingRateLimit ?? 50,
    throttlingBurstLimit: props.throttlingBurstLimit ?? 100,
    maxBodySize: props.maxBodySize ?? Size.bytes(DEFAULT_MAX_BODY_BYTES),
    maxJsonDepth: props.maxJsonDepth ?? DEFAULT_MAX_JSON_DEPTH,
    maxJsonElements: props.maxJsonElements ?? DEFAULT_MAX_JSON_ELEMENTS,
    secretCacheTtl: props.secretCacheTtl ?? Duration.minutes(5),
    previousSecretGracePeriod: props.previousSecretGracePeriod ?? Duration.seconds(DEFAULT_PREVIOUS_SECRET_GRACE_SECONDS),
    workerTimeout,
    processorTimeout: props.processorTimeout ?? (props.processor ? readableProcessorTimeout(props.processor) : LAMBDA_DEFAULT_TIMEOUT),
    batchSize: props.workerBatchSize ?? 10,
    maxConcurrency: props.workerMaxConcurrency ?? 5,
    groupConcurrency: props.workerGroupConcurrency ?? 10,
    queueRetentionPeriod,
    // 6 x the worker timeout: the AWS guidance for a Lambda consumer, so a slow batch is not redelivered mid-run.
    visibilityTimeout: props.queueVisibilityTimeout ?? Duration.seconds(workerTimeout.toSeconds() * 6),
    maxReceiveCount: props.maxReceiveCount ?? 5,
    deadLetterRetentionPeriod,
    idempotencyTtl: props.idempotencyTtl ?? minimumIdempotencyTtl(queueRetentionPeriod, deadLetterRetentionPeriod),
    removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    logRetention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
    architecture: props.architecture ?? lambda.Architecture.ARM_64,
    provisionedConcurrency: props.ingressProvisionedConcurrency ?? 0,
    tracingEnabled: props.tracingEnabled ?? false,
    alarms: (props.alarmsEnabled ?? true) ? resolveAlarmSettings(props.alarms, pipelineName) : undefined,
  };
}

/**
 * The latest a copy of an event can reappear after its record was last written: a message waits
 * out the queue's retention, a FIFO DLQ move restarts the clock for the DLQ's retention, and a
 * redrive restarts it for the queue's again.
 */
export function minimumIdempotencyTtl(queueRetention: Duration, deadLetterRetention: Duration): Duration {
  return Duration.seconds(2 * queueRetention.toSeconds() + deadLetterRetention.toSeconds());
}

/** At most this many processor invocations run at once: workers × groups each works on. */
export function maxProcessorConcurrency(settings: PipelineSettings): number {
  return settings.maxConcurrency * Math.min(settings.groupConcurrency, settings.batchSize);
}
