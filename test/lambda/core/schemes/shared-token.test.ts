import * as crypto from 'node:crypto';
import { createAuthenticator } from '../../../../lambda/core/schemes/authentication-schemes';
import { AuthenticationRuntimeConfig } from '../../../../src/contract';

// A pass-through spy, so the test can see what reaches timingSafeEqual.
jest.mock('node:crypto', () => {
  const actual = jest.requireActual<typeof import('node:crypto')>('node:crypto');
  return { ...actual, timingSafeEqual: jest.fn(actual.timingSafeEqual) };
});
const timingSafeEqual = crypto.timingSafeEqual as jest.MockedFunction<typeof crypto.timingSafeEqual>;

const TOKEN = 'rp-7f3c9a1e5b2d4c6f8a0e1d3b5c7a9f2e';
const PREVIOUS = 'rp-previous-0000000000000000000000';
const CONFIG: AuthenticationRuntimeConfig = {
  scheme: 'shared-token',
  secretArn: 'arn',
  headers: ['x-richpanel-token', 'x-webhook-token'],
  algorithm: 'sha256',
  encoding: 'hex',
  prefix: '',
  toleranceSeconds: 0,
};

function verify(headers: Record<string, string>, secrets: string[] = [TOKEN]) {
  return createAuthenticator(CONFIG, secrets, () => 0)({ headers, rawBody: Buffer.from('{}') });
}

describe('shared-token scheme', () => {
  test.each([
    ['right token', { 'x-richpanel-token': TOKEN }, [TOKEN], { ok: true }],
    ['right token in the second configured header', { 'x-webhook-token': TOKEN }, [TOKEN], { ok: true }],
    ['previous token during rotation', { 'x-richpanel-token': PREVIOUS }, [TOKEN, PREVIOUS], { ok: true }],
    ['previous token after rotation ended', { 'x-richpanel-token': PREVIOUS }, [TOKEN], { ok: false, reason: 'token_mismatch' }],
    ['wrong token, same length', { 'x-richpanel-token': `${TOKEN.slice(0, -1)}0` }, [TOKEN], { ok: false, reason: 'token_mismatch' }],
    ['a prefix of the token', { 'x-richpanel-token': TOKEN.slice(0, 10) }, [TOKEN], { ok: false, reason: 'token_mismatch' }],
    ['the token and more', { 'x-richpanel-token': `${TOKEN}x` }, [TOKEN], { ok: false, reason: 'token_mismatch' }],
    ['a very long token', { 'x-richpanel-token': 'a'.repeat(10_000) }, [TOKEN], { ok: false, reason: 'token_mismatch' }],
    ['different case', { 'x-richpanel-token': TOKEN.toUpperCase() }, [TOKEN], { ok: false, reason: 'token_mismatch' }],
    ['empty header', { 'x-richpanel-token': '' }, [TOKEN], { ok: false, reason: 'missing_token' }],
    ['no header', { 'x-other': TOKEN }, [TOKEN], { ok: false, reason: 'missing_token' }],
    ['no secret', { 'x-richpanel-token': TOKEN }, [], { ok: false, reason: 'missing_secret' }],
    ['empty secret and empty token', { 'x-richpanel-token': '' }, [''], { ok: false, reason: 'missing_secret' }],
  ])('%s', (_name, headers: Record<string, string>, secrets, expected) => {
    // Prepare
    // Act
    const result = verify(headers, secrets);

    // Assess
    expect(result).toEqual(expected);
  });

  test('compares SHA-256 digests with timingSafeEqual, so lengths never reach the comparison', () => {
    // Prepare
    timingSafeEqual.mockClear();

    // Act
    verify({ 'x-richpanel-token': 'short' });
    verify({ 'x-richpanel-token': 'x'.repeat(5_000) });

    // Assess
    expect(timingSafeEqual).toHaveBeenCalledTimes(2);
    for (const [a, b] of timingSafeEqual.mock.calls) {
      expect((a as Buffer).length).toBe(32);
      expect((b as Buffer).length).toBe(32);
    }
  });
});
