/*
 * The headers a scheme verified the signature with, kept so the archive can re-verify the raw
 * body later (timestamp tolerance then skipped: an archived event is old by design). The
 * shared-token scheme keeps nothing: its header is the secret itself, and it signs no bytes.
 */
import { AuthenticationRequest, firstPresentHeader } from './request-authenticator';
import { standardWebhooksHeaderNames } from './schemes/standard-webhooks';
import { SIGNED_HEADERS_MAX_BYTES } from '../../src/private/archive-contract';
import { AuthenticationRuntimeConfig } from '../../src/private/runtime-contract';

function namesOf(config: AuthenticationRuntimeConfig, headers: AuthenticationRequest['headers']): string[] {
  switch (config.scheme) {
    case 'hmac':
    case 'stripe': {
      const name = config.headers.find((header) => firstPresentHeader(headers, [header]) !== undefined);
      return name === undefined ? [] : [name.toLowerCase()];
    }
    case 'standard-webhooks': {
      const names = standardWebhooksHeaderNames(headers, config.headers);
      return [names.id, names.timestamp, names.signature];
    }
    case 'shared-token':
      return [];
  }
}

/**
 * The verified signature headers as the JSON text of a message attribute, or undefined when the
 * scheme keeps none or they exceed SIGNED_HEADERS_MAX_BYTES (the archive then holds the body only).
 */
export function signedHeadersAttribute(config: AuthenticationRuntimeConfig, headers: AuthenticationRequest['headers']): string | undefined {
  const kept: Record<string, string> = {};
  for (const name of namesOf(config, headers)) {
    const value = firstPresentHeader(headers, [name]);
    if (value !== undefined) kept[name] = value;
  }
  if (Object.keys(kept).length === 0) return undefined;
  const text = JSON.stringify(kept);
  return Buffer.byteLength(text, 'utf8') <= SIGNED_HEADERS_MAX_BYTES ? text : undefined;
}
