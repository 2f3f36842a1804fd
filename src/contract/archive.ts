/*
 * The archive and replay contract shared by the construct, the worker, the local pipeline and the
 * CLI: message attributes, the archive's object layout and record format, limits. Free of
 * aws-cdk-lib and AWS SDK imports (imported by src/ and lambda/ alike). Not exported from src/index.ts.
 */

/** Message attribute: the run id of a replay (`ack-fast-webhook replay` sets it; the ingress never does). */
export const MESSAGE_ATTRIBUTE_REPLAY_RUN_ID = 'replayRunId';
/** Message attribute: epoch ms at which the replay run was requested. */
export const MESSAGE_ATTRIBUTE_REPLAY_REQUESTED_AT = 'replayRequestedAt';
/**
 * Message attribute: JSON object of the headers the authentication scheme verified the signature
 * with (lower-case names), so the archive can keep them next to the raw body. Never set for the
 * shared-token scheme: its header is the secret itself.
 */
export const MESSAGE_ATTRIBUTE_SIGNED_HEADERS = 'signedHeaders';
/** The signed headers are carried only up to this many bytes of JSON (within MESSAGE_ATTRIBUTE_RESERVE_BYTES). */
export const SIGNED_HEADERS_MAX_BYTES = 640;

/** Where the worker archives accepted events (absent: archiving is off). */
export interface ArchiveRuntimeConfig {
  /** The Amazon Data Firehose delivery stream that writes the archive bucket. */
  readonly deliveryStreamName: string;
  /** The pipeline's name as archived in every record (the construct path by default). */
  readonly pipelineName: string;
}

/** The archive's key prefix in the bucket; Firehose adds `year=/month=/day=/hour=/` (UTC, arrival time) below it. */
export const ARCHIVE_KEY_PREFIX = 'archive/';
/** Where Firehose writes records it could not deliver. */
export const ARCHIVE_ERROR_PREFIX = 'archive-errors/';

/** The hour prefix of an archive object written at `epochMs` (what the delivery stream's prefix expression produces). */
export function archiveHourPrefix(epochMs: number, keyPrefix: string = ARCHIVE_KEY_PREFIX): string {
  const at = new Date(epochMs);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${keyPrefix}year=${at.getUTCFullYear()}/month=${two(at.getUTCMonth() + 1)}/day=${two(at.getUTCDate())}/hour=${two(at.getUTCHours())}/`;
}

/** The Firehose prefix expression that yields archiveHourPrefix. */
export const ARCHIVE_FIREHOSE_PREFIX = `${ARCHIVE_KEY_PREFIX}year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/`;
export const ARCHIVE_FIREHOSE_ERROR_PREFIX = `${ARCHIVE_ERROR_PREFIX}!{firehose:error-output-type}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/`;

/** Firehose's cap on one record (1,000 KiB) and on one PutRecordBatch call (500 records, 4 MiB). */
export const FIREHOSE_MAX_RECORD_BYTES = 1_024_000;
export const FIREHOSE_MAX_BATCH_RECORDS = 500;
export const FIREHOSE_MAX_BATCH_BYTES = 4 * 1_048_576;

/** The worker's metric (Count, dimension Pipeline) of events it processed but could not archive; the alarm watches it. */
export const ARCHIVE_FAILURES_METRIC = 'ArchiveFailures';

/** Format version of an archive record; a reader refuses records of a version it does not know. */
export const ARCHIVE_RECORD_VERSION = 1;

/**
 * One archived event: one JSON line. Several lines travel in one Firehose record (a worker batch),
 * so a delivered object is newline-delimited JSON, gzip-compressed by Firehose.
 */
export interface ArchiveRecord {
  readonly v: number;
  readonly pipeline: string;
  readonly eventId: string;
  readonly messageGroupId: string;
  /** Epoch ms at which the ingress received the webhook. */
  readonly receivedAt: number;
  /** Epoch ms at which the worker archived it. */
  readonly archivedAt: number;
  /** The body exactly as received: its UTF-8 bytes are the signed bytes (the ingress refuses any other encoding). */
  readonly body: string;
  /** Hex SHA-256 of the body's bytes (a check without the secret). */
  readonly bodySha256: string;
  /** The verified signature headers (see MESSAGE_ATTRIBUTE_SIGNED_HEADERS); absent for shared-token or when too large. */
  readonly signedHeaders?: Record<string, string>;
}

/** The processor's `replay` field: which replay run sent this delivery. */
export interface ReplayRunInfo {
  readonly id: string;
  /** ISO-8601 time the run was requested. */
  readonly requestedAt: string;
}

/** What a replay run id may hold: it goes into deduplication ids and DynamoDB string sets. */
export const REPLAY_RUN_ID_PATTERN = /^[A-Za-z0-9_-]{1,40}$/;
