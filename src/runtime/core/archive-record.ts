/*
 * The archive's record format, free of AWS: an event becomes one JSON line; a worker batch's lines
 * are packed into as few Firehose records as fit (Firehose bills each record rounded up to 5 KB,
 * so one record per batch costs a tenth of one per event); a reader turns the delivered lines back
 * into records and checks each body against its hash.
 */
import { createHash } from 'node:crypto';
// Not dependencies of the library: the Lambda Node.js runtime provides SDK v3; valibot is an optional dependency.
// eslint-disable-next-line import/no-extraneous-dependencies
import * as v from 'valibot';
import { parseJson } from './parse-json';
import { ARCHIVE_RECORD_VERSION, ArchiveRecord, FIREHOSE_MAX_RECORD_BYTES } from '../../contract';

export interface ArchivableEvent {
  readonly eventId: string;
  readonly messageGroupId: string;
  readonly receivedAt: number;
  readonly body: string;
  readonly signedHeaders?: Record<string, string>;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex');
}

export function archiveRecordOf(event: ArchivableEvent, pipeline: string, archivedAt: number): ArchiveRecord {
  return {
    v: ARCHIVE_RECORD_VERSION,
    pipeline,
    eventId: event.eventId,
    messageGroupId: event.messageGroupId,
    receivedAt: event.receivedAt,
    archivedAt,
    body: event.body,
    bodySha256: sha256Hex(event.body),
    ...(event.signedHeaders ? { signedHeaders: event.signedHeaders } : {}),
  };
}

/** One Firehose record: newline-terminated JSON lines, and how many events they hold. */
export interface PackedRecord {
  readonly data: Buffer;
  readonly events: number;
}

export interface PackedRecords {
  /** Firehose record payloads, each at most `maxRecordBytes`. */
  readonly records: PackedRecord[];
  /** Events whose single line is larger than a Firehose record: they cannot be archived. */
  readonly oversized: ArchiveRecord[];
}

/** Packs lines greedily in order into records of at most `maxRecordBytes`. */
export function packArchiveLines(records: readonly ArchiveRecord[], maxRecordBytes: number = FIREHOSE_MAX_RECORD_BYTES): PackedRecords {
  const packed: PackedRecord[] = [];
  const oversized: ArchiveRecord[] = [];
  let current: Buffer[] = [];
  let currentBytes = 0;
  const flush = () => {
    if (current.length > 0) packed.push({ data: Buffer.concat(current), events: current.length });
    current = [];
    currentBytes = 0;
  };
  for (const record of records) {
    const line = Buffer.from(`${JSON.stringify(record)}\n`, 'utf8');
    if (line.length > maxRecordBytes) {
      oversized.push(record);
      continue;
    }
    if (currentBytes + line.length > maxRecordBytes) flush();
    current.push(line);
    currentBytes += line.length;
  }
  flush();
  return { records: packed, oversized };
}

const ArchiveRecordSchema = v.object({
  v: v.literal(ARCHIVE_RECORD_VERSION),
  pipeline: v.string(),
  eventId: v.pipe(v.string(), v.minLength(1)),
  messageGroupId: v.pipe(v.string(), v.minLength(1)),
  receivedAt: v.number(),
  archivedAt: v.number(),
  body: v.string(),
  bodySha256: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/)),
  signedHeaders: v.optional(v.record(v.string(), v.string())),
});

export type ParsedLine =
  | { readonly ok: true; readonly record: ArchiveRecord }
  | { readonly ok: false; readonly problem: string };

/** One delivered line back into a record; a line that is not a record, or whose body does not match its hash, is a problem. */
export function parseArchiveLine(line: string): ParsedLine {
  const json = parseJson(line);
  if (!json.ok) return { ok: false, problem: 'not JSON' };
  const result = v.safeParse(ArchiveRecordSchema, json.value);
  if (!result.success) return { ok: false, problem: `not an archive record v${ARCHIVE_RECORD_VERSION} (${result.issues[0].message})` };
  const record = result.output as ArchiveRecord;
  if (sha256Hex(record.body) !== record.bodySha256) return { ok: false, problem: `event ${record.eventId}: body does not match bodySha256` };
  return { ok: true, record };
}

/** Consecutive slices of `items` holding at most `maxItems` items and `maxBytes` bytes each (a PutRecordBatch call). */
export function chunkRecords(items: readonly PackedRecord[], maxItems: number, maxBytes: number): PackedRecord[][] {
  const chunks: PackedRecord[][] = [];
  let current: PackedRecord[] = [];
  let bytes = 0;
  for (const item of items) {
    if (current.length > 0 && (current.length >= maxItems || bytes + item.data.length > maxBytes)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += item.data.length;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** Every line of a delivered (already decompressed) object. */
export function parseArchiveObject(text: string): ParsedLine[] {
  return text.split('\n').filter((line) => line.trim() !== '').map(parseArchiveLine);
}
