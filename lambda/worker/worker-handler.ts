/*
 * The worker: claims each event once, runs the processor, records the outcome, and reports the
 * records to retry. Duplicate deliveries, retries and redrives never reach the processor twice for
 * an event that completed, and never while another invocation holds its lease.
 */
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { EventRecord, toEventRecord } from './event-record';
import { ClaimResult, IdempotencyStore } from '../aws/idempotency-store';
import { MessageVisibility, VisibilityChange } from '../aws/message-visibility';
import { AuditLog } from '../core/audit-log';
import { batchItemFailures, RecordResult, runFifoBatch } from '../core/batch-failures';
import { remainingLeaseSeconds } from '../core/claim';
import { Metrics, MetricsBatch } from '../core/metrics';
import { EventProcessor, ProcessorOutcome, safeErrorClass } from '../core/processor-outcome';

export interface WorkerDependencies {
  readonly store: IdempotencyStore;
  readonly processor: EventProcessor;
  readonly visibility: MessageVisibility;
  readonly log: AuditLog;
  readonly idempotencyTtlSeconds: number;
  readonly now?: () => number;
  /** EMF metrics, one line per invocation; absent (or built without configuration): none. */
  readonly metrics?: Metrics;
}

/** Metric names of the worker (dimension Pipeline; Unit Count except EndToEndLatency, Milliseconds). */
export const WORKER_METRICS = {
  processed: 'Processed',
  duplicate: 'Duplicate',
  failed: 'Failed',
  retriedLater: 'RetriedLater',
  skipped: 'Skipped',
  heldByLease: 'HeldByLease',
  /** Now minus the ingress's receivedAt, per processed event. */
  endToEndLatency: 'EndToEndLatency',
} as const;

export type WorkerHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

function errorClassOf(error: unknown): string {
  return safeErrorClass(error instanceof Error ? error.name : undefined, 'Error');
}

function parseBody(body: string): { ok: true; payload: unknown } | { ok: false } {
  try {
    return { ok: true, payload: JSON.parse(body) };
  } catch {
    return { ok: false };
  }
}

