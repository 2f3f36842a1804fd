/*
 * `ack-fast-webhook status <eventId> --table NAME`: the idempotency record of one event.
 */
import { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { RECORD_ATTRIBUTE } from '../../src/contract';
import { eventPathLink, LOG_GROUP_HELP, LOG_GROUP_OPTIONS } from '../event-path-link';
import {
  CliIo, COMMON_HELP, CommandError, EXIT_OK, isoFromMs, parseCommandArgs, UsageError,
} from '../options';
import { PIPELINE_STATUS_HELP, runPipelineStatus } from '../pause/pipeline-status';
import { PipelineResources, STACK_OUTPUT_HELP, STACK_OUTPUT_OPTIONS, TABLE_HELP, TABLE_OPTIONS } from '../pipeline-resources';
import { PAUSE_OPTIONS } from './pause';
import { ARCHIVE_STATUS_HELP, ARCHIVE_STATUS_OPTIONS, archivePresence } from '../replay/archive-presence';
import { readRecord } from '../replay/replay-record';

export const STATUS_HELP = [
  'Usage: ack-fast-webhook status <eventId> (--outputs FILE | --table NAME --key-prefix PREFIX) [--json] [--region R] [--endpoint-url URL]',
  '       ack-fast-webhook status (--outputs FILE | --mapping-id UUID --queue-url URL [--alarm-names A,B]) [--json]',
  '',
  'Prints the idempotency record of one event from the state table (strongly consistent read):',
  'its state (IN_PROGRESS, COMPLETED or FAILED), attempts, last error class and timestamps.',
  'Exits 1 when the table holds no record for the event (never received, filtered, or expired by TTL).',
  'With the log groups known, also prints a CloudWatch Logs Insights console link to the event\'s path',
  '(the saved "one event\'s path by event id" query, for this id).',
  '',
  PIPELINE_STATUS_HELP,
  '',
  'Options:',
  TABLE_HELP,
  '  --json                print the record as JSON instead of lines',
  LOG_GROUP_HELP,
  ARCHIVE_STATUS_HELP,
  STACK_OUTPUT_HELP,
  COMMON_HELP,
].join('\n');

export type PlainRecord = Record<string, string | number | boolean | null | undefined>;

/** The flat attribute types the worker writes (S, N, BOOL, NULL); others are shown as JSON. */
export function plainRecord(item: Record<string, AttributeValue>): PlainRecord {
  const result: PlainRecord = {};
  for (const [name, value] of Object.entries(item)) {
    if (value.S !== undefined) result[name] = value.S;
    else if (value.N !== undefined) result[name] = Number(value.N);
    else if (value.BOOL !== undefined) result[name] = value.BOOL;
    else if (value.NULL !== undefined) result[name] = null;
    else if (value.SS !== undefined) result[name] = [...value.SS].sort().join(', ');
    else result[name] = JSON.stringify(value);
  }
  return result;
}

function num(record: PlainRecord, name: string): number | undefined {
  const value = record[name];
  return typeof value === 'number' ? value : undefined;
}

export function formatRecord(eventId: string, record: PlainRecord, nowMs: number): string[] {
  const a = RECORD_ATTRIBUTE;
  const expiresAt = num(record, a.expiresAt);
  const expired = expiresAt !== undefined && expiresAt < Math.floor(nowMs / 1000);
  const rows: Array<[string, string | number | boolean | null | undefined]> = [
    ['event', eventId],
    ['state', `${String(record[a.status] ?? '(none)')}${expired ? ' (TTL passed: the worker treats the record as absent)' : ''}`],
    ['attempts', num(record, a.attempts) ?? 0],
    ['message group', record[a.messageGroupId]],
    ['last error class', record[a.lastErrorClass]],
    ['last error at', isoFromMs(num(record, a.lastErrorAt))],
    ['first claimed at', isoFromMs(num(record, a.firstClaimedAt))],
    ['completed at', isoFromMs(num(record, a.completedAt))],
    ['updated at', isoFromMs(num(record, a.updatedAt))],
    ['lease owner', record[a.leaseOwner]],
    ['lease expires at', isoFromMs(num(record, a.leaseExpiresAt))],
    ['replay count', record[a.replayCount]],
    ['replay requested at', isoFromMs(num(record, a.replayRequestedAt))],
    ['replay runs', record[a.replayRuns]],
    ['replays completed', record[a.completedReplayRuns]],
    ['record expires at', expiresAt === undefined ? undefined : isoFromMs(expiresAt * 1000)],
  ];
  return rows
    .filter(([, value]) => value !== undefined && value !== null)
    .map(([label, value]) => `${`${label}:`.padEnd(21)}${String(value)}`);
}

export async function runStatus(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('status', argv, {
    json: { type: 'boolean' }, ...TABLE_OPTIONS, ...LOG_GROUP_OPTIONS, ...PAUSE_OPTIONS, ...STACK_OUTPUT_OPTIONS, ...ARCHIVE_STATUS_OPTIONS,
  });
  if (values.help) {
    io.stdout(`${STATUS_HELP}\n`);
    return EXIT_OK;
  }
  if (positionals.length === 0) return runPipelineStatus(values, io);
  if (positionals.length !== 1 || positionals[0].trim() === '') {
    throw new UsageError('status: expected exactly one <eventId>, or none for the pipeline\'s processing state and backlog');
  }
  const eventId = positionals[0];
  const resources = new PipelineResources('status', values);
  const table = resources.eventRecordTable();
  const client = new DynamoDBClient(resources.clientConfig());
  try {
    const item = await readRecord(client, table, eventId);
    const nowMs = Date.now();
    if (!item) {
      const link = eventPathLink(resources, eventId, nowMs);
      throw new CommandError(`status: no record for event '${eventId}' in table ${table.name} under ${table.keyPrefix} (never received, filtered, or expired)`
        + (link === undefined ? '' : `; its audit log lines, if any: ${link}`));
    }
    const record = plainRecord(item);
    const firstClaimedAt = num(record, RECORD_ATTRIBUTE.firstClaimedAt);
    const link = eventPathLink(resources, eventId, nowMs, firstClaimedAt);
    const archived = values.archive === true ? await archivePresence(resources, eventId, firstClaimedAt) : undefined;
    if (values.json) {
      const extras = { ...(link === undefined ? {} : { eventPathQueryUrl: link }), ...(archived === undefined ? {} : { archive: archived }) };
      io.stdout(`${JSON.stringify({ eventId, ...record, ...extras }, null, 2)}\n`);
    } else {
      const rows = formatRecord(eventId, record, nowMs);
      if (archived !== undefined) rows.push(`${'archive:'.padEnd(21)}${archived}`);
      if (link !== undefined) rows.push(`${'event path (logs):'.padEnd(21)}${link}`);
      io.stdout(`${rows.join('\n')}\n`);
    }
    return EXIT_OK;
  } finally {
    client.destroy();
  }
}
