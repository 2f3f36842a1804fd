/*
 * One record through the worker: check the time left, claim the event, invoke the processor at
 * most once under that claim, record the outcome. Every way a record can end is one row of
 * RECORD_ENDINGS (its log line, its metric and what the event source is told).
 */
import type { Context } from 'aws-lambda';
import { EventRecord } from './event-record';
import { ClaimResult, IdempotencyStore } from '../aws/idempotency-store';
import { RecordResult } from '../core/batch-failures';
import { remainingLeaseSeconds } from '../core/claim';
import { errorClassOf } from '../core/error-class';
import { parseJson } from '../core/parse-json';
import { EventProcessor, ProcessorOutcome } from '../core/processor-outcome';
import { WorkerTimeBudget } from '../core/time-budget';
import { AuditFields, AuditLog } from '../observability/audit-log';
import { EventTracing } from '../observability/event-tracing';
import { MetricsBatch } from '../observability/metrics';

/**
 * Metric names of the worker (dimension Pipeline; Unit Count unless noted). The outcome counts
 * are published only in the hours they happen; processed events are EndToEndLatency's
 * SampleCount, not a metric of their own (each custom metric bills $0.30 a month).
 */
export const WORKER_METRICS = {
  duplicate: 'Duplicate',
  failed: 'Failed',
  retriedLater: 'RetriedLater',
  /** Not run in this invocation: an earlier record of its group failed, or too little time was left. */
  skipped: 'Skipped',
  heldByLease: 'HeldByLease',
  /** Now minus the ingress's receivedAt, per processed event (Milliseconds). */
  endToEndLatency: 'EndToEndLatency',
  /**
   * The oldest event an invocation handled, whole seconds since the ingress received it (Seconds,
   * one value per invocation), published only when it is at least 1: a fresh event has no age worth a log byte.
   */
  eventAge: 'EventAge',
} as const;

export interface RecordDependencies {
  readonly store: IdempotencyStore;
  readonly processor: EventProcessor;
  readonly log: AuditLog;
  readonly idempotencyTtlSeconds: number;
  readonly budget: WorkerTimeBudget;
  readonly now: () => number;
  /** X-Ray (tracing on): each claimed event's run continues its webhook's trace. @default none */
  readonly tracing?: EventTracing;
}

type Level = 'info' | 'warn' | 'error';

/** How a record can end: the log message and level, the metric (if any), and whether the message is retried. */
const RECORD_ENDINGS = {
  'missing-event-id': { message: 'event failed', level: 'error', metric: 'failed', retried: true },
  'invalid-body': { message: 'event failed', level: 'error', metric: 'failed', retried: true },
  'worker-time-exhausted': { message: 'event deferred', level: 'info', metric: 'skipped', retried: true },
  'claim-error': { message: 'event failed', level: 'error', metric: 'failed', retried: true },
  'already-completed': { message: 'event duplicate', level: 'info', metric: 'duplicate', retried: false },
  'live-lease': { message: 'event deferred', level: 'info', metric: 'heldByLease', retried: true },
  'claim-contended': { message: 'event deferred', level: 'info', metric: 'heldByLease', retried: true },
  // Counted by EndToEndLatency (its SampleCount), recorded with the completion.
  'processed': { message: 'event processed', level: 'info', metric: null, retried: false },
  'retry-later': { message: 'event deferred', level: 'info', metric: 'retriedLater', retried: true },
  'processor-failed': { message: 'event failed', level: 'warn', metric: 'failed', retried: true },
  'processor-outcome-unknown': { message: 'event outcome unknown', level: 'warn', metric: 'failed', retried: true },
} as const satisfies Record<string, { message: string; level: Level; metric: keyof typeof WORKER_METRICS | null; retried: boolean }>;

type Ending = keyof typeof RECORD_ENDINGS;

/**
 * A record that is done (processed, duplicate) is logged without its SQS message id and reason:
 * its message says how it ended and its event id is the key to everything else. One such line is
 * written per event at INFO, so every byte is billed a million times per million webhooks.
 */
function endingFields(retried: boolean, fields: AuditFields, ending: Ending): AuditFields {
  if (retried) return { ...fields, reason: ending };
  const { messageId: _messageId, ...done } = fields;
  return done;
}

