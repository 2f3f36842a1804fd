/*
 * 'stripe': `Stripe-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>...]`.
 *
 * Signed content `${t}.${raw body}`, HMAC-SHA256, hex; the `whsec_...` secret string is the key
 * as is. Several v1 entries appear while Stripe rolls a secret; any one matching any candidate
 * secret passes. v0 (test-mode legacy) and unknown keys are ignored. The signature is checked
 * before the timestamp, so `timestamp_outside_tolerance` only ever describes a genuine but
 * stale (or replayed) delivery.
 */
import {
  AUTHENTICATED,
  AuthenticationResult,
  AuthenticatorFactory,
  authenticationFailed,
  firstPresentHeader,
  signedInput,
} from '../request-authenticator';
import { anyDigestMatches, decodeSignature, hmacDigest } from '../signature';
import { isWithinTolerance, parseUnixSeconds } from './signed-timestamp';

export interface StripeSignatureHeader {
  /** The `t` values (exactly one in a well-formed header). */
  readonly timestamps: string[];
  /** The `v1` values as sent. */
  readonly v1: string[];
}

/** Splits the header into its `t` and `v1` entries; other keys are dropped. */
export function parseStripeSignatureHeader(header: string): StripeSignatureHeader {
  const timestamps: string[] = [];
  const v1: string[] = [];
  for (const item of header.split(',')) {
    const separator = item.indexOf('=');
    if (separator < 0) continue;
    const key = item.slice(0, separator).trim();
    const value = item.slice(separator + 1).trim();
    if (key === 't') timestamps.push(value);
    else if (key === 'v1') v1.push(value);
  }
  return { timestamps, v1 };
}

export interface StripeVerification {
  readonly toleranceSeconds: number;
  readonly nowMs: number;
}

export function verifyStripeSignature(
  rawBody: Buffer,
  header: string | undefined,
  secrets: readonly string[],
  options: StripeVerification,
): AuthenticationResult {
  const input = signedInput(secrets, header);
  if (!input.ok) return input.failure;
  const { candidates } = input;

  const parsed = parseStripeSignatureHeader(input.presented);
  if (parsed.timestamps.length === 0) return authenticationFailed('missing_timestamp');
  const timestampText = parsed.timestamps[0];
  const timestamp = parsed.timestamps.length === 1 ? parseUnixSeconds(timestampText) : undefined;
  if (timestamp === undefined) return authenticationFailed('malformed_timestamp');
  if (parsed.v1.length === 0) return authenticationFailed('missing_signature');

  // An undecodable entry cannot match; it is skipped rather than failing its valid siblings.
  const signatures = parsed.v1
    .map((value) => decodeSignature(value, 'hex'))
    .filter((value): value is Buffer => value !== undefined);
  if (signatures.length === 0) return authenticationFailed('malformed_signature');

  const expected = candidates.map((secret) => hmacDigest('sha256', secret, [timestampText, '.', rawBody]));
  if (!anyDigestMatches(expected, signatures)) return authenticationFailed('signature_mismatch');
  if (!isWithinTolerance(timestamp, options.nowMs, options.toleranceSeconds)) {
    return authenticationFailed('timestamp_outside_tolerance');
  }
  return AUTHENTICATED;
}

export const stripeAuthenticator: AuthenticatorFactory = (config, secrets, now) =>
  (request) => verifyStripeSignature(
    request.rawBody,
    firstPresentHeader(request.headers, config.headers),
    secrets,
    { toleranceSeconds: config.toleranceSeconds, nowMs: now() },
  );
