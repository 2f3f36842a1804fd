import { Duration, RemovalPolicy, Size } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_JSON_DEPTH, DEFAULT_MAX_JSON_ELEMENTS, DEFAULT_PREVIOUS_SECRET_GRACE_SECONDS } from './runtime-contract';
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
  readonly visibilityTimeout: Duration;
  readonly maxReceiveCount: number;
  readonly deadLetterRetentionPeriod: Duration;
  readonly idempotencyTtl: Duration;
  readonly removalPolicy: RemovalPolicy;
  readonly logRetention: logs.RetentionDays;
  readonly architecture: lambda.Architecture;
  readonly provisionedConcurrency: number;
}

export function resolvePipelineSettings(props: AckFastWebhookPipelineProps): PipelineSettings {
  const workerTimeout = props.workerTimeout ?? Duration.seconds(30);
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
    // 6 x the worker timeout: the AWS guidance for a Lambda consumer, so a slow batch is not redelivered mid-run.
    visibilityTimeout: props.queueVisibilityTimeout ?? Duration.seconds(workerTimeout.toSeconds() * 6),
    maxReceiveCount: props.maxReceiveCount ?? 5,
    deadLetterRetentionPeriod: props.deadLetterRetentionPeriod ?? Duration.days(14),
    idempotencyTtl: props.idempotencyTtl ?? Duration.days(14),
    removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    logRetention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
    architecture: props.architecture ?? lambda.Architecture.ARM_64,
    provisionedConcurrency: props.ingressProvisionedConcurrency ?? 0,
  };
}
