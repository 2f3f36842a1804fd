/*
 * The ingress: decide, enqueue once, answer.
 *
 * 200 means SQS has stored the event; anything that keeps it from being stored (secret or queue
 * unavailable) is a 503 with Retry-After so the sender delivers again. One audit line per
 * request, built only from AuditFields: no body, header value, secret or signature can reach it.
 *
 * A request whose credential is well formed but does not verify gets one more chance with
 * freshly read secrets (the secret may have been rotated inside the cache TTL, and a sender
 * such as Richpanel does not retry); the secret source rate-limits those re-reads.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { IngressRuntimeConfig } from '../../src/contract';
import { errorClassOf } from '../../src/runtime/core/error-class';
import { AuditLog } from '../../src/runtime/observability/audit-log';
import { EventTracing } from '../../src/runtime/observability/event-tracing';
import { Metrics, MetricsBatch } from '../../src/runtime/observability/metrics';
import { QueueSender } from '../aws/queue-sender';
import { SecretSource, SigningSecrets } from '../aws/secret-source';
import { acceptedResponse, RETRY_AFTER_SECONDS, unavailableResponse } from '../core/http-response';
import { signedHeadersAttribute } from '../core/signed-headers';
import {
  AcceptedEvent, admitWebhookRequest, FilteredEvent, Rejection, screenWebhookRequest, ScreenedRequest,
} from '../core/webhook-request';

export interface IngressHandlerDependencies {
  readonly config: IngressRuntimeConfig;
  readonly secrets: SecretSource;
  readonly queue: QueueSender;
  readonly log: AuditLog;
  readonly now: () => number;
  /** EMF metrics, a line only for a request with something to count; absent (or built without configuration): none. */
  readonly metrics?: Metrics;
  /** X-Ray (config.tracing): the trace goes to SQS with the message, the event id onto the trace. @default none */
  readonly tracing?: EventTracing;
}

/**
 * Metric names of the ingress (Unit Count, dimension Pipeline), each published only in the hours
 * it happens. Requests, 4xx and 5xx answers are API Gateway's own metrics (Count, 4XXError,
 * 5XXError, free), enqueues are SQS's NumberOfMessagesSent, and each decision's reason is in its
 * audit line: custom metrics for them would bill $0.30 a month each for numbers AWS already has.
 */
export const INGRESS_METRICS = {
  /** Verified and valid, but left out by an ingress filter: answered 200, not enqueued. */
  filtered: 'Filtered',
  /** Accepted with AWSPREVIOUS (inside its grace window): the sender still signs with the old secret. */
  previousSecretAccepted: 'PreviousSecretAccepted',
  /** Verified with the last good secrets because Secrets Manager could not be read. */
  staleSecretUsed: 'StaleSecretUsed',
  /** The secret was read again after a failed verification and the new value verified the request. */
  secretRefreshed: 'SecretRefreshedAfterRejection',
} as const;

/** Failures a newer secret could fix: the credential is well formed, it just does not match. */
const MISMATCH_REASONS: ReadonlySet<string> = new Set(['signature_mismatch', 'token_mismatch']);

