import { createHmac } from 'node:crypto';
import { evaluateWebhookRequest, isJsonContentType, WebhookRequest } from '../../../lambda/core/webhook-request';
import { IngressRuntimeConfig } from '../../../src/contract';

const SECRET = 'test-signing-secret';
const CONFIG: IngressRuntimeConfig = {
  queueUrl: 'http://127.0.0.1:1/000000000000/webhooks.fifo',
  maxBodyBytes: 1_000,
  authentication: {
    scheme: 'hmac',
    secretArn: 'arn:aws:secretsmanager:us-east-2:000000000000:secret:s',
    headers: ['x-signature'],
    algorithm: 'sha256',
    encoding: 'hex',
    prefix: 'sha256=',
    toleranceSeconds: 0,
  },
  eventIdHeaders: ['x-event-id'],
  eventIdJsonPointer: '/id',
  messageGroupIdJsonPointer: '/conversation/id',
  requiredJsonPointers: ['/id', '/type'],
  secretCacheTtlSeconds: 60,
};

const sign = (body: Buffer, secret = SECRET) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

/** A request as API Gateway delivers it with binaryMediaTypes '*\/*': base64 body, sender's header casing. */
function request(bodyText: string, headers: Record<string, string> = {}, options: { sign?: boolean; base64?: boolean } = {}): WebhookRequest {
  const body = Buffer.from(bodyText, 'utf8');
  const base64 = options.base64 ?? true;
  return {
    headers: {
      'Content-Type': 'application/json',
      ...(options.sign === false ? {} : { 'X-Signature': sign(body) }),
      ...headers,
    },
    body: base64 ? body.toString('base64') : bodyText,
    isBase64Encoded: base64,
  };
}

/** A valid body of exactly `bytes` bytes. */
function bodyOfSize(bytes: number): string {
  const shell = '{"id":"evt_1","type":"t","pad":""}';
  return `{"id":"evt_1","type":"t","pad":"${'x'.repeat(bytes - shell.length)}"}`;
}

const VALID = JSON.stringify({ id: 'evt_1', type: 'message.created', conversation: { id: 'conv-9' }, text: 'hi' });

