/*
 * `replay --message-file`: a real re-run. Marks the record as a replay (COMPLETED -> FAILED
 * ManualReplay, or a FAILED record's replay counted), then sends the webhook body to the queue
 * so the worker claims and runs the event now.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { checkGroup, ReplayMessage, sendReplayMessage } from './replay-message';
import {
  countReplayOfFailed, EventRecordTable, markCompletedForReplay, notCompletedReason, readRecord, REPLAY_ERROR_CLASS,
} from './replay-record';
import { EVENT_STATUS, RECORD_ATTRIBUTE } from '../../src/contract';
import { describeAwsError } from '../aws-transport';
import { CliClientConfig, CliIo, CommandError } from '../options';

export interface RerunRequest {
  readonly eventId: string;
  readonly table: EventRecordTable;
  readonly queueUrl: string;
  readonly message: ReplayMessage;
  /** From --group or --group-pointer; else the record's. */
  readonly group?: string;
}

/** Marks (or counts) the replay, then sends the body; throws CommandError when either cannot be done. */
export async function rerunNow(config: CliClientConfig, request: RerunRequest, io: CliIo): Promise<void> {
  const dynamo = new DynamoDBClient(config);
  const sqs = new SQSClient(config);
  try {
    io.stdout(`${await rerunWith(dynamo, sqs, request)}\n`);
  } finally {
    dynamo.destroy();
    sqs.destroy();
  }
}

/** rerunNow on the caller's clients (the local pipeline's inspector uses it); resolves with the line that says what was done. */
export async function rerunWith(dynamo: DynamoDBClient, sqs: SQSClient, request: RerunRequest, nowMs = Date.now()): Promise<string> {
  const { eventId, table, queueUrl } = request;
  const record = await readRecord(dynamo, table, eventId);
  const status = record?.[RECORD_ATTRIBUTE.status]?.S;
  if (status !== EVENT_STATUS.completed && status !== EVENT_STATUS.failed) {
    throw new CommandError(`replay ${eventId}: nothing changed or sent: ${notCompletedReason(status)}`);
  }
  const storedGroup = record?.[RECORD_ATTRIBUTE.messageGroupId]?.S;
  const group = request.group ?? (storedGroup === undefined ? undefined : checkGroup(storedGroup, 'the event\'s record'));
  if (group === undefined) {
    throw new CommandError(`replay ${eventId}: the record holds no messageGroupId; nothing changed or sent; pass --group ID`);
  }
  const changed = status === EVENT_STATUS.completed
    ? await markCompletedForReplay(dynamo, table, eventId, nowMs)
    : await countReplayOfFailed(dynamo, table, eventId, nowMs);
  if (!changed) throw new CommandError(`replay ${eventId}: the record changed while replaying (no longer ${status}); run replay again`);
  let messageId: string | undefined;
  try {
    messageId = await sendReplayMessage(sqs, { queueUrl, eventId, messageGroupId: group, message: request.message, nowMs });
  } catch (error) {
    throw new CommandError(`replay ${eventId}: the record is marked FAILED but sending the body failed (${describeAwsError(error)}); `
      + 'run the same command again');
  }
  return `${eventId}: ${status === EVENT_STATUS.completed ? `COMPLETED -> FAILED (${REPLAY_ERROR_CLASS})` : 'FAILED, replay counted'}; `
    + `sent its body to ${queueUrl} (group ${group}, message ${messageId ?? '?'}): the worker runs it now`;
}
