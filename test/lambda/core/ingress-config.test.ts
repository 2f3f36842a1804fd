import { ingressRuntimeConfigFromEnv, validateIngressRuntimeConfig } from '../../../lambda/core/ingress-config';
import { INGRESS_CONFIG_ENV, IngressRuntimeConfig } from '../../../src/contract';

const VALID: IngressRuntimeConfig = {
  queueUrl: 'https://sqs.us-east-2.amazonaws.com/111111111111/webhooks.fifo',
  maxBodyBytes: 262_144,
  authentication: {
    scheme: 'hmac',
    secretArn: 'arn:aws:secretsmanager:us-east-2:111111111111:secret:hook',
    headers: ['x-signature'],
    algorithm: 'sha256',
    encoding: 'hex',
    prefix: 'sha256=',
    toleranceSeconds: 0,
  },
  eventIdHeaders: [],
  messageGroupIdJsonPointer: '/conversation/id',
  requiredJsonPointers: ['/id'],
  secretCacheTtlSeconds: 300,
};

describe('ingressRuntimeConfigFromEnv', () => {
  test('reads a valid configuration', () => {
    // Prepare
    const env = { [INGRESS_CONFIG_ENV]: JSON.stringify(VALID) };

    // Act
    const config = ingressRuntimeConfigFromEnv(env);

    // Assess
    expect(config).toEqual(VALID);
  });

  test('keeps the optional metrics object, and rejects an empty namespace', () => {
    // Prepare
    const metrics = { namespace: 'AckFastWebhookPipeline', pipeline: 'support-inbox' };

    // Act
    const config = validateIngressRuntimeConfig({ ...VALID, metrics });

    // Assess
    expect(config.metrics).toEqual(metrics);
    expect(() => validateIngressRuntimeConfig({ ...VALID, metrics: { ...metrics, namespace: '' } })).toThrow(/metrics\.namespace/);
  });

  test.each([
    ['unset', {}, /ACK_FAST_INGRESS_CONFIG is not set/],
    ['not JSON', { [INGRESS_CONFIG_ENV]: '{' }, /ACK_FAST_INGRESS_CONFIG is not valid JSON/],
    ['missing queueUrl', { [INGRESS_CONFIG_ENV]: JSON.stringify({ ...VALID, queueUrl: undefined }) }, /environment variable ACK_FAST_INGRESS_CONFIG: queueUrl/],
  ])('fails naming the variable when %s', (_name, env, message) => {
    // Prepare
    // Act
    const act = () => ingressRuntimeConfigFromEnv(env);

    // Assess
    expect(act).toThrow(message);
  });
});

describe('validateIngressRuntimeConfig', () => {
  test.each([
    ['stripe', 300],
    ['standard-webhooks', 300],
    ['shared-token', 0],
    ['hmac', 0],
  ] as const)('accepts the %s scheme', (scheme, toleranceSeconds) => {
    // Prepare
    const input = { ...VALID, authentication: { ...VALID.authentication, scheme, toleranceSeconds, headers: ['a', 'b'] } };

    // Act
    const config = validateIngressRuntimeConfig(input);

    // Assess
    expect(config).toEqual(input);
  });

  test.each([
    ['maxBodyBytes above what one SQS message holds', { maxBodyBytes: 1_048_576 }, /maxBodyBytes: maxBodyBytes must leave room/],
    ['maxBodyBytes zero', { maxBodyBytes: 0 }, /maxBodyBytes/],
    ['a malformed required pointer', { requiredJsonPointers: ['id'] }, /requiredJsonPointers\.0: "id" is not an RFC 6901 JSON pointer/],
    ['a malformed group pointer', { messageGroupIdJsonPointer: '/a~2' }, /messageGroupIdJsonPointer/],
    ['an upper-case event id header', { eventIdHeaders: ['X-Event-Id'] }, /eventIdHeaders\.0: header names must be lower-case/],
    ['an unknown scheme', { authentication: { ...VALID.authentication, scheme: 'basic' } }, /authentication\.scheme/],
    ['a negative cache TTL', { secretCacheTtlSeconds: -1 }, /secretCacheTtlSeconds/],
    ['no signature header', { authentication: { ...VALID.authentication, headers: [] } }, /authentication\.headers: name at least one header/],
    ['an upper-case signature header', { authentication: { ...VALID.authentication, headers: ['X-Signature'] } }, /authentication\.headers\.0: header names must be lower-case/],
    ['an unknown digest', { authentication: { ...VALID.authentication, algorithm: 'md5' } }, /authentication\.algorithm/],
    ['stripe without a replay window', { authentication: { ...VALID.authentication, scheme: 'stripe', toleranceSeconds: 0 } }, /authentication\.toleranceSeconds: toleranceSeconds must be at least 1/],
    ['standard-webhooks without a replay window', { authentication: { ...VALID.authentication, scheme: 'standard-webhooks', toleranceSeconds: 0 } }, /toleranceSeconds must be at least 1/],
    ['a fractional tolerance', { authentication: { ...VALID.authentication, toleranceSeconds: 1.5 } }, /authentication\.toleranceSeconds/],
    ['eventIdHeaders missing', { eventIdHeaders: undefined }, /eventIdHeaders/],
  ])('rejects %s', (_name, change, message) => {
    // Prepare
    const input = { ...VALID, ...change };

    // Act
    const act = () => validateIngressRuntimeConfig(input);

    // Assess
    expect(act).toThrow(message);
  });
});
