/*
 * Every response the ingress gives: small JSON bodies that never echo the request.
 */

/** The proxy-integration response shape (structurally APIGatewayProxyResult). */
export interface HttpResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** Seconds a sender is asked to wait after a 503 before delivering again. */
export const RETRY_AFTER_SECONDS = 5;

export const UNAUTHORIZED_MESSAGE = 'Unauthorized';
export const UNAVAILABLE_MESSAGE = 'Temporarily unable to accept the webhook; retry later';

export function jsonResponse(statusCode: number, body: object, extraHeaders: Record<string, string> = {}): HttpResponse {
  return {
    statusCode,
    headers: {
      'Content-Type': 'application/json',
      // a webhook acknowledgement must never be served from a cache
      'Cache-Control': 'no-store',
      ...extraHeaders,
    },
    body: JSON.stringify(body),
  };
}

/** A rejection: `message` is one line that says what was wrong, never a copy of the input. */
export function errorResponse(statusCode: number, message: string): HttpResponse {
  return jsonResponse(statusCode, { message });
}

/** 200 once SQS has accepted the event. */
export function acceptedResponse(eventId: string): HttpResponse {
  return jsonResponse(200, { eventId });
}

/** 200 for a webhook an ingress filter left out: received and deliberately not stored, so the sender must not retry. */
export function filteredResponse(): HttpResponse {
  return jsonResponse(200, { filtered: true });
}

/** 503 with Retry-After: the event was not stored, so the sender must deliver it again. */
export function unavailableResponse(retryAfterSeconds: number = RETRY_AFTER_SECONDS): HttpResponse {
  return jsonResponse(503, { message: UNAVAILABLE_MESSAGE }, { 'Retry-After': String(retryAfterSeconds) });
}
