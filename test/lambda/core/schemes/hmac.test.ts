import { createHmac } from 'node:crypto';
import { HmacSignatureOptions, hmacAuthenticator, verifyHmacSignature } from '../../../../lambda/core/schemes/hmac';
import { AuthenticationRuntimeConfig } from '../../../../src/private/runtime-contract';

const SECRET = 'whsec-current-0123456789';
const PREVIOUS = 'whsec-previous-abcdef';
const BODY = Buffer.from('{"id":"evt_1","text":"héllo"}', 'utf8');

// Vectors computed here with node:crypto, independently of the code under test.
const hmac = (secret: string, body: Buffer) => createHmac('sha256', secret).update(body).digest();
const HEX = hmac(SECRET, BODY).toString('hex');
const B64 = hmac(SECRET, BODY).toString('base64');

const hexPlain: HmacSignatureOptions = { algorithm: 'sha256', encoding: 'hex', prefix: '' };
const hexPrefixed: HmacSignatureOptions = { ...hexPlain, prefix: 'sha256=' };
const base64Plain: HmacSignatureOptions = { ...hexPlain, encoding: 'base64' };

describe('verifyHmacSignature', () => {
  test.each([
    ['hex', hexPlain, HEX, [SECRET], { ok: true }],
    ['hex, upper case', hexPlain, HEX.toUpperCase(), [SECRET], { ok: true }],
    ['base64', base64Plain, B64, [SECRET], { ok: true }],
    ['prefix sha256=', hexPrefixed, `sha256=${HEX}`, [SECRET], { ok: true }],
    ['surrounding whitespace', hexPrefixed, `  sha256=${HEX} `, [SECRET], { ok: true }],
    ['rotation: signed with the previous secret', hexPlain, hmac(PREVIOUS, BODY).toString('hex'), [SECRET, PREVIOUS], { ok: true }],
    ['rotation: signed with the current secret', hexPlain, HEX, [SECRET, PREVIOUS], { ok: true }],
    ['wrong secret', hexPlain, hmac('not-the-secret', BODY).toString('hex'), [SECRET], { ok: false, reason: 'signature_mismatch' }],
    ['previous secret no longer a candidate', hexPlain, hmac(PREVIOUS, BODY).toString('hex'), [SECRET], { ok: false, reason: 'signature_mismatch' }],
    ['signature of another body', hexPlain, hmac(SECRET, Buffer.from('{}')).toString('hex'), [SECRET], { ok: false, reason: 'signature_mismatch' }],
    ['truncated hex', hexPlain, HEX.slice(0, 32), [SECRET], { ok: false, reason: 'signature_mismatch' }],
    ['odd-length hex', hexPlain, HEX.slice(0, 63), [SECRET], { ok: false, reason: 'malformed_signature' }],
    ['hex with a non-hex character', hexPlain, `${HEX.slice(0, 62)}zz`, [SECRET], { ok: false, reason: 'malformed_signature' }],
    ['truncated base64, still well-formed', base64Plain, B64.slice(0, 20), [SECRET], { ok: false, reason: 'signature_mismatch' }],
    ['truncated base64, broken padding', base64Plain, B64.slice(0, 22), [SECRET], { ok: false, reason: 'malformed_signature' }],
    ['base64 sent where hex is expected', hexPlain, B64, [SECRET], { ok: false, reason: 'malformed_signature' }],
    ['hex sent where base64 is expected', base64Plain, HEX, [SECRET], { ok: false, reason: 'signature_mismatch' }],
    ['prefix missing', hexPrefixed, HEX, [SECRET], { ok: false, reason: 'malformed_signature' }],
    ['prefix only', hexPrefixed, 'sha256=', [SECRET], { ok: false, reason: 'malformed_signature' }],
    ['header missing', hexPlain, undefined, [SECRET], { ok: false, reason: 'missing_signature' }],
    ['header empty', hexPlain, '', [SECRET], { ok: false, reason: 'missing_signature' }],
    ['no secret', hexPlain, HEX, [], { ok: false, reason: 'missing_secret' }],
    ['only an empty secret', hexPlain, hmac('', BODY).toString('hex'), [''], { ok: false, reason: 'missing_secret' }],
  ])('%s', (_name, options, presented, secrets, expected) => {
    // Prepare
    const body = Buffer.from(BODY);

    // Act
    const result = verifyHmacSignature(body, presented, secrets, options);

    // Assess
    expect(result).toEqual(expected);
  });

  test('one changed body byte fails verification', () => {
    // Prepare
    const tampered = Buffer.from(BODY);
    tampered[tampered.length - 2] = tampered[tampered.length - 2] === 0x41 ? 0x42 : 0x41;

    // Act
    const result = verifyHmacSignature(tampered, HEX, [SECRET], hexPlain);

    // Assess
    expect(result).toEqual({ ok: false, reason: 'signature_mismatch' });
  });
});

describe('hmacAuthenticator', () => {
  test('reads the configured header from lower-cased headers', () => {
    // Prepare
    const config: AuthenticationRuntimeConfig = { ...hexPlain, scheme: 'hmac', secretArn: 'arn', headers: ['X-Signature'], toleranceSeconds: 0 };
    const authenticate = hmacAuthenticator(config, [SECRET], () => 0);

    // Act
    const good = authenticate({ headers: { 'x-signature': HEX }, rawBody: BODY });
    const otherHeader = authenticate({ headers: { 'x-other': HEX }, rawBody: BODY });

    // Assess
    expect(good).toEqual({ ok: true });
    expect(otherHeader).toEqual({ ok: false, reason: 'missing_signature' });
  });
});
