import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { EventArchiveProps } from './event-archive-props';
import { PipelineAlarmsOptions } from './pipeline-alarms-options';
import { PipelineLoggingOptions } from './pipeline-logging-options';
import { WebhookAuthentication } from './webhook-authentication';
import { WebhookIntakeProps } from './webhook-intake-props';

/** Properties of {@link AckFastWebhookPipeline}. */
export interface AckFastWebhookPipelineProps extends WebhookIntakeProps, EventArchiveProps {
  /** How the ingress authenticates each webhook (checked on the raw body). */
  readonly authentication: WebhookAuthentication;

  /**
   * Your business logic: a Lambda function (any language) that the worker invokes
   * synchronously once per event, after claiming the event's idempotency record.
   *
   * It receives `{ eventId, messageGroupId, attempt, receivedAt, payload }`. Returning
   * nothing (or `{ "outcome": "PROCESSED" }`) completes the event; returning
   * `{ "outcome": "RETRY_LATER", "retryAfterSeconds": N }` retries it after N seconds
   * without sleeping; throwing fails the attempt (retried, then the DLQ).
   *
   * It is invoked at most once per claim (the Invoke is never retried by the SDK). `attempt > 1`
   * means an earlier run may have had effects (a run whose answer was lost counts as an
   * attempt): check your own markers before repeating an effect. Its timeout plus 8 s must fit
   * in `workerTimeout`.
   *
   * Exactly one of `processor` (separate-processor mode: any language, isolation) and
   * `workerFunction` (in-process mode) is set.
   * @default - none: then `workerFunction` is required
   */
  readonly processor?: lambda.IFunction;

  /**
   * In-process mode (TypeScript/JavaScript): your own worker function (e.g. a `NodejsFunction`)
   * whose handler is `createWorker({ process })` from `ack-fast-webhook-pipeline/lib/runtime`.
   * It does what the bundled worker does (claim, lease, outcomes, partial batch, delays, metrics,
   * audit log) and calls your `process` in the same process: no second Lambda, no Invoke hop.
   *
   * The pipeline sets its `ACK_FAST_WORKER_CONFIG` environment, its SQS event source (batch
   * size, maximum concurrency), its grants (queue, this pipeline's idempotency records, KMS keys)
   * and the worker alarms. It must be a `lambda.Function` of this app on Node.js 24 or later,
   * with a timeout of at least `processorTimeout` + 8 s; set its timeout and memory on the
   * function (not `workerTimeout` / `workerMemorySize`). Exactly one of `processor` and
   * `workerFunction` is set.
   * @default - none: then `processor` is required
   */
  readonly workerFunction?: lambda.IFunction;

  /**
   * The processor function's timeout. The worker waits at most this plus 2 s for an Invoke, and
   * claims a record only while its invocation has this plus 8 s left. With `workerFunction`: the
   * longest one call of your `process` function may take (the same remaining-time rule).
   * @default - the timeout of `processor` when it is a `lambda.Function` of this app (Lambda's
   * 3 s when it sets none); required when `processor` is imported, whose timeout cannot be read;
   * 3 s with `workerFunction`
   */
  readonly processorTimeout?: Duration;

  /**
   * Memory of the worker function, in MiB.
   * @default 256
   */
  readonly workerMemorySize?: number;

  /**
   * Timeout of the worker function: at least `processorTimeout` + 8 s (the worker's own calls per
   * record, each bounded). The event's lease lasts as long as the invocation, and at least as long
   * as a processor run started under it could still be going.
   * @default Duration.seconds(30)
   */
  readonly workerTimeout?: Duration;

  /**
   * Records per worker invocation (1 to 10 for FIFO).
   * @default 10
   */
  readonly workerBatchSize?: number;

  /**
   * Most concurrent worker invocations (2 to 1000): with `workerGroupConcurrency` it caps the
   * load on your processor and its downstream APIs (see `maxProcessorConcurrency`).
   * @default 5
   */
  readonly workerMaxConcurrency?: number;

  /**
   * Message groups one worker invocation works on at the same time (1 to 10); records of one
   * group always run one after another. The processor then runs at most
   * `workerMaxConcurrency` × min(`workerGroupConcurrency`, `workerBatchSize`) times at once.
   * @default 10
   */
  readonly workerGroupConcurrency?: number;

