/*
 * What the event archive (`archive`, on by default) adds: Amazon Data Firehose ingestion (billed per
 * record, each rounded up to 5 KB; the worker sends one record per batch, so a batch's events share
 * the rounding), the S3 PUTs of its buffer flushes, and the compressed objects stored for the
 * retention. A line's size is measured by the archive's own record format on a body of
 * `eventBytes`, not guessed.
 */
import { CapacityAssumptions } from './assumptions';
import { HOURS_PER_MONTH } from './capacity-model';
import type { CostInput, CostLine } from './cost-lines';
import { FIREHOSE_MAX_RECORD_BYTES } from '../../src/contract';
import { archiveRecordOf } from '../../src/runtime/core/archive-record';

/** Firehose bills each record rounded up to this. */
const FIREHOSE_BILLING_UNIT_BYTES = 5 * 1024;
/** The construct's buffering interval (5 min): at most this many objects an hour while events flow. */
const FLUSHES_PER_HOUR = 12;
/** The construct's default `archiveRetention`. */
export const ARCHIVE_RETENTION_DAYS = 30;
/** gzip on webhook JSON: an assumption (typical JSON compresses 3-5×), stated in the docs. */
export const ARCHIVE_COMPRESSION_RATIO = 0.3;
const DAYS_PER_MONTH = HOURS_PER_MONTH / 24;
const GB = 1024 ** 3;

/** A JSON body of about `bodyBytes`: short keys and text values, so about one character in ten is a quote the archive escapes. */
function sampleBody(bodyBytes: number, eventId: string, group: string): string {
  const fields: Record<string, unknown> = { eventId, ticket: { id: group } };
  for (let n = 0; JSON.stringify(fields).length < bodyBytes; n++) fields[`field_${n}`] = 'customer message text';
  return JSON.stringify(fields);
}

/** The bytes of one archived event with a body of `bodyBytes` (metadata, JSON escaping of the body, newline), by the archive's own format. */
export function archiveLineBytes(bodyBytes: number, eventId = 'evt_0000000000000000', group = 'ticket-000000'): number {
  const body = sampleBody(bodyBytes, eventId, group);
  const record = archiveRecordOf({ eventId, messageGroupId: group, receivedAt: 1_800_000_000_000, body }, 'stack-Webhooks', 1_800_000_000_100);
  return Buffer.byteLength(`${JSON.stringify(record)}\n`, 'utf8');
}

export interface ArchiveVolume {
  readonly lineBytes: number;
  readonly records: number;
  readonly billedGb: number;
  readonly storedGbMonth: number;
}

export function archiveVolume(monthlyEvents: number, a: CapacityAssumptions): ArchiveVolume {
  const lineBytes = archiveLineBytes(a.eventBytes);
  const eventsPerRecord = Math.max(1, Math.min(a.eventsPerWorkerInvocation, Math.floor(FIREHOSE_MAX_RECORD_BYTES / lineBytes)));
  const records = monthlyEvents / eventsPerRecord;
  const billedPerRecord = Math.ceil((eventsPerRecord * lineBytes) / FIREHOSE_BILLING_UNIT_BYTES) * FIREHOSE_BILLING_UNIT_BYTES;
  const rawGb = (monthlyEvents * lineBytes) / GB;
  // A month's events stay `retention` days each: the stored average is the month's volume × retention / month length.
  const storedGbMonth = rawGb * ARCHIVE_COMPRESSION_RATIO * (ARCHIVE_RETENTION_DAYS / DAYS_PER_MONTH);
  return { lineBytes, records, billedGb: (records * billedPerRecord) / GB, storedGbMonth };
}

export function archiveLines(i: CostInput): CostLine[] {
  const { assumptions: a, prices } = i;
  const v = archiveVolume(i.monthlyEvents, a);
  // One object per stream flush while events flow (every 5 min at most), never more than one per record.
  const puts = Math.min(HOURS_PER_MONTH * FLUSHES_PER_HOUR, v.records);
  return [
    {
      component: 'Firehose (archive)',
      variableUsd: v.billedGb * prices.firehoseIngestionPerGb,
      fixedUsd: 0,
      basis: `${Math.round(v.records).toLocaleString('en-US')} records (a batch of ${a.eventsPerWorkerInvocation} × ${v.lineBytes} B lines, `
        + `rounded up to 5 KB) = ${v.billedGb.toFixed(2)} GB × $${prices.firehoseIngestionPerGb}/GB`,
    },
    {
      component: 'S3 (archive)',
      variableUsd: v.storedGbMonth * prices.s3StandardStoragePerGbMonth + (puts / 1000) * prices.s3PutPer1000Requests,
      fixedUsd: prices.cloudWatchAlarmPerMonth,
      basis: `${v.storedGbMonth.toFixed(2)} GB-month stored (gzip ≈ ${ARCHIVE_COMPRESSION_RATIO}, ${ARCHIVE_RETENTION_DAYS}-day retention) × `
        + `$${prices.s3StandardStoragePerGbMonth} + ${Math.round(puts).toLocaleString('en-US')} PUTs × $${prices.s3PutPer1000Requests}/1000 + the ArchiveFailures alarm`,
    },
  ];
}

/** The archive's traffic-driven USD per million webhooks, at the assumptions' event size and at 2 KB (the issue's target: ≤ $0.50). */
export function archiveCostPerMillion(a: CapacityAssumptions, prices: CostInput['prices']): { readonly atEventBytes: number; readonly at2Kb: number } {
  const perMillion = (assumptions: CapacityAssumptions) => archiveLines({ monthlyEvents: 1_000_000, apiKind: 'REST', assumptions, prices, warmIngressInstances: 1 })
    .reduce((sum, line) => sum + line.variableUsd, 0);
  return { atEventBytes: perMillion(a), at2Kb: perMillion({ ...a, eventBytes: 2_048 }) };
}

export function archivePerMillionText(perMillion: { readonly atEventBytes: number; readonly at2Kb: number }, eventBytes: number): string {
  return `  of which the event archive: $${perMillion.atEventBytes.toFixed(2)} per million at ${eventBytes} B, $${perMillion.at2Kb.toFixed(2)} at 2 KB `
    + '(archive: false removes both archive lines)';
}
