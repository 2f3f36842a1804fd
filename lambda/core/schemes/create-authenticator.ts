/*
 * The authenticator for a configured scheme. Adding a scheme: a sibling file, a case here, and
 * the scheme name in runtime-contract.ts and ingress-config.ts.
 */
import { AuthenticationRuntimeConfig } from '../../../src/private/runtime-contract';
import { RequestAuthenticator } from '../request-authenticator';
import { hmacAuthenticator } from './hmac';
import { sharedTokenAuthenticator } from './shared-token';
import { standardWebhooksAuthenticator } from './standard-webhooks';
import { stripeAuthenticator } from './stripe';

export function createAuthenticator(
  config: AuthenticationRuntimeConfig,
  secrets: readonly string[],
  now: () => number,
): RequestAuthenticator {
  switch (config.scheme) {
    case 'hmac':
      return hmacAuthenticator(config, secrets, now);
    case 'stripe':
      return stripeAuthenticator(config, secrets, now);
    case 'standard-webhooks':
      return standardWebhooksAuthenticator(config, secrets, now);
    case 'shared-token':
      return sharedTokenAuthenticator(config, secrets, now);
    default:
      throw new Error(`Unknown authentication scheme ${JSON.stringify((config as { scheme: unknown }).scheme)}`);
  }
}
