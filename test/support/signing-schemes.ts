/*
 * One correctly signing sender per authentication scheme (Shopify, GitHub, Stripe, Standard
 * Webhooks, shared token), each computed with node:crypto independently of the code under test,
 * for tests that must hold for every scheme and preset.
 */
import { createHmac } from 'node:crypto';
import { AuthenticationRuntimeConfig } from '../../src/contract';

export const NOW_SECONDS = 1_700_000_000;
export const NOW_MS = NOW_SECONDS * 1000 + 250;
export const TOLERANCE = 300;

// Secrets, current and previous (rotation). Standard Webhooks keys are whsec_ + base64 bytes.
const STD_KEY = Buffer.from('fuzz-standard-webhooks-key-bytes', 'utf8');
const PREVIOUS_STD_KEY = Buffer.from('previous-standard-webhooks-key!!', 'utf8');

export type SchemeName = 'shopify' | 'github' | 'stripe' | 'standard-webhooks' | 'shared-token';

export interface Scheme {
  readonly name: SchemeName;
  readonly auth: AuthenticationRuntimeConfig;
  readonly secrets: string[];
  /** Correct authentication headers for `body`, signed with `secret` (default: the current one) at `timestamp`. */
  readonly sign: (body: Buffer, options?: { secret?: string; timestamp?: number; id?: string }) => Record<string, string>;
}

const base = { secretArn: 'arn:aws:secretsmanager:us-east-2:000000000000:secret:fuzz', algorithm: 'sha256', encoding: 'hex', prefix: '', toleranceSeconds: 0 } as const;

// Every signature is computed here with node:crypto, independently of the code under test.
export const SCHEMES: Record<SchemeName, Scheme> = {
  'shopify': {
    name: 'shopify',
    auth: { ...base, scheme: 'hmac', headers: ['x-shopify-hmac-sha256', 'shopify-hmac-sha256'], encoding: 'base64' },
    secrets: ['shpss_current_fuzz', 'shpss_previous_fuzz'],
    sign: (body, o = {}) => ({ 'X-Shopify-Hmac-Sha256': createHmac('sha256', o.secret ?? 'shpss_current_fuzz').update(body).digest('base64') }),
  },
  'github': {
    name: 'github',
    auth: { ...base, scheme: 'hmac', headers: ['x-hub-signature-256'], prefix: 'sha256=' },
    secrets: ['gh_current_fuzz'],
    sign: (body, o = {}) => ({ 'X-Hub-Signature-256': `sha256=${createHmac('sha256', o.secret ?? 'gh_current_fuzz').update(body).digest('hex')}` }),
  },
  'stripe': {
    name: 'stripe',
    auth: { ...base, scheme: 'stripe', headers: ['stripe-signature'], toleranceSeconds: TOLERANCE },
    secrets: ['whsec_stripe_current', 'whsec_stripe_previous'],
    sign: (body, o = {}) => {
      const t = o.timestamp ?? NOW_SECONDS;
      const v1 = createHmac('sha256', o.secret ?? 'whsec_stripe_current').update(`${t}.`).update(body).digest('hex');
      return { 'Stripe-Signature': `t=${t},v1=${v1}` };
    },
  },
  'standard-webhooks': {
    name: 'standard-webhooks',
    auth: { ...base, scheme: 'standard-webhooks', headers: ['webhook-signature'], encoding: 'base64', toleranceSeconds: TOLERANCE },
    secrets: [`whsec_${STD_KEY.toString('base64')}`, `whsec_${PREVIOUS_STD_KEY.toString('base64')}`],
    sign: (body, o = {}) => {
      const t = o.timestamp ?? NOW_SECONDS;
      const id = o.id ?? 'msg_fuzz_1';
      const key = o.secret === undefined ? STD_KEY : Buffer.from(o.secret.replace(/^whsec_/, ''), 'base64');
      const signature = createHmac('sha256', key).update(`${id}.${t}.`).update(body).digest('base64');
      return { 'webhook-id': id, 'webhook-timestamp': String(t), 'webhook-signature': `v1,${signature}` };
    },
  },
  'shared-token': {
    name: 'shared-token',
    auth: { ...base, scheme: 'shared-token', headers: ['x-richpanel-token'] },
    secrets: ['rp_token_current_fuzz', 'rp_token_previous_fuzz'],
    sign: (_body, o = {}) => ({ 'X-Richpanel-Token': o.secret ?? 'rp_token_current_fuzz' }),
  },
};
export const SCHEME_NAMES = Object.keys(SCHEMES) as SchemeName[];
