/*
 * The exact bytes the sender signed.
 *
 * A REST API (binaryMediaTypes `*\/*`) hands the body over base64-encoded and untouched. An
 * HTTP API hands a JSON body over as text (isBase64Encoded false), which UTF-8 encodes back to the
 * same bytes when the sender sent valid UTF-8. A signature must be checked over those bytes,
 * never over a re-serialised or re-encoded string.
 */

/** The proxy event fields that carry the body. */
export interface ProxyBody {
  readonly body: string | null;
  readonly isBase64Encoded: boolean;
}

/**
 * Whether the body is certainly longer than `maxBytes` once decoded, judged from the encoded
 * string alone so a huge body is refused before it is copied into a buffer.
 *
 * Well-formed base64 (what API Gateway produces) decodes 4 characters into 3 bytes; UTF-8 never
 * takes fewer bytes than the string has UTF-16 code units. A body that passes this check is
 * still measured exactly after decoding.
 */
export function isObviouslyLargerThan(source: ProxyBody, maxBytes: number): boolean {
  if (source.body === null || source.body === undefined) return false;
  const encodedLength = source.body.length;
  return source.isBase64Encoded
    ? encodedLength > 4 * Math.ceil(maxBytes / 3)
    : encodedLength > maxBytes;
}

/** Decodes the proxy body to the bytes that were on the wire; a missing body is empty. */
export function decodeRawBody(source: ProxyBody): Buffer {
  if (source.body === null || source.body === undefined) return Buffer.alloc(0);
  return source.isBase64Encoded
    ? Buffer.from(source.body, 'base64')
    : Buffer.from(source.body, 'utf8');
}
