/*
 * The seam every authentication scheme plugs into.
 *
 * A scheme (lambda/core/schemes/*) builds a RequestAuthenticator from its runtime config, the
 * candidate secrets (current first, then the previous one during a rotation) and a clock. The
 * request pipeline only sees ok / not ok: every failure becomes the same 401 for the sender, and
 * `reason` goes to the audit log only. No reason ever carries a secret, signature or body.
 */
import { usableSecrets } from './signature';
import { AuthenticationRuntimeConfig } from '../../src/contract';

/** What a scheme may look at: lower-case header names and the exact body bytes. */
export interface AuthenticationRequest {
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly rawBody: Buffer;
}

export type AuthenticationResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: AuthenticationFailure };

/** Machine-readable failure codes (audit log only; never shown to the sender). */
export type AuthenticationFailure =
  /** No candidate secret is usable for the scheme (empty, or not base64 for standard-webhooks). */
  | 'missing_secret'
  | 'missing_signature'
  | 'malformed_signature'
  | 'signature_mismatch'
  | 'missing_timestamp'
  | 'malformed_timestamp'
  | 'timestamp_outside_tolerance'
  /** standard-webhooks: the message id header is absent. */
  | 'missing_webhook_id'
  | 'missing_token'
  | 'token_mismatch';

export type RequestAuthenticator = (request: AuthenticationRequest) => AuthenticationResult;

/** Builds a scheme's authenticator; `now` is epoch milliseconds (injected for the replay window). */
export type AuthenticatorFactory = (
  config: AuthenticationRuntimeConfig,
  secrets: readonly string[],
  now: () => number,
) => RequestAuthenticator;

export function authenticationFailed(reason: AuthenticationFailure): AuthenticationResult {
  return { ok: false, reason };
}

/** The secrets a signed request can be checked against and the signature text it presents. */
export type SignedInput =
  | { readonly ok: true; readonly candidates: string[]; readonly presented: string }
  | { readonly ok: false; readonly failure: AuthenticationResult };

/** What every signature scheme checks first: a usable secret, then a non-blank signature (no digest is computed otherwise). */
export function signedInput(secrets: readonly string[], presented: string | undefined): SignedInput {
  const candidates = usableSecrets(secrets);
  if (candidates.length === 0) return { ok: false, failure: authenticationFailed('missing_secret') };
  if (presented === undefined || presented.trim() === '') return { ok: false, failure: authenticationFailed('missing_signature') };
  return { ok: true, candidates, presented };
}

export const AUTHENTICATED: AuthenticationResult = { ok: true };

/**
 * The value of the first of `names` that the request carries (own properties only, so a name
 * such as `constructor` never resolves to Object.prototype), or undefined.
 */
export function firstPresentHeader(
  headers: Readonly<Record<string, string | undefined>>,
  names: readonly string[],
): string | undefined {
  for (const name of names) {
    const key = name.toLowerCase();
    if (Object.prototype.hasOwnProperty.call(headers, key)) {
      const value = headers[key];
      if (typeof value === 'string') return value;
    }
  }
  return undefined;
}
