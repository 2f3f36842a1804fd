import { CfnOutput, Duration, Stack, StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { StageSettings } from './stages';
import { AckFastWebhookPipeline, WebhookAuthentication } from '../../../src';

export interface RichpanelMiddlewareStackProps extends StackProps {
  readonly stage: StageSettings;
}

/** The Richpanel middleware: Richpanel HTTP-target webhooks in, ordered per ticket. */
export class RichpanelMiddlewareStack extends Stack {
  constructor(scope: Construct, id: string, props: RichpanelMiddlewareStackProps) {
    super(scope, id, props);
    const { stage } = props;

    // Richpanel's HTTP targets can add only static headers (no signature): a shared token it is.
    // Created with a generated value; operators copy it into the Richpanel HTTP target. Never in code.
    const webhookTokenSecret = new secretsmanager.Secret(this, 'RichpanelWebhookToken', {
      secretName: `rp-mw/${stage.name}/richpanel-webhook-token`,
      description: 'Token the Richpanel HTTP target sends in the X-Richpanel-Webhook-Token header.',
      removalPolicy: stage.removalPolicy,
    });

    NagSuppressions.addResourceSuppressions(webhookTokenSecret, [{
      id: 'AwsSolutions-SMG4',
      reason: 'The token is typed into the Richpanel HTTP target and must change there too; it is rotated by hand (the ingress accepts AWSCURRENT and AWSPREVIOUS meanwhile), not by a Lambda rotator.',
    }]);

    const processorLogGroup = new logs.LogGroup(this, 'ProcessorLogGroup', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: stage.removalPolicy,
    });
    const processorRole = new iam.Role(this, 'ProcessorRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    processorRole.addToPolicy(new iam.PolicyStatement({
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [processorLogGroup.logGroupArn],
    }));
    // Records each ticket event it is handed; the Richpanel/Shopify order-status logic replaces this body.
    const processor = new lambda.Function(this, 'Processor', {
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      timeout: Duration.seconds(20),
      logGroup: processorLogGroup,
      role: processorRole,
      code: lambda.Code.fromInline([
        'exports.handler = async (event) => {',
        '  console.log(JSON.stringify({ message: "ticket event", eventId: event.eventId, ticket: event.messageGroupId, attempt: event.attempt }));',
        '  return { outcome: "PROCESSED" };',
        '};',
      ].join('\n')),
    });

    const pipeline = new AckFastWebhookPipeline(this, 'Webhooks', {
      authentication: WebhookAuthentication.sharedToken({ secret: webhookTokenSecret, header: 'X-Richpanel-Webhook-Token' }),
      processor,
      webhookPath: 'richpanel',
      messageGroupIdJsonPointer: '/ticket/id',
      requiredJsonPointers: ['/ticket/id'],
      throttlingRateLimit: stage.throttlingRateLimit,
      throttlingBurstLimit: stage.throttlingBurstLimit,
      workerMaxConcurrency: stage.workerMaxConcurrency,
      removalPolicy: stage.removalPolicy,
      idempotencyTtl: stage.idempotencyTtl,
    });

    new CfnOutput(this, 'WebhookUrl', { value: pipeline.webhookUrl, description: 'Target URL for the Richpanel HTTP target' });
    new CfnOutput(this, 'QueueUrl', { value: pipeline.queue.queueUrl });
    new CfnOutput(this, 'DeadLetterQueueUrl', { value: pipeline.deadLetterQueue.queueUrl });
    new CfnOutput(this, 'StateTableName', { value: pipeline.table.tableName });
  }
}