  /**
   * Visibility timeout of the queue; at least 6 x `workerTimeout`.
   * @default - 6 x workerTimeout
   */
  readonly queueVisibilityTimeout?: Duration;

  /**
   * Customer managed KMS key of the queue and the dead-letter queue. The ingress gets
   * encrypt rights and the worker decrypt rights on it; the key's policy must let this
   * account's IAM policies grant it (the default key policy does).
   * @default - SQS-managed encryption (SSE-SQS)
   */
  readonly queueEncryptionKey?: kms.IKey;

  /**
   * How long an unprocessed message stays in the queue.
   * @default Duration.days(4)
   */
  readonly queueRetentionPeriod?: Duration;

  /**
   * Receives of one message before it moves to the dead-letter queue (at least 1).
   * @default 5
   */
  readonly maxReceiveCount?: number;

  /**
   * How long a message stays in the dead-letter queue.
   * @default Duration.days(14)
   */
  readonly deadLetterRetentionPeriod?: Duration;

  /**
   * How long an idempotency record lives after its last write: the horizon within which a
   * duplicate, retry or redrive is recognised. At least 2 × `queueRetentionPeriod` +
   * `deadLetterRetentionPeriod`: a FIFO message moved to the DLQ starts its DLQ retention anew, and
   * a redriven one its queue retention anew, so a copy of an event can reappear that late.
   * @default - 2 × queueRetentionPeriod + deadLetterRetentionPeriod (22 days with the defaults)
   */
  readonly idempotencyTtl?: Duration;

  /**
   * Bring your own state table (string partition key `pk`, TTL attribute `expiresAt`).
   * Several pipelines may share one: each reads and writes only its own keys
   * (`event#<pipeline>#...`, enforced with `dynamodb:LeadingKeys`). When the table has an
   * `encryptionKey`, the worker is granted its use. Cannot be combined with `tableProps`.
   * @default - a new table
   */
  readonly existingTable?: dynamodb.ITable;

  /**
   * Overrides for the table this construct creates. `partitionKey` must be
   * `{ name: 'pk', type: STRING }`; TTL is always on `expiresAt`.
   * @default - on-demand, PITR, AWS-managed encryption
   */
  readonly tableProps?: dynamodb.TableProps;

  /**
   * AWS X-Ray active tracing on the ingress, the worker and the processor (when it is a function of
   * this app), and on the REST API stage: one webhook is one trace from API Gateway to the processor
   * (the ingress hands its trace to SQS in the message's AWSTraceHeader, the worker continues it per
   * event and passes it on to the processor's Invoke), with the event id as the annotation `eventId`.
   * Off by default because it costs: about $5.00 per million traces recorded beyond X-Ray's free
   * 100,000 a month (see `ack-fast-webhook capacity`). An HTTP API has no X-Ray support: the trace starts at the ingress.
   * @default false
   * @see https://aws.amazon.com/xray/pricing/
   */
  readonly tracingEnabled?: boolean;

  /**
   * Retention of the ingress, worker and access log groups.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * What happens to the table, the queues and the log groups when they leave the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * Instruction set of both functions.
   * @default lambda.Architecture.ARM_64
   */
  readonly architecture?: lambda.Architecture;

  /**
   * Create the SLO and failure alarms and the composite "unhealthy" alarm (the table in
   * docs/07_Reliability_Scaling/Alarms.md lists each one and why it is worth its price).
   * @default true
   */
  readonly alarmsEnabled?: boolean;

  /**
   * Thresholds, name prefix and actions (e.g. an SNS topic) of the alarms.
   * @default - the defaults of each PipelineAlarmsOptions field; no actions
   */
  readonly alarms?: PipelineAlarmsOptions;

  /**
   * Create the on-call CloudWatch dashboard (needs the alarms: it shows their state). A dashboard
   * costs $3 a month beyond an account's first three, so it is created only when asked for.
   * @default - true when dashboardName is set, else false
   */
  readonly dashboardEnabled?: boolean;

  /**
   * Name of the CloudWatch dashboard (setting it creates the dashboard).
   * @default - `<stack name>-<construct id>`
   */
  readonly dashboardName?: string;

  /**
   * Log format and levels of the ingress and worker functions (Lambda advanced logging controls),
   * and of `workerFunction` when it sets no log format of its own.
   * @default - JSON lines, application level INFO, system level WARN
   */
  readonly logging?: PipelineLoggingOptions;
}
