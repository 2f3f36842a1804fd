/*
 * 'shared-token': a static secret in a header (Richpanel HTTP Targets can send nothing better).
 *
 * Both sides are hashed with SHA-256 before timingSafeEqual, so the comparison takes the same
 * time whatever the presented token's length or content, and the length of the secret never leaks.
 * There is no timestamp, so replay protection comes from deduplication alone.
 */
import {
  AUTHENTICATED,
  AuthenticationResult,
  AuthenticatorFactory,
  authenticationFailed,
  firstPresentHeader,
} from '../request-authenticator';
import { anyDigestMatches, sha256, usableSecrets } from '../signature';

export function verifySharedToken(presented: string | undefined, secrets: readonly string[]): AuthenticationResult {
  const candidates = usableSecrets(secrets);
  if (candidates.length === 0) return authenticationFailed('missing_secret');
  if (presented === undefined || presented === '') return authenticationFailed('missing_token');

  const expected = candidates.map((secret) => sha256(Buffer.from(secret, 'utf8')));
  return anyDigestMatches(expected, [sha256(Buffer.from(presented, 'utf8'))])
    ? AUTHENTICATED
    : authenticationFailed('token_mismatch');
}

export const sharedTokenAuthenticator: AuthenticatorFactory = (config, secrets) =>
  (request) => verifySharedToken(firstPresentHeader(request.headers, config.headers), secrets);
