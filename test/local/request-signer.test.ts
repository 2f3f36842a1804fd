import { createAuthenticator } from '../../lambda/core/schemes/authentication-schemes';
import { generateSecret, signedHeaders } from '../../local/request-signer';
import { AUTHENTICATION_SCHEMES, AuthenticationRuntimeConfig, AuthenticationScheme } from '../../src/contract';

const HEADERS: Record<AuthenticationScheme, string> = {
  'hmac': 'x-signature',
  'stripe': 'stripe-signature',
  'standard-webhooks': 'webhook-signature',
  'shared-token': 'x-webhook-token',
};

function configOf(scheme: AuthenticationScheme): AuthenticationRuntimeConfig {
  return {
    scheme,
    secretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:local',
    headers: [HEADERS[scheme]],
    algorithm: 'sha256',
    encoding: scheme === 'hmac' ? 'base64' : 'hex',
    prefix: '',
    toleranceSeconds: 300,
  };
}

describe('the local request signer', () => {
  test.each(AUTHENTICATION_SCHEMES)('a body it signs for %s passes that scheme\'s authenticator, and a changed body does not', (scheme) => {
    // Prepare
    const config = configOf(scheme);
    const secret = generateSecret(config);
    const nowMs = 1_767_225_600_000;
    const body = '{"id":"evt_1"}';
    const authenticate = createAuthenticator(config, [secret], () => nowMs);

    // Act
    const headers = signedHeaders(config, secret, body, nowMs);

    // Assess
    expect(headers['content-type']).toBe('application/json');
    expect(authenticate({ headers, rawBody: Buffer.from(body) })).toEqual({ ok: true });
    if (scheme !== 'shared-token') expect(authenticate({ headers, rawBody: Buffer.from('{"id":"evt_2"}') }).ok).toBe(false);
  });

  test('a Standard Webhooks secret is whsec_ and base64 key bytes; the others are local-<hex>', () => {
    // Prepare // Act // Assess
    expect(generateSecret(configOf('standard-webhooks'))).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(generateSecret(configOf('hmac'))).toMatch(/^local-[0-9a-f]{36}$/);
  });
});
