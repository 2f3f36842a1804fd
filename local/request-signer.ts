/*
 * Signs a webhook body the way the configured sender would, so `send` and the printed curl line
 * pass the ingress's authentication with the local secret. Uses the ingress's own digest helper.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { decodeStandardWebhooksSecret } from '../lambda/core/schemes/standard-webhooks';
import { hmacDigest } from '../lambda/core/signature';
import { AuthenticationRuntimeConfig } from '../src/private/runtime-contract';

/** A fresh secret in the form the scheme expects (Standard Webhooks: `whsec_` + base64 key). */
export function generateSecret(auth: AuthenticationRuntimeConfig): string {
  return auth.scheme === 'standard-webhooks'
    ? `whsec_${randomBytes(24).toString('base64')}`
    : `local-${randomBytes(18).toString('hex')}`;
}

/** The headers that authenticate `body` (plus content-type). `nowMs` dates the timestamped schemes. */
export function signedHeaders(auth: AuthenticationRuntimeConfig, secret: string, body: string, nowMs: number): Record<string, string> {
  const header = auth.headers[0];
  const seconds = String(Math.floor(nowMs / 1000));
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  switch (auth.scheme) {
    case 'shared-token':
      headers[header] = secret;
      break;
    case 'hmac':
      headers[header] = auth.prefix + hmacDigest(auth.algorithm, secret, [body]).toString(auth.encoding);
      break;
    case 'stripe':
      headers[header] = `t=${seconds},v1=${hmacDigest('sha256', secret, [`${seconds}.`, body]).toString('hex')}`;
      break;
    case 'standard-webhooks': {
      const prefix = header.slice(0, header.length - 'signature'.length);
      const id = `msg_${randomUUID()}`;
      const key = decodeStandardWebhooksSecret(secret) ?? Buffer.from(secret);
      headers[`${prefix}id`] = id;
      headers[`${prefix}timestamp`] = seconds;
      headers[header] = `v1,${hmacDigest('sha256', key, [`${id}.${seconds}.`, body]).toString('base64')}`;
      break;
    }
  }
  return headers;
}

/** A shell-quoted curl command that posts `body` with `headers` to `url`. */
export function curlCommand(url: string, headers: Record<string, string>, body: string): string {
  const quote = (text: string) => `'${text.replace(/'/g, '\'\\\'\'')}'`;
  const headerFlags = Object.entries(headers).map(([name, value]) => `-H ${quote(`${name}: ${value}`)}`).join(' ');
  return `curl -sS -i -X POST ${quote(url)} ${headerFlags} --data-binary ${quote(body)}`;
}
