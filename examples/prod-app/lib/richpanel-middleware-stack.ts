import { CfnOutput, Stack, StackProps } from 'aws-cdk-lib';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { AlarmTopic } from './alarm-topic';
import { PROCESSOR_TIMEOUT, ProcessorFunction, ProcessorMode } from './processor-function';
import { StageSettings } from './stages';
import { SweepFunction } from './sweep-function';
import { AckFastWebhookPipeline, DeliveryHealthAlarm, ReconciliationSweep, WebhookAuthentication } from '../../../src';
import { EVENT_ID_POINTERS, EVENT_TYPE_POINTER, RICHPANEL_EVENT_TYPES, TICKET_ID_POINTER } from '../processor/richpanel-webhook';

export interface RichpanelMiddlewareStackProps extends StackProps {
  readonly stage: StageSettings;
  /** @default - no Shopify fallback: Richpanel's order data only */
  readonly shopifyStoreDomain?: string;
  /** @default - no subscription on the alarm topic */
  readonly alarmEmail?: string;
  /**
   * In-process: the processor runs inside the pipeline's worker (one Lambda per batch); lambda: a
   * separate processor Lambda the bundled worker invokes once per event.
   * @default ProcessorMode.IN_PROCESS
   */
  readonly processorMode?: ProcessorMode;
}

/** Header the Richpanel HTTP target sends the shared token in. */
export const WEBHOOK_TOKEN_HEADER = 'X-Richpanel-Webhook-Token';

/** The Richpanel middleware: Richpanel HTTP-target webhooks in, ordered per ticket, order status back as private notes. */
export class RichpanelMiddlewareStack extends Stack {
  public readonly pipeline: AckFastWebhookPipeline;
  public readonly alarmTopic: AlarmTopic;
  public readonly processor: ProcessorFunction;
  public readonly sweep: ReconciliationSweep;

