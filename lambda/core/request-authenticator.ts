/*
 * The seam every authentication scheme plugs into.
 *
 * A scheme (HMAC today; Stripe, Standard Webhooks, shared token later) is a sibling file that
 * builds a RequestAuthenticator from its runtime config and the current candidate secrets. The
 * request pipeline only sees ok / not ok: every failure becomes the same 401 for the sender, and
 * `reason` goes to the audit log only.
 */

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
  | 'signature_missing'
  | 'signature_malformed'
  | 'signature_mismatch'
  | 'secret_missing';

export type RequestAuthenticator = (request: AuthenticationRequest) => AuthenticationResult;

export function authenticationFailed(reason: AuthenticationFailure): AuthenticationResult {
  return { ok: false, reason };
}

export const AUTHENTICATED: AuthenticationResult = { ok: true };
