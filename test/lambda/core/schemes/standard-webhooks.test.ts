import { createHmac, randomBytes } from 'node:crypto';
import { createAuthenticator } from '../../../../lambda/core/schemes/authentication-schemes';
import { decodeStandardWebhooksSecret } from '../../../../lambda/core/schemes/standard-webhooks';
import { AuthenticationRuntimeConfig } from '../../../../src/contract';

// Keys as raw bytes; the secrets are `whsec_` + base64(key), as Standard Webhooks issues them.
const KEY = Buffer.from('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'utf8');
const PREVIOUS_KEY = Buffer.from('c2VjcmV0LXByZXZpb3VzLWtleS1ieXRlcw', 'utf8');
const SECRET = `whsec_${KEY.toString('base64')}`;
const PREVIOUS = `whsec_${PREVIOUS_KEY.toString('base64')}`;
const ID = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
const BODY = Buffer.from('{"type":"contact.created","timestamp":"2022-11-03T20:26:10.344522Z","data":{"id":1}}', 'utf8');
const NOW_SECONDS = 1_700_000_000;
const TOLERANCE = 300;
const CONFIG: AuthenticationRuntimeConfig = {
  scheme: 'standard-webhooks',
  secretArn: 'arn',
  headers: ['webhook-signature'],
  algorithm: 'sha256',
  encoding: 'base64',
  prefix: '',
  toleranceSeconds: TOLERANCE,
};

// Vectors computed here with node:crypto, independently of the code under test.
const sign = (timestamp: number | string, key = KEY, id = ID, body = BODY) =>
  createHmac('sha256', key).update(`${id}.${timestamp}.`).update(body).digest('base64');

function verify(
  headers: Record<string, string>,
  options: { secrets?: string[]; nowSeconds?: number; config?: AuthenticationRuntimeConfig } = {},
) {
  const nowSeconds = options.nowSeconds ?? NOW_SECONDS;
  const authenticate = createAuthenticator(options.config ?? CONFIG, options.secrets ?? [SECRET], () => nowSeconds * 1000);
  return authenticate({ headers, rawBody: BODY });
}

const delivery = (signature: string, timestamp: number | string = NOW_SECONDS, id = ID) => ({
  'webhook-id': id,
  'webhook-timestamp': String(timestamp),
  'webhook-signature': signature,
});

describe('standard-webhooks scheme', () => {
  const good = `v1,${sign(NOW_SECONDS)}`;

  test.each([
    ['one v1 entry', delivery(good), { ok: true }],
    ['several v1 entries, one right', delivery(`v1,${sign(NOW_SECONDS, randomBytes(24))} v1,${'A'.repeat(44)} ${good}`), { ok: true }],
    ['other versions ignored', delivery(`v1a,${sign(NOW_SECONDS)}x v2,abc ${good}`), { ok: true }],
    ['only another version', delivery(`v2,${sign(NOW_SECONDS)}`), { ok: false, reason: 'missing_signature' }],
    ['no version tag', delivery(sign(NOW_SECONDS)), { ok: false, reason: 'missing_signature' }],
    ['hex instead of base64', delivery(`v1,${Buffer.from(sign(NOW_SECONDS), 'base64').toString('hex')}`), { ok: false, reason: 'signature_mismatch' }],
    ['base64 with a bad character', delivery(`v1,${sign(NOW_SECONDS).slice(0, 40)}*==`), { ok: false, reason: 'malformed_signature' }],
    ['truncated base64', delivery(`v1,${sign(NOW_SECONDS).slice(0, 40)}`), { ok: false, reason: 'signature_mismatch' }],
    ['truncated, padding broken', delivery(`v1,${sign(NOW_SECONDS).slice(0, 42)}`), { ok: false, reason: 'malformed_signature' }],
    ['signed over another id', delivery(`v1,${sign(NOW_SECONDS, KEY, 'msg_other')}`), { ok: false, reason: 'signature_mismatch' }],
    ['signed with the whsec_ string as key', delivery(`v1,${createHmac('sha256', SECRET).update(`${ID}.${NOW_SECONDS}.`).update(BODY).digest('base64')}`), { ok: false, reason: 'signature_mismatch' }],
    ['no webhook-id', { 'webhook-timestamp': String(NOW_SECONDS), 'webhook-signature': good }, { ok: false, reason: 'missing_webhook_id' }],
    ['no webhook-timestamp', { 'webhook-id': ID, 'webhook-signature': good }, { ok: false, reason: 'missing_timestamp' }],
    ['timestamp in milliseconds', delivery(`v1,${sign(NOW_SECONDS * 1000)}`, NOW_SECONDS * 1000), { ok: false, reason: 'malformed_timestamp' }],
    ['timestamp not an integer', delivery(good, '1700000000.5'), { ok: false, reason: 'malformed_timestamp' }],
    ['no webhook-signature', { 'webhook-id': ID, 'webhook-timestamp': String(NOW_SECONDS) }, { ok: false, reason: 'missing_signature' }],
  ])('%s', (_name, headers: Record<string, string>, expected) => {
    // Prepare
    // Act
    const result = verify(headers);

    // Assess
    expect(result).toEqual(expected);
  });

  test.each([
    ['just inside, past', NOW_SECONDS - TOLERANCE, { ok: true }],
    ['just inside, future', NOW_SECONDS + TOLERANCE, { ok: true }],
    ['just outside, expired', NOW_SECONDS - TOLERANCE - 1, { ok: false, reason: 'timestamp_outside_tolerance' }],
    ['just outside, future', NOW_SECONDS + TOLERANCE + 1, { ok: false, reason: 'timestamp_outside_tolerance' }],
  ])('timestamp %s', (_name, timestamp, expected) => {
    // Prepare
    const headers = delivery(`v1,${sign(timestamp)}`, timestamp);

    // Act
    const result = verify(headers);

    // Assess
    expect(result).toEqual(expected);
  });

  test.each([
    ['previous secret during rotation', [SECRET, PREVIOUS], PREVIOUS_KEY, { ok: true }],
    ['previous secret after rotation ended', [SECRET], PREVIOUS_KEY, { ok: false, reason: 'signature_mismatch' }],
    ['an unknown key', [SECRET, PREVIOUS], randomBytes(32), { ok: false, reason: 'signature_mismatch' }],
    ['a secret without the whsec_ prefix is base64 too', [KEY.toString('base64')], KEY, { ok: true }],
    ['a secret that is not base64', ['whsec_not*base64'], KEY, { ok: false, reason: 'missing_secret' }],
  ])('%s', (_name, secrets, key, expected) => {
    // Prepare
    const headers = delivery(`v1,${sign(NOW_SECONDS, key)}`);

    // Act
    const result = verify(headers, { secrets });

    // Assess
    expect(result).toEqual(expected);
  });

  test('svix-signature reads svix-id and svix-timestamp', () => {
    // Prepare
    const config = { ...CONFIG, headers: ['webhook-signature', 'svix-signature'] };
    const headers = { 'svix-id': ID, 'svix-timestamp': String(NOW_SECONDS), 'svix-signature': good };

    // Act
    const result = verify(headers, { config });

    // Assess
    expect(result).toEqual({ ok: true });
  });

  test('decodeStandardWebhooksSecret strips whsec_ and decodes base64', () => {
    // Prepare
    // Act
    const key = decodeStandardWebhooksSecret(SECRET);

    // Assess
    expect(key).toEqual(KEY);
  });
});
