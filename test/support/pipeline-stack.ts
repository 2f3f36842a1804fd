import { App, Duration, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { AckFastWebhookPipeline, AckFastWebhookPipelineProps, WebhookAuthentication } from '../../src';

export interface PipelineFixture {
  readonly app: App;
  readonly stack: Stack;
  readonly pipeline: AckFastWebhookPipeline;
}

/** A stack holding one pipeline with defaults; `overrides` replace single props. */
export function pipelineFixture(overrides: Partial<AckFastWebhookPipelineProps> = {}): PipelineFixture {
  const app = new App();
  const stack = new Stack(app, 'TestStack', { env: { account: '111111111111', region: 'us-east-2' } });
  const secret = secretsmanager.Secret.fromSecretNameV2(stack, 'SigningSecret', 'webhooks/signing-key');
  const processor = lambda.Function.fromFunctionArn(
    stack, 'Processor', 'arn:aws:lambda:us-east-2:111111111111:function:order-processor',
  );
  const pipeline = new AckFastWebhookPipeline(stack, 'Pipeline', {
    authentication: WebhookAuthentication.hmacSha256({ secret, signatureHeader: 'X-Hub-Signature-256', prefix: 'sha256=' }),
    processor,
    // An imported processor: its timeout cannot be read, so it is given.
    processorTimeout: Duration.seconds(10),
    ...overrides,
  });
  return { app, stack, pipeline };
}
