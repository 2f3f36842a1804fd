import { Duration, Names, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigatewayv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import {
  eventKeyPrefixOf, IngressRuntimeConfig, MESSAGE_ATTRIBUTE_RESERVE_BYTES, METRICS_NAMESPACE, RATE_LIMIT_KEY_PREFIX, SQS_MAX_MESSAGE_BYTES,
  STATE_TABLE_ENV,
} from './contract';
import { EnqueueGrantOptions } from './enqueue-grant-options';
import { AckFastWebhookPipelineProps } from './pipeline-props';
import { grantEnqueueTo } from './private/enqueue-grant';
import { createEventArchive } from './private/event-archive';
import { requireOneProcessorMode, userWorkerLogGroup } from './private/in-process-worker';
import { createIngressFunction } from './private/ingress-function-setup';
import { acknowledgeXrayWrites } from './private/nag-acknowledgements';
import { BACKLOG_ALARM_IDS, createPipelineAlarms } from './private/pipeline-alarms';
import { createPipelineDashboard } from './private/pipeline-dashboard';
import { maxProcessorConcurrency, resolvePipelineSettings } from './private/pipeline-settings';
import { createSavedQueries } from './private/saved-queries';
import { createStackOutputs } from './private/stack-outputs';
import { createStateTable } from './private/state-table';
import { validatePipelineProps } from './private/validate-props';
import { createWebhookEndpoint } from './private/webhook-endpoint';
import { createWebhookQueues } from './private/webhook-queues';
import { createWorkerFunction } from './private/worker-function-setup';
import { WebhookApiKind } from './webhook-api-kind';

/**
 * A production webhook pipeline that acknowledges in milliseconds.
 *
 * sender → API Gateway (throttled) → ingress Lambda (verify, validate, ONE enqueue, 200)
 * → SQS FIFO (+ DLQ) → worker Lambda (idempotent claim in DynamoDB) → your processor Lambda.
 */
export class AckFastWebhookPipeline extends Construct {
  /** Which API Gateway product receives the webhooks. */
  public readonly apiKind: WebhookApiKind;
  /** The REST API that receives the webhooks, when `apiKind` is `WebhookApiKind.REST` (the default). */
  public readonly api?: apigateway.RestApi;
  /** The HTTP API that receives the webhooks, when `apiKind` is `WebhookApiKind.HTTP`. */
  public readonly httpApi?: apigatewayv2.HttpApi;
  /** The stage of `httpApi` (throttling, access logs), when `apiKind` is `WebhookApiKind.HTTP`. */
  public readonly httpApiStage?: apigatewayv2.HttpStage;
  /** Full URL of the webhook route: give this to the sender. */
  public readonly webhookUrl: string;
  /** JSON access logs of the API stage. */
  public readonly accessLogGroup: logs.LogGroup;
  /** Verifies, validates and enqueues each webhook. */
  public readonly ingressFunction: lambda.Function;
  /** The alias API Gateway invokes when provisioned concurrency is on. */
  public readonly ingressAlias?: lambda.Alias;
  /** Log group of the ingress function. */
  public readonly ingressLogGroup: logs.LogGroup;
  /** The WAF web ACL on the API stage, when `wafRateLimitPerIp` is set. */
  public readonly webAcl?: wafv2.CfnWebACL;
  /** The FIFO queue between ingress and worker. */
  public readonly queue: sqs.Queue;
  /** Where messages go after `maxReceiveCount` failed receives. */
  public readonly deadLetterQueue: sqs.Queue;
  /** Claims each event, runs the processor once, records the outcome: the bundled worker, or your `workerFunction` (in-process mode). */
  public readonly workerFunction: lambda.Function;
  /** Log group of the bundled worker function (separate-processor mode); your `workerFunction` keeps its own. */
  public readonly workerLogGroup?: logs.LogGroup;
  /** Idempotency and state records. */
  public readonly table: dynamodb.ITable;
  /**
   * Prefix of this pipeline's idempotency records in `table` (`event#<namespace>#`, the namespace
   * derived from the construct path): the worker may read and write no other key.
   */
  public readonly eventKeyPrefix: string;
  /** Your business logic, invoked by the worker at most once per claim of an event (separate-processor mode). */
  public readonly processor?: lambda.IFunction;
  /** The processor's timeout the worker plans with (given, or read from the function; in-process: the longest one `process` call). */
  public readonly processorTimeout: Duration;
  /**
   * The most processor invocations that can run at once:
   * `workerMaxConcurrency` × min(`workerGroupConcurrency`, `workerBatchSize`).
   */
  public readonly maxProcessorConcurrency: number;
  /** The SLO and failure alarms (empty when `alarmsEnabled` is false). */
  public readonly alarms: cloudwatch.Alarm[];
  /** In ALARM while any of `alarms` is. */
  public readonly unhealthyAlarm?: cloudwatch.CompositeAlarm;
  /** Where accepted events are archived for `replay --from/--to` (undefined when `archive` is false). */
  public readonly archiveBucket?: s3.IBucket;
  /** Writes the archive; the worker puts each batch's events into it. */
  public readonly archiveDeliveryStream?: firehose.DeliveryStream;
  /** The on-call dashboard. */
  public readonly dashboard?: cloudwatch.Dashboard;
  /**
   * Saved CloudWatch Logs Insights queries over the ingress and worker logs, in the console folder
   * `pipelineName`: one event's path by event id, rejections by reason, failures and DLQ moves by
   * error class, slowest ACKs.
   */
  public readonly savedQueries: logs.CfnQueryDefinition[];
  /** Names this pipeline in its metrics (dimension `Pipeline`), its dashboard and its alarms: `<stack name>-<construct id>`. */
  public readonly pipelineName: string;
  private readonly ingressConfig: IngressRuntimeConfig;

  constructor(scope: Construct, id: string, props: AckFastWebhookPipelineProps) {
    super(scope, id);

    // Every construct below is created with `this` as scope: the logical ids depend on it.
    requireOneProcessorMode(props);
    const pipelineName = `${Stack.of(this).stackName}-${id}`;
    this.pipelineName = pipelineName;
    const settings = resolvePipelineSettings(props, pipelineName);
    this.apiKind = settings.apiKind;
    validatePipelineProps(props, settings);

    this.processor = props.processor;
    // validatePipelineProps has rejected an unknown processor timeout.
    this.processorTimeout = settings.processorTimeout!;
    this.maxProcessorConcurrency = maxProcessorConcurrency(settings);
    const metrics = { namespace: METRICS_NAMESPACE, pipeline: pipelineName };
    this.table = props.existingTable ?? createStateTable(this, 'StateTable', props.tableProps, settings.removalPolicy);
    this.eventKeyPrefix = eventKeyPrefixOf(Names.uniqueResourceName(this, { maxLength: 64, separator: '-' }));
    const { queue, deadLetterQueue } = createWebhookQueues(this, {
      visibilityTimeout: settings.visibilityTimeout,
      maxReceiveCount: settings.maxReceiveCount,
      retentionPeriod: settings.queueRetentionPeriod,
      deadLetterRetentionPeriod: settings.deadLetterRetentionPeriod,
      removalPolicy: settings.removalPolicy,
      maxMessageSizeBytes: Math.min(SQS_MAX_MESSAGE_BYTES, Math.max(1024, settings.maxBodySize.toBytes() + MESSAGE_ATTRIBUTE_RESERVE_BYTES)),
      encryptionKey: props.queueEncryptionKey,
    });
    this.queue = queue;
    this.deadLetterQueue = deadLetterQueue;

    const ingress = createIngressFunction(this, { props, settings, queue, metrics });
    this.ingressLogGroup = ingress.logGroup;
    this.ingressFunction = ingress.ingressFunction;
    this.ingressAlias = ingress.alias;
    this.ingressConfig = ingress.config;

    this.accessLogGroup = new logs.LogGroup(this, 'AccessLogGroup', { retention: settings.logRetention, removalPolicy: settings.removalPolicy });
    const endpoint = createWebhookEndpoint(this, {
      apiKind: this.apiKind,
      wafRateLimitPerIp: props.wafRateLimitPerIp,
      webhookPath: settings.webhookPath,
      stageName: props.stageName ?? 'v1',
      throttlingRateLimit: settings.throttlingRateLimit,
      throttlingBurstLimit: settings.throttlingBurstLimit,
      accessLogGroup: this.accessLogGroup,
      ingress: ingress.target,
      tracingEnabled: settings.tracingEnabled,
    });
    this.api = endpoint.restApi;
    this.webAcl = endpoint.webAcl;
    this.httpApi = endpoint.httpApi;
    this.httpApiStage = endpoint.httpApiStage;
    this.webhookUrl = endpoint.webhookUrl;

    const archive = createEventArchive(this, props, settings.removalPolicy, settings.logRetention);
    this.archiveBucket = archive?.bucket;
    this.archiveDeliveryStream = archive?.deliveryStream;
    const worker = createWorkerFunction(this, {
      props,
      settings,
      queue,
      table: this.table,
      metrics,
      eventKeyPrefix: this.eventKeyPrefix,
      archive: archive && { deliveryStream: archive.deliveryStream, pipelineName },
    });
    this.workerLogGroup = worker.logGroup;
    this.workerFunction = worker.workerFunction;

    if (settings.tracingEnabled) [this.ingressFunction, this.workerFunction].forEach((fn) => fn.role && acknowledgeXrayWrites(fn.role));

    this.alarms = [];
    if (settings.alarms) {
      const targets = {
        api: endpoint.metrics,
        ingressFunction: this.ingressFunction,
        workerFunction: this.workerFunction,
        workerTimeout: settings.workerTimeout,
        queue,
        deadLetterQueue,
        table: this.table,
        archiveEnabled: archive !== undefined,
      };
      const alarmSet = createPipelineAlarms(this, targets, pipelineName, settings.alarms);
      this.alarms = alarmSet.alarms;
      this.unhealthyAlarm = alarmSet.unhealthyAlarm;
      if (props.dashboardEnabled ?? props.dashboardName !== undefined) {
        this.dashboard = createPipelineDashboard(this, props.dashboardName ?? pipelineName, targets, alarmSet, metrics);
      }
    }

    // In-process, the worker's audit lines are in the user's function's own log group.
    const workerAuditLogGroup = this.workerLogGroup ?? userWorkerLogGroup(this, this.workerFunction);
    const auditLogGroups = { ingress: this.ingressLogGroup, worker: workerAuditLogGroup };
    this.savedQueries = createSavedQueries(this, pipelineName, auditLogGroups, settings.maxReceiveCount);

    createStackOutputs(this, {
      webhookUrl: this.webhookUrl,
      table: this.table,
      queue,
      deadLetterQueue,
      eventKeyPrefix: this.eventKeyPrefix,
      ingressLogGroup: this.ingressLogGroup,
      workerLogGroup: workerAuditLogGroup,
      workerEventSourceMappingId: worker.eventSourceMappingId,
      backlogAlarms: this.alarms.filter((alarm) => BACKLOG_ALARM_IDS.includes(alarm.node.id.replace(/Alarm$/, ''))),
      archiveBucket: archive?.bucket,
    });
  }

  /**
   * Lets code other than the ingress put events on this pipeline's queue with `createEnqueuer`
   * (`ack-fast-webhook-pipeline/lib/runtime`): SendMessage on the queue (and its KMS key), and with
   * `allowReceivedCheck` GetItem on this pipeline's idempotency records only. When the grantee is a
   * `lambda.Function`, it also gets the ingress's body and identity rules in `ACK_FAST_ENQUEUE_CONFIG`,
   * so its events are checked, identified and grouped exactly as pushed ones.
   */
  public grantEnqueue(grantee: iam.IGrantable, options: EnqueueGrantOptions = {}): void {
    const target = { queue: this.queue, table: this.table, eventKeyPrefix: this.eventKeyPrefix, ingressConfig: this.ingressConfig };
    grantEnqueueTo(target, grantee, options);
  }

  /**
   * Lets a processor use the outbound rate limiter (`ack-fast-webhook-pipeline/lib/runtime`):
   * read and update only the `rl#` items of the state table, nothing else in it. When the
   * grantee is a `lambda.Function`, it also gets the table name in `ACK_FAST_STATE_TABLE`.
   */
  public grantRateLimiting(grantee: iam.IGrantable): void {
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
      resourceArns: [this.table.tableArn],
      conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${RATE_LIMIT_KEY_PREFIX}*`] } },
    });
    // A bring-your-own table may use a customer managed key.
    this.table.encryptionKey?.grantEncryptDecrypt(grantee);
    if (grantee instanceof lambda.Function) {
      grantee.addEnvironment(STATE_TABLE_ENV, this.table.tableName);
    }
  }
}
