import { createAuthenticator, schemeDefinitionOf, TIMESTAMPED_SCHEMES } from '../../../../lambda/core/schemes/authentication-schemes';
import { AUTHENTICATION_SCHEMES, AuthenticationRuntimeConfig } from '../../../../src/private/runtime-contract';

describe('the authentication scheme table', () => {
  test('every scheme the contract names has an entry', () => {
    for (const scheme of AUTHENTICATION_SCHEMES) expect(typeof schemeDefinitionOf(scheme).authenticator).toBe('function');
  });

  test('the schemes that sign a timestamp are stripe and standard-webhooks', () => {
    expect(TIMESTAMPED_SCHEMES).toEqual(['stripe', 'standard-webhooks']);
  });

  test.each(['basic', 'constructor', '__proto__', 42])('an unknown scheme %p throws naming the schemes there are', (scheme) => {
    expect(() => schemeDefinitionOf(scheme)).toThrow(/^Unknown authentication scheme .*: the ingress implements hmac, stripe, standard-webhooks, shared-token\. Redeploy/);
  });

  test('createAuthenticator refuses a configuration with an unknown scheme', () => {
    const config = { scheme: 'basic', headers: ['authorization'] } as unknown as AuthenticationRuntimeConfig;
    expect(() => createAuthenticator(config, ['secret'], () => 0)).toThrow(/Unknown authentication scheme "basic"/);
  });
});
