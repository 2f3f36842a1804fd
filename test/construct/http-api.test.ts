import { Match, Template } from 'aws-cdk-lib/assertions';
import { WebhookApiKind } from '../../src';
import { pipelineFixture } from '../support/pipeline-stack';

function httpTemplate(overrides = {}): Template {
  return Template.fromStack(pipelineFixture({ apiKind: WebhookApiKind.HTTP, ...overrides }).stack);
}

/** The webhook URL output as CloudFormation has it. */
function webhookUrlValue(t: Template): any {
  const outputs = t.toJSON().Outputs as Record<string, { Value: unknown }>;
  return outputs[Object.keys(outputs).find((key) => key.startsWith('PipelineWebhookUrl'))!].Value;
}

/** The webhook URL output with each reference shown as `<Ref>`. */
function webhookUrlOutput(t: Template): string {
  return webhookUrlValue(t)['Fn::Join'][1].map((part: unknown) => (typeof part === 'string' ? part : '<Ref>')).join('');
}

describe('apiKind HTTP', () => {
  // Prepare: a pipeline with an HTTP API and otherwise default props
  const { stack, pipeline } = pipelineFixture({ apiKind: WebhookApiKind.HTTP });
  const t = Template.fromStack(stack);

  test('an HTTP API replaces the REST API', () => {
    // Assess
    t.resourceCountIs('AWS::ApiGateway::RestApi', 0);
    t.resourceCountIs('AWS::ApiGateway::Stage', 0);
    t.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    t.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP' });
    expect(pipeline.apiKind).toBe(WebhookApiKind.HTTP);
    expect(pipeline.api).toBeUndefined();
    expect(pipeline.httpApi).toBeDefined();
    expect(pipeline.httpApiStage?.stageName).toBe('v1');
  });

  test('one POST route on the webhook path, proxied to the ingress with payload format 1.0 (the REST proxy event)', () => {
    t.resourceCountIs('AWS::ApiGatewayV2::Route', 1);
    t.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'POST /webhook', AuthorizationType: 'NONE' });
    t.resourceCountIs('AWS::ApiGatewayV2::Integration', 1);
    t.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '1.0',
      IntegrationUri: { 'Fn::GetAtt': [Match.stringLikeRegexp('^PipelineIngressFunction'), 'Arn'] },
    });
  });

  test('API Gateway may invoke the ingress only through this API\'s webhook route', () => {
    t.hasResourceProperties('AWS::Lambda::Permission', {
      Principal: 'apigateway.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [Match.stringLikeRegexp('^PipelineIngressFunction'), 'Arn'] },
      SourceArn: { 'Fn::Join': ['', Match.arrayWith([{ Ref: Match.stringLikeRegexp('^PipelineHttpApi') }, '/*/*/webhook'])] },
    });
  });

  test('stage: named, auto-deployed, throttled with the same defaults, JSON access logs to the retained log group', () => {
    t.resourceCountIs('AWS::ApiGatewayV2::Stage', 1);
    t.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: 'v1',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      AccessLogSettings: {
        DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^PipelineAccessLogGroup'), 'Arn'] },
        Format: Match.anyValue(),
      },
    });
    const stageResource = Object.values(t.findResources('AWS::ApiGatewayV2::Stage'))[0];
    expect(JSON.parse(stageResource.Properties.AccessLogSettings.Format)).toEqual({
      requestId: '$context.requestId',
      ip: '$context.identity.sourceIp',
      routeKey: '$context.routeKey',
      status: '$context.status',
      responseLatency: '$context.responseLatency',
      integrationLatency: '$context.integrationLatency',
    });
    t.resourcePropertiesCountIs('AWS::Logs::LogGroup', { RetentionInDays: 30 }, 4); // ingress, worker, access logs, archive delivery errors
  });

  test('webhookUrl (field and stack output) points at the route on the stage', () => {
    expect(webhookUrlOutput(t)).toBe('https://<Ref>.execute-api.us-east-2.<Ref>/v1/webhook');
    expect(stack.resolve(pipeline.webhookUrl)).toEqual(webhookUrlValue(t));
    expect(JSON.stringify(webhookUrlValue(t))).toContain(stack.getLogicalId(pipeline.httpApi!.node.defaultChild as any));
  });
});

