/*
 * The ingress's decision, made before any AWS call except reading the secret.
 *
 * Two stages so that the cheap checks run before the secret is needed:
 *   screen: size (413), content type (415);
 *   admit:  authentication (401), JSON depth and size (400), JSON (400), envelope (400), event identity (400).
 * Each rejection carries a short reason code for the audit log and a response body that never
 * quotes the request. Every authentication failure gets the same 401 body.
 */
import * as v from 'valibot';
import { deriveEventIdentity, EventIdSource, headerValue } from './event-identity';
import { errorResponse, HttpResponse, UNAUTHORIZED_MESSAGE } from './http-response';
import { jsonStructureProblem, JsonStructureLimits } from './json-limits';
import { resolveJsonPointer } from './json-pointer';
import { decodeRawBody, isObviouslyLargerThan } from './raw-body';
import { AuthenticationFailure, AuthenticationRequest } from './request-authenticator';
import { createAuthenticator } from './schemes/create-authenticator';
import { DEFAULT_MAX_JSON_DEPTH, DEFAULT_MAX_JSON_ELEMENTS, IngressRuntimeConfig } from '../../src/private/runtime-contract';

/** The proxy event fields the pipeline reads (structurally part of APIGatewayProxyEvent). */
export interface WebhookRequest {
  readonly headers: Readonly<Record<string, string | undefined>> | null;
  readonly body: string | null;
  readonly isBase64Encoded: boolean;
}

export interface Rejection {
  readonly accepted: false;
  readonly statusCode: number;
  /** Machine-readable code for the audit log. */
  readonly reason: string;
  readonly response: HttpResponse;
  readonly bodyBytes?: number;
}

/** A request that passed the cheap checks; its body bytes are decoded exactly once. */
export interface ScreenedRequest {
  readonly accepted: true;
  /** Header names lower-cased. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly rawBody: Buffer;
}

export interface AcceptedEvent {
  readonly accepted: true;
  readonly eventId: string;
  readonly messageGroupId: string;
  readonly eventIdSource: EventIdSource;
  /** The body as UTF-8 text: exactly what goes into the SQS message. */
  readonly bodyText: string;
  readonly bodyBytes: number;
  /** Verified with the previous secret (AWSPREVIOUS, within its grace window), not the current one. */
  readonly verifiedWithPreviousSecret: boolean;
}

export const INVALID_JSON_MESSAGE = 'Body is not valid JSON';
export const UNSUPPORTED_CONTENT_TYPE_MESSAGE = 'Content-Type must be application/json';
export const UNSUPPORTED_CHARACTERS_MESSAGE = 'Body contains the characters U+FFFE or U+FFFF, which cannot be queued';

export function bodyTooLargeMessage(maxBodyBytes: number): string {
  return `Body is larger than ${maxBodyBytes} bytes`;
}

/** What a body that parses to something other than an object is told (`kind`: 'null', 'an array', 'a string', ...). */
export function bodyNotObjectMessage(kind: string): string {
  return `Body must be a JSON object, not ${kind}`;
}

export function requiredFieldsMissingMessage(missingPointers: readonly string[]): string {
  return `Body is missing required fields at JSON pointers: ${missingPointers.join(', ')}`;
}

export function requiredFieldsEmptyMessage(emptyPointers: readonly string[]): string {
  return `Body has empty required fields at JSON pointers: ${emptyPointers.join(', ')}`;
}

/** A required value that is there but says nothing: null, or a string of whitespace only. */
function isEmptyValue(value: unknown): boolean {
  return value === null || (typeof value === 'string' && value.trim() === '');
}

/** The structure limits of a configuration, with the documented defaults. */
export function jsonLimitsOf(config: Pick<IngressRuntimeConfig, 'maxJsonDepth' | 'maxJsonElements'>): JsonStructureLimits {
  return { maxDepth: config.maxJsonDepth ?? DEFAULT_MAX_JSON_DEPTH, maxElements: config.maxJsonElements ?? DEFAULT_MAX_JSON_ELEMENTS };
}

function reject(statusCode: number, reason: string, message: string, bodyBytes?: number): Rejection {
  return { accepted: false, statusCode, reason, response: errorResponse(statusCode, message), bodyBytes };
}

/** `application/json` or any `+json` type, with or without parameters. */
export function isJsonContentType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const mediaType = contentType.split(';')[0].trim().toLowerCase();
  return mediaType === 'application/json' || /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+\+json$/.test(mediaType);
}

/** Header names lower-cased into a prototype-less record: a header named `__proto__` or `constructor` is just a header. */
function lowerCaseHeaders(headers: WebhookRequest['headers']): Record<string, string | undefined> {
  const result: Record<string, string | undefined> = Object.create(null);
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (typeof value === 'string') result[name.toLowerCase()] = value;
  }
  return result;
}

