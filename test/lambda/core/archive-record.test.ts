/*
 * The archive's record format and its tamper evidence: lines pack into Firehose-sized records and
 * parse back byte for byte; a changed body is caught by its hash and, for signing schemes, by the
 * signature over the archived bytes with the archived headers.
 */
import { verifyArchivedEvent } from '../../../lambda/core/archive-verification';
import { signedHeadersAttribute } from '../../../lambda/core/signed-headers';
import { SIGNED_HEADERS_MAX_BYTES } from '../../../src/contract';
import { archiveRecordOf, chunkRecords, packArchiveLines, parseArchiveObject } from '../../../src/runtime/core/archive-record';
import { NOW_MS, SchemeName, SCHEMES } from '../../support/signing-schemes';

const BODY = '{"eventId":"e-1","ticket":{"id":"t-1"},"text":"caf\u00e9 \u{1F600} \\u2028"}';

function lowerCased(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

describe('archive record format', () => {
  test('a batch packs into one record and parses back to the same events and bytes', () => {
    // Prepare
    const records = Array.from({ length: 10 }, (_, i) => archiveRecordOf(
      { eventId: `e-${i}`, messageGroupId: 't-1', receivedAt: NOW_MS + i, body: BODY }, 'pipe', NOW_MS + 100));

    // Act
    const packed = packArchiveLines(records);
    const parsed = parseArchiveObject(packed.records.map((record) => record.data.toString('utf8')).join(''));

    // Assess
    expect(packed.records).toHaveLength(1);
    expect(packed.records[0].events).toBe(10);
    expect(parsed.every((line) => line.ok)).toBe(true);
    expect(parsed.map((line) => (line.ok ? Buffer.from(line.record.body, 'utf8') : undefined))).toEqual(records.map(() => Buffer.from(BODY, 'utf8')));
  });

  test('records stay under the Firehose limit; a line larger than a record is reported, not sent', () => {
    // Prepare
    const small = archiveRecordOf({ eventId: 's', messageGroupId: 'g', receivedAt: 1, body: 'x'.repeat(300) }, 'p', 2);
    const huge = archiveRecordOf({ eventId: 'h', messageGroupId: 'g', receivedAt: 1, body: 'x'.repeat(2_000) }, 'p', 2);

    // Act
    const packed = packArchiveLines([small, small, small, huge], 1_000);

    // Assess
    expect(packed.oversized.map((record) => record.eventId)).toEqual(['h']);
    expect(packed.records.every((record) => record.data.length <= 1_000)).toBe(true);
    expect(packed.records.reduce((sum, record) => sum + record.events, 0)).toBe(3);
    expect(packed.records.length).toBeGreaterThan(1);
    expect(chunkRecords(packed.records, 1, 10_000)).toHaveLength(packed.records.length);
    expect(chunkRecords(packed.records, 500, 1_000)).toHaveLength(packed.records.length);
    expect(chunkRecords(packed.records, 500, 10_000)).toHaveLength(1);
  });

  test('a body changed in the archive no longer matches its hash', () => {
    // Prepare
    const record = archiveRecordOf({ eventId: 'e', messageGroupId: 'g', receivedAt: 1, body: BODY }, 'p', 2);
    const tampered = JSON.stringify({ ...record, body: BODY.replace('t-1', 't-2') });

    // Act
    const [line] = parseArchiveObject(`${tampered}\n`);

    // Assess
    expect(line).toEqual({ ok: false, problem: 'event e: body does not match bodySha256' });
    expect(parseArchiveObject('{"v":2}\nnot json\n').map((parsed) => parsed.ok)).toEqual([false, false]);
  });
});

describe('signed headers and re-verification of archived events', () => {
  const signing: SchemeName[] = ['shopify', 'github', 'stripe', 'standard-webhooks'];

  test.each(signing)('%s: the archived bytes and headers re-verify; a changed byte does not', (name) => {
    // Prepare
    const scheme = SCHEMES[name];
    const raw = Buffer.from(BODY, 'utf8');
    const headers = lowerCased({ ...scheme.sign(raw), 'content-type': 'application/json', 'x-other': 'not kept' });

    // Act
    const attribute = signedHeadersAttribute(scheme.auth, headers);
    const signedHeaders = JSON.parse(attribute!) as Record<string, string>;
    const record = archiveRecordOf({ eventId: 'e', messageGroupId: 'g', receivedAt: NOW_MS, body: BODY, signedHeaders }, 'p', NOW_MS + 1);
    const altered = { ...record, body: BODY.replace('caf', 'cab') };

    // Assess
    expect(Object.keys(signedHeaders)).not.toContain('x-other');
    expect(Object.keys(signedHeaders)).not.toContain('content-type');
    expect(verifyArchivedEvent(record, scheme.auth, scheme.secrets)).toEqual({ verified: true });
    expect(verifyArchivedEvent(altered, scheme.auth, scheme.secrets).verified).toBe(false);
    // Days later the signed timestamp is judged against the receipt, not against now.
    expect(verifyArchivedEvent({ ...record, archivedAt: NOW_MS + 86_400_000 }, scheme.auth, scheme.secrets)).toEqual({ verified: true });
  });

  test('shared-token keeps no header (the token is the secret) and cannot be re-verified', () => {
    // Prepare
    const scheme = SCHEMES['shared-token'];
    const headers = lowerCased(scheme.sign(Buffer.from(BODY)));

    // Act
    const attribute = signedHeadersAttribute(scheme.auth, headers);

    // Assess
    expect(attribute).toBeUndefined();
    const record = archiveRecordOf({ eventId: 'e', messageGroupId: 'g', receivedAt: NOW_MS, body: BODY }, 'p', NOW_MS);
    expect(verifyArchivedEvent(record, scheme.auth, scheme.secrets)).toEqual({ verified: false, reason: 'shared_token_signs_nothing' });
  });

  test('headers larger than the attribute budget are not carried', () => {
    const scheme = SCHEMES.github;
    const headers = { 'x-hub-signature-256': `sha256=${'a'.repeat(SIGNED_HEADERS_MAX_BYTES)}` };
    expect(signedHeadersAttribute(scheme.auth, headers)).toBeUndefined();
  });
});
