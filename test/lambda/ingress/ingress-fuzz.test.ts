/*
 * Property-based fuzzing of the whole ingress handler: > 10,000 generated bad requests, each
 * must be answered with a documented 4xx body, without a throw and without an enqueue.
 * Positive controls in the same file show the harness (test/support/ingress-fuzz-requests.ts)
 * does enqueue a correctly signed request, so the properties can fail.
 */
import fc from 'fast-check';
import { badRequest, deepBody, deliver, expectRejected, hugeText, MAX_BODY_BYTES, pollutionBody, validEnvelope } from '../../support/ingress-fuzz-requests';
import { NOW_SECONDS, SCHEME_NAMES, SCHEMES, TOLERANCE } from '../../support/signing-schemes';

const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();

describe('ingress handler under fuzzing', () => {
  test.each(SCHEME_NAMES)('positive control (%s): a correctly signed request is enqueued once', async (name) => {
    // Prepare
    const scheme = SCHEMES[name];
    const body = Buffer.from('{"id":"evt_ok","type":"order.created","conversation":{"id":"c1"}}', 'utf8');
    const request = { headers: { 'Content-Type': 'application/json', ...scheme.sign(body) }, body: body.toString('base64'), isBase64Encoded: true };

    // Act
    const result = await deliver(scheme, request);

    // Assess
    expect(result.response.statusCode).toBe(200);
    expect(result.sent).toHaveLength(1);
    expect(result.sent[0].bodyText).toBe(body.toString('utf8'));
  });

  test.each(SCHEME_NAMES.filter((name) => SCHEMES[name].secrets.length > 1))('positive control (%s): the previous secret is accepted during rotation', async (name) => {
    // Prepare
    const scheme = SCHEMES[name];
    const body = Buffer.from('{"id":"evt_prev","type":"t"}', 'utf8');
    const request = { headers: { 'content-type': 'application/json', ...scheme.sign(body, { secret: scheme.secrets[1] }) }, body: body.toString('utf8'), isBase64Encoded: false };

    // Act
    const result = await deliver(scheme, request);

    // Assess
    expect(result.response.statusCode).toBe(200);
    expect(result.sent).toHaveLength(1);
  });

  test('positive control, fuzzed: 500 correctly signed random envelopes are all enqueued', async () => {
    // Prepare
    const property = fc.asyncProperty(fc.constantFrom(...SCHEME_NAMES), validEnvelope, fc.boolean(), async (name, text, base64) => {
      const scheme = SCHEMES[name];
      const bytes = Buffer.from(text, 'utf8');
      const request = {
        headers: { 'Content-Type': 'application/json', ...scheme.sign(bytes) },
        body: base64 ? bytes.toString('base64') : text,
        isBase64Encoded: base64,
      };

      // Act
      const result = await deliver(scheme, request);

      // Assess
      expect(result.response.statusCode).toBe(200);
      expect(result.sent).toHaveLength(1);
    });

    // Act + Assess
    await fc.assert(property, { numRuns: 500 });
  });

  test('6,000 requests with bad, missing or garbage authentication: none is enqueued', async () => {
    // Prepare
    const statuses = new Map<number, number>();
    const property = fc.asyncProperty(badRequest, async ({ scheme, request }) => {
      // Act
      const result = await deliver(scheme, request);

      // Assess
      expectRejected(result);
      statuses.set(result.response.statusCode, (statuses.get(result.response.statusCode) ?? 0) + 1);
    });

    // Act + Assess
    await fc.assert(property, { numRuns: 6_000 });
    // Most cases must reach the signature check, not stop at the size or content-type screen.
    expect(statuses.get(401) ?? 0).toBeGreaterThan(3_000);
    expect([...statuses.keys()].sort()).toEqual([401, 413, 415]);
  });

  test('3,000 correctly signed requests with bad bodies or content types: rejected after authentication', async () => {
    // Prepare
    const badSignedBody = fc.oneof(
      pollutionBody,
      deepBody,
      fc.json().map((text) => `[${text}]`),
      fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.concat([Buffer.from([0xff]), bytes]).toString('base64')).map((b64) => `base64:${b64}`),
      validEnvelope.map((text) => text.replace('"evt_', '"evt é ')),
      hugeText.map((text) => `{"id":"evt_big","type":"t","pad":${JSON.stringify(text)}}`).filter((text) => Buffer.byteLength(text) > MAX_BODY_BYTES),
      fc.constantFrom('null', 'true', '42', '"text"', '{"id":"evt_1"}', '{"type":"t"}', '{"id":"a","type":"t","conversation":{"id":"c é"}}', '{}', '{"id":"a","type":"t","x":"\uFFFF"}'),
    );
    const property = fc.asyncProperty(
      fc.constantFrom(...SCHEME_NAMES),
      badSignedBody,
      fc.option(fc.constantFrom('text/plain', 'application/xml', ''), { nil: undefined }),
      async (name, body, wrongType) => {
        const scheme = SCHEMES[name];
        const bytes = body.startsWith('base64:') ? Buffer.from(body.slice(7), 'base64') : Buffer.from(body, 'utf8');
        const request = {
          // Standard Webhooks takes the event id from webhook-id, so the bad id goes there too.
          headers: { 'Content-Type': wrongType ?? 'application/json', ...scheme.sign(bytes, { id: body.includes('"evt é ') ? 'msg é' : undefined }) },
          body: bytes.toString('base64'),
          isBase64Encoded: true,
        };

        // Act
        const result = await deliver(scheme, request);

        // Assess
        expectRejected(result);
        expect(result.response.statusCode).not.toBe(401);
      },
    );

    // Act + Assess
    await fc.assert(property, { numRuns: 3_000 });
  });

  test('1,500 correctly signed timestamped deliveries outside the replay window: all 401', async () => {
    // Prepare
    const skew = fc.oneof(fc.integer({ min: TOLERANCE + 1, max: 10 * 365 * 86_400 }), fc.integer({ min: -10 * 365 * 86_400, max: -TOLERANCE - 1 }));
    const property = fc.asyncProperty(fc.constantFrom(SCHEMES.stripe, SCHEMES['standard-webhooks']), validEnvelope, skew, async (scheme, text, offset) => {
      const bytes = Buffer.from(text, 'utf8');
      const request = {
        headers: { 'Content-Type': 'application/json', ...scheme.sign(bytes, { timestamp: NOW_SECONDS + offset }) },
        body: text,
        isBase64Encoded: false,
      };

      // Act
      const result = await deliver(scheme, request);

      // Assess
      expectRejected(result);
      expect(result.response.statusCode).toBe(401);
      expect(JSON.parse(result.logLines[0]).reason).toBe('timestamp_outside_tolerance');
    });

    // Act + Assess
    await fc.assert(property, { numRuns: 1_500 });
  });

  test('Object.prototype was not polluted by the run', () => {
    // Prepare
    const probe: Record<string, unknown> = {};

    // Act
    const after = Object.getOwnPropertyNames(Object.prototype).sort();

    // Assess
    expect(after).toEqual(prototypeBefore);
    expect(probe.polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'id')).toBe(false);
  });
});
