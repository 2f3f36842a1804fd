/*
 * Reads the archive for a time window: lists the hour prefixes Firehose wrote (by arrival time,
 * so from the window's start to `scanMarginMs` past its end: an event is archived when the worker
 * takes it, which can be later than its receipt), gets and gunzips each object, and keeps the
 * events received inside the window, once each (a retried delivery is archived again), in the
 * order they were received.
 */
import { gunzipSync } from 'node:zlib';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { ArchiveRecord, archiveHourPrefix } from '../../src/contract';
import { parseArchiveObject } from '../../src/runtime/core/archive-record';

const HOUR_MS = 3_600_000;

export interface ArchiveWindow {
  readonly bucket: string;
  /** Epoch ms, inclusive. */
  readonly fromMs: number;
  /** Epoch ms, exclusive. */
  readonly toMs: number;
  /** How long after `toMs` an event of the window may still have been archived. */
  readonly scanMarginMs: number;
}

export interface ArchiveRead {
  /** Received inside the window, one per event id, in receipt order (archive order breaks ties). */
  readonly records: ArchiveRecord[];
  readonly objectsRead: number;
  /** Lines that were not archive records or whose body did not match its hash (with the object key). */
  readonly problems: string[];
}

/** The hour prefixes from the hour of `fromMs` to the hour of `toMs + marginMs`. */
export function hourPrefixesOf(fromMs: number, toMs: number, marginMs: number): string[] {
  const prefixes: string[] = [];
  for (let hour = Math.floor(fromMs / HOUR_MS) * HOUR_MS; hour < toMs + marginMs; hour += HOUR_MS) prefixes.push(archiveHourPrefix(hour));
  return prefixes;
}

async function listKeys(s3: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
  return keys.sort();
}

async function readObject(s3: S3Client, bucket: string, key: string): Promise<string> {
  const output = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const bytes = Buffer.from(await output.Body!.transformToByteArray());
  // Firehose writes gzip (the `.gz` objects); an object without the gzip magic is read as it is.
  return (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('utf8');
}

export async function readArchiveWindow(s3: S3Client, window: ArchiveWindow): Promise<ArchiveRead> {
  const byEvent = new Map<string, { record: ArchiveRecord; order: number }>();
  const problems: string[] = [];
  let objectsRead = 0;
  let order = 0;
  for (const prefix of hourPrefixesOf(window.fromMs, window.toMs, window.scanMarginMs)) {
    for (const key of await listKeys(s3, window.bucket, prefix)) {
      objectsRead += 1;
      for (const line of parseArchiveObject(await readObject(s3, window.bucket, key))) {
        order += 1;
        if (!line.ok) {
          problems.push(`${key}: ${line.problem}`);
          continue;
        }
        const { record } = line;
        if (record.receivedAt < window.fromMs || record.receivedAt >= window.toMs) continue;
        if (!byEvent.has(record.eventId)) byEvent.set(record.eventId, { record, order });
      }
    }
  }
  const records = [...byEvent.values()]
    .sort((a, b) => a.record.receivedAt - b.record.receivedAt || a.order - b.order)
    .map(({ record }) => record);
  return { records, objectsRead, problems };
}
