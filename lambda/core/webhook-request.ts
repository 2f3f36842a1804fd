/*
 * The ingress's decision, made before any AWS call except reading the secret.
 *
 * Two stages so that the cheap checks run before the secret is needed:
 *   screen: size (413), content type (415);
 *   admit:  authentication (401), the body checks of webhook-body.ts (400), event identity (400).
 * Each rejection carries a short reason code for the audit log and a response body that never
 * quotes the request. Every authentication failure gets the same 401 body.
 */
import { errorResponse, filteredResponse, HttpResponse, UNAUTHORIZED_MESSAGE } from './http-response';
import { decodeRawBody, isObviouslyLargerThan } from './raw-body';
import { AuthenticationFailure, AuthenticationRequest } from './request-authenticator';
import { createAuthenticator } from './schemes/authentication-schemes';
import { IngressRuntimeConfig } from '../../src/contract';
import { deriveEventIdentity, EventIdSource, headerValue } from '../../src/runtime/ingest/event-identity';
import { FilterMiss, firstFilterMiss } from '../../src/runtime/ingest/ingress-filter';
import { bodyTooLargeMessage, checkWebhookBody } from '../../src/runtime/ingest/webhook-body';

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

/**
 * A verified, valid webhook an ingress filter leaves out: answered 200 (the sender must not retry),
 * never enqueued. The event id is there when the body yields one.
 */
export interface FilteredEvent {
  readonly accepted: false;
  readonly filtered: FilterMiss;
  readonly statusCode: 200;
  readonly reason: FilterMiss['reason'];
  readonly response: HttpResponse;
  readonly bodyBytes: number;
  readonly eventId?: string;
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

export const UNSUPPORTED_CONTENT_TYPE_MESSAGE = 'Content-Type must be application/json';
export {
  bodyNotObjectMessage, bodyTooLargeMessage, envelopeSchema, INVALID_JSON_MESSAGE, requiredFieldsEmptyMessage,
  requiredFieldsMissingMessage, UNSUPPORTED_CHARACTERS_MESSAGE,
} from '../../src/runtime/ingest/webhook-body';

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

/**
 * Stage 2: authentication, JSON limits, JSON, envelope and identity, with the candidate secrets
 * (current first, then the previous one); `now` is epoch ms.
 */
export function admitWebhookRequest(
  screened: ScreenedRequest,
  config: IngressRuntimeConfig,
  secrets: readonly string[],
  now: () => number,
): Rejection | FilteredEvent | AcceptedEvent {
  const { headers, rawBody } = screened;
  const bodyBytes = rawBody.length;

  const authentication = verifyWithCandidates(config, secrets, now, { headers, rawBody });
  if (!authentication.ok) return reject(401, authentication.reason, UNAUTHORIZED_MESSAGE, bodyBytes);

  const body = checkWebhookBody(rawBody, config);
  if (!body.ok) return reject(body.statusCode, body.reason, body.message, bodyBytes);
  const { bodyText, payload } = body;

  const identity = deriveEventIdentity({ headers, rawBody, payload }, config);
  // After the signature and the body checks (a forged or malformed request is never "filtered"), before the id
  // rules: an event the pipeline does not want needs no id.
  const filtered = firstFilterMiss(payload, config.ingressFilters);
  if (filtered) {
    return {
      accepted: false,
      filtered,
      statusCode: 200,
      reason: filtered.reason,
      response: filteredResponse(),
      bodyBytes,
      eventId: identity.ok ? identity.eventId : undefined,
    };
  }
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
): Rejection | FilteredEvent | AcceptedEvent {
  const screened = screenWebhookRequest(request, config);
  return screened.accepted ? admitWebhookRequest(screened, config, secrets, now) : screened;
}
