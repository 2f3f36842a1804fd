/*
 * The headers a scheme verified the signature with, kept so the archive can re-verify the raw
 * body later (timestamp tolerance then skipped: an archived event is old by design). Which
 * headers those are is the scheme's entry in AUTHENTICATION_SCHEME_DEFINITIONS.
 */
import { AuthenticationRequest, firstPresentHeader } from './request-authenticator';
import { schemeDefinitionOf } from './schemes/authentication-schemes';
import { SIGNED_HEADERS_MAX_BYTES, AuthenticationRuntimeConfig } from '../../src/contract';

/**
 * The verified signature headers as the JSON text of a message attribute, or undefined when the
 * scheme keeps none or they exceed SIGNED_HEADERS_MAX_BYTES (the archive then holds the body only).
 */
export function signedHeadersAttribute(config: AuthenticationRuntimeConfig, headers: AuthenticationRequest['headers']): string | undefined {
  const kept: Record<string, string> = {};
  for (const name of schemeDefinitionOf(config.scheme).signedHeaderNames(config, headers)) {
    const value = firstPresentHeader(headers, [name]);
    if (value !== undefined) kept[name] = value;
  }
  if (Object.keys(kept).length === 0) return undefined;
  const text = JSON.stringify(kept);
  return Buffer.byteLength(text, 'utf8') <= SIGNED_HEADERS_MAX_BYTES ? text : undefined;
}
