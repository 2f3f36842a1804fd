import { createAuthenticator, schemeDefinitionOf, TIMESTAMPED_SCHEMES } from '../../../../lambda/core/schemes/authentication-schemes';
import { AUTHENTICATION_SCHEMES, AuthenticationRuntimeConfig } from '../../../../src/contract';

describe('the authentication scheme table', () => {
  test('every scheme the contract names has an entry', () => {
    // Prepare // Act
    const authenticators = AUTHENTICATION_SCHEMES.map((scheme) => typeof schemeDefinitionOf(scheme).authenticator);

    // Assess
    expect(authenticators).toEqual(AUTHENTICATION_SCHEMES.map(() => 'function'));
  });

  test('the schemes that sign a timestamp are stripe and standard-webhooks', () => {
    // Prepare // Act // Assess
    expect(TIMESTAMPED_SCHEMES).toEqual(['stripe', 'standard-webhooks']);
  });

  test.each(['basic', 'constructor', '__proto__', 42])('an unknown scheme %p throws naming the schemes there are', (scheme) => {
    // Prepare // Act
    const act = () => schemeDefinitionOf(scheme);

    // Assess
    expect(act).toThrow(/^Unknown authentication scheme .*: the ingress implements hmac, stripe, standard-webhooks, shared-token\. Redeploy/);
  });

  test('createAuthenticator refuses a configuration with an unknown scheme', () => {
    // Prepare
    const config = { scheme: 'basic', headers: ['authorization'] } as unknown as AuthenticationRuntimeConfig;

    // Act
    const act = () => createAuthenticator(config, ['secret'], () => 0);

    // Assess
    expect(act).toThrow(/Unknown authentication scheme "basic"/);
  });
});
