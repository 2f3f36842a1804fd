/*
 * `ack-fast-webhook status <eventId> --table NAME`: the idempotency record of one event.
 */
import { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { TABLE_TTL_ATTRIBUTE } from '../../src/private/runtime-contract';
import {
  CliIo, COMMON_HELP, CommandError, EXIT_OK, isoFromMs, parseCommandArgs, UsageError,
} from '../options';
import { PipelineResources, STACK_OUTPUT_HELP, STACK_OUTPUT_OPTIONS, TABLE_HELP, TABLE_OPTIONS } from '../pipeline-resources';
import { ARCHIVE_STATUS_HELP, ARCHIVE_STATUS_OPTIONS, archivePresence } from '../replay/archive-presence';
import { readRecord } from '../replay/replay-record';

export const STATUS_HELP = [
  'Usage: ack-fast-webhook status <eventId> (--outputs FILE | --table NAME --key-prefix PREFIX) [--json] [--region R] [--endpoint-url URL]',
  '',
  'Prints the idempotency record of one event from the state table (strongly consistent read):',
  'its state (IN_PROGRESS, COMPLETED or FAILED), attempts, last error class and timestamps.',
  'Exits 1 when the table holds no record for the event (never received, or expired by TTL).',
  '',
  'Options:',
  TABLE_HELP,
  '  --json                print the record as JSON instead of lines',
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
  const expiresAt = num(record, TABLE_TTL_ATTRIBUTE);
  const expired = expiresAt !== undefined && expiresAt < Math.floor(nowMs / 1000);
  const rows: Array<[string, string | number | boolean | null | undefined]> = [
    ['event', eventId],
    ['state', `${String(record.status ?? '(none)')}${expired ? ' (TTL passed: the worker treats the record as absent)' : ''}`],
    ['attempts', num(record, 'attempts') ?? 0],
    ['message group', record.messageGroupId],
    ['last error class', record.lastErrorClass],
    ['last error at', isoFromMs(num(record, 'lastErrorAt'))],
    ['first claimed at', isoFromMs(num(record, 'firstClaimedAt'))],
    ['completed at', isoFromMs(num(record, 'completedAt'))],
    ['updated at', isoFromMs(num(record, 'updatedAt'))],
    ['lease owner', record.leaseOwner],
    ['lease expires at', isoFromMs(num(record, 'leaseExpiresAt'))],
    ['replay count', record.replayCount],
    ['replay requested at', isoFromMs(num(record, 'replayRequestedAt'))],
    ['replay runs', record.replayRuns],
    ['replays completed', record.completedReplayRuns],
    ['record expires at', expiresAt === undefined ? undefined : isoFromMs(expiresAt * 1000)],
  ];
  return rows
    .filter(([, value]) => value !== undefined && value !== null)
    .map(([label, value]) => `${`${label}:`.padEnd(21)}${String(value)}`);
}

export async function runStatus(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('status', argv, {
    json: { type: 'boolean' }, ...TABLE_OPTIONS, ...STACK_OUTPUT_OPTIONS, ...ARCHIVE_STATUS_OPTIONS,
  });
  if (values.help) {
    io.stdout(`${STATUS_HELP}\n`);
    return EXIT_OK;
  }
  if (positionals.length !== 1 || positionals[0].trim() === '') {
    throw new UsageError('status: expected exactly one <eventId>');
  }
  const eventId = positionals[0];
  const resources = new PipelineResources('status', values);
  const table = resources.eventRecordTable();
  const client = new DynamoDBClient(resources.clientConfig());
  try {
    const item = await readRecord(client, table, eventId);
    if (!item) {
      throw new CommandError(`status: no record for event '${eventId}' in table ${table.name} under ${table.keyPrefix} (never received, or expired)`);
    }
    const record = plainRecord(item);
    const archived = values.archive === true ? await archivePresence(resources, eventId, num(record, 'firstClaimedAt')) : undefined;
    if (values.json) {
      io.stdout(`${JSON.stringify({ eventId, ...record, ...(archived === undefined ? {} : { archive: archived }) }, null, 2)}\n`);
    } else {
      io.stdout(`${[...formatRecord(eventId, record, Date.now()), ...(archived === undefined ? [] : [`${'archive:'.padEnd(21)}${archived}`])].join('\n')}\n`);
    }
    return EXIT_OK;
  } finally {
    client.destroy();
  }
}