export type IngressHandler = (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>;

export function createIngressHandler(deps: IngressHandlerDependencies): IngressHandler {
  const { config, secrets, queue, log, now } = deps;

  return async (event) => {
    const metrics = deps.metrics?.batch();
    try {
      return await handle(event, metrics);
    } finally {
      metrics?.flush();
    }
  };

  async function handle(event: APIGatewayProxyEvent, metrics: MetricsBatch | undefined): Promise<APIGatewayProxyResult> {
    const receivedAt = now();
    const requestId = event.requestContext?.requestId;
    const elapsed = () => now() - receivedAt;

    const screened = screenWebhookRequest(event, config);
    if (!screened.accepted) {
      log.warn('webhook rejected', {
        reason: screened.reason, statusCode: screened.statusCode, bodyBytes: screened.bodyBytes, durationMs: elapsed(), requestId,
      });
      return screened.response;
    }

    let secretsAtHand: SigningSecrets;
    try {
      secretsAtHand = await secrets.getSecrets();
    } catch (error) {
      log.error('signing secret unavailable', {
        reason: 'secret_unavailable',
        errorClass: errorClassOf(error),
        statusCode: 503,
        retryAfterSeconds: RETRY_AFTER_SECONDS,
        bodyBytes: screened.rawBody.length,
        durationMs: elapsed(),
        requestId,
      });
      return unavailableResponse(RETRY_AFTER_SECONDS);
    }
    if (secretsAtHand.stale) {
      metrics?.count(INGRESS_METRICS.staleSecretUsed);
      log.warn('signing secret stale', { reason: 'secret_refresh_failed', requestId });
    }

    const decision = await admitWithRefresh(screened, secretsAtHand, metrics, requestId);
    if ('filtered' in decision) {
      log.info('webhook filtered', {
        eventId: decision.eventId,
        reason: decision.reason,
        filterPointer: decision.filtered.pointer,
        statusCode: decision.statusCode,
        bodyBytes: decision.bodyBytes,
        durationMs: elapsed(),
        requestId,
      });
      metrics?.count(INGRESS_METRICS.filtered);
      return decision.response;
    }
    if (!decision.accepted) {
      log.warn('webhook rejected', {
        reason: decision.reason, statusCode: decision.statusCode, bodyBytes: decision.bodyBytes, durationMs: elapsed(), requestId,
      });
      return decision.response;
    }
    if (decision.verifiedWithPreviousSecret) metrics?.count(INGRESS_METRICS.previousSecretAccepted);

    const { eventId, messageGroupId, bodyBytes } = decision;
    try {
      const traceHeader = config.tracing ? deps.tracing?.currentHeader() : undefined;
      const signedHeaders = signedHeadersAttribute(config.authentication, screened.headers);
      await queue.send({ eventId, messageGroupId, bodyText: decision.bodyText, receivedAt, traceHeader, signedHeaders });
      if (config.tracing) deps.tracing?.ingressEnqueued(eventId, receivedAt);
      // The one INFO line of every accepted webhook, billed on every webhook: the 200 and the SQS
      // message id are left out, and the event id's source is named only when it is the body hash
      // (the sender gave no id, so a resend with another body is another event).
      log.info('webhook accepted', {
        eventId,
        messageGroupId,
        ...(decision.eventIdSource === 'bodyHash' ? { reason: 'event_id_from_bodyHash' } : {}),
        ...(decision.verifiedWithPreviousSecret ? { secretVersion: 'AWSPREVIOUS' } : {}),
        bodyBytes,
        durationMs: elapsed(),
        requestId,
      });
      return acceptedResponse(eventId);
    } catch (error) {
      log.error('enqueue failed', {
        eventId,
        messageGroupId,
        reason: 'enqueue_failed',
        errorClass: errorClassOf(error),
        statusCode: 503,
        retryAfterSeconds: RETRY_AFTER_SECONDS,
        bodyBytes,
        durationMs: elapsed(),
        requestId,
      });
      return unavailableResponse(RETRY_AFTER_SECONDS);
    }
  }

  /** Admits with the secrets at hand; a mismatch gets one re-check with freshly read secrets, when the source allows one. */
  async function admitWithRefresh(
    screened: ScreenedRequest, secretsAtHand: SigningSecrets, metrics: MetricsBatch | undefined, requestId: string | undefined,
  ): Promise<Rejection | FilteredEvent | AcceptedEvent> {
    const first = admitWebhookRequest(screened, config, secretsAtHand.candidates, now);
    if (first.accepted || !MISMATCH_REASONS.has(first.reason)) return first;
    const refreshed = await secrets.refreshAfterRejection();
    if (refreshed === undefined) return first;
    const second = admitWebhookRequest(screened, config, refreshed.candidates, now);
    if (second.accepted) {
      metrics?.count(INGRESS_METRICS.secretRefreshed);
      log.info('signing secret re-read after a failed verification', { reason: 'secret_rotated', requestId });
    }
    return second;
  }
}
