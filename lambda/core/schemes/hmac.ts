/*
 * 'hmac': an HMAC of the raw body in one header (GitHub `sha256=<hex>`, Shopify `<base64>` in
 * X-Shopify-Hmac-Sha256 or the newer Shopify-Hmac-Sha256, Richpanel-style custom headers).
 */
import { AuthenticationRuntimeConfig } from '../../../src/contract';
import {
  AUTHENTICATED,
  AuthenticationResult,
  AuthenticatorFactory,
  authenticationFailed,
  firstPresentHeader,
  signedInput,
} from '../request-authenticator';
import { anyDigestMatches, decodeSignature, hmacDigest } from '../signature';

export type HmacSignatureOptions = Pick<AuthenticationRuntimeConfig, 'algorithm' | 'encoding' | 'prefix'>;

/**
 * Verifies `presented` (the header value) against every candidate secret (current first, then
 * previous ones during a rotation).
 */
export function verifyHmacSignature(
  rawBody: Buffer,
  presented: string | undefined,
  secrets: readonly string[],
  options: HmacSignatureOptions,
): AuthenticationResult {
  const input = signedInput(secrets, presented);
  if (!input.ok) return input.failure;
  const { candidates } = input;

  const text = input.presented.trim();
  if (!text.startsWith(options.prefix)) return authenticationFailed('malformed_signature');
  const signature = decodeSignature(text.slice(options.prefix.length), options.encoding);
  if (signature === undefined) return authenticationFailed('malformed_signature');

  const expected = candidates.map((secret) => hmacDigest(options.algorithm, secret, [rawBody]));
  return anyDigestMatches(expected, [signature]) ? AUTHENTICATED : authenticationFailed('signature_mismatch');
}

/** The signature is read from the first of `config.headers` the request carries. */
export const hmacAuthenticator: AuthenticatorFactory = (config, secrets) =>
  (request) => verifyHmacSignature(request.rawBody, firstPresentHeader(request.headers, config.headers), secrets, config);
