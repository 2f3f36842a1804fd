/*
 * Which archived events a replay sends: the window's events, narrowed by --group, --event-id and
 * --status (the idempotency record's status now: `failed` finds events whose last attempt failed,
 * `completed` those that completed, wrongly or not; `any` skips the lookup).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventRecordTable, readRecord } from './replay-record';
import { ArchiveRecord, EVENT_STATUS } from '../../src/contract';

export type StatusFilter = 'failed' | 'completed' | 'any';
export const STATUS_FILTERS: readonly StatusFilter[] = ['failed', 'completed', 'any'];

export interface SelectionFilters {
  readonly groups?: readonly string[];
  readonly eventIds?: readonly string[];
  readonly status: StatusFilter;
}

export interface SelectedEvent {
  readonly record: ArchiveRecord;
  /** The record's status (COMPLETED, FAILED, IN_PROGRESS, NONE) when --status needed it; `any` otherwise. */
  readonly status: string;
}

const WANTED_STATUS: Record<Exclude<StatusFilter, 'any'>, string> = { failed: EVENT_STATUS.failed, completed: EVENT_STATUS.completed };
const LOOKUP_CONCURRENCY = 16;

export async function selectEvents(
  records: readonly ArchiveRecord[], filters: SelectionFilters, lookup: { client: DynamoDBClient; table: EventRecordTable } | undefined,
): Promise<SelectedEvent[]> {
  const groups = filters.groups && filters.groups.length > 0 ? new Set(filters.groups) : undefined;
  const ids = filters.eventIds && filters.eventIds.length > 0 ? new Set(filters.eventIds) : undefined;
  const candidates = records.filter((record) => (groups === undefined || groups.has(record.messageGroupId))
    && (ids === undefined || ids.has(record.eventId)));
  if (filters.status === 'any') return candidates.map((record) => ({ record, status: 'any' }));
  if (lookup === undefined) throw new Error('selectEvents: --status needs the state table');
  const statuses = new Array<string>(candidates.length);
  let next = 0;
  const worker = async () => {
    while (next < candidates.length) {
      const index = next++;
      const item = await readRecord(lookup.client, lookup.table, candidates[index].eventId);
      statuses[index] = item?.status?.S ?? 'NONE';
    }
  };
  await Promise.all(Array.from({ length: Math.min(LOOKUP_CONCURRENCY, candidates.length) }, worker));
  const wanted = WANTED_STATUS[filters.status];
  return candidates.map((record, index) => ({ record, status: statuses[index] })).filter((event) => event.status === wanted);
}

/** Events of each group in their original order, groups in order of their first event. */
export function byGroup(events: readonly SelectedEvent[]): Map<string, SelectedEvent[]> {
  const groups = new Map<string, SelectedEvent[]>();
  for (const event of events) {
    const list = groups.get(event.record.messageGroupId) ?? [];
    list.push(event);
    groups.set(event.record.messageGroupId, list);
  }
  return groups;
}
