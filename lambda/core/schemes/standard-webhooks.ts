/*
 * 'standard-webhooks' (https://www.standardwebhooks.com, v1; also Svix and its users).
 *
 * Headers `webhook-id`, `webhook-timestamp` (Unix seconds) and `webhook-signature`
 * (space-separated `v1,<base64>` entries, several during a rotation; other versions such as the
 * asymmetric `v1a` are ignored). Signed content `${id}.${timestamp}.${raw body}`, HMAC-SHA256,
 * base64. The secret is `whsec_` + base64 key bytes; it is decoded before use (a secret without
 * the prefix is decoded as base64 too).
 *
 * The id and timestamp headers sit next to the signature header that was found: `webhook-signature`
 * → `webhook-id` / `webhook-timestamp`, `svix-signature` → `svix-id` / `svix-timestamp`.
 */
import {
  AUTHENTICATED,
  AuthenticationRequest,
  AuthenticationResult,
  AuthenticatorFactory,
  authenticationFailed,
  firstPresentHeader,
} from '../request-authenticator';
import { anyDigestMatches, decodeSignature, hmacDigest, usableSecrets } from '../signature';
import { isWithinTolerance, parseUnixSeconds } from './signed-timestamp';

const SECRET_PREFIX = 'whsec_';
const SIGNATURE_SUFFIX = 'signature';

/** The key bytes of a Standard Webhooks secret; undefined when it is not base64 or is empty. */
export function decodeStandardWebhooksSecret(secret: string): Buffer | undefined {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  const key = decodeSignature(encoded.trim(), 'base64');
  return key !== undefined && key.length > 0 ? key : undefined;
}

/** The base64 texts of the `v1,` entries of a `webhook-signature` header. */
export function parseStandardWebhooksSignatures(header: string): string[] {
  const signatures: string[] = [];
  for (const entry of header.split(' ')) {
    const separator = entry.indexOf(',');
    if (separator > 0 && entry.slice(0, separator) === 'v1') signatures.push(entry.slice(separator + 1));
  }
  return signatures;
}

export interface StandardWebhooksDelivery {
  readonly rawBody: Buffer;
  readonly id: string | undefined;
  readonly timestamp: string | undefined;
  readonly signature: string | undefined;
}

export interface StandardWebhooksVerification {
  readonly toleranceSeconds: number;
  readonly nowMs: number;
}

export function verifyStandardWebhooksSignature(
  delivery: StandardWebhooksDelivery,
  secrets: readonly string[],
  options: StandardWebhooksVerification,
): AuthenticationResult {
  const keys = usableSecrets(secrets)
    .map(decodeStandardWebhooksSecret)
    .filter((key): key is Buffer => key !== undefined);
  if (keys.length === 0) return authenticationFailed('missing_secret');

  const { id, timestamp: timestampText, signature } = delivery;
  if (signature === undefined || signature.trim() === '') return authenticationFailed('missing_signature');
  if (id === undefined || id === '') return authenticationFailed('missing_webhook_id');
  if (timestampText === undefined || timestampText === '') return authenticationFailed('missing_timestamp');
  const timestamp = parseUnixSeconds(timestampText);
  if (timestamp === undefined) return authenticationFailed('malformed_timestamp');

  const entries = parseStandardWebhooksSignatures(signature);
  if (entries.length === 0) return authenticationFailed('missing_signature');
  const presented = entries
    .map((entry) => decodeSignature(entry, 'base64'))
    .filter((value): value is Buffer => value !== undefined);
  if (presented.length === 0) return authenticationFailed('malformed_signature');

  const expected = keys.map((key) => hmacDigest('sha256', key, [id, '.', timestampText, '.', delivery.rawBody]));
  if (!anyDigestMatches(expected, presented)) return authenticationFailed('signature_mismatch');
  if (!isWithinTolerance(timestamp, options.nowMs, options.toleranceSeconds)) {
    return authenticationFailed('timestamp_outside_tolerance');
  }
  return AUTHENTICATED;
}

/** The names of the configured signature header the request carries and of its sibling id and timestamp headers. */
export function standardWebhooksHeaderNames(
  headers: AuthenticationRequest['headers'], signatureHeaders: readonly string[],
): { readonly id: string; readonly timestamp: string; readonly signature: string } {
  const present = signatureHeaders.find((name) => firstPresentHeader(headers, [name]) !== undefined)
    ?? signatureHeaders[0] ?? 'webhook-signature';
  const name = present.toLowerCase();
  const stem = name.endsWith(SIGNATURE_SUFFIX) ? name.slice(0, -SIGNATURE_SUFFIX.length) : 'webhook-';
  return { id: `${stem}id`, timestamp: `${stem}timestamp`, signature: name };
}

/** The configured signature header the request carries, with its sibling id and timestamp headers. */
function deliveryOf(request: AuthenticationRequest, signatureHeaders: readonly string[]): StandardWebhooksDelivery {
  const names = standardWebhooksHeaderNames(request.headers, signatureHeaders);
  return {
    rawBody: request.rawBody,
    id: firstPresentHeader(request.headers, [names.id]),
    timestamp: firstPresentHeader(request.headers, [names.timestamp]),
    signature: firstPresentHeader(request.headers, [names.signature]),
  };
}

export const standardWebhooksAuthenticator: AuthenticatorFactory = (config, secrets, now) =>
  (request) => verifyStandardWebhooksSignature(
    deliveryOf(request, config.headers),
    secrets,
    { toleranceSeconds: config.toleranceSeconds, nowMs: now() },
  );
