import { createHmac } from 'node:crypto';
import { createAuthenticator } from '../../../../lambda/core/schemes/authentication-schemes';
import { HmacSignatureOptions, hmacAuthenticator, verifyHmacSignature } from '../../../../lambda/core/schemes/hmac';
import { AuthenticationRuntimeConfig } from '../../../../src/contract';

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

describe('hmac scheme through createAuthenticator', () => {
  const SHOPIFY_SECRET = 'shpss_0123456789abcdef';
  const GITHUB_SECRET = 'gh-webhook-secret';
  const body = Buffer.from('{"id":820982911946154508,"email":"jon@example.com","note":"ünïcode"}', 'utf8');
  const shopifyConfig: AuthenticationRuntimeConfig = {
    scheme: 'hmac',
    secretArn: 'arn',
    headers: ['x-shopify-hmac-sha256', 'shopify-hmac-sha256'],
    algorithm: 'sha256',
    encoding: 'base64',
    prefix: '',
    toleranceSeconds: 0,
  };
  const githubConfig: AuthenticationRuntimeConfig = {
    ...shopifyConfig, headers: ['x-hub-signature-256'], encoding: 'hex', prefix: 'sha256=',
  };
  const shopifySignature = createHmac('sha256', SHOPIFY_SECRET).update(body).digest('base64');
  const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  // Same bytes, other spelling: flip an unused low bit of the last significant character.
  const nonCanonical = (b64: string) => {
    const at = b64.length - 2;
    const index = BASE64_ALPHABET.indexOf(b64[at]);
    return b64.slice(0, at) + BASE64_ALPHABET[index % 2 === 0 ? index + 1 : index - 1] + b64.slice(at + 1);
  };
  const githubSignature = `sha256=${createHmac('sha256', GITHUB_SECRET).update(body).digest('hex')}`;
  const clock = () => 1_700_000_000_000;

  test.each([
    ['Shopify, legacy X- header', { 'x-shopify-hmac-sha256': shopifySignature }, { ok: true }],
    ['Shopify, newer header without X-', { 'shopify-hmac-sha256': shopifySignature }, { ok: true }],
    ['Shopify, the first configured header wins', { 'x-shopify-hmac-sha256': 'AAAA', 'shopify-hmac-sha256': shopifySignature }, { ok: false, reason: 'signature_mismatch' }],
    ['Shopify, hex where base64 is expected', { 'shopify-hmac-sha256': Buffer.from(shopifySignature, 'base64').toString('hex') }, { ok: false, reason: 'signature_mismatch' }],
    ['Shopify, base64url alphabet', { 'shopify-hmac-sha256': shopifySignature.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '') }, { ok: false, reason: 'malformed_signature' }],
    ['Shopify, non-canonical base64 of the right bytes', { 'shopify-hmac-sha256': nonCanonical(shopifySignature) }, { ok: false, reason: 'malformed_signature' }],
    ['Shopify, no header', { 'x-other': shopifySignature }, { ok: false, reason: 'missing_signature' }],
  ])('%s', (_name, headers: Record<string, string>, expected) => {
    // Prepare
    const authenticate = createAuthenticator(shopifyConfig, [SHOPIFY_SECRET], clock);

    // Act
    const result = authenticate({ headers, rawBody: body });

    // Assess
    expect(result).toEqual(expected);
  });

  test.each([
    ['GitHub sha256= hex', githubSignature, { ok: true }],
    ['GitHub, the sha1= header value', `sha1=${createHmac('sha1', GITHUB_SECRET).update(body).digest('hex')}`, { ok: false, reason: 'malformed_signature' }],
    ['GitHub, truncated', githubSignature.slice(0, 39), { ok: false, reason: 'signature_mismatch' }],
    ['GitHub, one byte more', `${githubSignature}00`, { ok: false, reason: 'signature_mismatch' }],
  ])('%s', (_name, signature, expected) => {
    // Prepare
    const authenticate = createAuthenticator(githubConfig, [GITHUB_SECRET], clock);

    // Act
    const result = authenticate({ headers: { 'x-hub-signature-256': signature }, rawBody: body });

    // Assess
    expect(result).toEqual(expected);
  });

  test.each([
    ['sha1 hex', 'sha1', 'hex', ''],
    ['sha1 base64', 'sha1', 'base64', ''],
    ['sha1 hex with prefix', 'sha1', 'hex', 'sha1='],
    ['sha256 base64 with prefix', 'sha256', 'base64', 'v0='],
  ] as const)('%s verifies and rejects the other digest', (_name, algorithm, encoding, prefix) => {
    // Prepare
    const config: AuthenticationRuntimeConfig = { ...shopifyConfig, headers: ['x-signature'], algorithm, encoding, prefix };
    const other = algorithm === 'sha1' ? 'sha256' : 'sha1';
    const right = prefix + createHmac(algorithm, GITHUB_SECRET).update(body).digest(encoding);
    const wrongDigest = prefix + createHmac(other, GITHUB_SECRET).update(body).digest(encoding);
    const authenticate = createAuthenticator(config, [GITHUB_SECRET], clock);

    // Act
    const good = authenticate({ headers: { 'x-signature': right }, rawBody: body });
    const bad = authenticate({ headers: { 'x-signature': wrongDigest }, rawBody: body });

    // Assess
    expect(good).toEqual({ ok: true });
    expect(bad).toEqual({ ok: false, reason: 'signature_mismatch' });
  });

  test('the raw bytes are signed, not a re-serialised JSON', () => {
    // Prepare
    const spaced = Buffer.from('{ "id" : 1 }', 'utf8');
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(spaced.toString('utf8'))), 'utf8');
    const signature = createHmac('sha256', SHOPIFY_SECRET).update(reserialised).digest('base64');
    const authenticate = createAuthenticator(shopifyConfig, [SHOPIFY_SECRET], clock);

    // Act
    const result = authenticate({ headers: { 'shopify-hmac-sha256': signature }, rawBody: spaced });

    // Assess
    expect(result).toEqual({ ok: false, reason: 'signature_mismatch' });
  });
});
