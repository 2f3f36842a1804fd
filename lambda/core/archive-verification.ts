/*
 * Tamper evidence of an archived event: the scheme's own check over the archived bytes with the
 * archived signature headers, as of the event's receipt (so the signed timestamp is judged
 * against when the ingress received it, not against now: an archived event is old by design).
 * Shared-token events keep no signature headers and cannot be re-verified (the token signs nothing).
 */
import { createAuthenticator } from './schemes/authentication-schemes';
import { ArchiveRecord, AuthenticationRuntimeConfig } from '../../src/contract';

export type ArchiveVerification = { readonly verified: true } | { readonly verified: false; readonly reason: string };

export function verifyArchivedEvent(record: ArchiveRecord, config: AuthenticationRuntimeConfig, secrets: readonly string[]): ArchiveVerification {
  if (config.scheme === 'shared-token') return { verified: false, reason: 'shared_token_signs_nothing' };
  if (record.signedHeaders === undefined) return { verified: false, reason: 'no_signed_headers_archived' };
  const headers: Record<string, string> = Object.create(null);
  for (const [name, value] of Object.entries(record.signedHeaders)) headers[name.toLowerCase()] = value;
  const result = createAuthenticator(config, secrets, () => record.receivedAt)({ headers, rawBody: Buffer.from(record.body, 'utf8') });
  return result.ok ? { verified: true } : { verified: false, reason: result.reason };
}
