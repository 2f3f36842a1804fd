import { createHmac } from 'node:crypto';
import { createAuthenticator } from '../../../../lambda/core/schemes/authentication-schemes';
import { parseStripeSignatureHeader } from '../../../../lambda/core/schemes/stripe';
import { AuthenticationRuntimeConfig } from '../../../../src/contract';

// The whsec_ string is the HMAC key verbatim (not base64-decoded) for Stripe.
const SECRET = 'whsec_5f1c2a9e0b7d4c3f8a6e1d2b9c0a7f3e';
const PREVIOUS = 'whsec_previous0000000000000000000000';
const BODY = Buffer.from('{\n  "id": "evt_1NG8Du2eZvKYlo2CUI79vXWy",\n  "object": "event",\n  "type": "invoice.paid"\n}', 'utf8');
const NOW_SECONDS = 1_700_000_000;
const TOLERANCE = 300;
const CONFIG: AuthenticationRuntimeConfig = {
  scheme: 'stripe',
  secretArn: 'arn',
  headers: ['stripe-signature'],
  algorithm: 'sha256',
  encoding: 'hex',
  prefix: '',
  toleranceSeconds: TOLERANCE,
};

// Vectors computed here with node:crypto, independently of the code under test.
const v1 = (t: number | string, secret = SECRET, body = BODY) =>
  createHmac('sha256', secret).update(`${t}.`).update(body).digest('hex');

function verify(header: string | undefined, secrets: string[] = [SECRET], nowSeconds = NOW_SECONDS) {
  const authenticate = createAuthenticator(CONFIG, secrets, () => nowSeconds * 1000);
  return authenticate({ headers: header === undefined ? {} : { 'stripe-signature': header }, rawBody: BODY });
}

describe('stripe scheme', () => {
  const t = NOW_SECONDS;
  const good = v1(t);

  test.each([
    ['one v1', `t=${t},v1=${good}`, { ok: true }],
    ['several v1, the last one right', `t=${t},v1=${v1(t, 'whsec_other')},v1=${'0'.repeat(64)},v1=${good}`, { ok: true }],
    ['several v1, the first one right', `t=${t},v1=${good},v1=${v1(t, 'whsec_other')}`, { ok: true }],
    ['v0 and unknown keys are ignored', `t=${t},v0=${'ab'.repeat(32)},v1=${good},v9=zz,foo=bar`, { ok: true }],
    ['spaces around entries', ` t=${t} , v1=${good} `, { ok: true }],
    ['upper-case hex', `t=${t},v1=${good.toUpperCase()}`, { ok: true }],
    ['only v0', `t=${t},v0=${good}`, { ok: false, reason: 'missing_signature' }],
    ['no t', `v1=${good}`, { ok: false, reason: 'missing_timestamp' }],
    ['t not numeric', `t=abc,v1=${good}`, { ok: false, reason: 'malformed_timestamp' }],
    ['t negative', `t=-${t},v1=${good}`, { ok: false, reason: 'malformed_timestamp' }],
    ['t twice', `t=${t},t=${t},v1=${good}`, { ok: false, reason: 'malformed_timestamp' }],
    ['v1 wrong secret', `t=${t},v1=${v1(t, 'whsec_wrong')}`, { ok: false, reason: 'signature_mismatch' }],
    ['v1 over another timestamp', `t=${t},v1=${v1(t - 1)}`, { ok: false, reason: 'signature_mismatch' }],
    ['v1 truncated', `t=${t},v1=${good.slice(0, 62)}`, { ok: false, reason: 'signature_mismatch' }],
    ['v1 odd length', `t=${t},v1=${good.slice(0, 63)}`, { ok: false, reason: 'malformed_signature' }],
    ['v1 base64 instead of hex', `t=${t},v1=${Buffer.from(good, 'hex').toString('base64')}`, { ok: false, reason: 'malformed_signature' }],
    ['v1 empty', `t=${t},v1=`, { ok: false, reason: 'malformed_signature' }],
    ['header empty', '', { ok: false, reason: 'missing_signature' }],
    ['header absent', undefined, { ok: false, reason: 'missing_signature' }],
  ])('%s', (_name, header, expected) => {
    // Prepare
    // Act
    const result = verify(header);

    // Assess
    expect(result).toEqual(expected);
  });

  test.each([
    ['just inside, past', NOW_SECONDS - TOLERANCE, { ok: true }],
    ['just inside, future', NOW_SECONDS + TOLERANCE, { ok: true }],
    ['just outside, expired', NOW_SECONDS - TOLERANCE - 1, { ok: false, reason: 'timestamp_outside_tolerance' }],
    ['just outside, future', NOW_SECONDS + TOLERANCE + 1, { ok: false, reason: 'timestamp_outside_tolerance' }],
    ['a day old', NOW_SECONDS - 86_400, { ok: false, reason: 'timestamp_outside_tolerance' }],
  ])('timestamp %s', (_name, timestamp, expected) => {
    // Prepare
    const header = `t=${timestamp},v1=${v1(timestamp)}`;

    // Act
    const result = verify(header);

    // Assess
    expect(result).toEqual(expected);
  });

  test('the clock is injected: the same delivery passes now and fails 301 s later', () => {
    // Prepare
    const header = `t=${t},v1=${good}`;

    // Act
    const now = verify(header, [SECRET], NOW_SECONDS);
    const later = verify(header, [SECRET], NOW_SECONDS + TOLERANCE + 1);

    // Assess
    expect(now).toEqual({ ok: true });
    expect(later).toEqual({ ok: false, reason: 'timestamp_outside_tolerance' });
  });

  test.each([
    ['signed with the previous secret during rotation', [SECRET, PREVIOUS], v1(t, PREVIOUS), { ok: true }],
    ['signed with the current secret during rotation', [SECRET, PREVIOUS], v1(t, SECRET), { ok: true }],
    ['previous secret after rotation ended', [SECRET], v1(t, PREVIOUS), { ok: false, reason: 'signature_mismatch' }],
    ['an unknown secret', [SECRET, PREVIOUS], v1(t, 'whsec_unknown'), { ok: false, reason: 'signature_mismatch' }],
    ['the key base64-decoded instead of verbatim', [SECRET], createHmac('sha256', Buffer.from(SECRET.slice(6), 'base64')).update(`${t}.`).update(BODY).digest('hex'), { ok: false, reason: 'signature_mismatch' }],
    ['no secret', [], v1(t), { ok: false, reason: 'missing_secret' }],
  ])('%s', (_name, secrets, signature, expected) => {
    // Prepare
    const header = `t=${t},v1=${signature}`;

    // Act
    const result = verify(header, secrets);

    // Assess
    expect(result).toEqual(expected);
  });

  test('parseStripeSignatureHeader keeps t and every v1, drops the rest', () => {
    // Prepare
    // Act
    const parsed = parseStripeSignatureHeader('t=1,v1=aa,v0=bb,x,v1=cc,=dd');

    // Assess
    expect(parsed).toEqual({ timestamps: ['1'], v1: ['aa', 'cc'] });
  });
});