export function createRecordHandler(deps: RecordDependencies) {
  const { store, processor, log, budget, now } = deps;
  const ttlSeconds = deps.idempotencyTtlSeconds;

  return async function handleRecord(record: EventRecord, context: Context, metrics: MetricsBatch | undefined): Promise<RecordResult> {
    const started = now();
    const fields = { eventId: record.eventId, messageGroupId: record.messageGroupId, messageId: record.messageId, receiveCount: record.receiveCount };
    const end = (ending: Ending, extra: AuditFields = {}, retryAfterSeconds?: number): RecordResult => {
      const row = RECORD_ENDINGS[ending];
      log[row.level](row.message, { ...endingFields(row.retried, fields, ending), ...extra, durationMs: now() - started });
      if (row.metric !== null) metrics?.count(WORKER_METRICS[row.metric]);
      return row.retried ? { kind: 'failed', retryAfterSeconds } : { kind: 'ok' };
    };

    if (record.eventId === undefined) return end('missing-event-id');
    const body = parseJson(record.body);
    if (!body.ok) return end('invalid-body', { errorClass: 'InvalidMessageBody' });
    // Claim only what this invocation can finish: a worker timeout would lose every decided outcome of the batch.
    const remainingMs = context.getRemainingTimeInMillis();
    if (!budget.canStart(remainingMs)) return end('worker-time-exhausted', { remainingMs, neededMs: budget.perRecordMs }, 0);

    const eventId = record.eventId;
    const leaseOwner = `${context.awsRequestId}:${record.messageId}`;
    let claim: ClaimResult;
    const claimedAt = now();
    const leaseExpiresAt = budget.leaseExpiresAt(claimedAt, remainingMs);
    try {
      claim = await store.claim(eventId, {
        leaseOwner, messageGroupId: record.messageGroupId, nowMs: claimedAt, leaseExpiresAt, ttlSeconds, replayRunId: record.replay?.id,
      });
    } catch (error) {
      // The write may have landed (its answer lost): retry once that lease would have run out, not after the queue's timeout.
      const retryAfterSeconds = Math.max(0, Math.ceil((leaseExpiresAt - now()) / 1000));
      return end('claim-error', { errorClass: errorClassOf(error), retryAfterSeconds }, retryAfterSeconds);
    }
    if (claim.kind === 'DUPLICATE_COMPLETED') return end('already-completed');
    if (claim.kind === 'CONTENDED') return end('claim-contended');
    if (claim.kind === 'HELD_BY_LIVE_LEASE') {
      const retryAfterSeconds = remainingLeaseSeconds(claim.record, now());
      return end('live-lease', { attempt: claim.record?.attempts, retryAfterSeconds }, retryAfterSeconds);
    }
    const attempt = claim.attempt;
    log.debug('event claimed', { ...fields, attempt, ...(record.replay ? { replayRunId: record.replay.id } : {}) });

    const invokedAt = now();
    const traced = deps.tracing?.workerEvent(record.traceHeader, eventId);
    let outcome: ProcessorOutcome;
    try {
      outcome = await processor.process({
        eventId,
        messageGroupId: record.messageGroupId,
        attempt,
        receivedAt: new Date(Number.isFinite(record.receivedAt) ? record.receivedAt : claimedAt).toISOString(),
        payload: body.value,
        ...(record.replay ? { replay: record.replay } : {}),
      }, { traceHeader: traced?.traceHeader });
    } catch (error) {
      outcome = { kind: 'FAILED', errorClass: errorClassOf(error) };
    }
    traced?.end(outcome.kind, outcome.kind === 'FAILED' || outcome.kind === 'UNKNOWN');

    const release = { leaseOwner, nowMs: now(), ttlSeconds, replayRunId: record.replay?.id };
    const recordWrite = async (write: () => Promise<boolean>, what: string): Promise<void> => {
      try {
        if (!await write()) log.warn('lease lost', { ...fields, attempt, reason: `${what}-condition-failed` });
      } catch (error) {
        // PROCESSED: the effect happened, acknowledging is the lesser harm (the record stays IN_PROGRESS
        // until its TTL; a later delivery is a new attempt). Otherwise the lease ends on its own.
        log.error(`${what} not recorded`, { ...fields, attempt, errorClass: errorClassOf(error) });
      }
    };

    switch (outcome.kind) {
      case 'PROCESSED':
        await recordWrite(() => store.complete(eventId, release), 'completion');
        metrics?.milliseconds(WORKER_METRICS.endToEndLatency, now() - record.receivedAt);
        return end('processed', { attempt });
      case 'RETRY_LATER':
        await recordWrite(() => store.fail(eventId, { ...release, errorClass: 'RetryLater' }), 'failure');
        return end('retry-later', { attempt, errorClass: 'RetryLater', retryAfterSeconds: outcome.retryAfterSeconds }, outcome.retryAfterSeconds);
      case 'FAILED':
        await recordWrite(() => store.fail(eventId, { ...release, errorClass: outcome.errorClass }), 'failure');
        return end('processor-failed', { attempt, errorClass: outcome.errorClass });
      case 'UNKNOWN': {
        // The processor may still be running: hold the event until it cannot be, then a new claim (attempt + 1) runs it.
        const holdUntilMs = budget.holdUntil(invokedAt);
        await recordWrite(() => store.hold(eventId, { ...release, errorClass: outcome.errorClass, holdUntilMs }), 'hold');
        const retryAfterSeconds = Math.max(0, Math.ceil((holdUntilMs - now()) / 1000));
        return end('processor-outcome-unknown', { attempt, errorClass: outcome.errorClass, retryAfterSeconds }, retryAfterSeconds);
      }
    }
  };
}