  constructor(scope: Construct, id: string, props: RichpanelMiddlewareStackProps) {
    super(scope, id, props);
    const { stage } = props;

    // Created with a generated value; operators copy it into Richpanel (token) or the signer (HMAC key). Never in code.
    // Id and name kept from the token-only app, so deployed stacks keep their secret.
    const webhookSecret = this.handTypedSecret('RichpanelWebhookToken', `rp-mw/${stage.name}/richpanel-webhook-token`,
      stage.hmacSignatureHeader
        ? `Key of the HMAC-SHA256 the sender puts in the ${stage.hmacSignatureHeader} header.`
        : `Token the Richpanel HTTP target sends in the ${WEBHOOK_TOKEN_HEADER} header.`,
      stage);
    const richpanelApiKey = this.handTypedSecret('RichpanelApiKey', `rp-mw/${stage.name}/richpanel-api-key`,
      'Richpanel API key (x-richpanel-key): put the key from Richpanel Settings → API here.', stage);
    const shopifyAccessToken = props.shopifyStoreDomain === undefined ? undefined
      : this.handTypedSecret('ShopifyAccessToken', `rp-mw/${stage.name}/shopify-access-token`,
        `Shopify Admin API access token (read_orders) of ${props.shopifyStoreDomain}.`, stage);

    const alarmNamePrefix = `rp-mw-${stage.name}`;
    this.alarmTopic = new AlarmTopic(this, 'Alarms', { stageName: stage.name, alarmNamePrefix, removalPolicy: stage.removalPolicy, email: props.alarmEmail });
    this.processor = new ProcessorFunction(this, 'Processor', {
      mode: props.processorMode,
      removalPolicy: stage.removalPolicy,
      richpanelApiKey,
      shopifyAccessToken,
      shopifyStoreDomain: props.shopifyStoreDomain,
    });

    const alarmAction = new SnsAction(this.alarmTopic.topic);
    this.pipeline = new AckFastWebhookPipeline(this, 'Webhooks', {
      authentication: stage.hmacSignatureHeader
        ? WebhookAuthentication.hmacSha256({ secret: webhookSecret, signatureHeader: stage.hmacSignatureHeader })
        : WebhookAuthentication.sharedToken({ secret: webhookSecret, header: WEBHOOK_TOKEN_HEADER }),
      ...(this.processor.mode === ProcessorMode.IN_PROCESS
        ? { workerFunction: this.processor.function, processorTimeout: PROCESSOR_TIMEOUT }
        : { processor: this.processor.function }),
      webhookPath: 'richpanel',
      eventIdJsonPointers: EVENT_ID_POINTERS,
      messageGroupIdJsonPointer: TICKET_ID_POINTER,
      requiredJsonPointers: [TICKET_ID_POINTER, EVENT_TYPE_POINTER],
      // A rule pointed at this URL for another event (e.g. conversation.closed) is ACKed and dropped, not processed.
      ingressFilters: [{ pointer: EVENT_TYPE_POINTER, acceptedValues: [...RICHPANEL_EVENT_TYPES] }],
      throttlingRateLimit: stage.throttlingRateLimit,
      throttlingBurstLimit: stage.throttlingBurstLimit,
      workerMaxConcurrency: stage.workerMaxConcurrency,
      maxReceiveCount: stage.maxReceiveCount,
      removalPolicy: stage.removalPolicy,
      idempotencyTtl: stage.idempotencyTtl,
      wafRateLimitPerIp: stage.wafRateLimitPerIp,
      alarms: { alarmNamePrefix, alarmActions: [alarmAction], okActions: [alarmAction] },
    });
    // The processor's outbound calls share token buckets in the pipeline's table (sets ACK_FAST_STATE_TABLE).
    this.pipeline.grantRateLimiting(this.processor.function);

    // Richpanel pushes each event once: the sweep lists recently updated tickets and enqueues what never arrived.
    const sweepFunction = new SweepFunction(this, 'Sweep', { removalPolicy: stage.removalPolicy, richpanelApiKey }).function;
    this.sweep = new ReconciliationSweep(this, 'ReconciliationSweep', {
      pipeline: this.pipeline,
      sweepFunction,
      interval: stage.sweepInterval,
      alarmNamePrefix: `${alarmNamePrefix}-sweep`,
      alarmActions: [alarmAction],
      okActions: [alarmAction],
    });
    // The same Richpanel bucket as the processor: together they stay under 50 requests / 30 s.
    this.pipeline.grantRateLimiting(sweepFunction);
    // Pushes answered non-2xx for 45 minutes running: Richpanel loses each one (the sweep recovers
    // them); a Shopify webhook route would lose its subscription after 4 hours (runbook: delivery-health).
    new DeliveryHealthAlarm(this, 'DeliveryHealth', {
      pipeline: this.pipeline, senderName: 'Richpanel', alarmName: `${alarmNamePrefix}-DeliveryHealth`, alarmActions: [alarmAction], okActions: [alarmAction],
    });

    new CfnOutput(this, 'WebhookUrl', { value: this.pipeline.webhookUrl, description: 'Target URL for the Richpanel HTTP target' });
    new CfnOutput(this, 'QueueUrl', { value: this.pipeline.queue.queueUrl });
    new CfnOutput(this, 'DeadLetterQueueUrl', { value: this.pipeline.deadLetterQueue.queueUrl });
    new CfnOutput(this, 'StateTableName', { value: this.pipeline.table.tableName });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarmTopic.topic.topicArn, description: 'Subscribe the on-call pager or chat here' });
  }

  /** A secret whose value an operator types in (from Richpanel or Shopify), so no Lambda can rotate it. */
  private handTypedSecret(id: string, secretName: string, description: string, stage: StageSettings): secretsmanager.Secret {
    const secret = new secretsmanager.Secret(this, id, { secretName, description, removalPolicy: stage.removalPolicy });
    NagSuppressions.addResourceSuppressions(secret, [{
      id: 'AwsSolutions-SMG4',
      reason: 'The value comes from (or must be typed into) Richpanel or Shopify and changes there too: rotated by hand, '
        + 'not by a Lambda rotator (during a rotation the ingress accepts AWSPREVIOUS of the webhook secret for previousSecretGracePeriod, 24 h).',
    }]);
    return secret;
  }
}
