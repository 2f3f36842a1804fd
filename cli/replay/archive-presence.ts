/*
 * `status <eventId> --archive`: whether the event is in the archive. The record holds no receive
 * time, but the worker archives an event in the invocation that first claims it, so the archive
 * hours around `firstClaimedAt` hold it. Reading them costs a GET per object in those hours,
 * hence the opt-in flag.
 */
import { ARCHIVE_BUCKET, PipelineResources } from '../pipeline-resources';
import { readArchiveWindow } from './archive-reader';
import { s3ClientOf } from './s3-client';

const HOUR_MS = 3_600_000;

export const ARCHIVE_STATUS_OPTIONS = {
  'archive': { type: 'boolean' },
  'archive-bucket': { type: 'string' },
} as const;

export const ARCHIVE_STATUS_HELP = [
  '  --archive             also look the event up in the archive (ArchiveBucketName from --outputs, or',
  '                        --archive-bucket B): reads the archive hours around its first claim',
].join('\n');

export async function archivePresence(resources: PipelineResources, eventId: string, firstClaimedAt: number | undefined): Promise<string> {
  if (firstClaimedAt === undefined) return 'unknown (the record has no first claim time)';
  const bucket = resources.require(ARCHIVE_BUCKET);
  const s3 = s3ClientOf(resources.clientConfig());
  try {
    // Received at most an hour before its first claim here; a longer wait in the queue needs `replay --dry-run --event-id` with a wider window.
    const read = await readArchiveWindow(s3, { bucket, fromMs: firstClaimedAt - HOUR_MS, toMs: firstClaimedAt + 1, scanMarginMs: HOUR_MS });
    const found = read.records.find((record) => record.eventId === eventId);
    return found === undefined
      ? `not found within an hour before its first claim (${read.objectsRead} object(s) read in s3://${bucket})`
      : `archived (received ${new Date(found.receivedAt).toISOString()}, ${found.signedHeaders ? 'with' : 'without'} signature headers)`;
  } finally {
    s3.destroy();
  }
}
