/*
 * Byte-level primitives every signature scheme shares: strict decoding and constant-time
 * comparison.
 *
 * Anything the sender controls (bad characters, wrong padding, wrong length) yields undefined or
 * false, never an exception: Buffer.from silently drops invalid characters and timingSafeEqual
 * throws on unequal lengths, so both are guarded here once.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export type SignatureEncoding = 'hex' | 'base64';

const HEX = /^(?:[0-9a-fA-F]{2})+$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Strictly decodes `text`; undefined when it is empty or not valid in `encoding`. */
export function decodeSignature(text: string, encoding: SignatureEncoding): Buffer | undefined {
  if (text.length === 0) return undefined;
  if (encoding === 'hex') return HEX.test(text) ? Buffer.from(text, 'hex') : undefined;
  if (!BASE64.test(text)) return undefined;
  // Reject non-canonical base64 (unused low bits set in the last character): such a text
  // decodes to the same bytes as the genuine signature, so it is a different string that
  // would still pass. Only the canonical spelling of a signature is accepted.
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : undefined;
}

/** Whether two byte strings are equal, in time independent of where they differ; unequal lengths are simply unequal. */
export function bytesEqual(expected: Buffer, presented: Buffer): boolean {
  return expected.length === presented.length && timingSafeEqual(expected, presented);
}

/**
 * Whether any presented signature equals any expected digest. Every pair is compared (no early
 * exit), so the time taken does not reveal which secret or which entry matched.
 */
export function anyDigestMatches(expected: readonly Buffer[], presented: readonly Buffer[]): boolean {
  let matched = false;
  for (const digest of expected) {
    for (const signature of presented) {
      if (bytesEqual(digest, signature)) matched = true;
    }
  }
  return matched;
}

/** HMAC of the concatenated parts (the signed content is always built from raw bytes). */
export function hmacDigest(algorithm: 'sha256' | 'sha1', key: string | Buffer, parts: readonly (string | Buffer)[]): Buffer {
  const hmac = createHmac(algorithm, key);
  for (const part of parts) hmac.update(part);
  return hmac.digest();
}

export function sha256(data: string | Buffer): Buffer {
  return createHash('sha256').update(data).digest();
}

/** The non-empty candidate secrets (an empty key would make every signature forgeable). */
export function usableSecrets(secrets: readonly string[]): string[] {
  return secrets.filter((secret) => typeof secret === 'string' && secret.length > 0);
}
