/*
 * Signs a webhook body the way the configured sender would, so `send` and the printed curl line
 * pass the ingress's authentication with the local secret. Uses the ingress's own digest helper.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { decodeStandardWebhooksSecret } from '../lambda/core/schemes/standard-webhooks';
import { hmacDigest } from '../lambda/core/signature';
import { AuthenticationRuntimeConfig, AuthenticationScheme } from '../src/contract';

/** How the configured sender signs: its secret's form, and the headers that authenticate a body. */
interface SenderSigner {
  /** A fresh secret in the form the scheme expects. */
  readonly newSecret: () => string;
  /** The authenticating headers of `body`; `seconds` is the Unix time the timestamped schemes sign. */
  readonly sign: (auth: AuthenticationRuntimeConfig, secret: string, body: string, seconds: string) => Record<string, string>;
}

const localSecret = (): string => `local-${randomBytes(18).toString('hex')}`;

/** One signer per scheme: the compiler asks for a new scheme's entry here too. */
const SIGNERS: Readonly<Record<AuthenticationScheme, SenderSigner>> = {
  'shared-token': {
    newSecret: localSecret,
    sign: (auth, secret) => ({ [auth.headers[0]]: secret }),
  },
  'hmac': {
    newSecret: localSecret,
    sign: (auth, secret, body) => ({ [auth.headers[0]]: auth.prefix + hmacDigest(auth.algorithm, secret, [body]).toString(auth.encoding) }),
  },
  'stripe': {
    newSecret: localSecret,
    sign: (auth, secret, body, seconds) => ({
      [auth.headers[0]]: `t=${seconds},v1=${hmacDigest('sha256', secret, [`${seconds}.`, body]).toString('hex')}`,
    }),
  },
  'standard-webhooks': {
    // `whsec_` + base64 key bytes.
    newSecret: () => `whsec_${randomBytes(24).toString('base64')}`,
    sign: (auth, secret, body, seconds) => {
      const header = auth.headers[0];
      const prefix = header.slice(0, header.length - 'signature'.length);
      const id = `msg_${randomUUID()}`;
      const key = decodeStandardWebhooksSecret(secret) ?? Buffer.from(secret);
      return {
        [`${prefix}id`]: id,
        [`${prefix}timestamp`]: seconds,
        [header]: `v1,${hmacDigest('sha256', key, [`${id}.${seconds}.`, body]).toString('base64')}`,
      };
    },
  },
};

/** A fresh secret in the form the scheme expects (Standard Webhooks: `whsec_` + base64 key). */
export function generateSecret(auth: AuthenticationRuntimeConfig): string {
  return SIGNERS[auth.scheme].newSecret();
}

/** The headers that authenticate `body` (plus content-type). `nowMs` dates the timestamped schemes. */
export function signedHeaders(auth: AuthenticationRuntimeConfig, secret: string, body: string, nowMs: number): Record<string, string> {
  const seconds = String(Math.floor(nowMs / 1000));
  return { 'content-type': 'application/json', ...SIGNERS[auth.scheme].sign(auth, secret, body, seconds) };
}

/** A shell-quoted curl command that posts `body` with `headers` to `url`. */
export function curlCommand(url: string, headers: Record<string, string>, body: string): string {
  const quote = (text: string) => `'${text.replace(/'/g, '\'\\\'\'')}'`;
  const headerFlags = Object.entries(headers).map(([name, value]) => `-H ${quote(`${name}: ${value}`)}`).join(' ');
  return `curl -sS -i -X POST ${quote(url)} ${headerFlags} --data-binary ${quote(body)}`;
}
