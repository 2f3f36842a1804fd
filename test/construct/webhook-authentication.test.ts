import { Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { HmacAlgorithm, SignatureEncoding, WebhookAuthentication } from '../../src';
import { INGRESS_CONFIG_ENV } from '../../src/contract';
import { pipelineFixture } from '../support/pipeline-stack';
import { handlerConfig } from '../support/template-config';

type SecretOption = { secret: secretsmanager.ISecret };
const INGRESS = 'lambda/ingress/ingress.lambda.ts';

/** The ingress config a pipeline gets for the scheme built by `auth`. */
function ingressConfigFor(auth: (options: SecretOption) => WebhookAuthentication, overrides = {}): Record<string, any> {
  // Prepare: a pipeline authenticated by the scheme
  const { stack } = pipelineFixture({
    authentication: auth({ secret: secretsmanager.Secret.fromSecretNameV2(new Stack(), 'S', 'key') }),
    ...overrides,
  });
  // Act: synthesized
  return handlerConfig(Template.fromStack(stack), INGRESS, INGRESS_CONFIG_ENV);
}

describe('WebhookAuthentication presets', () => {
  test.each([
    ['shopify', (o: SecretOption) => WebhookAuthentication.shopify(o), {
      scheme: 'hmac', headers: ['x-shopify-hmac-sha256', 'shopify-hmac-sha256'], algorithm: 'sha256', encoding: 'base64', prefix: '', toleranceSeconds: 0,
    }, [], undefined],
    ['github', (o: SecretOption) => WebhookAuthentication.github(o), {
      scheme: 'hmac', headers: ['x-hub-signature-256'], algorithm: 'sha256', encoding: 'hex', prefix: 'sha256=', toleranceSeconds: 0,
    }, [], undefined],
    ['stripe', (o: SecretOption) => WebhookAuthentication.stripe(o), {
      scheme: 'stripe', headers: ['stripe-signature'], toleranceSeconds: 300,
    }, [], '/id'],
    ['standard webhooks', (o: SecretOption) => WebhookAuthentication.standardWebhooks({ ...o, tolerance: Duration.minutes(2) }), {
      scheme: 'standard-webhooks', headers: ['webhook-signature'], toleranceSeconds: 120,
    }, ['webhook-id'], undefined],
    ['shared token', (o: SecretOption) => WebhookAuthentication.sharedToken({ ...o, header: 'X-Richpanel-Token' }), {
      scheme: 'shared-token', headers: ['x-richpanel-token'],
    }, [], undefined],
    ['generic HMAC-SHA1 base64', (o: SecretOption) => WebhookAuthentication.hmac({
      ...o, signatureHeader: 'X-Signature', algorithm: HmacAlgorithm.SHA1, encoding: SignatureEncoding.BASE64,
    }), { scheme: 'hmac', headers: ['x-signature'], algorithm: 'sha1', encoding: 'base64' }, [], undefined],
  ])('%s: signature settings and the sender\'s event id', (_name, auth, expected, eventIdHeaders, eventIdJsonPointer) => {
    const config = ingressConfigFor(auth);
    // Assess
    expect(config.authentication).toMatchObject({ ...expected, secretArn: expect.stringContaining(':secret:key') });
    expect(config.eventIdHeaders).toEqual(eventIdHeaders);
    expect(config.eventIdJsonPointer).toEqual(eventIdJsonPointer);
  });

  test('the pipeline\'s own event id settings win over the preset\'s', () => {
    const config = ingressConfigFor((o) => WebhookAuthentication.stripe(o), { eventIdHeader: 'Idempotency-Key', eventIdJsonPointer: '/data/object/id' });
    expect(config.eventIdHeaders).toEqual(['idempotency-key']);
    expect(config.eventIdJsonPointer).toBe('/data/object/id');
  });

  test.each([
    ['GitHub with X-GitHub-Delivery', (o: SecretOption) => WebhookAuthentication.github(o), 'X-GitHub-Delivery', true],
    ['Shopify with X-Shopify-Webhook-Id', (o: SecretOption) => WebhookAuthentication.shopify(o), 'X-Shopify-Webhook-Id', true],
    ['Stripe with Idempotency-Key', (o: SecretOption) => WebhookAuthentication.stripe(o), 'Idempotency-Key', true],
    ['Standard Webhooks with its signed webhook-id', (o: SecretOption) => WebhookAuthentication.standardWebhooks(o), 'Webhook-Id', false],
  ])('eventIdHeader on %s: synth warns unless the scheme signs it', (_name, auth, header, warns) => {
    // Prepare
    const { stack } = pipelineFixture({ authentication: auth({ secret: secretsmanager.Secret.fromSecretNameV2(new Stack(), 'S', 'key') }), eventIdHeader: header });
    // Act
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('is not covered by the .* signature'));
    // Assess
    expect(warnings.length).toBe(warns ? 1 : 0);
  });

  test.each([
    ['a header name with a space', () => WebhookAuthentication.sharedToken({ secret: undefined as any, header: 'X Token' }), /header 'X Token' is not a valid HTTP header name/],
    ['a header name with a colon', () => WebhookAuthentication.hmac({ secret: undefined as any, signatureHeader: 'X-Sig:' }), /signatureHeader 'X-Sig:' is not a valid HTTP header name/],
    ['a zero tolerance', () => WebhookAuthentication.stripe({ secret: undefined as any, tolerance: Duration.seconds(0) }), /tolerance must be from 1 second to 1 hour/],
    ['a tolerance over an hour', () => WebhookAuthentication.standardWebhooks({ secret: undefined as any, tolerance: Duration.hours(2) }), /got 7200 s/],
  ])('rejects %s', (_name, build, message) => {
    expect(build).toThrow(message);
  });
});

describe('WAF rate limit per source IP', () => {
  test('off by default', () => {
    Template.fromStack(pipelineFixture().stack).resourceCountIs('AWS::WAFv2::WebACL', 0);
  });

  test('a regional web ACL with a per-IP rate rule, attached to the stage', () => {
    // Prepare / Act
    const { stack, pipeline } = pipelineFixture({ wafRateLimitPerIp: 600 });
    const t = Template.fromStack(stack);
    // Assess
    t.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'REGIONAL',
      DefaultAction: { Allow: {} },
      Rules: [{
        Name: 'RateLimitPerSourceIp',
        Priority: 0,
        Action: { Block: {} },
        Statement: { RateBasedStatement: { AggregateKeyType: 'IP', Limit: 600 } },
        VisibilityConfig: { CloudWatchMetricsEnabled: true, MetricName: Match.anyValue(), SampledRequestsEnabled: false },
      }],
    });
    t.resourceCountIs('AWS::WAFv2::WebACLAssociation', 1);
    expect(pipeline.webAcl).toBeDefined();
  });

  test.each([[9], [2_000_000_001]])('rejects a limit of %d', (limit) => {
    expect(() => pipelineFixture({ wafRateLimitPerIp: limit })).toThrow(/wafRateLimitPerIp must be a whole number from 10 to 2000000000/);
  });
});
