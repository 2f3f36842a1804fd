/*
 * The worker: claims each event once, runs the processor at most once per claim, records the
 * outcome, and reports the records to retry. Duplicate deliveries, retries and redrives never
 * reach the processor twice for an event that completed, and never while another claim may still
 * be running it. Records it cannot finish in the time left are returned unclaimed.
 */
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { EventRecord, toEventRecord } from './event-record';
import { createRecordHandler, WORKER_METRICS } from './record-handler';
import { IdempotencyStore } from '../aws/idempotency-store';
import { MessageVisibility, VisibilityChange } from '../aws/message-visibility';
import { batchItemFailures, BatchRecordOutcome, runFifoBatch } from '../core/batch-failures';
import { errorClassOf } from '../core/error-class';
import { EventProcessor } from '../core/processor-outcome';
import { capVisibilitySeconds, WorkerTimeBudget } from '../core/time-budget';
import { AuditLog } from '../observability/audit-log';
import { EventTracing } from '../observability/event-tracing';
import { Metrics, MetricsBatch } from '../observability/metrics';

export { WORKER_METRICS } from './record-handler';

export interface WorkerDependencies {
  readonly store: IdempotencyStore;
  readonly processor: EventProcessor;
  readonly visibility: MessageVisibility;
  readonly log: AuditLog;
  readonly idempotencyTtlSeconds: number;
  /** The processor's timeout: sets the time each record needs (see WorkerTimeBudget). */
  readonly processorTimeoutMs: number;
  /** Message groups worked on at once per invocation. @default all groups of the batch */
  readonly groupConcurrency?: number;
  /** The time rules. @default a WorkerTimeBudget for processorTimeoutMs (tests swap in one without the rule, as a negative control) */
  readonly timeBudget?: WorkerTimeBudget;
  readonly now?: () => number;
  /** EMF metrics, one line per invocation; absent (or built without configuration): none. */
  readonly metrics?: Metrics;
  /** X-Ray: continue each event's trace into its processor run. @default none */
  readonly tracing?: EventTracing;
}

export type WorkerHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

export function createWorkerHandler(deps: WorkerDependencies): WorkerHandler {
  const now = deps.now ?? Date.now;
  const { log } = deps;
  const handleRecord = createRecordHandler({
    store: deps.store,
    processor: deps.processor,
    log,
    idempotencyTtlSeconds: deps.idempotencyTtlSeconds,
    budget: deps.timeBudget ?? new WorkerTimeBudget(deps.processorTimeoutMs),
    now,
    tracing: deps.tracing,
  });

  return async (event, context) => {
    const metrics = deps.metrics?.batch();
    try {
      return await handleBatch(event, context, metrics);
    } finally {
      metrics?.flush();
    }
  };

  async function handleBatch(event: SQSEvent, context: Context, metrics: MetricsBatch | undefined): Promise<SQSBatchResponse> {
    const invocationStartedAt = now();
    const records = event.Records.map(toEventRecord);
    // An age under a second says nothing the alarm (minutes) could use: most invocations then write no EventAge at all.
    const oldestAge = oldestAgeSeconds(records, invocationStartedAt);
    if (oldestAge >= 1) metrics?.maximumSeconds(WORKER_METRICS.eventAge, oldestAge);
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
      deps.groupConcurrency,
    );
    await delayRetries(outcomes, invocationStartedAt, context);
    log.debug('batch done', { count: records.length, requestId: context.awsRequestId });
    return { batchItemFailures: batchItemFailures(outcomes) };
  }

  /** Pushes out the next delivery of records that asked for a delay (RETRY_LATER, a held or unfinished event). */
  async function delayRetries(outcomes: Array<BatchRecordOutcome<EventRecord>>, invocationStartedAt: number, context: Context): Promise<void> {
    const changes: VisibilityChange[] = [];
    for (const { record, result } of outcomes) {
      if (result.kind !== 'ok' && result.retryAfterSeconds !== undefined) {
        changes.push({
          messageId: record.messageId,
          receiptHandle: record.receiptHandle,
          visibilityTimeoutSeconds: capVisibilitySeconds(result.retryAfterSeconds, invocationStartedAt, now()),
        });
      }
    }
    if (changes.length === 0) return;
    try {
      const failed = await deps.visibility.delay(changes);
      if (failed.length > 0) log.warn('visibility not changed', { count: failed.length, requestId: context.awsRequestId });
    } catch (error) {
      // The messages still come back, after the queue's visibility timeout instead.
      log.warn('visibility not changed', { count: changes.length, errorClass: errorClassOf(error), requestId: context.awsRequestId });
    }
  }
}

/** Seconds since the ingress received the oldest event of the batch (its receivedAt survives redrives). */
function oldestAgeSeconds(records: readonly EventRecord[], nowMs: number): number {
  const oldest = Math.min(...records.map((record) => record.receivedAt).filter(Number.isFinite));
  return Number.isFinite(oldest) ? Math.max(0, Math.floor((nowMs - oldest) / 1000)) : 0;
}
