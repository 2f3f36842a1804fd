/*
 * Every authentication scheme the ingress implements, one entry each: how its authenticator is
 * built, which headers its signature was verified with (kept so the archive can re-verify the raw
 * body later), and whether it signs a timestamp (and so needs a replay window).
 *
 * Adding a scheme: a sibling file with its authenticator, its name in AUTHENTICATION_SCHEMES
 * (src/contract/runtime-config.ts), and its entry here, which the compiler then demands.
 */
import { AUTHENTICATION_SCHEMES, AuthenticationRuntimeConfig, AuthenticationScheme } from '../../../src/contract';
import { AuthenticationRequest, AuthenticatorFactory, firstPresentHeader, RequestAuthenticator } from '../request-authenticator';
import { hmacAuthenticator } from './hmac';
import { sharedTokenAuthenticator } from './shared-token';
import { standardWebhooksAuthenticator, standardWebhooksHeaderNames } from './standard-webhooks';
import { stripeAuthenticator } from './stripe';

export interface SchemeDefinition {
  readonly authenticator: AuthenticatorFactory;
  /** Lower-case names of the headers the signature was verified with, as this request carries them. */
  readonly signedHeaderNames: (config: AuthenticationRuntimeConfig, headers: AuthenticationRequest['headers']) => string[];
  /** It signs a timestamp, so its configuration needs a replay window (toleranceSeconds of at least 1). */
  readonly timestamped: boolean;
}

/** hmac and stripe: the configured signature header the request carries is all they verify besides the body. */
function presentSignatureHeader(config: AuthenticationRuntimeConfig, headers: AuthenticationRequest['headers']): string[] {
  const name = config.headers.find((header) => firstPresentHeader(headers, [header]) !== undefined);
  return name === undefined ? [] : [name.toLowerCase()];
}

function standardWebhooksSignedHeaders(config: AuthenticationRuntimeConfig, headers: AuthenticationRequest['headers']): string[] {
  const names = standardWebhooksHeaderNames(headers, config.headers);
  return [names.id, names.timestamp, names.signature];
}

export const AUTHENTICATION_SCHEME_DEFINITIONS: Readonly<Record<AuthenticationScheme, SchemeDefinition>> = {
  'hmac': { authenticator: hmacAuthenticator, signedHeaderNames: presentSignatureHeader, timestamped: false },
  'stripe': { authenticator: stripeAuthenticator, signedHeaderNames: presentSignatureHeader, timestamped: true },
  'standard-webhooks': { authenticator: standardWebhooksAuthenticator, signedHeaderNames: standardWebhooksSignedHeaders, timestamped: true },
  // The token is the secret itself and signs no bytes: there is nothing to keep.
  'shared-token': { authenticator: sharedTokenAuthenticator, signedHeaderNames: () => [], timestamped: false },
};

/** The schemes that sign a timestamp, in AUTHENTICATION_SCHEMES order. */
export const TIMESTAMPED_SCHEMES: readonly AuthenticationScheme[] = AUTHENTICATION_SCHEMES
  .filter((scheme) => AUTHENTICATION_SCHEME_DEFINITIONS[scheme].timestamped);

/** The entry of a configured scheme; throws for a name that has none (a configuration no schema checked). */
export function schemeDefinitionOf(scheme: unknown): SchemeDefinition {
  if (typeof scheme !== 'string' || !Object.prototype.hasOwnProperty.call(AUTHENTICATION_SCHEME_DEFINITIONS, scheme)) {
    throw new Error(`Unknown authentication scheme ${JSON.stringify(scheme)}: the ingress implements ${AUTHENTICATION_SCHEMES.join(', ')}. `
      + 'Redeploy the AckFastWebhookPipeline construct so it writes a valid configuration.');
  }
  return AUTHENTICATION_SCHEME_DEFINITIONS[scheme as AuthenticationScheme];
}

/** The authenticator for a configured scheme; `now` is epoch milliseconds (the replay window's clock). */
export function createAuthenticator(
  config: AuthenticationRuntimeConfig,
  secrets: readonly string[],
  now: () => number,
): RequestAuthenticator {
  return schemeDefinitionOf(config.scheme).authenticator(config, secrets, now);
}
