/*
 * The ingress: decide, enqueue once, answer.
 *
 * 200 means SQS has stored the event; anything that keeps it from being stored (secret or queue
 * unavailable) is a 503 with Retry-After so the sender delivers again. One audit line per
 * request, built only from AuditFields: no body, header value, secret or signature can reach it.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { IngressRuntimeConfig } from '../../src/private/runtime-contract';
import { QueueSender } from '../aws/queue-sender';
import { SecretSource } from '../aws/secret-source';
import { AuditLog } from '../core/audit-log';
import { acceptedResponse, RETRY_AFTER_SECONDS, unavailableResponse } from '../core/http-response';
import { Metrics, MetricsBatch } from '../core/metrics';
import { admitWebhookRequest, screenWebhookRequest } from '../core/webhook-request';

export interface IngressHandlerDependencies {
  readonly config: IngressRuntimeConfig;
  readonly secrets: SecretSource;
  readonly queue: QueueSender;
  readonly log: AuditLog;
  readonly now: () => number;
  /** EMF metrics, one line per request; absent (or built without configuration): none. */
  readonly metrics?: Metrics;
}

/** Metric names of the ingress (Unit Count, dimension Pipeline; Rejected also by Reason). */
export const INGRESS_METRICS = {
  received: 'Received',
  rejected: 'Rejected',
  enqueued: 'Enqueued',
  enqueueFailed: 'EnqueueFailed',
} as const;

export type IngressHandler = (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>;

/** The error's class name only: its message may quote the payload or the queue URL. */
function errorClass(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}

export function createIngressHandler(deps: IngressHandlerDependencies): IngressHandler {
  const { config, secrets, queue, log, now } = deps;

  return async (event) => {
    const metrics = deps.metrics?.batch();
    metrics?.count(INGRESS_METRICS.received);
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
      metrics?.count(INGRESS_METRICS.rejected, { reason: screened.reason });
      return screened.response;
    }

    let candidateSecrets: string[];
    try {
      candidateSecrets = await secrets.getSecrets();
    } catch (error) {
      log.error('signing secret unavailable', {
        reason: 'secret_unavailable',
        errorClass: errorClass(error),
        statusCode: 503,
        retryAfterSeconds: RETRY_AFTER_SECONDS,
        bodyBytes: screened.rawBody.length,
        durationMs: elapsed(),
        requestId,
      });
      // Not stored and answered 503: counted as a rejection whose Reason says the sender retries.
      metrics?.count(INGRESS_METRICS.rejected, { reason: 'secret_unavailable' });
      return unavailableResponse(RETRY_AFTER_SECONDS);
    }

    const decision = admitWebhookRequest(screened, config, candidateSecrets, now);
    if (!decision.accepted) {
      log.warn('webhook rejected', {
        reason: decision.reason, statusCode: decision.statusCode, bodyBytes: decision.bodyBytes, durationMs: elapsed(), requestId,
      });
      metrics?.count(INGRESS_METRICS.rejected, { reason: decision.reason });
      return decision.response;
    }

    const { eventId, messageGroupId, bodyBytes } = decision;
    try {
      const { messageId } = await queue.send({ eventId, messageGroupId, bodyText: decision.bodyText, receivedAt });
      metrics?.count(INGRESS_METRICS.enqueued);
      log.info('webhook accepted', {
        eventId,
        messageGroupId,
        messageId,
        reason: `event_id_from_${decision.eventIdSource}`,
        statusCode: 200,
        bodyBytes,
        durationMs: elapsed(),
        requestId,
      });
      return acceptedResponse(eventId);
    } catch (error) {
      metrics?.count(INGRESS_METRICS.enqueueFailed);
      log.error('enqueue failed', {
        eventId,
        messageGroupId,
        reason: 'enqueue_failed',
        errorClass: errorClass(error),
        statusCode: 503,
        retryAfterSeconds: RETRY_AFTER_SECONDS,
        bodyBytes,
        durationMs: elapsed(),
        requestId,
      });
      return unavailableResponse(RETRY_AFTER_SECONDS);
    }
  }
}
