import { CfnOutput, Duration, RemovalPolicy, Size, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigatewayv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { IngressFunction } from './functions/ingress-function';
import { WorkerFunction } from './functions/worker-function';
import { AckFastWebhookPipelineProps } from './pipeline-props';
import { createFunctionRole } from './private/function-role';
import { createPipelineAlarms } from './private/pipeline-alarms';
import { createPipelineDashboard } from './private/pipeline-dashboard';
import {
  INGRESS_CONFIG_ENV, IngressRuntimeConfig, METRICS_NAMESPACE, RATE_LIMIT_KEY_PREFIX, STACK_OUTPUT_IDS, STATE_TABLE_ENV,
  WORKER_CONFIG_ENV, WorkerRuntimeConfig,
} from './private/runtime-contract';
import { createStateTable } from './private/state-table';
import {
  requireApiKindSupports, requireBodyFitsSqs, requireBurstAtLeastRate, requireJsonPointer, requireOnlyOne, requireRange,
  requireTtlCoversRedrive, requireVisibilityCoversWorker, requireWebhookPath,
} from './private/validate-props';
import { WAF_RATE_LIMIT_MAX, WAF_RATE_LIMIT_MIN } from './private/web-acl';
import { createWebhookEndpoint } from './private/webhook-endpoint';
import { createWebhookQueues } from './private/webhook-queues';
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
  /** Claims each event, runs the processor once, records the outcome. */
  public readonly workerFunction: lambda.Function;
  /** Log group of the worker function. */
  public readonly workerLogGroup: logs.LogGroup;
  /** Idempotency and state records. */
  public readonly table: dynamodb.ITable;
  /** Your business logic, invoked by the worker once per event. */
  public readonly processor: lambda.IFunction;
  /** The SLO and failure alarms (empty when `alarmsEnabled` is false). */
  public readonly alarms: cloudwatch.Alarm[];
  /** In ALARM while any of `alarms` is. */
  public readonly unhealthyAlarm?: cloudwatch.CompositeAlarm;
  /** The on-call dashboard. */
  public readonly dashboard?: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: AckFastWebhookPipelineProps) {
    super(scope, id);

    const webhookPath = props.webhookPath ?? 'webhook';
    const throttlingRateLimit = props.throttlingRateLimit ?? 50;
    const throttlingBurstLimit = props.throttlingBurstLimit ?? 100;
    const maxBodyBytes = requireBodyFitsSqs(props.maxBodySize ?? Size.kibibytes(256));
    const workerTimeout = props.workerTimeout ?? Duration.seconds(30);
    const visibilityTimeout = props.queueVisibilityTimeout ?? Duration.seconds(workerTimeout.toSeconds() * 6);
    const maxReceiveCount = props.maxReceiveCount ?? 5;
    const deadLetterRetentionPeriod = props.deadLetterRetentionPeriod ?? Duration.days(14);
    const idempotencyTtl = props.idempotencyTtl ?? Duration.days(14);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const logRetention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;
    const architecture = props.architecture ?? lambda.Architecture.ARM_64;
    const provisionedConcurrency = props.ingressProvisionedConcurrency ?? 0;
    this.apiKind = props.apiKind ?? WebhookApiKind.REST;

    requireApiKindSupports(this.apiKind, [
      { name: 'wafRateLimitPerIp', value: props.wafRateLimitPerIp, why: 'AWS WAF web ACLs attach to REST API stages, not to HTTP APIs' },
    ]);
    requireWebhookPath(webhookPath);
    requireBurstAtLeastRate(throttlingRateLimit, throttlingBurstLimit);
    requireVisibilityCoversWorker(visibilityTimeout, workerTimeout);
    requireRange('maxReceiveCount', maxReceiveCount, 1, 1000, 'SQS redrive policy');
    requireRange('workerBatchSize', props.workerBatchSize, 1, 10, 'the FIFO event source maximum');
    requireRange('workerMaxConcurrency', props.workerMaxConcurrency, 2, 1000, 'the SQS event source scaling limits');
    requireRange('ingressProvisionedConcurrency', provisionedConcurrency, 0, 10_000, '0 turns it off');
    requireRange('wafRateLimitPerIp', props.wafRateLimitPerIp, WAF_RATE_LIMIT_MIN, WAF_RATE_LIMIT_MAX, 'AWS WAF rate-based rule limits, per 5 minutes');
    requireTtlCoversRedrive(idempotencyTtl, deadLetterRetentionPeriod);
    requireOnlyOne('existingTable', props.existingTable, 'tableProps', props.tableProps);
    requireJsonPointer('eventIdJsonPointer', props.eventIdJsonPointer);
    requireJsonPointer('messageGroupIdJsonPointer', props.messageGroupIdJsonPointer);
    (props.requiredJsonPointers ?? []).forEach((pointer) => requireJsonPointer('requiredJsonPointers', pointer));

    this.processor = props.processor;
    /** Names this pipeline in its metrics (dimension `Pipeline`), its dashboard and its alarms. */
    const pipelineName = `${Stack.of(this).stackName}-${id}`;
    const metrics = { namespace: METRICS_NAMESPACE, pipeline: pipelineName };
    this.table = props.existingTable ?? createStateTable(this, 'StateTable', props.tableProps, removalPolicy);
    const { queue, deadLetterQueue } = createWebhookQueues(this, {
      visibilityTimeout,
      maxReceiveCount,
      retentionPeriod: props.queueRetentionPeriod ?? Duration.days(4),
      deadLetterRetentionPeriod,
      removalPolicy,
    });
    this.queue = queue;
    this.deadLetterQueue = deadLetterQueue;

    // Ingress: small, short-lived, allowed only to read its secret and send to the queue.
    this.ingressLogGroup = new logs.LogGroup(this, 'IngressLogGroup', { retention: logRetention, removalPolicy });
    this.ingressFunction = new IngressFunction(this, 'IngressFunction', {
      architecture,
      memorySize: props.ingressMemorySize ?? 256,
      timeout: props.ingressTimeout ?? Duration.seconds(5),
      logGroup: this.ingressLogGroup,
      role: createFunctionRole(this, 'IngressRole', this.ingressLogGroup, 'Webhook ingress: verify, validate, enqueue.'),
    });
    const authentication = props.authentication._bind(this.ingressFunction);
    const eventIdJsonPointer = props.eventIdJsonPointer ?? authentication.eventIdJsonPointer;
    queue.grantSendMessages(this.ingressFunction);
    const ingressConfig: IngressRuntimeConfig = {
      queueUrl: queue.queueUrl,
      metrics,
      maxBodyBytes,
      authentication: authentication.runtimeConfig,
      eventIdHeaders: props.eventIdHeader ? [props.eventIdHeader.toLowerCase()] : authentication.eventIdHeaders,
      eventIdJsonPointer,
      messageGroupIdJsonPointer: props.messageGroupIdJsonPointer,
      requiredJsonPointers: props.requiredJsonPointers ?? [],
      secretCacheTtlSeconds: (props.secretCacheTtl ?? Duration.minutes(5)).toSeconds(),
    };
    this.ingressFunction.addEnvironment(INGRESS_CONFIG_ENV, Stack.of(this).toJsonString(ingressConfig));

    let ingressTarget: lambda.IFunction = this.ingressFunction;
    if (provisionedConcurrency > 0) {
      this.ingressAlias = new lambda.Alias(this, 'IngressAlias', {
        aliasName: 'live',
        version: this.ingressFunction.currentVersion,
        provisionedConcurrentExecutions: provisionedConcurrency,
      });
      ingressTarget = this.ingressAlias;
    }

    this.accessLogGroup = new logs.LogGroup(this, 'AccessLogGroup', { retention: logRetention, removalPolicy });
    const endpoint = createWebhookEndpoint(this, {
      apiKind: this.apiKind,
      wafRateLimitPerIp: props.wafRateLimitPerIp,
      webhookPath,
      stageName: props.stageName ?? 'v1',
      throttlingRateLimit,
      throttlingBurstLimit,
      accessLogGroup: this.accessLogGroup,
      ingress: ingressTarget,
    });
    this.api = endpoint.restApi;
    this.webAcl = endpoint.webAcl;
    this.httpApi = endpoint.httpApi;
    this.httpApiStage = endpoint.httpApiStage;
    this.webhookUrl = endpoint.webhookUrl;

    // Worker: consumes the queue, owns the idempotency record, invokes the processor.
    this.workerLogGroup = new logs.LogGroup(this, 'WorkerLogGroup', { retention: logRetention, removalPolicy });
    this.workerFunction = new WorkerFunction(this, 'WorkerFunction', {
      architecture,
      memorySize: props.workerMemorySize ?? 256,
      timeout: workerTimeout,
      logGroup: this.workerLogGroup,
      role: createFunctionRole(this, 'WorkerRole', this.workerLogGroup, 'Webhook worker: claim, process, record.'),
    });
    const workerConfig: WorkerRuntimeConfig = {
      tableName: this.table.tableName,
      metrics,
      queueUrl: queue.queueUrl,
      processorFunctionName: props.processor.functionArn,
      idempotencyTtlSeconds: idempotencyTtl.toSeconds(),
    };
    this.workerFunction.addEnvironment(WORKER_CONFIG_ENV, Stack.of(this).toJsonString(workerConfig));
    this.workerFunction.addEventSource(new SqsEventSource(queue, {
      batchSize: props.workerBatchSize ?? 10,
      maxConcurrency: props.workerMaxConcurrency ?? 5,
      reportBatchItemFailures: true,
    }));
    this.table.grant(this.workerFunction, 'dynamodb:GetItem', 'dynamodb:UpdateItem');

    this.alarms = [];
    if (props.alarmsEnabled ?? true) {
      const targets = {
        api: endpoint.metrics,
        ingressFunction: this.ingressFunction,
        workerFunction: this.workerFunction,
        workerTimeout,
        queue,
        deadLetterQueue,
        table: this.table,
      };
      const alarmSet = createPipelineAlarms(this, targets, pipelineName, props.alarms);
      this.alarms = alarmSet.alarms;
      this.unhealthyAlarm = alarmSet.unhealthyAlarm;
      this.dashboard = createPipelineDashboard(this, props.dashboardName ?? pipelineName, targets, alarmSet, metrics);
    }
    // The unqualified ARN only: grantInvoke would also allow every version and alias (`:*`).
    this.workerFunction.addToRolePolicy(new iam.PolicyStatement({
      actions: ['lambda:InvokeFunction'],
      resources: [props.processor.functionArn],
    }));

    // For `ack-fast-webhook --outputs cdk-outputs.json` (cdk deploy --outputs-file) and the console.
    new CfnOutput(this, STACK_OUTPUT_IDS.webhookUrl, { value: this.webhookUrl, description: 'Webhook URL to give the provider' });
    new CfnOutput(this, STACK_OUTPUT_IDS.tableName, { value: this.table.tableName, description: 'State table (status, replay)' });
    new CfnOutput(this, STACK_OUTPUT_IDS.queueUrl, { value: queue.queueUrl, description: 'FIFO queue (redrive target)' });
    new CfnOutput(this, STACK_OUTPUT_IDS.deadLetterQueueUrl, { value: deadLetterQueue.queueUrl, description: 'Dead-letter queue (redrive source)' });
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