export function createWorkerHandler(deps: WorkerDependencies): WorkerHandler {
  const now = deps.now ?? Date.now;
  const { store, processor, log } = deps;
  const ttlSeconds = deps.idempotencyTtlSeconds;

  async function handleRecord(record: EventRecord, context: Context, metrics: MetricsBatch | undefined): Promise<RecordResult> {
    const started = now();
    const fields = { eventId: record.eventId, messageGroupId: record.messageGroupId, messageId: record.messageId };
    const elapsed = () => now() - started;
    if (record.eventId === undefined) {
      log.error('event failed', { ...fields, reason: 'missing-event-id' });
      metrics?.count(WORKER_METRICS.failed);
      return { kind: 'failed' };
    }
    const body = parseBody(record.body);
    if (!body.ok) {
      log.error('event failed', { ...fields, reason: 'invalid-body', errorClass: 'InvalidMessageBody' });
      metrics?.count(WORKER_METRICS.failed);
      return { kind: 'failed' };
    }
    const eventId = record.eventId;
    const leaseOwner = `${context.awsRequestId}:${record.messageId}`;

    let claim: ClaimResult;
    const claimedAt = now();
    try {
      claim = await store.claim(eventId, {
        leaseOwner,
        messageGroupId: record.messageGroupId,
        nowMs: claimedAt,
        // The lease ends with the invocation: a later delivery may take over only once it is over.
        leaseExpiresAt: claimedAt + context.getRemainingTimeInMillis(),
        ttlSeconds,
      });
    } catch (error) {
      log.error('event failed', { ...fields, reason: 'claim-error', errorClass: errorClassOf(error), durationMs: elapsed() });
      metrics?.count(WORKER_METRICS.failed);
      return { kind: 'failed' };
    }
    switch (claim.kind) {
      case 'DUPLICATE_COMPLETED':
        log.info('event duplicate', { ...fields, reason: 'already-completed', durationMs: elapsed() });
        metrics?.count(WORKER_METRICS.duplicate);
        return { kind: 'ok' };
      case 'HELD_BY_LIVE_LEASE': {
        const retryAfterSeconds = remainingLeaseSeconds(claim.record, now());
        log.info('event deferred', {
          ...fields, reason: 'live-lease', attempt: claim.record?.attempts, retryAfterSeconds, durationMs: elapsed(),
        });
        metrics?.count(WORKER_METRICS.heldByLease);
        return { kind: 'failed', retryAfterSeconds };
      }
      case 'CONTENDED':
        log.info('event deferred', { ...fields, reason: 'claim-contended', durationMs: elapsed() });
        // Another invocation claimed it between our read and write: it holds the lease now.
        metrics?.count(WORKER_METRICS.heldByLease);
        return { kind: 'failed' };
      case 'CLAIMED':
        break;
    }
    const attempt = claim.attempt;
    log.info('event claimed', { ...fields, attempt });

    let outcome: ProcessorOutcome;
    try {
      outcome = await processor.process({
        eventId,
        messageGroupId: record.messageGroupId,
        attempt,
        receivedAt: new Date(Number.isFinite(record.receivedAt) ? record.receivedAt : claimedAt).toISOString(),
        payload: body.payload,
      });
    } catch (error) {
      outcome = { kind: 'FAILED', errorClass: errorClassOf(error) };
    }

    const release = { leaseOwner, nowMs: now(), ttlSeconds };
    if (outcome.kind === 'PROCESSED') {
      try {
        if (!await store.complete(eventId, release)) {
          log.warn('lease lost', { ...fields, attempt, reason: 'complete-condition-failed' });
        }
      } catch (error) {
        // The effect happened: acknowledging is the lesser harm (a redelivery after the lease
        // runs out would run it again). The record stays IN_PROGRESS until its TTL.
        log.error('completion not recorded', { ...fields, attempt, errorClass: errorClassOf(error) });
      }
      log.info('event processed', { ...fields, attempt, durationMs: elapsed() });
      metrics?.count(WORKER_METRICS.processed);
      metrics?.milliseconds(WORKER_METRICS.endToEndLatency, now() - record.receivedAt);
      return { kind: 'ok' };
    }

    const errorClass = outcome.kind === 'RETRY_LATER' ? 'RetryLater' : outcome.errorClass;
    try {
      if (!await store.fail(eventId, { ...release, errorClass })) {
        log.warn('lease lost', { ...fields, attempt, reason: 'fail-condition-failed' });
      }
    } catch (error) {
      // The lease runs out with this invocation, so the retry can still claim the event.
      log.error('failure not recorded', { ...fields, attempt, errorClass: errorClassOf(error) });
    }
    if (outcome.kind === 'RETRY_LATER') {
      log.info('event deferred', {
        ...fields,
        attempt,
        reason: 'retry-later',
        errorClass,
        retryAfterSeconds: outcome.retryAfterSeconds,
        durationMs: elapsed(),
      });
      metrics?.count(WORKER_METRICS.retriedLater);
      return { kind: 'failed', retryAfterSeconds: outcome.retryAfterSeconds };
    }
    log.warn('event failed', { ...fields, attempt, reason: 'processor-failed', errorClass, durationMs: elapsed() });
    metrics?.count(WORKER_METRICS.failed);
    return { kind: 'failed' };
  }

  return async (event, context) => {
    const metrics = deps.metrics?.batch();
    try {
      return await handleBatch(event, context, metrics);
    } finally {
      metrics?.flush();
    }
  };

  async function handleBatch(event: SQSEvent, context: Context, metrics: MetricsBatch | undefined): Promise<SQSBatchResponse> {
    const records = event.Records.map(toEventRecord);
    const outcomes = await runFifoBatch(
      records,
      (record) => handleRecord(record, context, metrics).catch((error: unknown) => {
        // runFifoBatch fails the record; count it like every other failure.
        metrics?.count(WORKER_METRICS.failed);
        throw error;
      }),
      (record) => {
        metrics?.count(WORKER_METRICS.skipped);
        log.info('event skipped after group failure', {
          eventId: record.eventId,
          messageGroupId: record.messageGroupId,
          messageId: record.messageId,
          reason: 'earlier-record-in-group-failed',
        });
      },
    );

    const changes: VisibilityChange[] = [];
    for (const { record, result } of outcomes) {
      if (result.kind !== 'ok' && result.retryAfterSeconds !== undefined) {
        changes.push({
          messageId: record.messageId,
          receiptHandle: record.receiptHandle,
          visibilityTimeoutSeconds: result.retryAfterSeconds,
        });
      }
    }
    if (changes.length > 0) {
      try {
        const failed = await deps.visibility.delay(changes);
        if (failed.length > 0) log.warn('visibility not changed', { count: failed.length, requestId: context.awsRequestId });
      } catch (error) {
        // The messages still come back, after the queue's visibility timeout instead.
        log.warn('visibility not changed', { count: changes.length, errorClass: errorClassOf(error), requestId: context.awsRequestId });
      }
    }

    const failures = batchItemFailures(outcomes);
    log.info('batch done', { count: records.length, requestId: context.awsRequestId });
    return { batchItemFailures: failures };
  }
}
