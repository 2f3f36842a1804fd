import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { nagFindings } from './nag-findings';
import { AckFastWebhookPipeline, WebhookApiKind, WebhookAuthentication } from '../../src';
import { INGRESS_CONFIG_ENV, WORKER_CONFIG_ENV } from '../../src/contract';
import { pipelineFixture } from '../support/pipeline-stack';
import { handlerConfig } from '../support/template-config';

const INGRESS = 'lambda/ingress/ingress.lambda.ts';
const WORKER = 'lambda/worker/worker.lambda.ts';

function processorIn(stack: Stack): lambda.Function {
  return new lambda.Function(stack, 'OwnProcessor', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => null;'),
    timeout: Duration.seconds(10),
  });
}

describe('tracingEnabled', () => {
  test('off by default: no tracing mode, no X-Ray permission, no tracing in the handlers\' configuration', () => {
    // Prepare
    const t = Template.fromStack(pipelineFixture().stack);
    // Assess
    for (const fn of Object.values(t.findResources('AWS::Lambda::Function'))) expect(fn.Properties.TracingConfig).toBeUndefined();
    expect(JSON.stringify(t.findResources('AWS::IAM::Policy'))).not.toContain('xray:');
    expect(handlerConfig(t, INGRESS, INGRESS_CONFIG_ENV)).not.toHaveProperty('tracing');
    expect(handlerConfig(t, WORKER, WORKER_CONFIG_ENV)).not.toHaveProperty('tracing');
    t.hasResourceProperties('AWS::ApiGateway::Stage', { TracingEnabled: Match.absent() });
  });

  test('on: active tracing on ingress, worker and the app\'s processor, the REST stage traced, the handlers told', () => {
    // Prepare
    const { stack: base } = pipelineFixture({ tracingEnabled: true });
    const t = Template.fromStack(base);
    // Assess
    t.hasResourceProperties('AWS::Lambda::Function', { Description: INGRESS, TracingConfig: { Mode: 'Active' } });
    t.hasResourceProperties('AWS::Lambda::Function', { Description: WORKER, TracingConfig: { Mode: 'Active' } });
    t.hasResourceProperties('AWS::ApiGateway::Stage', { TracingEnabled: true });
    expect(handlerConfig(t, INGRESS, INGRESS_CONFIG_ENV).tracing).toBe(true);
    expect(handlerConfig(t, WORKER, WORKER_CONFIG_ENV).tracing).toBe(true);
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Resource: '*' })]) },
    });
  });

  test('a processor of this app gets active tracing and the X-Ray writes on its own role', () => {
    // Prepare
    const app = new App();
    const stack = new Stack(app, 'OwnProcessorStack', { env: { account: '111111111111', region: 'us-east-2' } });
    const processor = processorIn(stack);
    new AckFastWebhookPipeline(stack, 'Pipeline', {
      authentication: WebhookAuthentication.hmacSha256({ secret: secretsmanager.Secret.fromSecretNameV2(stack, 'Key', 'webhooks/key'), signatureHeader: 'X-Sig' }),
      processor,
      tracingEnabled: true,
    });
    // Act
    const t = Template.fromStack(stack);
    // Assess
    t.hasResourceProperties('AWS::Lambda::Function', { Handler: 'index.handler', TracingConfig: { Mode: 'Active' } });
    const roleRef = stack.resolve((processor.role!.node.defaultChild as iam.CfnRole).logicalId);
    t.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: roleRef }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'] })]) },
    });
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('tracingEnabled is on'));
  });

  test('an imported processor cannot be changed: synth warns, naming the prop', () => {
    const { stack } = pipelineFixture({ tracingEnabled: true });
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('tracingEnabled is on, but processor is an imported function'));
  });

  test('an HTTP API has no X-Ray: the functions are still traced', () => {
    const t = Template.fromStack(pipelineFixture({ tracingEnabled: true, apiKind: WebhookApiKind.HTTP }).stack);
    t.hasResourceProperties('AWS::Lambda::Function', { Description: INGRESS, TracingConfig: { Mode: 'Active' } });
  });

  test('cdk-nag: a traced pipeline leaves no unacknowledged finding', () => {
    const { app, stack } = pipelineFixture({ tracingEnabled: true });
    expect(nagFindings(app, stack)).toEqual([]);
  });
});
