/*
 * The replay marks on an idempotency record. The worker claims FAILED records, so flipping a
 * COMPLETED record to FAILED (lastErrorClass ManualReplay) lets its next delivery run again;
 * replayRequestedAt and replayCount keep it visible that a replay happened (the worker's later
 * claim and completion leave them in place).
 */
import {
  AttributeValue, ConditionalCheckFailedException, DynamoDBClient, GetItemCommand, UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { EVENT_STATUS, MANUAL_REPLAY_ERROR_CLASS, RECORD_ATTRIBUTE } from '../../src/contract';

export const REPLAY_ERROR_CLASS = MANUAL_REPLAY_ERROR_CLASS;

type Item = Record<string, AttributeValue>;

/** Where a pipeline's idempotency records live: the state table and the pipeline's key prefix (`event#<namespace>#`). */
export interface EventRecordTable {
  readonly name: string;
  readonly keyPrefix: string;
}

/** The record's key, as the worker writes it (lambda/core/claim.ts eventKey). */
export const eventRecordKey = (table: EventRecordTable, eventId: string) => ({ [RECORD_ATTRIBUTE.key]: { S: table.keyPrefix + eventId } });

const REPLAY_NAMES = {
  '#pk': RECORD_ATTRIBUTE.key,
  '#status': RECORD_ATTRIBUTE.status,
  '#updatedAt': RECORD_ATTRIBUTE.updatedAt,
  '#replayRequestedAt': RECORD_ATTRIBUTE.replayRequestedAt,
  '#replayCount': RECORD_ATTRIBUTE.replayCount,
};

const COUNT_REPLAY = '#updatedAt = :nowMs, #replayRequestedAt = :nowMs, #replayCount = if_not_exists(#replayCount, :zero) + :one';

/** One conditional update; false when the record was not in the expected state. */
async function updateIf(client: DynamoDBClient, table: EventRecordTable, eventId: string, update: {
  expression: string; status: string; names?: Record<string, string>; values: Record<string, AttributeValue>;
}): Promise<boolean> {
  try {
    await client.send(new UpdateItemCommand({
      TableName: table.name,
      Key: eventRecordKey(table, eventId),
      UpdateExpression: update.expression,
      ConditionExpression: 'attribute_exists(#pk) AND #status = :expected',
      ExpressionAttributeNames: { ...REPLAY_NAMES, ...update.names },
      ExpressionAttributeValues: { ...update.values, ':expected': { S: update.status }, ':zero': { N: '0' }, ':one': { N: '1' } },
    }));
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** COMPLETED -> FAILED (ManualReplay), counting the replay; false if the record is not COMPLETED. */
export function markCompletedForReplay(client: DynamoDBClient, table: EventRecordTable, eventId: string, nowMs: number): Promise<boolean> {
  return updateIf(client, table, eventId, {
    expression: `SET #status = :failed, #lastErrorClass = :errorClass, #lastErrorAt = :nowMs, ${COUNT_REPLAY}`,
    status: EVENT_STATUS.completed,
    names: { '#lastErrorClass': RECORD_ATTRIBUTE.lastErrorClass, '#lastErrorAt': RECORD_ATTRIBUTE.lastErrorAt },
    values: { ':failed': { S: EVENT_STATUS.failed }, ':errorClass': { S: REPLAY_ERROR_CLASS }, ':nowMs': { N: String(nowMs) } },
  });
}

/** Counts a replay of a FAILED record, keeping its last error; false if the record is not FAILED. */
export function countReplayOfFailed(client: DynamoDBClient, table: EventRecordTable, eventId: string, nowMs: number): Promise<boolean> {
  return updateIf(client, table, eventId, {
    expression: `SET ${COUNT_REPLAY}`,
    status: EVENT_STATUS.failed,
    values: { ':nowMs': { N: String(nowMs) } },
  });
}

export async function readRecord(client: DynamoDBClient, table: EventRecordTable, eventId: string): Promise<Item | undefined> {
  return (await client.send(new GetItemCommand({ TableName: table.name, Key: eventRecordKey(table, eventId), ConsistentRead: true }))).Item;
}

/** Why a record that is not COMPLETED was left alone, for the operator. */
export function notCompletedReason(status: string | undefined): string {
  if (status === undefined) return 'no record (never received, or expired by TTL; the next delivery runs it anyway)';
  if (status === EVENT_STATUS.failed) return 'already FAILED (it runs again on its next delivery)';
  return `state is ${status}, not COMPLETED`;
}
