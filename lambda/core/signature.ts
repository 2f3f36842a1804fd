/*
 * HMAC signature of the raw body in one header (GitHub-, Shopify-, Richpanel-style webhooks).
 *
 * The presented signature is decoded and compared as bytes with crypto.timingSafeEqual; any
 * input the sender controls (missing header, wrong prefix, bad characters, wrong length) yields
 * a failure result, never an exception.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  AUTHENTICATED,
  authenticationFailed,
  AuthenticationRequest,
  AuthenticationResult,
  RequestAuthenticator,
} from './request-authenticator';
import { AuthenticationRuntimeConfig } from '../../src/private/runtime-contract';

export type HmacSignatureOptions = Pick<AuthenticationRuntimeConfig, 'headers' | 'algorithm' | 'encoding' | 'prefix'>;

const HEX = /^(?:[0-9a-fA-F]{2})+$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Strictly decodes a presented signature; undefined when it is not valid in `encoding`. */
export function decodeSignature(text: string, encoding: HmacSignatureOptions['encoding']): Buffer | undefined {
  if (text.length === 0) return undefined;
  // Buffer.from silently drops invalid characters, so validate the alphabet first.
  if (encoding === 'hex') return HEX.test(text) ? Buffer.from(text, 'hex') : undefined;
  return BASE64.test(text) ? Buffer.from(text, 'base64') : undefined;
}

/**
 * Verifies `presented` against every candidate secret (current first, then previous ones during a
 * rotation). All candidates are checked so the time taken does not reveal which one matched.
 */
export function verifyHmacSignature(
  rawBody: Buffer,
  presented: string | undefined,
  secrets: readonly string[],
  options: HmacSignatureOptions,
): AuthenticationResult {
  const candidates = secrets.filter((secret) => secret.length > 0);
  if (candidates.length === 0) return authenticationFailed('secret_missing');
  if (presented === undefined || presented.trim() === '') return authenticationFailed('signature_missing');

  const text = presented.trim();
  if (!text.startsWith(options.prefix)) return authenticationFailed('signature_malformed');
  const signature = decodeSignature(text.slice(options.prefix.length), options.encoding);
  if (signature === undefined) return authenticationFailed('signature_malformed');

  let matched = false;
  for (const secret of candidates) {
    const expected = createHmac(options.algorithm, secret).update(rawBody).digest();
    // timingSafeEqual throws on unequal lengths; a truncated signature is simply wrong.
    if (expected.length === signature.length && timingSafeEqual(expected, signature)) matched = true;
  }
  return matched ? AUTHENTICATED : authenticationFailed('signature_mismatch');
}

/** An authenticator for the 'hmac' scheme over the given candidate secrets. */
export function hmacAuthenticator(options: HmacSignatureOptions, secrets: readonly string[]): RequestAuthenticator {
  const headers = options.headers.map((name) => name.toLowerCase());
  return (request: AuthenticationRequest) => {
    const name = headers.find((candidate) => request.headers[candidate] !== undefined);
    return verifyHmacSignature(request.rawBody, name === undefined ? undefined : request.headers[name], secrets, options);
  };
}
