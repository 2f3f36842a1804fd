/*
 * The archive hook of the worker: archives the batch's ordinary deliveries beside the processing
 * (a replayed delivery is already in the archive). The batch's answer waits for both, so the
 * archive write is bounded by the worker's SDK timeouts and is never cut off by the invocation's end.
 */
import type { SQSEvent } from 'aws-lambda';
import { toEventRecord } from './event-record';
import { WorkerHandler } from './worker-handler';
import { EventArchive } from '../aws/archive-writer';
import { ArchivableEvent } from '../core/archive-record';
import { Metrics } from '../observability/metrics';

export function archivableEventsOf(event: SQSEvent): ArchivableEvent[] {
  const events: ArchivableEvent[] = [];
  for (const record of event.Records.map(toEventRecord)) {
    if (record.eventId === undefined || record.replay !== undefined) continue;
    events.push({
      eventId: record.eventId,
      messageGroupId: record.messageGroupId,
      receivedAt: record.receivedAt,
      body: record.body,
      signedHeaders: record.signedHeaders,
    });
  }
  return events;
}

export function archivingWorker(inner: WorkerHandler, archive: EventArchive, metrics: Metrics | undefined): WorkerHandler {
  return async (event, context) => {
    const batch = metrics?.batch();
    try {
      const [answer] = await Promise.all([inner(event, context), archive.archive(archivableEventsOf(event), batch)]);
      return answer;
    } finally {
      batch?.flush();
    }
  };
}