/** Stage 1: size and content type, without the secret. */
export function screenWebhookRequest(request: WebhookRequest, config: IngressRuntimeConfig): Rejection | ScreenedRequest {
  const tooLarge = bodyTooLargeMessage(config.maxBodyBytes);
  if (isObviouslyLargerThan(request, config.maxBodyBytes)) return reject(413, 'body_too_large', tooLarge);
  const rawBody = decodeRawBody(request);
  if (rawBody.length > config.maxBodyBytes) return reject(413, 'body_too_large', tooLarge, rawBody.length);

  const headers = lowerCaseHeaders(request.headers);
  if (!isJsonContentType(headerValue(headers, 'content-type'))) {
    return reject(415, 'unsupported_content_type', UNSUPPORTED_CONTENT_TYPE_MESSAGE, rawBody.length);
  }
  return { accepted: true, headers, rawBody };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/**
 * The envelope every accepted body satisfies: a JSON object in which each required pointer
 * resolves to a value that is not empty. A required-field issue carries its reason code in `expected`.
 */
export function envelopeSchema(requiredJsonPointers: readonly string[]) {
  return v.pipe(
    v.custom<Record<string, unknown>>(
      (input) => typeof input === 'object' && input !== null && !Array.isArray(input),
      (issue) => bodyNotObjectMessage(describeJson(issue.input)),
    ),
    v.rawCheck(({ dataset, addIssue }) => {
      if (!dataset.typed) return;
      const found = requiredJsonPointers.map((pointer) => ({ pointer, result: resolveJsonPointer(dataset.value, pointer) }));
      const missing = found.filter(({ result }) => !result.found).map(({ pointer }) => pointer);
      const empty = found.filter(({ result }) => result.found && isEmptyValue(result.value)).map(({ pointer }) => pointer);
      if (missing.length > 0) addIssue({ message: requiredFieldsMissingMessage(missing), expected: 'required_field_missing' });
      else if (empty.length > 0) addIssue({ message: requiredFieldsEmptyMessage(empty), expected: 'required_field_empty' });
    }),
  );
}

type CandidateVerification = { readonly ok: true; readonly candidateIndex: number } | { readonly ok: false; readonly reason: AuthenticationFailure };

/** Tries each candidate on its own, so the caller learns which one verified; a failure reports the current secret's reason. */
function verifyWithCandidates(
  config: IngressRuntimeConfig, secrets: readonly string[], now: () => number, request: AuthenticationRequest,
): CandidateVerification {
  let firstFailure: AuthenticationFailure | undefined;
  for (const [candidateIndex, secret] of secrets.entries()) {
    const result = createAuthenticator(config.authentication, [secret], now)(request);
    if (result.ok) return { ok: true, candidateIndex };
    firstFailure ??= result.reason;
  }
  if (firstFailure !== undefined) return { ok: false, reason: firstFailure };
  const none = createAuthenticator(config.authentication, [], now)(request);
  return none.ok ? { ok: true, candidateIndex: 0 } : { ok: false, reason: none.reason };
}

/** The UTF-8 text of a body within the structure limits, or the rejection. */
function boundedJsonText(rawBody: Buffer, config: IngressRuntimeConfig): Rejection | { readonly text: string } {
  let text: string;
  try {
    text = utf8.decode(rawBody);
  } catch {
    return reject(400, 'invalid_json', INVALID_JSON_MESSAGE, rawBody.length);
  }
  const problem = jsonStructureProblem(text, jsonLimitsOf(config));
  return problem === undefined ? { text } : reject(400, problem.reason, problem.message, rawBody.length);
}

/**
 * Stage 2: authentication, JSON limits, JSON, envelope and identity, with the candidate secrets
 * (current first, then the previous one); `now` is epoch ms.
 */
export function admitWebhookRequest(
  screened: ScreenedRequest,
  config: IngressRuntimeConfig,
  secrets: readonly string[],
  now: () => number,
): Rejection | AcceptedEvent {
  const { headers, rawBody } = screened;
  const bodyBytes = rawBody.length;

  const authentication = verifyWithCandidates(config, secrets, now, { headers, rawBody });
  if (!authentication.ok) return reject(401, authentication.reason, UNAUTHORIZED_MESSAGE, bodyBytes);

  const bounded = boundedJsonText(rawBody, config);
  if ('accepted' in bounded) return bounded;
  const bodyText = bounded.text;
  let payload: unknown;
  try {
    payload = JSON.parse(bodyText);
  } catch {
    return reject(400, 'invalid_json', INVALID_JSON_MESSAGE, bodyBytes);
  }
  // Valid JSON may still hold characters SQS refuses; refusing here beats a 503 on every retry.
  if (/[\uFFFE\uFFFF]/.test(bodyText)) {
    return reject(400, 'unsupported_characters', UNSUPPORTED_CHARACTERS_MESSAGE, bodyBytes);
  }

  const envelope = v.safeParse(envelopeSchema(config.requiredJsonPointers), payload);
  if (!envelope.success) {
    const issue = envelope.issues[0];
    const reason = issue.kind === 'schema' ? 'body_not_object' : issue.expected ?? 'required_field_missing';
    return reject(400, reason, issue.message, bodyBytes);
  }

  const identity = deriveEventIdentity({ headers, rawBody, payload }, config);
  if (!identity.ok) return reject(400, identity.reason, identity.message, bodyBytes);

  return {
    accepted: true,
    eventId: identity.eventId,
    messageGroupId: identity.messageGroupId,
    eventIdSource: identity.eventIdSource,
    bodyText,
    bodyBytes,
    verifiedWithPreviousSecret: authentication.candidateIndex > 0,
  };
}

/** Both stages with the secrets already at hand (what tests and tools use). */
export function evaluateWebhookRequest(
  request: WebhookRequest,
  config: IngressRuntimeConfig,
  secrets: readonly string[],
  now: () => number = Date.now,
): Rejection | AcceptedEvent {
  const screened = screenWebhookRequest(request, config);
  return screened.accepted ? admitWebhookRequest(screened, config, secrets, now) : screened;
}
