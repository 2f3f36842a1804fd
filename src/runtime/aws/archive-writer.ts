/*
 * The worker's archive write: the events of one batch, as few Firehose records as fit, in one
 * PutRecordBatch call (more only past Firehose's per-call limits). Runs beside the batch's
 * processing, never in front of it, and never throws: an event it could not archive is counted
 * (ArchiveFailures, which an alarm watches) and logged, and is processed all the same.
 */
// Not dependencies of the library: the Lambda Node.js runtime provides SDK v3; valibot is an optional dependency.
// eslint-disable-next-line import/no-extraneous-dependencies
import { FirehoseClient, PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import { ARCHIVE_FAILURES_METRIC, FIREHOSE_MAX_BATCH_BYTES, FIREHOSE_MAX_BATCH_RECORDS } from '../../contract';
import { ArchivableEvent, archiveRecordOf, chunkRecords, packArchiveLines, PackedRecord } from '../core/archive-record';
import { errorClassOf } from '../core/error-class';
import { AuditLog } from '../observability/audit-log';
import { MetricsBatch } from '../observability/metrics';

/** Published only when some event was not archived (a metric costs per month; the alarm treats no data as fine). */
export const ARCHIVE_METRICS = {
  /** Events not archived (Firehose refused or could not be reached, or the event is larger than a Firehose record). */
  archiveFailures: ARCHIVE_FAILURES_METRIC,
} as const;

export interface EventArchive {
  /** Resolves once every event is archived or counted as a failure; never rejects. */
  archive(events: readonly ArchivableEvent[], metrics: MetricsBatch | undefined): Promise<void>;
}

export interface FirehoseArchiveOptions {
  readonly client: FirehoseClient;
  readonly deliveryStreamName: string;
  readonly pipelineName: string;
  readonly log: AuditLog;
  readonly now: () => number;
}

export class FirehoseArchive implements EventArchive {
  constructor(private readonly options: FirehoseArchiveOptions) {}

  public async archive(events: readonly ArchivableEvent[], metrics: MetricsBatch | undefined): Promise<void> {
    if (events.length === 0) return;
    const { log, now, pipelineName } = this.options;
    const archivedAt = now();
    const packed = packArchiveLines(events.map((event) => archiveRecordOf(event, pipelineName, archivedAt)));
    let failed = packed.oversized.length;
    for (const record of packed.oversized) log.error('event not archived', { eventId: record.eventId, reason: 'larger-than-firehose-record' });
    for (const chunk of chunkRecords(packed.records, FIREHOSE_MAX_BATCH_RECORDS, FIREHOSE_MAX_BATCH_BYTES)) {
      failed += await this.put(chunk);
    }
    if (failed > 0) {
      metrics?.count(ARCHIVE_METRICS.archiveFailures, { value: failed });
      log.error('events not archived', { count: failed, reason: 'archive-write-failed' });
    }
  }

  /** One PutRecordBatch, and one retry of the records it refused; resolves with the events still not archived. */
  private async put(records: PackedRecord[]): Promise<number> {
    let pending = records;
    for (let attempt = 1; attempt <= 2 && pending.length > 0; attempt++) {
      try {
        const output = await this.options.client.send(new PutRecordBatchCommand({
          DeliveryStreamName: this.options.deliveryStreamName,
          Records: pending.map((record) => ({ Data: record.data })),
        }));
        const responses = output.RequestResponses ?? [];
        pending = (output.FailedPutCount ?? 0) === 0 ? [] : pending.filter((_, index) => responses[index]?.ErrorCode !== undefined);
      } catch (error) {
        // The SDK has retried already (bounded); the outcome is unknown, so a retry may archive twice: readers collapse by event id.
        if (attempt === 2) this.options.log.warn('archive write failed', { errorClass: errorClassOf(error), count: pending.length });
      }
    }
    return pending.reduce((sum, record) => sum + record.events, 0);
  }
}