describe('apiKind HTTP props', () => {
  test('REST stays the default and sets only the REST fields', () => {
    const { pipeline } = pipelineFixture();
    expect(pipeline.apiKind).toBe(WebhookApiKind.REST);
    expect(pipeline.api).toBeDefined();
    expect(pipeline.httpApi).toBeUndefined();
    expect(pipeline.httpApiStage).toBeUndefined();
  });

  test('custom path, stage name and throttling reach the route and the stage', () => {
    const t = httpTemplate({ webhookPath: 'hooks/richpanel', stageName: 'prod', throttlingRateLimit: 20, throttlingBurstLimit: 40 });
    t.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'POST /hooks/richpanel' });
    t.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: 'prod', DefaultRouteSettings: { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
    });
    expect(webhookUrlOutput(t)).toBe('https://<Ref>.execute-api.us-east-2.<Ref>/prod/hooks/richpanel');
  });

  test('the $default stage serves the route at the root of the API', () => {
    expect(webhookUrlOutput(httpTemplate({ stageName: '$default' }))).toBe('https://<Ref>.execute-api.us-east-2.<Ref>/webhook');
  });

  test('with provisioned concurrency, the route invokes the alias and only the alias may be invoked', () => {
    const t = httpTemplate({ ingressProvisionedConcurrency: 2 });
    t.hasResourceProperties('AWS::Lambda::Alias', { Name: 'live', ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 2 } });
    t.hasResourceProperties('AWS::ApiGatewayV2::Integration', { IntegrationUri: { Ref: Match.stringLikeRegexp('^PipelineIngressAlias') } });
    t.resourcePropertiesCountIs('AWS::Lambda::Permission', { Principal: 'apigateway.amazonaws.com' }, 1);
    t.hasResourceProperties('AWS::Lambda::Permission', {
      Principal: 'apigateway.amazonaws.com', FunctionName: { Ref: Match.stringLikeRegexp('^PipelineIngressAlias') },
    });
  });
});

describe('apiKind HTTP guardrails', () => {
  test('wafRateLimitPerIp throws, naming the prop, the reason and both fixes', () => {
    expect(() => pipelineFixture({ apiKind: WebhookApiKind.HTTP, wafRateLimitPerIp: 1000 })).toThrow(
      'wafRateLimitPerIp needs a REST API, but apiKind is WebhookApiKind.HTTP: AWS WAF web ACLs attach to REST API stages, not to HTTP APIs. ' +
      'Remove wafRateLimitPerIp, or set apiKind to WebhookApiKind.REST.',
    );
  });

  test('wafRateLimitPerIp is still accepted with the REST API', () => {
    const { pipeline } = pipelineFixture({ apiKind: WebhookApiKind.REST, wafRateLimitPerIp: 1000 });
    expect(pipeline.webAcl).toBeDefined();
  });

  test('an apiKind that is not a WebhookApiKind throws (a plain JavaScript caller can pass any string)', () => {
    expect(() => pipelineFixture({ apiKind: 'http' as WebhookApiKind })).toThrow(
      "apiKind 'http' is not a WebhookApiKind: use WebhookApiKind.REST or WebhookApiKind.HTTP.",
    );
  });

  test('the shared guardrails apply to the HTTP API too', () => {
    expect(() => pipelineFixture({ apiKind: WebhookApiKind.HTTP, throttlingRateLimit: 100, throttlingBurstLimit: 50 }))
      .toThrow(/throttlingBurstLimit \(50\) must be at least throttlingRateLimit \(100\)/);
    expect(() => pipelineFixture({ apiKind: WebhookApiKind.HTTP, webhookPath: '/webhook' }))
      .toThrow(/webhookPath '\/webhook' must be one or more URL path segments/);
  });
});