describe('evaluateWebhookRequest', () => {
  test.each([true, false])('accepts a signed JSON object (base64 body: %s)', (base64) => {
    // Prepare
    const input = request(VALID, {}, { base64 });

    // Act
    const decision = evaluateWebhookRequest(input, CONFIG, [SECRET]);

    // Assess
    expect(decision).toEqual({
      accepted: true,
      eventId: 'evt_1',
      messageGroupId: 'conv-9',
      eventIdSource: 'jsonPointer',
      bodyText: VALID,
      bodyBytes: Buffer.byteLength(VALID),
      verifiedWithPreviousSecret: false,
    });
  });

  test('tells which candidate verified: the previous secret is reported as such', () => {
    // Prepare
    const input = request(VALID, { 'X-Signature': sign(Buffer.from(VALID), 'previous-secret') });

    // Act
    const decision = evaluateWebhookRequest(input, CONFIG, [SECRET, 'previous-secret']);

    // Assess
    expect(decision).toMatchObject({ accepted: true, verifiedWithPreviousSecret: true });
  });

  test.each([
    ['decoded body one byte over the limit', bodyOfSize(1_001)],
    ['base64 string obviously too large', 'x'.repeat(5_000)],
  ])('413 for %s', (_name, bodyText) => {
    // Prepare
    const input = request(bodyText);

    // Act
    const decision = evaluateWebhookRequest(input, CONFIG, [SECRET]);

    // Assess
    expect(decision).toMatchObject({ accepted: false, statusCode: 413, reason: 'body_too_large' });
  });

  test('a body exactly at the limit is not a 413', () => {
    // Prepare
    const bodyText = bodyOfSize(1_000);
    const input = request(bodyText);

    // Act
    const decision = evaluateWebhookRequest(input, CONFIG, [SECRET]);

    // Assess
    expect(Buffer.byteLength(bodyText)).toBe(1_000);
    expect(decision).toMatchObject({ accepted: true, bodyBytes: 1_000 });
  });

  test.each([
    ['text/plain'],
    ['application/x-www-form-urlencoded'],
    ['application/jsonp'],
  ])('415 for Content-Type %s', (contentType) => {
    // Prepare
    const input = request(VALID, { 'Content-Type': contentType });

    // Act
    const decision = evaluateWebhookRequest(input, CONFIG, [SECRET]);

    // Assess
    expect(decision).toMatchObject({ accepted: false, statusCode: 415, reason: 'unsupported_content_type' });
  });

  test('415 when Content-Type is missing', () => {
    // Prepare
    const input = { ...request(VALID), headers: { 'X-Signature': sign(Buffer.from(VALID)) } };

    // Act
    const decision = evaluateWebhookRequest(input, CONFIG, [SECRET]);

    // Assess
    expect(decision).toMatchObject({ accepted: false, statusCode: 415 });
  });

  test.each([
    ['no signature', request(VALID, {}, { sign: false }), [SECRET], 'missing_signature'],
    ['wrong secret', request(VALID, { 'X-Signature': sign(Buffer.from(VALID), 'wrong') }), [SECRET], 'signature_mismatch'],
    ['garbage signature', request(VALID, { 'X-Signature': 'sha256=zz' }), [SECRET], 'malformed_signature'],
    ['no prefix', request(VALID, { 'X-Signature': sign(Buffer.from(VALID)).slice(7) }), [SECRET], 'malformed_signature'],
    ['no secret configured', request(VALID), [], 'missing_secret'],
    ['signed, but body is not JSON', request('not json', { 'X-Signature': sign(Buffer.from('other')) }), [SECRET], 'signature_mismatch'],
  ])('401 with the one Unauthorized body: %s', (_name, input, secrets, reason) => {
    // Prepare
    // Act
    const decision = evaluateWebhookRequest(input, CONFIG, secrets);

    // Assess
    expect(decision).toMatchObject({ accepted: false, statusCode: 401, reason });
    expect(decision.accepted === false && decision.response.body).toBe('{"message":"Unauthorized"}');
  });

  test.each([
    ['not JSON', '{"id":', 'invalid_json', 'Body is not valid JSON'],
    ['empty', '', 'invalid_json', 'Body is not valid JSON'],
    ['an array', '[{"id":"evt_1"}]', 'body_not_object', 'Body must be a JSON object, not an array'],
    ['null', 'null', 'body_not_object', 'Body must be a JSON object, not null'],
    ['a number', '42', 'body_not_object', 'Body must be a JSON object, not a number'],
    ['a string', '"evt_1"', 'body_not_object', 'Body must be a JSON object, not a string'],
    ['missing required fields', '{"id":"evt_1"}', 'required_field_missing', 'Body is missing required fields at JSON pointers: /type'],
    ['missing every required field', '{"__proto__":{"id":1}}', 'required_field_missing', 'Body is missing required fields at JSON pointers: /id, /type'],
    ['an empty required value', '{"id":"evt_1","type":""}', 'required_field_empty', 'Body has empty required fields at JSON pointers: /type'],
    ['whitespace-only required values', '{"id":" \\t","type":"\\n "}', 'required_field_empty', 'Body has empty required fields at JSON pointers: /id, /type'],
    ['a null required value', '{"id":"evt_1","type":null}', 'required_field_empty', 'Body has empty required fields at JSON pointers: /type'],
    ['an empty message group value', '{"id":"evt_1","type":"t","conversation":{"id":""}}', 'invalid_message_group_id', 'The value at /conversation/id is empty or blank'],
    ['nested deeper than 64 levels', `{"id":"evt_1","type":"t","x":${'['.repeat(64)}${']'.repeat(64)}}`, 'json_too_deep', 'Body nests objects and arrays deeper than 64 levels'],
    ['JSON holding a character SQS refuses', '{"id":"evt_1","type":"\uFFFF"}', 'unsupported_characters', 'Body contains the characters U+FFFE or U+FFFF, which cannot be queued'],
    ['an event id SQS cannot take', '{"id":"evt 1","type":"t"}', 'invalid_event_id', 'The event id contains characters other than letters, digits and ASCII punctuation'],
  ])('400 when the body is %s', (_name, bodyText, reason, message) => {
    // Prepare
    const input = request(bodyText);

    // Act
    const decision = evaluateWebhookRequest(input, CONFIG, [SECRET]);

    // Assess
    expect(decision).toMatchObject({ accepted: false, statusCode: 400, reason });
    expect(decision.accepted === false && JSON.parse(decision.response.body)).toEqual({ message });
  });

  test('400 for bytes that are not UTF-8, even when signed', () => {
    // Prepare
    const body = Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]);
    const input: WebhookRequest = {
      headers: { 'content-type': 'application/json', 'x-signature': sign(body) },
      body: body.toString('base64'),
      isBase64Encoded: true,
    };

    // Act
    const decision = evaluateWebhookRequest(input, CONFIG, [SECRET]);

    // Assess
    expect(decision).toMatchObject({ accepted: false, statusCode: 400, reason: 'invalid_json' });
  });

  test('the signature is checked over the exact bytes, not re-serialised JSON', () => {
    // Prepare
    const spaced = '{ "id": "evt_1",  "type": "t" }';
    const input = request(spaced, { 'X-Signature': sign(Buffer.from(JSON.stringify(JSON.parse(spaced)))) });

    // Act
    const decision = evaluateWebhookRequest(input, CONFIG, [SECRET]);

    // Assess
    expect(decision).toMatchObject({ accepted: false, statusCode: 401 });
  });

  test('no rejection body quotes the request', () => {
    // Prepare
    const marker = 'SECRET-PAYLOAD-MARKER';
    const inputs = [
      request(`{"id":"${marker}"}`),
      request(`["${marker}"]`),
      request(`{"${marker}`),
      request(`{"id":"${marker}","type":"t"}`, { 'X-Signature': `sha256=${marker}` }),
    ];

    // Act
    const bodies = inputs.map((input) => evaluateWebhookRequest(input, CONFIG, [SECRET]))
      .map((decision) => (decision.accepted ? 'accepted' : decision.response.body));

    // Assess
    expect(bodies.filter((body) => body.includes(marker))).toEqual([]);
    expect(bodies).not.toContain('accepted');
  });
});

describe('isJsonContentType', () => {
  test.each([
    ['application/json', true],
    ['Application/JSON; charset=utf-8', true],
    ['application/vnd.richpanel.event+json', true],
    ['application/cloudevents+json; charset=UTF-8', true],
    ['text/json', false],
    ['application/json-patch', false],
    ['', false],
    [undefined, false],
  ])('%j → %s', (contentType, expected) => {
    // Prepare
    // Act
    const result = isJsonContentType(contentType);

    // Assess
    expect(result).toBe(expected);
  });
});
